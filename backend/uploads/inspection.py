"""Reading an upload once, in chunks, and deciding what it is by its content.

The stream is copied into a spooled temporary file (memory up to 1 MB, then disk) while its
SHA-256 and size are computed; reading stops one byte past the size limit. The type comes
from the first bytes (the `filetype` library), never from the name; the name's extension must
then agree, and the archive or PDF checks run before any document parser sees the file."""

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

import filetype

from backend.uploads import archives, images, pdfs
from backend.uploads.limits import (
    IMAGE_KINDS,
    KINDS,
    SAVE_AGAIN,
    SAVE_AGAIN_WITH_IMAGES,
    Limits,
    UploadRejected,
    mb,
)

CHUNK = 64 * 1024
HEAD = 8192  # what filetype reads to decide
SPOOL = 1024 * 1024
# Content a person may upload by mistake, named so that the refusal says what it really is.
NAMES = {
    "exe": "tệp chương trình (.exe)", "elf": "tệp chương trình (Linux)",
    "dmg": "tệp cài đặt (.dmg)", "msi": "tệp cài đặt (.msi)",
    "zip": "tệp nén (.zip)", "rar": "tệp nén (.rar)", "7z": "tệp nén (.7z)",
    "gz": "tệp nén (.gz)", "tar": "tệp nén (.tar)",
    "doc": "tài liệu Word cũ (.doc)", "rtf": "tài liệu RTF (.rtf)",
    "xls": "bảng tính Excel cũ (.xls)", "xlsx": "bảng tính Excel (.xlsx)",
    "ods": "bảng tính OpenDocument (.ods)", "ppt": "bản trình chiếu PowerPoint cũ (.ppt)",
    "pptx": "bản trình chiếu PowerPoint (.pptx)", "odp": "bản trình chiếu OpenDocument (.odp)",
    "jpg": "ảnh (.jpg)", "png": "ảnh (.png)", "gif": "ảnh (.gif)", "webp": "ảnh (.webp)",
    "heic": "ảnh (.heic)", "mp4": "video (.mp4)", "mp3": "âm thanh (.mp3)",
}
ARCHIVE_MIMES = {"application/zip", "application/epub+zip", "application/java-archive"}
IMAGE_MIMES = {"image/jpeg": "jpg", "image/png": "png"}


@dataclass
class Inspected:
    """A file that passed: its kind by content, digest, size and the content itself
    (rewound, spooled to disk past 1 MB). The caller stores or closes `content`."""

    kind: str  # "docx" | "odt" | "pdf", or "jpg" | "png" where images are taken
    sha256: str
    size: int
    content: BinaryIO
    pages: int | None = None

    def __enter__(self) -> "Inspected":
        return self

    def __exit__(self, *_exc) -> None:
        self.content.close()


def inspect_upload(stream: BinaryIO, *, filename: str, limits: Limits,
                   with_images: bool = False) -> Inspected:
    """Read `stream` once within `limits` and refuse it, saying why, unless it is a .docx,
    .odt or .pdf whose content matches its name and carries no macro, script, embedded file
    or archive bomb (or, `with_images`, a .jpg or .png of a sane size)."""
    content, digest, size = _spool(stream, filename, limits)
    try:
        content.seek(0)
        head = content.read(HEAD)
        extension = PurePath(filename).suffix.lower().lstrip(".")
        extension = "jpg" if with_images and extension == "jpeg" else extension
        kind = _kind(head, filename, extension, with_images)
        content.seek(0)
        pages = None
        if kind == "pdf":
            pages = pdfs.check_pdf(content, filename=filename, limits=limits)
        elif kind in IMAGE_KINDS:
            images.check_image(content, filename=filename, kind=kind, limits=limits)
        else:
            kind = archives.check_document_archive(content, filename=filename, limits=limits,
                                                   size=size)
        if kind != extension:
            raise _misnamed(filename, extension, kind)
        content.seek(0)
        return Inspected(kind=kind, sha256=digest, size=size, content=content, pages=pages)
    except BaseException:
        content.close()
        raise


def _spool(stream: BinaryIO, filename: str, limits: Limits):
    content = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 (returned open)
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(min(CHUNK, limits.max_bytes + 1 - size)):
        size += len(chunk)
        if size > limits.max_bytes:
            content.close()
            raise UploadRejected(
                f"Tệp “{filename}” lớn hơn {mb(limits.max_bytes)} MB, quá giới hạn cho phép. "
                "Hãy giảm dung lượng (ví dụ nén ảnh trong bài hoặc xuất lại PDF ở chất lượng "
                "thấp hơn) rồi tải lên lại.", filename=filename, reason="too_large")
        digest.update(chunk)
        content.write(chunk)
    if size == 0:
        content.close()
        raise UploadRejected(f"Tệp “{filename}” rỗng (0 byte). Hãy chọn đúng tệp cần gửi "
                             "rồi tải lên lại.", filename=filename, reason="empty")
    return content, digest.hexdigest(), size


def _kind(head: bytes, filename: str, extension: str, with_images: bool) -> str:
    """The content's family: "pdf", "jpg", "png" (`with_images`), or "archive" (a .docx or
    .odt once its directory is read); anything else is refused and named."""
    again = SAVE_AGAIN_WITH_IMAGES if with_images else SAVE_AGAIN
    if extension not in KINDS and not (with_images and extension in IMAGE_KINDS):
        raise UploadRejected(
            f"Tệp “{filename}” không thuộc loại được nhận. {again}",
            filename=filename, reason="extension")
    guess = filetype.guess(head)
    if guess is not None and guess.mime == "application/pdf":
        return "pdf"
    if with_images and guess is not None and guess.mime in IMAGE_MIMES:
        return IMAGE_MIMES[guess.mime]
    if guess is not None and (guess.mime in ARCHIVE_MIMES or guess.extension in ("docx",
                                                                                 "odt")):
        return "archive"
    what = NAMES.get(guess.extension, f"tệp .{guess.extension}") if guess else \
        "dữ liệu không rõ loại"
    raise _not_a_document(filename, extension, what, again)


def _misnamed(filename: str, extension: str, kind: str) -> UploadRejected:
    """A real document under another document's extension: only the name is wrong."""
    return UploadRejected(
        f"Tệp “{filename}” mang đuôi .{extension} nhưng nội dung là "
        f"{(KINDS | IMAGE_KINDS)[kind]}. Hãy đổi tên "
        f"tệp cho đúng đuôi .{kind} rồi tải lên lại.", filename=filename, reason="type_mismatch")


def _not_a_document(filename: str, extension: str, what: str, again: str) -> UploadRejected:
    claimed = {"docx": "tài liệu Word", "odt": "tài liệu OpenDocument",
               "pdf": "tài liệu PDF", "jpg": "ảnh JPEG", "png": "ảnh PNG"}[extension]
    return UploadRejected(f"Tệp “{filename}” không phải {claimed} thật: nội dung là {what}. "
                          f"{again}", filename=filename, reason="type_mismatch")
