"""Reading uploaded .xlsx tables safely: size and zip checks first, headers matched loosely."""

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from backend.errors import CellProblem, ImportRejected
from backend.vntext import clean, fold

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
HEADER_SEARCH_ROWS = 10
DAMAGED = "Không đọc được tệp Excel (tệp hỏng hoặc sai định dạng)."


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = True
    aliases: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        folded = fold(text)
        return folded == fold(self.header) or folded in {fold(a) for a in self.aliases}


@dataclass
class Row:
    number: int
    values: dict[str, Any]


@dataclass
class Table:
    sheet: str
    columns: dict[str, str] = field(default_factory=dict)  # key -> "Header (cột C)"
    rows: list[Row] = field(default_factory=list)

    def problem(self, message: str, row: int | None = None, key: str | None = None):
        return CellProblem(message=message, sheet=self.sheet, row=row,
                           column=self.columns.get(key) if key else None)


def _refuse(filename: str, message: str) -> ImportRejected:
    return ImportRejected([CellProblem(message=message)], filename=filename)


def _lines(sheet, filename: str):
    """The sheet's rows as values; a damaged sheet is refused instead of failing half-read."""
    try:
        yield from sheet.iter_rows(values_only=True)
    except Exception as error:  # read-only sheets parse their XML lazily, row by row
        raise _refuse(filename, DAMAGED) from error


def _check_archive(data: bytes, filename: str) -> None:
    if not data:
        raise _refuse(filename, "Tệp rỗng.")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse(filename, "Đây không phải tệp Excel .xlsx hợp lệ. "
                      "Hãy mở tệp bằng Excel và lưu lại dưới dạng “Excel Workbook (.xlsx)”.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if "xl/workbook.xml" not in archive.namelist():
            raise _refuse(filename, "Tệp nén này không phải bảng tính Excel .xlsx.")
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * len(data):
        raise _refuse(filename, "Tệp giải nén ra quá lớn so với kích thước của nó; "
                      "đã từ chối để bảo vệ hệ thống.")


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers lose their ".0", everything is cleaned and NFC."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value)


def read_table(data: bytes, *, filename: str, columns: list[Column]) -> Table:
    """The first sheet's rows, keyed by column, located by a header row in the first rows."""
    _check_archive(data, filename)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise _refuse(filename, DAMAGED) from error
    try:
        sheet = workbook.worksheets[0]
        table = Table(sheet=sheet.title)
        lines = _lines(sheet, filename)
        positions: dict[str, int] = {}
        header_row = 0
        for number, values in enumerate(lines, start=1):
            if number > HEADER_SEARCH_ROWS:
                break
            found = _match_headers(values, columns)
            if any(c.key in found for c in columns if c.required):
                positions, header_row = found, number
                break
        missing = [c.header for c in columns if c.required and c.key not in positions]
        if not header_row or missing:
            names = ", ".join(f"“{h}”" for h in missing or [c.header for c in columns])
            raise ImportRejected([table.problem(
                f"Không tìm thấy cột {names} ở dòng tiêu đề (trong {HEADER_SEARCH_ROWS} dòng đầu)."
            )], filename=filename)
        for column in columns:
            if column.key in positions:
                letter = get_column_letter(positions[column.key] + 1)
                table.columns[column.key] = f"{column.header} (cột {letter})"
        for number, values in enumerate(lines, start=header_row + 1):
            record = {key: values[index] if index < len(values) else None
                      for key, index in positions.items()}
            if any(cell_text(v) for v in record.values()):
                table.rows.append(Row(number=number, values=record))
        return table
    finally:
        workbook.close()


def _match_headers(values: tuple, columns: list[Column]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(values or ()):
        if value is None:
            continue
        for column in columns:
            if column.key not in found and column.matches(str(value)):
                found[column.key] = index
                break
    return found
