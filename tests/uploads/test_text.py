"""Text and word counts of inspected documents, in NFC, bounded."""

import io
import unicodedata

import pytest

from backend.uploads import Limits, extract_text, inspect_upload, word_count
from tests.uploads.builders import ESSAY, docx_bytes, odt_bytes, pdf_bytes


@pytest.mark.parametrize(("kind", "make"), [("docx", docx_bytes), ("odt", odt_bytes)])
def test_the_text_of_a_document_is_its_paragraphs_in_nfc(kind, make):
    decomposed = unicodedata.normalize("NFD", ESSAY)
    inspected = inspect_upload(io.BytesIO(make(decomposed)), filename=f"bai.{kind}",
                               limits=Limits())
    text = extract_text(inspected.content, inspected.kind)
    assert text == ESSAY
    assert word_count(text) == 14


def test_the_text_of_a_pdf_is_read_through_pypdf():
    inspected = inspect_upload(io.BytesIO(pdf_bytes()), filename="bai.pdf", limits=Limits())
    assert extract_text(inspected.content, "pdf") == "Bai du thi ve phong trao thi dua yeu nuoc"


def test_extraction_stops_at_the_character_limit():
    text = extract_text(io.BytesIO(docx_bytes()), "docx", limits=Limits(max_text_chars=9))
    assert text == "Bài dự th"


@pytest.mark.parametrize(("text", "words"), [
    ("", 0),
    ("Thi đua yêu nước", 4),
    ("Xin chào — các bạn !", 4),
    ("  năm 2025,\tlần thứ   3 ... ", 5),
    (unicodedata.normalize("NFD", "Đoàn viên ưu tú"), 4),
])
def test_words_are_runs_with_a_letter_or_digit(text, words):
    assert word_count(text) == words
