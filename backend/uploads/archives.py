"""A .docx or .odt is a zip archive: its directory is judged before any entry is unpacked.

Sizes, counts and names come from the central directory (zipfile reads it without unpacking).
Only the few small parts that say what the document is ([Content_Types].xml, mimetype, the
ODF manifest, the relationships) are then read, in chunks (zipfile bounds what one read(n)
unpacks) and up to `max_probe_bytes`."""

import tempfile
import zipfile
from pathlib import Path
from typing import BinaryIO

from defusedxml import DefusedXmlException, ElementTree

from backend.uploads.limits import SAVE_AGAIN, Limits, UploadRejected, mb, refused
from backend.vnformat import grouped

CHUNK = 64 * 1024
# Bytes one entry may take in the central directory: 46 fixed, its name, extras, comment.
DIRECTORY_ENTRY = 1024
SPOOL = 1024 * 1024
ODT_MIME = b"application/vnd.oasis.opendocument.text"
NESTED = (".zip", ".jar", ".docx", ".docm", ".dotm", ".xlsx", ".xlsm", ".pptx", ".pptm",
          ".odt", ".ods", ".odp", ".7z", ".rar", ".gz", ".tar", ".cab", ".exe", ".dll", ".msi")
# Word's macro parts, and the content types that mark a macro-enabled document.
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
MACRO_TYPES = ("macroEnabled", "vbaProject", "ms-office.activeX")
# Relationship types that make Word fetch something from elsewhere when it opens the file
# (remote templates are how macro documents hide behind a clean .docx).
EXTERNAL_TYPES = {"attachedTemplate", "oleObject", "frame", "subDocument", "package"}
EMBEDDINGS = "word/embeddings/"
# ODF keeps Basic macros and scripts in these folders.
ODF_SCRIPT_FOLDERS = ("basic/", "scripts/")
ODF_FULL_PATH = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}full-path"


def check_document_archive(content: BinaryIO, *, filename: str, limits: Limits,
                           size: int) -> str:
    """"docx" or "odt", or a refusal: too many entries, unpacks too large, names that
    escape the archive, nested archives, macros, or the parts of a document missing."""
    try:
        _check_end_record(content, filename, limits)
        archive = zipfile.ZipFile(content)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise refused(filename, f"tệp nén hỏng, không đọc được. {SAVE_AGAIN}",
                      "damaged") from error
    with archive:
        members = archive.infolist()
        _check_directory(members, filename, limits, size)
        names = {info.filename for info in members}
        if len(names) != len(members):  # which of two same-named parts a reader takes varies
            raise refused(filename, f"tệp có hai phần trùng tên (tệp hỏng hoặc bị sửa). "
                          f"{SAVE_AGAIN}", "damaged")
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            _check_docx(archive, names, filename, limits)
            return "docx"
        if "mimetype" in names and "content.xml" in names:
            _check_odt(archive, names, filename, limits)
            return "odt"
    raise refused(filename, "đây là tệp nén, không phải tài liệu Word (.docx) hay "
                  f"OpenDocument (.odt). {SAVE_AGAIN}", "not_document")


def _check_end_record(content: BinaryIO, filename: str, limits: Limits) -> None:
    """Refuse a directory too large to read before zipfile reads it: it builds every entry's
    record first (220,000 empty entries in 20 MB cost 1.8 s and 120 MB), looping over the
    directory's declared bytes, not its declared count, so both are bounded here. zipfile's
    own reader of the end record is used (private, unchanged since Python 2)."""
    end = zipfile._EndRecData(content)
    if end is None:
        raise zipfile.BadZipFile("no end of central directory")
    entries, directory = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]
    if entries > limits.max_entries or directory > limits.max_entries * DIRECTORY_ENTRY:
        raise _too_many_entries(filename, limits)
    content.seek(0)


def _too_many_entries(filename: str, limits: Limits) -> UploadRejected:
    return refused(filename, f"tệp có hơn {grouped(limits.max_entries)} phần bên trong, quá "
                   f"giới hạn. {SAVE_AGAIN}", "too_many_entries")


def _check_directory(members: list[zipfile.ZipInfo], filename: str, limits: Limits,
                     size: int) -> None:
    if len(members) > limits.max_entries:
        raise _too_many_entries(filename, limits)
    unpacked = 0
    for info in members:
        name = info.filename
        if _escapes(name):
            raise refused(filename, f"bên trong có phần mang tên “{name[:100]}” trỏ ra ngoài "
                          "tệp (dấu hiệu tệp độc hại). " + SAVE_AGAIN, "path_escape")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # Word and LibreOffice write only these; zipfile unpacks bzip2 and LZMA unbounded.
            raise refused(filename, f"phần “{name[:100]}” được nén theo cách tài liệu văn bản "
                          f"không dùng. {SAVE_AGAIN}", "damaged")
        if info.flag_bits & 0x1:
            raise refused(filename, "tệp được đặt mật khẩu. Hãy bỏ mật khẩu rồi tải lên lại.",
                          "encrypted")
        packed = max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * packed:
            raise refused(filename, f"phần “{name[:100]}” giải nén ra gấp hơn "
                          f"{limits.max_ratio} lần kích thước nén (dấu hiệu “bom nén”). "
                          f"{SAVE_AGAIN}", "zip_bomb")
        if info.file_size > limits.max_entry_bytes:
            raise refused(filename, f"phần “{name[:100]}” giải nén ra hơn "
                          f"{mb(limits.max_entry_bytes)} MB. {SAVE_AGAIN}", "zip_bomb")
        unpacked += info.file_size
        if unpacked > limits.max_unpacked_bytes:
            raise refused(filename, f"khi giải nén, tệp lớn hơn "
                          f"{mb(limits.max_unpacked_bytes)} MB (dấu hiệu “bom nén”). "
                          f"{SAVE_AGAIN}", "zip_bomb")
        lowered = name.lower()
        if lowered.rsplit("/", 1)[-1] in MACRO_PARTS or lowered.startswith(ODF_SCRIPT_FOLDERS):
            raise _macro(filename)
        if lowered.endswith(NESTED) or lowered.startswith(EMBEDDINGS):
            raise refused(filename, f"bên trong có tệp nén, tài liệu hay đối tượng khác "
                          f"nhúng vào "
                          f"(“{name[:100]}”). Hãy dán nội dung đó vào bài dưới dạng chữ hoặc "
                          f"ảnh rồi lưu lại.", "nested_archive")
    if unpacked > limits.max_ratio * max(size, 1) and unpacked > limits.ratio_floor:
        raise refused(filename, f"tệp giải nén ra gấp hơn {limits.max_ratio} lần kích thước "
                      f"của nó (dấu hiệu “bom nén”). {SAVE_AGAIN}", "zip_bomb")


def repacked(source: BinaryIO | str | Path, *, limits: Limits) -> BinaryIO:
    """A new archive holding each entry of an inspected one, copied in chunks and cut at its
    declared size. `ZipFile.read`, which python-docx and odfpy use, unpacks an entry's whole
    compressed data before cutting it to the declared size: a directory that understates a
    size would make them unpack a bomb. The copy's sizes are true."""
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 (returned open)
    try:
        with zipfile.ZipFile(source) as archive, zipfile.ZipFile(copy, "w") as target:
            for info in archive.infolist()[:limits.max_entries]:
                entry = zipfile.ZipInfo(info.filename, info.date_time)
                entry.compress_type = info.compress_type
                with archive.open(info) as part, target.open(entry, "w") as out:
                    while chunk := part.read(CHUNK):
                        out.write(chunk)
    except BaseException:
        copy.close()
        raise
    copy.seek(0)
    return copy


def _escapes(name: str) -> bool:
    """Absolute, drive-letter, backslash or `..` names: extracted, they land outside."""
    parts = name.split("/")
    return (name.startswith("/") or "\\" in name or ".." in parts
            or (len(name) > 1 and name[1] == ":") or "\x00" in name)


def _macro(filename: str) -> UploadRejected:
    return refused(filename, "tài liệu có chứa macro (mã lệnh tự chạy). Hãy lưu lại dưới dạng "
                   "tài liệu không có macro (Word: “Word Document (.docx)”; LibreOffice: "
                   "“ODF Text Document (.odt)”) rồi tải lên lại.", "macro")


def _probe(archive: zipfile.ZipFile, name: str, filename: str, limits: Limits) -> bytes:
    """At most `max_probe_bytes` of one small part, read in chunks; a larger part is refused."""
    data = bytearray()
    try:
        with archive.open(name) as part:
            while chunk := part.read(CHUNK):
                data += chunk
                if len(data) > limits.max_probe_bytes:
                    raise refused(filename, f"phần “{name}” lớn bất thường. {SAVE_AGAIN}",
                                  "damaged")
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        raise refused(filename, f"tệp nén hỏng, không đọc được. {SAVE_AGAIN}",
                      "damaged") from error
    return bytes(data)


def _xml(archive: zipfile.ZipFile, name: str, filename: str, limits: Limits):
    """One small part parsed by defusedxml (no DTD, no entities), or a refusal."""
    try:
        return ElementTree.fromstring(_probe(archive, name, filename, limits),
                                      forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise refused(filename, f"tệp hỏng, không đọc được phần “{name}”. {SAVE_AGAIN}",
                      "damaged") from error


def _check_docx(archive: zipfile.ZipFile, names: set[str], filename: str,
                limits: Limits) -> None:
    types = _xml(archive, "[Content_Types].xml", filename, limits)
    if any(mark in element.get("ContentType", "") for element in types
           for mark in MACRO_TYPES):
        raise _macro(filename)
    # A template, frame or object fetched from elsewhere when Word opens the file.
    rels = sorted(n for n in names if n.endswith(".rels"))
    if sum(archive.getinfo(name).file_size for name in rels) > limits.max_probe_bytes:
        raise refused(filename, f"phần liên kết của tài liệu lớn bất thường. {SAVE_AGAIN}",
                      "damaged")
    for name in rels:
        for link in _xml(archive, name, filename, limits):
            if (link.get("TargetMode") == "External"
                    and link.get("Type", "").rpartition("/")[2] in EXTERNAL_TYPES):
                raise refused(filename, "tài liệu tự tải mẫu hoặc nội dung từ nơi khác khi mở "
                              "(liên kết ngoài “" + link.get("Target", "")[:100] + "”). Hãy "
                              "lưu bài thành tài liệu mới, không gắn mẫu (template) bên ngoài, "
                              "rồi tải lên lại.", "external_content")


def _check_odt(archive: zipfile.ZipFile, names: set[str], filename: str,
               limits: Limits) -> None:
    if _probe(archive, "mimetype", filename, limits).strip() != ODT_MIME:
        raise refused(filename, "đây là tệp OpenDocument nhưng không phải văn bản (.odt) "
                      f"(có thể là bảng tính hay trình chiếu). {SAVE_AGAIN}", "not_document")
    if "META-INF/manifest.xml" in names:
        manifest = _xml(archive, "META-INF/manifest.xml", filename, limits)
        paths = (entry.get(ODF_FULL_PATH, "").lower() for entry in manifest)
        if any(path.startswith(ODF_SCRIPT_FOLDERS) for path in paths):
            raise _macro(filename)
