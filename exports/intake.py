"""The report of a bulk essay batch: one line per row of the unit's list, with what became of
it and why, so that the officer fixes the refused rows in their own file and sends them again."""

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from exports.cells import CENTRE, HEADER_FONT, put

HEADERS = ["Dòng", "Họ và tên", "Tên bài viết", "Kết quả", "Lý do", "Mã bài"]
WIDTHS = [8, 28, 44, 16, 80, 10]


@dataclass(frozen=True)
class IntakeReportLine:
    row: int  # the row's number in the unit's list
    author: str
    title: str
    outcome: str  # "Đã nhận", "Trùng (đã có)", "Bị từ chối", or "Chưa xử lý"
    reason: str
    essay_id: int | None


def intake_report_workbook(lines: list[IntakeReportLine], *, heading: str,
                           summary: str) -> Workbook:
    """A sheet titled `heading`, a `summary` line, then the rows' table."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả nhận bài"
    put(sheet, 1, 1, heading, font=HEADER_FONT, border=None)
    put(sheet, 2, 1, summary, border=None)
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        put(sheet, 4, column, header, font=HEADER_FONT, align=CENTRE)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for number, line in enumerate(lines, start=5):
        for column, value in enumerate([line.row, line.author, line.title, line.outcome,
                                        line.reason, line.essay_id], start=1):
            put(sheet, number, column, value)
    sheet.freeze_panes = "A5"
    sheet.auto_filter.ref = f"A4:{get_column_letter(len(HEADERS))}{max(4, len(lines) + 4)}"
    return workbook
