"""The text of an inspected document, through the library made for its format, bounded.

Call only on what `inspect_upload` let through: the sizes checked there are what keep
python-docx, odfpy and pypdf within bounds here."""

import re
import unicodedata
from pathlib import Path
from typing import BinaryIO

import docx
from odf import teletype
from odf.namespaces import TEXTNS
from odf.opendocument import load as load_odf
from pypdf import PdfReader

from backend.uploads.archives import repacked
from backend.uploads.limits import Limits

_ODF_PARAGRAPHS = ((TEXTNS, "p"), (TEXTNS, "h"))
# A word holds at least one letter or digit; runs of punctuation ("–", "...") are not words.
_WORD = re.compile(r"\w")


def extract_text(source: BinaryIO | Path | str, kind: str, *,
                 limits: Limits | None = None) -> str:
    """NFC text of a "docx", "odt" or "pdf", paragraphs one per line, cut at
    `limits.max_text_chars` and, for PDF, at `limits.max_pages` pages."""
    limits = limits or Limits()
    if isinstance(source, str):
        source = Path(source)
    if kind in ("docx", "odt"):
        with repacked(source, limits=limits) as archive:
            if kind == "docx":
                paragraphs = [p.text for p in docx.Document(archive).paragraphs]
            else:
                paragraphs = _odf_paragraphs(load_odf(archive).text)
    elif kind == "pdf":
        reader = PdfReader(source, strict=False)
        paragraphs = (page.extract_text() or "" for page in reader.pages[:limits.max_pages])
    else:
        raise ValueError(f"unknown document kind {kind!r}")
    return unicodedata.normalize("NFC", _bounded(paragraphs, limits.max_text_chars))


def _odf_paragraphs(element):
    """Paragraphs and headings in reading order, lists and tables included."""
    for child in element.childNodes:
        if child.qname in _ODF_PARAGRAPHS:
            yield teletype.extractText(child)
        elif child.nodeType == child.ELEMENT_NODE:
            yield from _odf_paragraphs(child)


def _bounded(paragraphs, max_chars: int) -> str:
    kept, length = [], 0
    for paragraph in paragraphs:
        kept.append(paragraph[:max_chars - length])
        length += len(kept[-1]) + 1
        if length >= max_chars:
            break
    return "\n".join(kept)


def word_count(text: str) -> int:
    """Words as a reader counts them in Vietnamese prose: runs between white space holding a
    letter or digit. Each syllable is a word here ("thi đua" is 2), as Word counts it."""
    text = unicodedata.normalize("NFC", text)
    return sum(1 for token in text.split() if _WORD.search(token))
