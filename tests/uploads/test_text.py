"""Text and word counts of inspected documents, in NFC, bounded."""

import io
import tracemalloc
import unicodedata
import zipfile
import zlib

import pytest

from backend.uploads import Limits, extract_text, inspect_upload, word_count
from backend.uploads.archives import repacked
from tests.uploads.builders import ESSAY, docx_bytes, odt_bytes, pdf_bytes, zip_bomb_docx

MB = 1024 * 1024


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




def lying_bomb() -> bytes:
    """The 60 MB bomb whose directory says its big entry holds 1,000 zero bytes, with the
    checksum of those 1,000 bytes: the directory checks see nothing wrong."""
    lying = zip_bomb_docx(unpacked_mb=60)
    swaps = [(60 * MB, 1000, 4), (60 * MB, 1000, 8),
             (zlib.crc32(bytes(60 * MB)), zlib.crc32(bytes(1000)), 4)]
    for old, new, width in swaps:
        lying = lying.replace(old.to_bytes(width, "little"), new.to_bytes(width, "little"))
    return lying


def test_text_is_read_from_a_copy_cut_at_the_declared_sizes():
    """ZipFile.read, which python-docx and odfpy use, would unpack all 60 MB before cutting
    them to 1,000 bytes; the copy is made in chunks and holds 1,000 bytes."""
    lying = lying_bomb()
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("word/media/image1.png").file_size == 1000
    tracemalloc.start()
    with repacked(io.BytesIO(lying), limits=Limits()) as copy:
        entry = zipfile.ZipFile(copy).getinfo("word/media/image1.png")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert entry.file_size == 1000
    assert peak < 4 * MB
