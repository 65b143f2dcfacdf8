"""The rows around the table: letterhead, titles, the table's header, the signature block."""

from typing import NamedTuple

from exports.official import styles
from exports.official.model import HEADINGS, Column, Document, Section, date_line
from exports.official.stream import Sheet
from exports.official.styles import Look

SIGNATURE_ROOM = 4  # empty rows between the signer's title and name: signature and seal
# Column edges of different sections closer than this share one: no sliver columns.
MIN_WIDTH = 1.0


class Part(NamedTuple):
    """A value over columns first..last (merged when more than one) and `rows` rows."""

    first: int
    last: int
    value: object
    look: Look
    rows: int = 1


class Grid:
    """The sheet's columns and where the left and right halves of the page fall. Each section's
    columns are laid over them: the sheet has a column edge wherever any section has one
    (sections narrower than the widest are widened in proportion), so a section with fewer,
    wider columns spans several sheet columns with each of its own."""

    def __init__(self, sections: tuple[Section, ...]):
        if any(len(section.columns) < 2 for section in sections):
            raise ValueError("Bảng của văn bản cần ít nhất hai cột.")
        full = round(max(_total(section) for section in sections), 2)
        ends = [_ends(section, full) for section in sections]
        edges: list[float] = []
        for edge in sorted({edge for own in ends for edge in own}):
            if not edges or edge - edges[-1] >= MIN_WIDTH:
                edges.append(edge)
        edges[-1] = full
        self.widths = [round(right - left, 2) for left, right in zip([0.0, *edges], edges,
                                                                     strict=False)]
        self.count = len(edges)
        self.spans = [_spans(own, edges) for own in ends]
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

    def width(self, span: tuple[int, int]) -> float:
        return sum(self.widths[span[0] - 1:span[1]])

    @property
    def halves(self) -> tuple[tuple[int, int], tuple[int, int]]:
        return (1, self.split), (self.split + 1, self.count)


def _total(section: Section) -> float:
    return sum(column.width for column in section.columns)


def _ends(section: Section, full: float) -> list[float]:
    """Where each of the section's columns ends, widened to the widest section."""
    scale, running, ends = full / _total(section), 0.0, []
    for column in section.columns:
        running += column.width * scale
        ends.append(round(running, 2))
    ends[-1] = full
    return ends


def _spans(ends: list[float], edges: list[float]) -> list[tuple[int, int]]:
    """The sheet columns first..last each column covers: up to the edge nearest its end."""
    spans, first = [], 1
    for end in ends:
        last = min(range(len(edges)), key=lambda index: abs(edges[index] - end)) + 1
        if last < first:
            raise ValueError(f"Cột hẹp hơn {MIN_WIDTH} đơn vị độ rộng.")
        spans.append((first, last))
        first = last + 1
    return spans


class Blocks:
    """Writes layout rows on a sheet laid out by a grid."""

    def __init__(self, sheet: Sheet, grid: Grid):
        self.sheet, self.grid = sheet, grid

    def line(self, parts: list[Part], *, after: list = (), height: float | None = None
             ) -> float | None:
        """One row of parts, then the ready cells `after` them (in any order). A merged
        part's other cells carry its border, so that the box is drawn all round. Returns the
        row's height: `height`, or as high as its parts' text needs."""
        cells = []
        for part in sorted(parts):
            cells.append(self.sheet.cell(part.first, part.value, part.look))
            if part.last > part.first or part.rows > 1:
                self.sheet.merge(part.first, part.last, rows=part.rows)
            if part.look.border is not None:
                cells += [self.sheet.cell(column, None, part.look)
                          for column in range(part.first + 1, part.last + 1)]
        if height is None:
            height = round(max((self.grid.height(part) for part in parts), default=0.0),
                           2) or None
        self.sheet.append(sorted([*cells, *after], key=lambda cell: cell.column), height=height)
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


def table_header(blocks: Blocks, columns: tuple[Column, ...],
                 spans: list[tuple[int, int]]) -> None:
    """One bold row of headers, or two where adjacent columns share a group above them; each
    header over the sheet columns its column spans."""
    look = styles.TABLE_HEADER
    if header_rows(columns) == 1:
        blocks.line([Part(*span, column.header, look) for span, column in zip(spans, columns,
                                                                               strict=True)])
        return
    top, bottom, under, first = [], [], [], 0
    while first < len(columns):
        group, last = columns[first].group, first
        while group and last + 1 < len(columns) and columns[last + 1].group == group:
            last += 1
        if group:
            top.append(Part(spans[first][0], spans[last][1], group, look))
            bottom += [Part(*spans[index], columns[index].header, look)
                       for index in range(first, last + 1)]
        else:
            top.append(Part(*spans[first], columns[first].header, look, rows=2))
            under += range(spans[first][0], spans[first][1] + 1)  # merged into the row above
        first = last + 1
    height = blocks.line(top)
    blocks.line(bottom, after=[blocks.sheet.cell(column, None, look) for column in under],
                height=height)


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
