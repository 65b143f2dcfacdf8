"""Pictures, taken where the caller asks for them (evidence): known by their first bytes, their
size read from the header, refused when they claim more pixels than a photo has."""

import io

import pytest

from backend.uploads import Limits, UploadRejected, inspect_upload
from tests.uploads.builders import docx_bytes, jpeg_bytes, png_bytes


def inspected(data: bytes, filename: str, *, with_images: bool = True):
    return inspect_upload(io.BytesIO(data), filename=filename, limits=Limits(),
                          with_images=with_images)


def refusal(data: bytes, filename: str, **kwargs) -> UploadRejected:
    with pytest.raises(UploadRejected) as refused:
        inspected(data, filename, **kwargs)
    return refused.value


@pytest.mark.parametrize(("data", "filename", "kind"), [
    (png_bytes(), "anh.png", "png"), (jpeg_bytes(), "anh.jpg", "jpg"),
    (jpeg_bytes(), "ANH.JPEG", "jpg")])
def test_a_picture_is_taken_by_its_content(data, filename, kind):
    with inspected(data, filename) as upload:
        assert (upload.kind, upload.size) == (kind, len(data))


def test_pictures_are_refused_where_only_documents_are_taken():
    error = refusal(png_bytes(), "anh.png", with_images=False)
    assert error.reason == "extension"
    assert error.message == ("Tệp “anh.png” không thuộc loại được nhận. Hãy lưu bài thành "
                             ".docx, .pdf hoặc .odt rồi tải lên lại.")


def test_a_picture_claiming_too_many_pixels_is_refused():
    error = refusal(png_bytes(20_000, 20_000), "anh.png")
    assert error.reason == "too_many_pixels"
    assert error.message.startswith("Tệp “anh.png” bị từ chối: ảnh có kích thước 20000 × 20000 "
                                    "điểm ảnh, quá lớn hoặc không hợp lệ.")


def test_a_jpeg_without_a_frame_header_is_refused_as_damaged():
    error = refusal(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(6), "anh.jpg")
    assert error.reason == "damaged"


def test_a_document_named_as_a_picture_says_to_rename_it():
    error = refusal(docx_bytes(), "anh.png")
    assert error.reason == "type_mismatch"
    assert "nội dung là tài liệu Word (.docx). Hãy đổi tên tệp cho đúng đuôi .docx" in \
        error.message


def test_a_picture_named_as_a_pdf_says_to_rename_it():
    error = refusal(png_bytes(), "minh-chung.pdf")
    assert error.message.startswith("Tệp “minh-chung.pdf” mang đuôi .pdf nhưng nội dung là ảnh "
                                    "PNG (.png).")


def test_an_unknown_type_names_the_pictures_too():
    error = refusal(b"GIF89a" + bytes(20), "anh.gif")
    assert error.message == ("Tệp “anh.gif” không thuộc loại được nhận. Hãy lưu tệp thành "
                             ".pdf, .docx, .odt hoặc ảnh .jpg, .png rồi tải lên lại.")
