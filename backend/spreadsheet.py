"""Reading uploaded .xlsx tables safely: hostile files refused first (see xlsxguard), rows
counted as they are read, headers matched loosely."""

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from backend import xlsxguard
from backend.errors import CellProblem, ImportRejected
from backend.vntext import clean, fold

HEADER_SEARCH_ROWS = 10


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


def _lines(sheet, filename: str, columns: int):
    """The sheet's rows as values; a damaged sheet is refused instead of failing half-read."""
    try:
        yield from sheet.iter_rows(values_only=True, max_col=columns)
    except Exception as error:  # read-only sheets parse their XML lazily, row by row
        raise xlsxguard.refuse(filename, xlsxguard.DAMAGED, sheet.title) from error


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers lose their ".0", everything is cleaned and NFC."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value)


def read_table(data: bytes, *, filename: str, columns: list[Column], max_rows: int) -> Table:
    """The first sheet's rows, keyed by column, located by a header row in the first rows.
    Refused, before openpyxl reads it, when the file or the sheet is bigger than `max_rows`
    rows of data may be; the rows are counted again as they are read."""
    data = xlsxguard.check_archive(data, filename, max_rows)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                 keep_links=False)
        sheet = workbook.worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise xlsxguard.refuse(filename, xlsxguard.DAMAGED) from error
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # The one private name used: where openpyxl itself will read the sheet from.
            xlsxguard.scan_sheet(archive, sheet._worksheet_path, sheet=sheet.title,
                                 filename=filename, max_rows=max_rows)
        width = min(sheet.max_column or xlsxguard.MAX_COLUMNS, xlsxguard.MAX_COLUMNS)
        return _read_rows(_lines(sheet, filename, width), Table(sheet=sheet.title),
                          filename=filename, columns=columns, max_rows=max_rows)
    finally:
        workbook.close()


def _read_rows(lines, table: Table, *, filename: str, columns: list[Column],
               max_rows: int) -> Table:
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
    max_lines = max_rows + xlsxguard.SPARE_LINES
    for number, values in enumerate(lines, start=header_row + 1):
        if number > max_lines:
            raise ImportRejected([table.problem(xlsxguard.too_many_lines(max_rows))],
                                 filename=filename)
        record = {key: values[index] if index < len(values) else None
                  for key, index in positions.items()}
        if not any(cell_text(v) for v in record.values()):
            continue
        if len(table.rows) == max_rows:
            raise ImportRejected([table.problem(xlsxguard.too_many_rows(max_rows))],
                                 filename=filename)
        table.rows.append(Row(number=number, values=record))
    return table


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
