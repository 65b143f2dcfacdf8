"""Cell helpers every export shares: user text never becomes a formula, nor breaks the file."""

import re
import unicodedata

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

FONT = "Times New Roman"
HEADER_FONT = Font(name=FONT, bold=True, size=12)
BODY_FONT = Font(name=FONT, size=12)
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)
# What spreadsheet programs take for the start of a formula when a cell is typed, edited or
# pasted from CSV: a tab or carriage return in front hides the rest from a reader.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_TEXT = 32_767  # the most characters a cell holds
# What a workbook cannot hold: C0 controls but tab, line feed and carriage return (openpyxl
# refuses them), lone surrogates and U+FFFE, U+FFFF (no XML file can carry them).
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """The text as a workbook can hold it: NFC, without the control characters the format
    refuses (text stored before they were refused must not stop the whole export)."""
    if UNWRITABLE.search(text):
        text = UNWRITABLE.sub("", text)
    return unicodedata.normalize("NFC", text)[:MAX_TEXT]


def put(sheet: Worksheet, row: int, column: int, value, *, font=BODY_FONT, align=WRAP,
        border=BOX):
    """Write one cell. Strings are stored as text, so "=HYPERLINK(...)" stays inert, and keep a
    quote prefix when they look like a formula, so that editing the cell does not wake it."""
    if isinstance(value, str):
        value = clean_text(value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        cell.quotePrefix = value.startswith(FORMULA_STARTS)
    cell.font, cell.alignment = font, align
    if border is not None:
        cell.border = border
    return cell
