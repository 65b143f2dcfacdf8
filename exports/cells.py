"""Cell helpers every export shares: user text never becomes a formula."""

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

FONT = "Times New Roman"
HEADER_FONT = Font(name=FONT, bold=True, size=12)
BODY_FONT = Font(name=FONT, size=12)
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)


def put(sheet: Worksheet, row: int, column: int, value, *, font=BODY_FONT, align=WRAP,
        border=BOX):
    """Write one cell; strings are always stored as text, so "=HYPERLINK(...)" stays inert."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.font, cell.alignment = font, align
    if border is not None:
        cell.border = border
    return cell
