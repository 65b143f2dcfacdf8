"""A PDF is opened by pypdf, whose stream decoders stop at their own output caps, and every
indirect object is looked at for what runs or hides something: JavaScript, launch actions,
embedded files. Encrypted PDFs are refused (nothing inside them can be checked)."""

from typing import BinaryIO

from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PdfReadError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from backend.uploads.limits import SAVE_AGAIN, Limits, UploadRejected, refused

ACTIVE_KEYS = {"/JavaScript": "javascript", "/JS": "javascript", "/Launch": "launch",
               "/EmbeddedFile": "embedded_file", "/EmbeddedFiles": "embedded_file"}
ACTIVE_VALUES = {"/JavaScript": "javascript", "/Launch": "launch",
                 "/EmbeddedFile": "embedded_file", "/FileAttachment": "embedded_file"}
SAID = {
    "javascript": "tệp PDF có chứa mã JavaScript (mã lệnh tự chạy khi mở)",
    "launch": "tệp PDF có lệnh mở chương trình khác",
    "embedded_file": "tệp PDF có tệp khác đính kèm bên trong",
}


def check_pdf(content: BinaryIO, *, filename: str, limits: Limits) -> int:
    """The page count, or a refusal: encrypted, damaged, too many pages or objects, or any
    JavaScript, launch action or embedded file anywhere in the document."""
    try:
        reader = PdfReader(content, strict=False)
        if reader.is_encrypted:
            raise refused(filename, "tệp PDF được đặt mật khẩu hoặc mã hóa. Hãy xuất lại PDF "
                          "không đặt mật khẩu rồi tải lên lại.", "encrypted")
        _check_objects(reader, filename, limits)
        pages = len(reader.pages)
    except UploadRejected:
        raise
    except LimitReachedError as error:  # pypdf's own bounds on arrays, streams, recursion
        raise refused(filename, "tệp PDF phức tạp bất thường, quá giới hạn kiểm tra. Hãy xuất "
                      "lại PDF từ bài viết gốc rồi tải lên lại.", "too_complex") from error
    except (PyPdfError, PdfReadError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, OSError) as error:
        raise refused(filename, f"tệp PDF hỏng, không đọc được. {SAVE_AGAIN}",
                      "damaged") from error
    if pages == 0:
        raise refused(filename, f"tệp PDF không có trang nào. {SAVE_AGAIN}", "empty")
    if pages > limits.max_pages:
        raise refused(filename, f"tệp PDF có {pages} trang, quá giới hạn {limits.max_pages} "
                      "trang.", "too_many_pages")
    return pages


def _check_objects(reader: PdfReader, filename: str, limits: Limits) -> None:
    """Every object the cross-reference table names, and the trailer, as pypdf reads them."""
    ids = [(number, generation) for generation, table in reader.xref.items()
           for number in table]
    ids += [(number, 0) for number in reader.xref_objStm]
    if len(ids) > limits.max_pdf_objects:
        raise refused(filename, f"tệp PDF có hơn {limits.max_pdf_objects} đối tượng, quá lớn "
                      f"để kiểm tra. {SAVE_AGAIN}", "too_complex")
    found = _active(reader.trailer)
    for number, generation in ids:
        if found:
            break
        found = _active(reader.get_object(IndirectObject(number, generation, reader)))
    if found:
        raise refused(filename, f"{SAID[found]}. Hãy xuất lại PDF từ bài viết gốc (không "
                      "đính kèm, không nút bấm hay biểu mẫu) rồi tải lên lại.", found)


def _active(value: object) -> str | None:
    """What in one object (and the direct objects it holds) runs or hides something."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, DictionaryObject):
            for key, inner in item.items():
                if key in ACTIVE_KEYS:
                    return ACTIVE_KEYS[key]
                if key in ("/S", "/Type", "/Subtype") and str(inner) in ACTIVE_VALUES:
                    return ACTIVE_VALUES[str(inner)]
                if not isinstance(inner, IndirectObject):
                    pending.append(inner)
        elif isinstance(item, ArrayObject):
            pending.extend(inner for inner in item if not isinstance(inner, IndirectObject))
    return None
