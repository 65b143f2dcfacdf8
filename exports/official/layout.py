"""An official list as people sign it: letterhead, titles, one table, signature block.

Rows stream from any iterable into a write-only workbook: memory stays bounded whatever their
number (openpyxl keeps the sheet in a temporary file until it is saved); only the layout
rows and the merged ranges are held.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from os import PathLike
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from exports.official import blocks, styles
from exports.official.blocks import Blocks, Grid, Part
from exports.official.model import Column, Document, Group, Kind, Row, Total
from exports.official.stream import Sheet, Slot

PROGRESS_EVERY = 10_000
_NOT_IN_SHEET_TITLES = str.maketrans("", "", "[]:*?/\\")


def _days(duration: int | float | timedelta) -> float:
    """A duration as Excel keeps one: in days. Numbers are milliseconds."""
    if isinstance(duration, timedelta):
        return duration.total_seconds() / 86_400
    return duration / 86_400_000


_CONVERT = {Kind.CODE: str, Kind.DURATION: _days}


def write_document(target: str | PathLike | BinaryIO, document: Document,
                   rows: Iterable[Row] | Sequence[Iterable[Row]], *,
                   progress: Callable[[int], object] | None = None,
                   progress_every: int = PROGRESS_EVERY) -> int:
    """Write `document` with `rows` as its table (or, for a document of several sections,
    one iterable of rows per section) to a path or a binary file object, and return how many
    rows were taken (value rows, groups and totals). `progress(rows_so_far)` is called every
    `progress_every` rows and once at the end."""
    return write_documents(target, [(document, rows)], progress=progress,
                           progress_every=progress_every)


def write_documents(target: str | PathLike | BinaryIO,
                    parts: Iterable[tuple[Document, Iterable[Row]]], *,
                    progress: Callable[[int], object] | None = None,
                    progress_every: int = PROGRESS_EVERY) -> int:
    """Several documents in one workbook, a sheet each, in the order given (a prize list of
    individuals and one of collectives); returns the rows taken by all of them."""
    book = Workbook(write_only=True)
    count, sheets = 0, []
    try:
        for document, rows in parts:
            heading = document.heading
            title = heading.sheet_title.translate(_NOT_IN_SHEET_TITLES).strip()[:31] \
                or "Danh sách"
            sheet = Sheet(book, title)
            sheets.append(sheet)
            count += _sheet(sheet, document, rows, progress, progress_every)
        book.save(target)
    except BaseException:
        for sheet in sheets:
            sheet.discard()
        raise
    return count


def _sheet(sheet: Sheet, document: Document, rows, progress, every: int) -> int:
    sections = document.sections
    tables = [rows] if len(sections) == 1 else list(rows)
    if len(tables) != len(sections):
        raise ValueError(f"Văn bản có {len(sections)} phần mà nhận {len(tables)} bảng dòng.")
    grid = Grid(sections)
    heading = document.heading
    _prepare(sheet, grid, document)
    layout = Blocks(sheet, grid)
    layout.sides(*blocks.letterhead(document))
    layout.blank()
    layout.across(heading.title.upper(), styles.TITLE)
    layout.across(heading.subtitle, styles.TITLE)
    layout.across(heading.decision_line, styles.DECISION)
    count = 0
    for section, spans, table in zip(sections, grid.spans, tables, strict=True):
        layout.blank()
        layout.across(section.title, styles.SECTION)
        first_header = sheet.next_row
        blocks.table_header(layout, section.columns, spans)
        count = _body(layout, section.columns, spans, table, progress, every, count)
    # One range of rows repeats on printed pages: the last section's header, the one the
    # reference list repeats (the longer list of individuals, after the collectives).
    last_header = first_header + blocks.header_rows(section.columns) - 1
    sheet.ws.print_title_rows = f"{first_header}:{last_header}"
    if progress is not None and count % every:
        progress(count)
    blocks.signature(layout, document)
    return count


def _prepare(sheet: Sheet, grid: Grid, document: Document) -> None:
    """What write-only mode must know before the first row: widths, panes; and the print
    settings: A4 landscape, one page wide."""
    for index, width in enumerate(grid.widths, start=1):
        sheet.width(index, width)
    ws = sheet.ws
    if len(document.sections) == 1:
        # Panes freeze under the table's header, counted as _sheet lays the rows above it:
        # letterhead, a blank row, the title lines that are given, a blank row.
        heading, section = document.heading, document.sections[0]
        titles = sum(1 for text in (heading.title, heading.subtitle, heading.decision_line,
                                    section.title) if text)
        first_header = max(map(len, blocks.letterhead(document))) + 1 + titles + 1 + 1
        ws.freeze_panes = f"A{first_header + blocks.header_rows(section.columns)}"
    # One line of the table's 12-point text, for the rows given no height of their own.
    ws.sheet_format.defaultRowHeight = styles.height(1, 12)
    ws.sheet_format.customHeight = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.6, right=0.5, top=0.6, bottom=0.6, header=0.3,
                                  footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font, ws.oddFooter.center.size = "Times New Roman,Regular", 11


def _body(layout: Blocks, columns: tuple[Column, ...], spans: list[tuple[int, int]],
          rows: Iterable[Row], progress, every: int, count: int) -> int:
    """A section's rows; `count` rows were taken before it. Its columns wider than one sheet
    column are merged over theirs, row by row."""
    sheet, width, across = layout.sheet, len(columns), layout.grid.count
    slots = [_slots(sheet, span, layout.grid.width(span), column)
             for span, column in zip(spans, columns, strict=True)]
    binds, bold = [plain.bind for plain, _ in slots], [strong.bind for _, strong in slots]
    wide = [span for span in spans if span[1] > span[0]]
    fill = sorted((sheet.ready_cell(index, styles.body_look(columns[0]))
                   for first, last in wide for index in range(first + 1, last + 1)),
                  key=lambda cell: cell.column)
    append, taken = sheet.ws.append, 0
    for row in rows:
        if isinstance(row, Group):
            layout.line([Part(1, across, row.label, styles.GROUP)])
        elif isinstance(row, Total):
            _total(layout, bold, spans, fill, row)
        else:
            if len(row) != width:
                raise ValueError(f"Dòng {taken + 1} có {len(row)} giá trị cho {width} cột.")
            cells = [bind(value) for bind, value in zip(binds, row, strict=False)]
            if fill:
                for first, last in wide:
                    sheet.merge(first, last)
                cells = sorted(cells + fill, key=_column)
            if sheet.tallest:  # text longer than its column: a row height, as few rows need
                sheet.append(cells)
            else:
                append(cells)
                sheet.next_row += 1
        taken += 1
        if progress is not None and (count + taken) % every == 0:
            progress(count + taken)
    return count + taken


def _column(cell) -> int:
    return cell.column


def _slots(sheet: Sheet, span: tuple[int, int], width: float, column: Column
           ) -> tuple[Slot, Slot]:
    """The column's cells in value rows and, bold, in total rows."""
    convert = _CONVERT.get(column.kind)
    return (Slot(sheet, span[0], width, styles.body_look(column), convert),
            Slot(sheet, span[0], width, styles.body_look(column, bold=True), convert))


def _total(layout: Blocks, bold: list, spans: list[tuple[int, int]], fill: list,
           row: Total) -> None:
    width = len(bold)
    if not 1 <= row.span < width or len(row.values) > width - row.span:
        raise ValueError(f"Dòng tổng “{row.label}”: {row.span} cột nhãn và {len(row.values)} "
                         f"giá trị không vừa {width} cột.")
    values = [*row.values, *[None] * (width - row.span - len(row.values))]
    label_end = spans[row.span - 1][1]
    for first, last in spans[row.span:]:
        if last > first:
            layout.sheet.merge(first, last)
    layout.line([Part(1, label_end, row.label, styles.TOTAL)],
                after=[bind(value) for bind, value in zip(bold[row.span:], values, strict=True)]
                + [cell for cell in fill if cell.column > label_end])
