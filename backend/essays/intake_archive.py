"""The .zip of a bulk batch: spooled once with its digest, its directory judged before any
entry is read, then one entry at a time handed to the upload inspection.

The essays inside are .docx/.odt (zip archives themselves), so an entry that is a document
is expected; archives of any other kind inside are not. Every bound is checked on the
central directory, which zipfile reads without unpacking anything."""

import contextlib
import hashlib
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from backend.errors import InvalidInput
from backend.uploads.archives import DIRECTORY_ENTRY, NESTED, _escapes
from backend.uploads.limits import Limits, mb
from backend.vnformat import grouped

CHUNK = 64 * 1024
SPOOL = 1024 * 1024
DOCUMENTS = (".docx", ".odt")  # archives themselves, inspected one by one as essays
UTF8_NAMES = 0x800  # general purpose flag: the name is UTF-8, not code page 437


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds on a batch's .zip (its own size: settings.max_batch_upload_bytes); each essay
    inside is then held to the upload `Limits`."""

    max_entries: int = 2_000
    max_unpacked_bytes: int = 2 * 1024 * 1024 * 1024
    max_ratio: int = 100
    ratio_floor: int = 1024 * 1024


class ArchiveRejected(InvalidInput):
    """The batch's .zip was refused whole; nothing of the batch was stored."""

    code = "archive_rejected"

    def __init__(self, filename: str, message: str, reason: str):
        super().__init__(f"Tệp nén “{filename}” bị từ chối: {message} Chưa có bài nào được "
                         "nhận; hãy sửa tệp nén rồi tải lên lại.", code=self.code,
                         extra={"filename": filename, "reason": reason})
        self.reason = reason


@dataclass
class Spooled:
    """An uploaded file copied to a temporary file (memory up to 1 MB), with its digest."""

    filename: str
    content: BinaryIO
    sha256: str
    size: int

    def close(self) -> None:
        self.content.close()


def spool(stream: BinaryIO, *, filename: str, max_bytes: int, what: str) -> Spooled:
    """Copy `stream` in chunks, stopping one byte past `max_bytes` (`what` names the file
    in the refusal)."""
    content = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 (returned open)
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(min(CHUNK, max_bytes + 1 - size)):
        size += len(chunk)
        if size > max_bytes:
            content.close()
            raise InvalidInput(f"{what} “{filename}” lớn hơn {mb(max_bytes)} MB, quá giới hạn "
                               "của một lô. Hãy chia thành nhiều lô nhỏ hơn.", code="too_large")
        digest.update(chunk)
        content.write(chunk)
    if size == 0:
        content.close()
        raise InvalidInput(f"{what} “{filename}” rỗng (0 byte). Hãy chọn đúng tệp.",
                           code="empty")
    content.seek(0)
    return Spooled(filename=filename, content=content, sha256=digest.hexdigest(), size=size)


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author typed it: zips made on Windows often store UTF-8 names
    without saying so, which zipfile then reads as code page 437."""
    name = info.filename
    if not info.flag_bits & UTF8_NAMES:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("utf-8")
    return unicodedata.normalize("NFC", name)


def name_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()


class EssayArchive:
    """A judged batch archive: its files by name, each opened as a bounded stream."""

    def __init__(self, content: BinaryIO, *, filename: str, limits: ArchiveLimits,
                 essay_limits: Limits):
        self.filename = filename
        try:
            _check_end_record(content, filename, limits)
            self.zip = zipfile.ZipFile(content)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise ArchiveRejected(filename, "tệp nén hỏng hoặc không phải tệp .zip.",
                                  "damaged") from error
        try:
            self.by_path, self.by_name = _judged(self.zip.infolist(), filename, limits,
                                                 essay_limits, content)
        except BaseException:
            self.zip.close()
            raise

    def find(self, name: str) -> zipfile.ZipInfo | list[zipfile.ZipInfo]:
        """The entry a row names: by its path in the archive, or by its file name alone;
        the entries of that name in several folders (a list, empty when there is none)
        when the name alone cannot tell."""
        key = name_key(name.replace("\\", "/"))
        found = self.by_path.get(key)
        if found is not None:
            return found
        matches = self.by_name.get(key.rsplit("/", 1)[-1], [])
        return matches[0] if len(matches) == 1 else matches

    def open(self, info: zipfile.ZipInfo) -> BinaryIO:
        """The entry unpacked as it is read; zipfile stops at the declared size and checks
        the CRC at its end."""
        return self.zip.open(info)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> "EssayArchive":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def _check_end_record(content: BinaryIO, filename: str, limits: ArchiveLimits) -> None:
    """Bound the directory before zipfile builds a record per entry (see uploads.archives)."""
    end = zipfile._EndRecData(content)
    if end is None:
        raise zipfile.BadZipFile("no end of central directory")
    entries, directory = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]
    if entries > limits.max_entries or directory > limits.max_entries * DIRECTORY_ENTRY:
        raise ArchiveRejected(filename, f"có hơn {grouped(limits.max_entries)} tệp bên trong, "
                              "quá giới hạn của một lô.", "too_many_entries")
    content.seek(0)


def _judged(members: list[zipfile.ZipInfo], filename: str, limits: ArchiveLimits,
            essay_limits: Limits, content: BinaryIO):
    if len(members) > limits.max_entries:
        raise ArchiveRejected(filename, f"có hơn {grouped(limits.max_entries)} tệp bên trong, "
                              "quá giới hạn của một lô.", "too_many_entries")
    by_path: dict[str, zipfile.ZipInfo] = {}
    by_name: dict[str, list[zipfile.ZipInfo]] = {}
    unpacked = 0
    for info in members:
        name = entry_name(info)
        if _escapes(info.filename) or _escapes(name):
            raise ArchiveRejected(filename, f"bên trong có tệp mang tên “{name[:100]}” trỏ ra "
                                  "ngoài thư mục giải nén (dấu hiệu tệp độc hại).",
                                  "path_escape")
        if info.is_dir():
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ArchiveRejected(filename, f"tệp “{name[:100]}” được nén theo cách không hỗ "
                                  "trợ; hãy nén lại bằng chức năng nén .zip thông thường.",
                                  "damaged")
        if info.flag_bits & 0x1:
            raise ArchiveRejected(filename, "tệp nén được đặt mật khẩu; hãy nén lại không "
                                  "đặt mật khẩu.", "encrypted")
        packed = max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * packed:
            raise ArchiveRejected(filename, f"tệp “{name[:100]}” giải nén ra gấp hơn "
                                  f"{limits.max_ratio} lần kích thước nén (dấu hiệu “bom "
                                  "nén”).", "zip_bomb")
        if info.file_size > essay_limits.max_bytes:
            raise ArchiveRejected(filename, f"tệp “{name[:100]}” giải nén ra hơn "
                                  f"{mb(essay_limits.max_bytes)} MB, quá giới hạn của một bài.",
                                  "too_large")
        unpacked += info.file_size
        if unpacked > limits.max_unpacked_bytes:
            raise ArchiveRejected(filename, f"khi giải nén, tệp lớn hơn "
                                  f"{mb(limits.max_unpacked_bytes)} MB (dấu hiệu “bom nén”).",
                                  "zip_bomb")
        lowered = name.lower()
        if lowered.endswith(NESTED) and not lowered.endswith(DOCUMENTS):
            raise ArchiveRejected(filename, f"bên trong có tệp nén hoặc tệp chương trình "
                                  f"(“{name[:100]}”); mỗi bài phải là tệp .docx, .pdf hoặc "
                                  ".odt đặt trực tiếp trong tệp nén.", "nested_archive")
        key = name_key(name)
        if key in by_path:
            raise ArchiveRejected(filename, f"có hai tệp trùng tên “{name[:100]}”.", "damaged")
        by_path[key] = info
        by_name.setdefault(key.rsplit("/", 1)[-1], []).append(info)
    size = content.seek(0, 2)
    content.seek(0)
    if unpacked > limits.max_ratio * max(size, 1) and unpacked > limits.ratio_floor:
        raise ArchiveRejected(filename, f"tệp giải nén ra gấp hơn {limits.max_ratio} lần "
                              "kích thước của nó (dấu hiệu “bom nén”).", "zip_bomb")
    return by_path, by_name


def display_name(info: zipfile.ZipInfo) -> str:
    """The entry's file name without its folders, as the inspection names it."""
    return PurePosixPath(entry_name(info)).name
