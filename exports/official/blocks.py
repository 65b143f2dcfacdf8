"""The rows around the table: letterhead, titles, the table's header, the signature block."""

from typing import NamedTuple

from exports.official import styles
from exports.official.model import HEADINGS, Column, Document, date_line
from exports.official.stream import Sheet
from exports.official.styles import Look

SIGNATURE_ROOM = 4  # empty rows between the signer's title and name: signature and seal


class Part(NamedTuple):
    """A value over columns first..last (merged when more than one) and `rows` rows."""

    first: int
    last: int
    value: object
    look: Look
    rows: int = 1


class Grid:
    """Column widths, and where the left and right halves of the page fall."""

    def __init__(self, columns: tuple[Column, ...]):
        if len(columns) < 2:
            raise ValueError("Bảng của văn bản cần ít nhất hai cột.")
        self.widths = [column.width for column in columns]
        self.count = len(columns)
        running, self.split = 0.0, 1
        for index, width in enumerate(self.widths[:-1], start=1):
            running, self.split = running + width, index
            if running >= 0.4 * sum(self.widths):
                break

    def height(self, part: Part) -> float:
        if part.value is None or part.value == "":
            return 0.0
        size = part.look.font.sz
        width = sum(self.widths[part.first - 1:part.last])
        line_count = styles.lines(str(part.value), styles.per_line(width, size))
        return styles.height(line_count, size) / part.rows

    @property
    def halves(self) -> tuple[tuple[int, int], tuple[int, int]]:
        return (1, self.split), (self.split + 1, self.count)


class Blocks:
    """Writes layout rows on a sheet laid out by a grid."""

    def __init__(self, sheet: Sheet, grid: Grid):
        self.sheet, self.grid = sheet, grid

    def line(self, parts: list[Part], *, after: list = ()) -> float | None:
        """One row of parts, then the ready cells `after` them. A merged part's other cells
        carry its border, so that the box is drawn all round. Returns the row's height."""
        cells = []
        for part in sorted(parts):
            cells.append(self.sheet.cell(part.first, part.value, part.look))
            if part.last > part.first or part.rows > 1:
                self.sheet.merge(part.first, part.last, rows=part.rows)
            if part.look.border is not None:
                cells += [self.sheet.cell(column, None, part.look)
                          for column in range(part.first + 1, part.last + 1)]
        height = round(max((self.grid.height(part) for part in parts), default=0.0), 2) or None
        self.sheet.append([*cells, *after], height=height)
        return height

    def across(self, text: str, look: Look) -> None:
        if text:
            self.line([Part(1, self.grid.count, text, look)])

    def blank(self) -> None:
        self.sheet.append([])

    def sides(self, left: list[tuple[str, Look]], right: list[tuple[str, Look]]) -> None:
        """Rows with the left and the right half of the page side by side."""
        (left_first, left_last), (right_first, right_last) = self.grid.halves
        for index in range(max(len(left), len(right))):
            parts = [Part(first, last, side[index][0], side[index][1])
                     for side, first, last in ((left, left_first, left_last),
                                               (right, right_first, right_last))
                     if index < len(side) and side[index][0]]
            self.line(parts) if parts else self.blank()


def letterhead(document: Document) -> tuple[list, list]:
    """The left half (who issues it) and the right half (heading, place and date)."""
    head = document.letterhead
    first, second = HEADINGS[head.heading]
    left = [(head.governing_body.upper(), styles.GOVERNING),
            (head.issuing_body.upper(), styles.ISSUING)]
    when = (date_line(head.place, document.heading.date), styles.DATE_LINE)
    if head.heading == "party":
        left.append(("*", styles.GOVERNING))
        right = [(first, styles.PARTY), ("", styles.PARTY), when]
    else:
        right = [(first, styles.STATE), (second, styles.MOTTO), when]
    if document.heading.number_line:
        left.append((document.heading.number_line, styles.NUMBER_LINE))
    return left, right


def header_rows(columns: tuple[Column, ...]) -> int:
    return 2 if any(column.group for column in columns) else 1


def table_header(blocks: Blocks, columns: tuple[Column, ...]) -> None:
    """One bold row of headers, or two where adjacent columns share a group above them."""
    look = styles.TABLE_HEADER
    if header_rows(columns) == 1:
        blocks.line([Part(index, index, column.header, look)
                     for index, column in enumerate(columns, start=1)])
        return
    top, bottom, under, first = [], [], [], 1
    while first <= len(columns):
        group, last = columns[first - 1].group, first
        while group and last < len(columns) and columns[last].group == group:
            last += 1
        if group:
            top.append(Part(first, last, group, look))
            bottom += [Part(index, index, columns[index - 1].header, look)
                       for index in range(first, last + 1)]
        else:
            top.append(Part(first, first, columns[first - 1].header, look, rows=2))
            under.append(Part(first, first, None, look))
        first = last + 1
    height = blocks.line(top)
    blocks.sheet.append([blocks.sheet.cell(part.first, part.value, part.look)
                         for part in sorted(bottom + under)], height=height)


def signature(blocks: Blocks, document: Document) -> None:
    """"Nơi nhận:" and the recipients on the left; the signer's titles, room for signature
    and seal, and the signer's name on the right."""
    head = document.letterhead
    left = [("Nơi nhận:", styles.RECIPIENTS)] if head.recipients else []
    left += [(f"- {recipient}", styles.RECIPIENT) for recipient in head.recipients]
    right = [(title.upper(), styles.SIGNER) for title in head.signer_titles]
    if head.signer_name:
        right += [("", styles.SIGNER)] * SIGNATURE_ROOM + [(head.signer_name, styles.SIGNER)]
    if left or right:
        blocks.blank()
        blocks.sides(left, right)
