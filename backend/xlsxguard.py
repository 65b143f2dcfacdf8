"""Refusing hostile .xlsx files before openpyxl unpacks them.

A small upload can unpack to hundreds of megabytes, and openpyxl holds in memory whatever it
parses: the whole shared-strings table at load, every cell of a row before it yields the row,
and, for a sheet that does not declare its size first, the whole sheet at load (it reads on to
the end looking for the size). So the sizes come first, from the zip directory. A directory
may understate a member's size, and `ZipFile.read` (which openpyxl uses for its small parts)
unpacks a member's whole compressed data before cutting it to the declared size: so every
read after that is of a copy whose members are cut, in chunks, at their declared sizes
(`uploads.archives.repacked`). Then the parts openpyxl reads at load are counted as their XML
streams by, with expat and no tree, stopping at the first limit.
"""

import io
import zipfile
from collections.abc import Callable
from xml.parsers import expat

from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.packaging.workbook import WorkbookPackage
from openpyxl.reader.excel import _find_workbook_part  # openpyxl's own choice: same sheets
from openpyxl.utils.cell import range_boundaries
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS
from openpyxl.xml.functions import fromstring

from backend.errors import CellProblem, ImportRejected
from backend.uploads.archives import repacked
from backend.uploads.limits import Limits
from backend.vnformat import grouped

MB = 1024 * 1024
MAX_UNPACKED_BYTES = 200 * MB
MAX_RATIO = 200
MAX_PART_BYTES = 16 * MB
MAX_SHARED_STRINGS_BYTES = 16 * MB
MAX_SHARED_STRINGS = 200_000
MAX_COLUMNS = 200
MAX_MEMBERS = 1_000  # a workbook of a few sheets has a few dozen
MAX_CELLS = 500_000
# Title lines, the header and blank lines a sheet may have besides its rows of data.
SPARE_LINES = 1_000
CHUNK = 64 * 1024
DAMAGED = "Không đọc được tệp Excel (tệp hỏng hoặc sai định dạng)."
SPLIT = "chia thành nhiều tệp nhỏ hơn rồi tải lên lần lượt"
_DONE = "done"


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",")


def refuse(filename: str, message: str, sheet: str | None = None) -> ImportRejected:
    return ImportRejected([CellProblem(message=message, sheet=sheet)], filename=filename)


def too_many_lines(max_rows: int) -> str:
    return (f"Trang tính có hơn {grouped(max_rows + SPARE_LINES)} dòng (kể cả dòng trống có định "
            f"dạng); mỗi lần nhập tối đa {grouped(max_rows)} dòng dữ liệu. Hãy xóa các dòng thừa ở "
            f"cuối trang tính; nếu vẫn nhiều, hãy {SPLIT}.")


def too_many_rows(max_rows: int) -> str:
    return (f"Trang tính có hơn {grouped(max_rows)} dòng dữ liệu; mỗi lần nhập tối đa "
            f"{grouped(max_rows)} dòng. Hãy {SPLIT}.")


def check_archive(data: bytes, filename: str, max_rows: int) -> bytes:
    """Refuse what is not an .xlsx, unpacks too large, or holds more than openpyxl may load:
    sizes from the zip directory, then a count of the shared strings and of every sheet that
    openpyxl would read to its end at load. Returns the workbook to read: a copy whose
    members are cut at the sizes the directory declares."""
    if not data:
        raise refuse(filename, "Tệp rỗng.")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise refuse(filename, "Đây không phải tệp Excel .xlsx hợp lệ. "
                     "Hãy mở tệp bằng Excel và lưu lại dưới dạng “Excel Workbook (.xlsx)”.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if "xl/workbook.xml" not in archive.namelist():
            raise refuse(filename, "Tệp nén này không phải bảng tính Excel .xlsx.")
        unpacked = sum(info.file_size for info in members)
        if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * len(data) \
                or len(members) > MAX_MEMBERS:
            raise refuse(filename, "Tệp giải nén ra quá lớn so với kích thước của nó; "
                         "đã từ chối để bảo vệ hệ thống.")
    try:
        with repacked(io.BytesIO(data), limits=Limits(max_entries=MAX_MEMBERS)) as copy:
            data = copy.read()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise refuse(filename, DAMAGED) from error
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        try:
            manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
        except Exception:  # missing or damaged: openpyxl refuses the file, and says so
            manifest = None
        if manifest is not None:
            _check_shared_strings(archive, manifest, filename)
        for info in members:
            if info.file_size > MAX_PART_BYTES:
                raise refuse(filename, f"Phần “{info.filename}” của tệp giải nén ra "
                             f"{_mb(info.file_size)} MB, quá giới hạn {_mb(MAX_PART_BYTES)} MB "
                             f"cho một phần. Hãy {SPLIT}.")
        for sheet, path in _sheets(archive, manifest):
            scan_sheet(archive, path, filename=filename, max_rows=max_rows, whole=False,
                       sheet=sheet)
    return data


def _check_shared_strings(archive: zipfile.ZipFile, manifest: Manifest, filename: str) -> None:
    part = manifest.find(SHARED_STRINGS)
    name = part.PartName.lstrip("/") if part is not None else ""
    if name not in archive.namelist():
        return
    size = archive.getinfo(name).file_size
    too_many = (f"Phần chữ dùng chung của tệp (“{name}”) quá lớn: giải nén ra {_mb(size)} MB, "
                f"tối đa {_mb(MAX_SHARED_STRINGS_BYTES)} MB và {grouped(MAX_SHARED_STRINGS)} đoạn "
                f"chữ. Hãy xóa các trang tính không cần nhập; nếu vẫn lớn, hãy {SPLIT}.")
    if size > MAX_SHARED_STRINGS_BYTES:
        raise refuse(filename, too_many)
    count = 0

    def on_start(local: str, _attrs: dict) -> str | None:
        nonlocal count
        count += local == "si"
        return too_many if count > MAX_SHARED_STRINGS else None

    stream_xml(archive, name, on_start, filename)


def _sheets(archive: zipfile.ZipFile, manifest: Manifest | None) -> list[tuple[str, str]]:
    """(title, part) of every worksheet, found as openpyxl finds them at load."""
    try:
        workbook = _find_workbook_part(manifest).PartName[1:]
        package = WorkbookPackage.from_tree(fromstring(archive.read(workbook)))
        links = {link.Id: link for link in get_dependents(archive, get_rels_path(workbook))}
    except Exception:  # openpyxl will not find them either, and refuses the file
        return []
    names = set(archive.namelist())
    return [(sheet.name, links[sheet.id].target) for sheet in package.sheets
            if sheet.id in links and links[sheet.id].Type.endswith("/worksheet")
            and links[sheet.id].target in names]


def scan_sheet(archive: zipfile.ZipFile, path: str, *, filename: str, max_rows: int,
               whole: bool = True, sheet: str | None = None) -> None:
    """Count a sheet's rows and cells as its XML streams by; refuse at the first limit, so that
    openpyxl never parses more than an import may read. Not `whole`: stop where openpyxl stops
    at load, at a size declared before the rows."""
    max_lines = max_rows + SPARE_LINES
    seen = {"line": 0, "rows": 0, "in_row": 0, "cells": 0}

    def on_start(local: str, attrs: dict) -> str | None:
        if local == "c":
            seen["in_row"] += 1
            seen["cells"] += 1
            if seen["in_row"] > MAX_COLUMNS:
                return (f"Dòng {grouped(seen['line'])} có hơn {MAX_COLUMNS} ô; mỗi dòng được đọc "
                        f"tối đa {MAX_COLUMNS} cột. Hãy xóa các cột thừa bên phải.")
            if seen["cells"] > MAX_CELLS:
                return f"Trang tính có hơn {grouped(MAX_CELLS)} ô. Hãy {SPLIT}."
        elif local == "row":
            seen["rows"] += 1
            seen["in_row"] = 0
            seen["line"] = _line(attrs.get("r"), seen["line"] + 1)
            if seen["line"] > max_lines or seen["rows"] > max_lines:
                return too_many_lines(max_rows)
        elif local == "dimension" and not whole:
            return _DONE
        elif local == "dimension":
            return _declared_size(attrs.get("ref", ""), max_lines, max_rows)
        return None

    stream_xml(archive, path, on_start, filename, sheet)


def _line(text: str | None, following: int) -> int:
    try:
        return int(text) if text else following
    except ValueError:
        return following


def _declared_size(ref: str, max_lines: int, max_rows: int) -> str | None:
    try:
        boundaries = range_boundaries(ref) if ":" in ref else range_boundaries(f"{ref}:{ref}")
    except (ValueError, TypeError):
        return None  # openpyxl ignores a size it cannot read, and so does the count
    _, _, columns, rows = boundaries
    if (rows or 0) <= max_lines and (columns or 0) <= MAX_COLUMNS:
        return None
    return (f"Trang tính khai báo vùng dữ liệu {ref} ({grouped(rows or 0)} dòng, "
            f"{grouped(columns or 0)} cột), quá giới hạn {grouped(max_lines)} dòng và "
            f"{MAX_COLUMNS} cột của một lần nhập "
            f"({grouped(max_rows)} dòng dữ liệu). Hãy xóa các dòng, cột thừa ở cuối trang tính "
            "(kể cả ô trống có định dạng) rồi lưu lại.")


class _Stop(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def stream_xml(archive: zipfile.ZipFile, name: str, on_start: Callable[[str, dict], str | None],
               filename: str, sheet: str | None = None) -> None:
    """Feed one part through expat in chunks; `on_start` sees each element's local name and
    attributes and returns a refusal (or _DONE) to stop there. No DTD is accepted: no .xlsx
    has one, and entities are how XML bombs grow."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def start(tag: str, attrs: dict) -> None:
        verdict = on_start(tag.rpartition(" ")[2], attrs)
        if verdict:
            raise _Stop(verdict)

    def doctype(*_args) -> None:
        raise _Stop(DAMAGED)

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop as stop:
        if stop.message != _DONE:
            raise refuse(filename, stop.message, sheet) from None
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise refuse(filename, DAMAGED, sheet) from error
