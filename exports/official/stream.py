"""A write-only sheet fed with cells that already hold their value and style.

openpyxl's write-only `append` binds every value anew and, when handed a styled cell, takes
an exception path per cell and builds a fresh cell after it; a cell's style id is looked up
in the workbook's style list each time it is written. Here each column keeps one cell per
look whose style id is looked up once, its value is set directly (the type and text checks
openpyxl would make are made here, once), and the sheet writes the cells it is given.
benchmarks/README.md has the figures that made this worth its few lines of openpyxl
internals (pinned in pyproject.toml; tests/exports reopen what it writes).
"""

import contextlib
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.xml.functions import Element, SubElement

from exports.cells import FORMULA_STARTS, clean_text
from exports.official import styles
from exports.official.styles import Look

# Exact types first (the common case costs one dict look-up); bool is an int but no number.
_DATA_TYPES = {int: "n", float: "n", Decimal: "n", date: "d", datetime: "d"}


class _ReadyCell(Cell):
    """A cell whose style id was looked up once, reused for every row of its column."""

    __slots__ = ("style_id",)
    has_style = True


class _Stream(WriteOnlyWorksheet):
    """A write-only sheet whose rows arrive as cells, written as they are, and whose merged
    ranges are kept as the text the file holds ("B12:D12")."""

    merge_refs: list[str]

    def _values_to_row(self, cells, row_idx):
        for cell in cells:
            cell.row = row_idx
            yield cell

    def _get_writer(self):
        if self._writer is None:
            self._writer = _Writer(self)
            self._writer.write_top()


class _Writer(WorksheetWriter):
    def write_merged_cells(self):
        """The merges as written: openpyxl would make each a range object, parse its text
        again and serialise it through descriptors (a quarter of a commendation list's
        time, with its two merges a row in section I)."""
        refs = self.ws.merge_refs
        if refs:
            element = Element("mergeCells", count=str(len(refs)))
            for ref in refs:
                SubElement(element, "mergeCell", ref=ref)
            self.xf.send(element)


def _styled(cell: Cell, look: Look) -> Cell:
    cell.font, cell.alignment, cell.number_format = look.font, look.alignment, look.number_format
    if look.border is not None:
        cell.border = look.border
    if look.quote:
        cell.quotePrefix = True
    return cell


class Slot:
    """One column's reusable cells for one look: plain, and quoted for text that a spreadsheet
    would take for a formula. `bind` puts a value in the right one and returns it."""

    __slots__ = ("convert", "plain", "quoted", "room", "sheet", "size")

    def __init__(self, sheet: "Sheet", column: int, width: float, look: Look, convert=None):
        self.plain = sheet.ready_cell(column, look)
        self.quoted = sheet.ready_cell(column, replace(look, quote=True))
        self.convert = convert  # for values other than None and str: ms -> days, code -> str
        self.sheet, self.size = sheet, look.font.sz
        self.room = styles.per_line(width, self.size)

    def bind(self, value) -> Cell:
        if self.convert is not None and value is not None and value.__class__ is not str:
            value = self.convert(value)
        if value.__class__ is str:
            text = clean_text(value)
            cell = self.quoted if text.startswith(FORMULA_STARTS) else self.plain
            cell._value, cell.data_type = text, "s"
            if len(text) > self.room or "\n" in text:
                tall = styles.height(styles.lines(text, self.room), self.size)
                self.sheet.tallest = max(self.sheet.tallest, tall)
            return cell
        cell = self.plain
        if value is None:
            cell._value, cell.data_type = None, "n"
            return cell
        data_type = _DATA_TYPES.get(value.__class__) or _data_type(value)
        if data_type == "d" and getattr(value, "tzinfo", None) is not None:
            raise ValueError(f"Thời điểm {value} mang múi giờ: hãy đổi sang giờ Việt Nam "
                             "(Asia/Ho_Chi_Minh) và bỏ múi giờ trước khi xuất.")
        cell._value, cell.data_type = value, data_type
        return cell


def _data_type(value) -> str:
    if isinstance(value, bool):
        raise TypeError("Giá trị đúng/sai không có cách ghi chung: hãy ghi thành chữ.")
    for kind, data_type in _DATA_TYPES.items():
        if isinstance(value, kind):
            return data_type
    raise TypeError(f"Không ghi được giá trị kiểu {type(value).__name__} vào bảng tính.")


class Sheet:
    """The sheet being written, row after row, with the merges to write at its end."""

    def __init__(self, book: Workbook, title: str):
        self.ws = _Stream(book, title)
        book._add_sheet(self.ws)
        self.next_row = 1
        self.tallest = 0.0  # points the tallest cell bound for the next row needs, past one line
        self.ws.merge_refs = []
        self._heights: dict[float, dict[str, str]] = {}

    def width(self, column: int, width: float) -> None:
        self.ws.column_dimensions[get_column_letter(column)].width = width

    def cell(self, column: int, value, look: Look) -> Cell:
        """A styled cell of a layout row (letterhead, titles, table header, signature)."""
        cell = Cell(self.ws, row=1, column=column)
        if isinstance(value, str):
            value = clean_text(value)
            cell.value, cell.data_type = value, "s"
            look = replace(look, quote=value.startswith(FORMULA_STARTS))
        elif value is not None:
            cell.value = value
        return _styled(cell, look)

    def ready_cell(self, column: int, look: Look) -> _ReadyCell:
        styled = self.cell(column, None, look)
        ready = _ReadyCell(self.ws, row=1, column=column, style_array=styled._style)
        ready.style_id = styled.style_id
        return ready

    def merge(self, first: int, last: int, *, rows: int = 1) -> None:
        """Merge columns first..last of the next row (and of `rows` - 1 rows below it)."""
        self.ws.merge_refs.append(f"{get_column_letter(first)}{self.next_row}:"
                                  f"{get_column_letter(last)}{self.next_row + rows - 1}")

    def append(self, cells: list[Cell], *, height: float | None = None) -> None:
        """Write the next row, as high as `height` and its cells' text need."""
        if self.tallest:
            height, self.tallest = max(height or 0.0, self.tallest), 0.0
        if height is not None:
            # The writer reads a row's dimension only as its attributes, dict(dimension):
            # made once per height, they serve every row of that height.
            dimension = self._heights.get(height)
            if dimension is None:
                dimension = self._heights[height] = dict(RowDimension(self.ws, ht=height))
            self.ws.row_dimensions[self.next_row] = dimension
        self.ws.append(cells)
        if height is not None:  # written: its dimension is not needed any more
            del self.ws.row_dimensions[self.next_row]
        self.next_row += 1

    def discard(self) -> None:
        """Close and delete the temporary file of a sheet that will not be saved."""
        writer = self.ws._writer
        if writer is None:
            return
        with contextlib.suppress(Exception):
            if self.ws._rows is not None:
                self.ws._rows.close()
            writer.close()
        with contextlib.suppress(OSError, ValueError):  # gone already if saving got that far
            writer.cleanup()
