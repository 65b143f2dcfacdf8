"""The looks of an official list: Times New Roman throughout, 13-14 for the letterhead and
titles, 12 in the table, bordered wrapped cells, one number format per kind of column."""

from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font

from exports.cells import BOX, FONT
from exports.official.model import Column, Kind

NUMBER_FORMATS = {
    Kind.TEXT: "General",
    Kind.CODE: "@",
    Kind.INTEGER: "0",
    Kind.DECIMAL: "0.00",
    Kind.DATE: "dd/mm/yyyy",
    Kind.DATETIME: "dd/mm/yyyy hh:mm:ss",
    # Elapsed minutes, so a 75-minute attempt reads 75:00.0 rather than 15:00.0.
    Kind.DURATION: "[mm]:ss.0",
}
ALIGNS = {Kind.TEXT: "left", Kind.CODE: "center", Kind.INTEGER: "center",
          Kind.DECIMAL: "right", Kind.DATE: "center", Kind.DATETIME: "center",
          Kind.DURATION: "right"}


# Characters of Times New Roman at 1 point that fit in one unit of column width, and the
# height of a line in points per point of font size: estimates on the safe side, since no
# program fits a merged cell's height to its text and not every one fits the others on opening.
CHARACTERS_PER_WIDTH = 12
LINE_HEIGHT = 1.35


def per_line(width: float, size: float) -> int:
    """How many characters of `size` points fit on one line of a cell `width` units wide."""
    return max(1, int(width * CHARACTERS_PER_WIDTH / size))


def lines(text: str, room: int) -> int:
    """How many lines `text` takes, wrapped `room` characters to a line."""
    if "\n" not in text:
        return -(-len(text) // room) or 1
    return sum(-(-len(line) // room) or 1 for line in text.split("\n"))


def height(line_count: int, size: float) -> float:
    return round(line_count * size * LINE_HEIGHT, 2)


@dataclass(frozen=True)
class Look:
    font: Font
    alignment: Alignment
    border: Border | None = None
    number_format: str = "General"
    quote: bool = False  # quotePrefix: the text is shown, and edited, as text


def font(size: float, *, bold=False, italic=False, underline=False) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic,
                underline="single" if underline else None)


def align(horizontal: str = "center", *, wrap=True, vertical="center") -> Alignment:
    return Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap)


GOVERNING = Look(font(13), align())
ISSUING = Look(font(13, bold=True), align())
PARTY = Look(font(14, bold=True, underline=True), align())
STATE = Look(font(13, bold=True), align())
MOTTO = Look(font(14, bold=True, underline=True), align())
DATE_LINE = Look(font(13, italic=True), align())
NUMBER_LINE = Look(font(13), align())
TITLE = Look(font(14, bold=True), align())
DECISION = Look(font(13, italic=True), align())
SECTION = Look(font(13, bold=True), align("left"))
TABLE_HEADER = Look(font(12, bold=True), align(), BOX)
TOTAL = Look(font(12, bold=True), align(), BOX)
GROUP = Look(font(12, bold=True, italic=True), align("left"), BOX)
RECIPIENTS = Look(font(12, bold=True, italic=True), align("left", vertical="top"))
RECIPIENT = Look(font(11), align("left", vertical="top"))
SIGNER = Look(font(13, bold=True), align())


def body_look(column: Column, *, bold=False, quote=False) -> Look:
    """How a table cell of this column looks: in a value row, or bold in a total row."""
    horizontal = column.align or ALIGNS[column.kind]
    return Look(font(12, bold=bold), align(horizontal), BOX,
                column.number_format or NUMBER_FORMATS[column.kind], quote)
