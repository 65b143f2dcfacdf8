"""Each hostile file is refused with its reason and nothing kept; good files pass as what
they are."""

import hashlib
import io
import tracemalloc
import zipfile

import pytest

from backend.errors import InvalidInput
from backend.uploads import Limits, UploadRejected, inspect_upload
from tests.uploads.builders import (
    Zeros,
    docx_bytes,
    docx_plus,
    exe_bytes,
    odt_bytes,
    pdf_bytes,
    pdf_with_javascript_in_object_stream,
    rewritten,
    with_attachment,
    with_javascript_on_open,
    with_password,
    zip_bomb_docx,
)

MB = 1024 * 1024
AGAIN = "Hãy lưu bài thành .docx, .pdf hoặc .odt rồi tải lên lại."
REDO_PDF = ("Hãy xuất lại PDF từ bài viết gốc (không đính kèm, không nút bấm hay biểu mẫu) "
            "rồi tải lên lại.")


def refusal(data: bytes, filename: str, limits: Limits | None = None) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        inspect_upload(io.BytesIO(data), filename=filename, limits=limits or Limits())
    return caught.value


@pytest.mark.parametrize(("kind", "make"), [("docx", docx_bytes), ("odt", odt_bytes),
                                            ("pdf", pdf_bytes)])
def test_a_real_document_passes_as_its_kind_with_digest_and_size(kind, make):
    data = make()
    with inspect_upload(io.BytesIO(data), filename=f"Bài dự thi.{kind.upper()}",
                        limits=Limits()) as inspected:
        assert (inspected.kind, inspected.size) == (kind, len(data))
        assert inspected.sha256 == hashlib.sha256(data).hexdigest()
        assert inspected.content.read() == data
        assert inspected.pages == (1 if kind == "pdf" else None)
    assert inspected.content.closed


def test_refusals_are_invalid_input_answered_422():
    error = refusal(b"", "bai.docx")
    assert isinstance(error, InvalidInput)
    assert error.status_code == 422
    assert error.extra == {"filename": "bai.docx", "reason": "empty"}


def test_an_empty_file_is_refused():
    error = refusal(b"", "bai.docx")
    assert error.message == ("Tệp “bai.docx” rỗng (0 byte). Hãy chọn đúng tệp cần gửi rồi tải "
                             "lên lại.")


def test_a_21_mb_file_is_refused_after_reading_one_byte_past_the_limit():
    stream = Zeros(21 * MB)
    tracemalloc.start()
    with pytest.raises(UploadRejected) as caught:
        inspect_upload(stream, filename="bai.pdf", limits=Limits())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert caught.value.reason == "too_large"
    assert caught.value.message == (
        "Tệp “bai.pdf” lớn hơn 20 MB, quá giới hạn cho phép. Hãy giảm dung lượng (ví dụ nén "
        "ảnh trong bài hoặc xuất lại PDF ở chất lượng thấp hơn) rồi tải lên lại.")
    assert stream.read_bytes == 20 * MB + 1
    assert peak < 4 * MB  # spooled to disk past 1 MB, never held whole


def test_a_file_of_exactly_the_limit_is_read_whole():
    data = pdf_bytes()
    inspected = inspect_upload(io.BytesIO(data), filename="bai.pdf",
                               limits=Limits(max_bytes=len(data)))
    assert inspected.size == len(data)


def test_a_program_renamed_pdf_is_refused_by_its_content():
    error = refusal(exe_bytes(), "bai-du-thi.pdf")
    assert error.reason == "type_mismatch"
    assert error.message == ("Tệp “bai-du-thi.pdf” không phải tài liệu PDF thật: nội dung là "
                             f"tệp chương trình (.exe). {AGAIN}")


def test_an_old_word_document_renamed_docx_is_named_for_what_it_is():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"\xec\xa5\xc1\x00" + bytes(512)
    error = refusal(ole, "bai-du-thi.docx")
    assert error.message == ("Tệp “bai-du-thi.docx” không phải tài liệu Word thật: nội dung là "
                             f"tài liệu Word cũ (.doc). {AGAIN}")


def test_a_word_document_named_pdf_is_told_its_right_extension():
    error = refusal(docx_bytes(), "bai-du-thi.pdf")
    assert error.message == ("Tệp “bai-du-thi.pdf” mang đuôi .pdf nhưng nội dung là tài liệu "
                             "Word (.docx). Hãy đổi tên tệp cho đúng đuôi .docx rồi tải lên lại.")


def test_another_extension_is_refused_before_its_content_is_judged():
    error = refusal(docx_bytes(), "bai-du-thi.docm")
    assert error.message == f"Tệp “bai-du-thi.docm” không thuộc loại được nhận. {AGAIN}"


def test_a_zip_bomb_named_docx_is_refused_from_its_directory_without_unpacking():
    bomb = zip_bomb_docx(unpacked_mb=60)
    assert len(bomb) < MB
    tracemalloc.start()
    error = refusal(bomb, "bai.docx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert error.reason == "zip_bomb"
    assert error.message == ("Tệp “bai.docx” bị từ chối: phần “word/media/image1.png” giải nén "
                             "ra gấp hơn 100 lần kích thước nén (dấu hiệu “bom nén”). " + AGAIN)
    assert peak < 4 * MB


def test_an_archive_whose_parts_add_up_past_the_unpacked_limit_is_refused():
    limits = Limits(max_unpacked_bytes=30_000)
    error = refusal(docx_bytes(), "bai.docx", limits)
    assert error.reason == "zip_bomb"
    assert error.message.startswith("Tệp “bai.docx” bị từ chối: khi giải nén, tệp lớn hơn ")


def test_an_archive_with_too_many_parts_is_refused_from_its_end_record():
    error = refusal(docx_bytes(), "bai.docx", Limits(max_entries=5))
    assert error.reason == "too_many_entries"
    assert error.message == ("Tệp “bai.docx” bị từ chối: tệp có hơn 5 phần bên trong, quá giới "
                             f"hạn. {AGAIN}")


def test_a_directory_larger_than_its_entries_could_fill_is_refused_before_it_is_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(1_200):
            archive.writestr(zipfile.ZipInfo(f"word/{number}.xml"), b"")
    lying = buffer.getvalue().replace((1_200).to_bytes(2, "little") * 2,
                                      (3).to_bytes(2, "little") * 2)
    assert len(zipfile.ZipFile(io.BytesIO(lying)).infolist()) == 1_200  # the count lies
    assert refusal(lying, "bai.docx", Limits(max_entries=3)).reason == "too_many_entries"


def test_a_docx_with_a_macro_project_is_refused():
    error = refusal(docx_plus(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")), "bai.docx")
    assert error.reason == "macro"
    assert error.message == (
        "Tệp “bai.docx” bị từ chối: tài liệu có chứa macro (mã lệnh tự chạy). Hãy lưu lại dưới "
        "dạng tài liệu không có macro (Word: “Word Document (.docx)”; LibreOffice: “ODF Text "
        "Document (.odt)”) rồi tải lên lại.")


def test_a_macro_enabled_content_type_is_refused_even_without_the_project():
    data = rewritten(docx_bytes(), "[Content_Types].xml", b"document.main+xml",
                     b"document.macroEnabled.main+xml")
    assert refusal(data, "bai.docx").reason == "macro"


def test_an_odt_with_scripts_named_in_its_manifest_is_refused():
    data = rewritten(odt_bytes(), "META-INF/manifest.xml", b"</manifest:manifest>",
                     b'<manifest:file-entry manifest:full-path="Scripts/python/x.py" '
                     b'manifest:media-type=""/></manifest:manifest>')
    assert refusal(data, "bai.odt").reason == "macro"


def test_an_odt_with_basic_macros_is_refused():
    buffer = io.BytesIO(odt_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("Basic/Standard/Module1.xml", "<module/>")
    assert refusal(buffer.getvalue(), "bai.odt").reason == "macro"


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "word\\..\\evil.xml",
                                  "C:/Windows/evil.dll"])
def test_a_name_escaping_the_archive_is_refused(name):
    error = refusal(docx_plus((name, b"root")), "bai.docx")
    assert error.reason == "path_escape"
    assert error.message == (f"Tệp “bai.docx” bị từ chối: bên trong có phần mang tên “{name}” "
                             f"trỏ ra ngoài tệp (dấu hiệu tệp độc hại). {AGAIN}")


def test_a_nested_archive_inside_a_docx_is_refused():
    error = refusal(docx_plus(("word/embeddings/tai-lieu.zip", b"PK\x05\x06" + bytes(18))),
                    "bai.docx")
    assert error.reason == "nested_archive"
    assert error.message == (
        "Tệp “bai.docx” bị từ chối: bên trong có tệp nén, tài liệu hay đối tượng khác nhúng "
        "vào (“word/embeddings/tai-lieu.zip”). Hãy dán nội dung đó vào bài dưới dạng chữ hoặc ảnh "
        "rồi lưu lại.")


def test_an_embedded_ole_object_is_refused_like_a_nested_archive():
    error = refusal(docx_plus(("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0")),
                    "bai.docx")
    assert error.reason == "nested_archive"


def test_a_docx_fetching_a_remote_template_on_opening_is_refused():
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
            'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schem'
            'as.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target='
            '"http://example.invalid/mau.dotm" TargetMode="External"/></Relationships>')
    error = refusal(docx_plus(("word/_rels/settings.xml.rels", rels.encode())), "bai.docx")
    assert error.reason == "external_content"
    assert error.message == (
        "Tệp “bai.docx” bị từ chối: tài liệu tự tải mẫu hoặc nội dung từ nơi khác khi mở (liên "
        "kết ngoài “http://example.invalid/mau.dotm”). Hãy lưu bài thành tài liệu mới, không "
        "gắn mẫu (template) bên ngoài, rồi tải lên lại.")


def test_an_xml_part_with_a_dtd_is_refused_as_damaged():
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>'
    error = refusal(docx_plus(("word/_rels/settings.xml.rels", bomb)), "bai.docx")
    assert error.reason == "damaged"


def test_an_entry_compressed_with_bzip2_is_refused():
    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/media/a.xml", "<a/>", compress_type=zipfile.ZIP_BZIP2)
    error = refusal(buffer.getvalue(), "bai.docx")
    assert error.message == ("Tệp “bai.docx” bị từ chối: phần “word/media/a.xml” được nén theo "
                             f"cách tài liệu văn bản không dùng. {AGAIN}")


def test_an_archive_with_two_parts_of_one_name_is_refused():
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = docx_plus(("word/document.xml", b"<w:document/>"))
    error = refusal(data, "bai.docx")
    assert error.message == ("Tệp “bai.docx” bị từ chối: tệp có hai phần trùng tên (tệp hỏng "
                             f"hoặc bị sửa). {AGAIN}")


def test_a_damaged_archive_is_refused():
    error = refusal(b"PK\x03\x04" + bytes(100), "bai.docx")
    assert error.reason == "damaged"
    assert error.message == f"Tệp “bai.docx” bị từ chối: tệp nén hỏng, không đọc được. {AGAIN}"


def test_a_plain_zip_named_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bai.txt", "Xin chào")
    error = refusal(buffer.getvalue(), "bai.docx")
    assert error.message == ("Tệp “bai.docx” bị từ chối: đây là tệp nén, không phải tài liệu Word "
                             f"(.docx) hay OpenDocument (.odt). {AGAIN}")


def test_a_pdf_with_javascript_run_on_opening_is_refused():
    error = refusal(pdf_bytes(setup=with_javascript_on_open), "bai.pdf")
    assert error.reason == "javascript"
    assert error.message == ("Tệp “bai.pdf” bị từ chối: tệp PDF có chứa mã JavaScript (mã lệnh "
                             f"tự chạy khi mở). {REDO_PDF}")


def test_javascript_compressed_in_an_object_stream_is_found_and_refused():
    hidden = pdf_with_javascript_in_object_stream()
    assert b"JavaScript" not in hidden
    assert refusal(hidden, "bai.pdf").reason == "javascript"


def test_a_pdf_with_an_embedded_file_is_refused():
    error = refusal(pdf_bytes(setup=with_attachment), "bai.pdf")
    assert error.reason == "embedded_file"
    assert error.message == ("Tệp “bai.pdf” bị từ chối: tệp PDF có tệp khác đính kèm bên trong. "
                             + REDO_PDF)


def test_an_encrypted_pdf_is_refused():
    error = refusal(pdf_bytes(setup=with_password), "bai.pdf")
    assert error.reason == "encrypted"
    assert error.message == ("Tệp “bai.pdf” bị từ chối: tệp PDF được đặt mật khẩu hoặc mã hóa. "
                             "Hãy xuất lại PDF không đặt mật khẩu rồi tải lên lại.")


def test_a_damaged_pdf_is_refused():
    error = refusal(b"%PDF-1.7\n1 0 obj << /Type /Catalog", "bai.pdf")
    assert error.reason == "damaged"
    assert error.message == f"Tệp “bai.pdf” bị từ chối: tệp PDF hỏng, không đọc được. {AGAIN}"


def test_a_pdf_with_more_objects_than_can_be_checked_is_refused_before_reading_them():
    error = refusal(pdf_bytes(), "bai.pdf", Limits(max_pdf_objects=3))
    assert error.reason == "too_complex"
    assert error.message == ("Tệp “bai.pdf” bị từ chối: tệp PDF có hơn 3 đối tượng, quá lớn để "
                             f"kiểm tra. {AGAIN}")


def test_a_pdf_past_the_page_limit_is_refused():
    error = refusal(pdf_bytes(), "bai.pdf", Limits(max_pages=0))
    assert error.reason == "too_many_pages"
    assert error.message == "Tệp “bai.pdf” bị từ chối: tệp PDF có 1 trang, quá giới hạn 0 trang."
