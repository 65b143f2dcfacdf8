"""Helpers for the export tests: write a document in memory, reopen it as a person's
spreadsheet program would (openpyxl's normal mode), and read the sheet's own XML."""

import io
import zipfile
from datetime import date

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.official import Column, Document, Heading, Kind, Letterhead, write_document

PARTY = Letterhead(
    governing_body="Đảng bộ Thành phố Hồ Chí Minh",
    issuing_body="Ban Dân vận Thành ủy",
    heading="party",
    place="TP. Hồ Chí Minh",
    signer_titles=("T/M Ban Thường vụ", "Trưởng ban"),
    signer_name="Nguyễn Văn Minh",
    recipients=("Ban Dân vận Trung ương (để báo cáo),", "Các đơn vị có tên,", "Lưu Văn phòng."),
)
STATE = Letterhead(
    governing_body="Ủy ban nhân dân Thành phố Hồ Chí Minh",
    issuing_body="Sở Nội vụ",
    heading="state",
    signer_titles=("KT. Giám đốc", "Phó Giám đốc"),
    signer_name="Trần Thị Lan",
)
HEADING = Heading(
    title="Kết quả cuộc thi trắc nghiệm tìm hiểu lịch sử Đảng bộ Thành phố",
    subtitle="Tuần thi thứ nhất",
    decision_line="(Kèm theo Quyết định số 127-QĐ/BDVTU ngày 06/12/2026 của Ban Dân vận "
                  "Thành ủy)",
    date=date(2026, 12, 6),
    number_line="Số 127-QĐ/BDVTU",
)
COLUMNS = (
    Column("STT", 6, Kind.INTEGER),
    Column("Họ và tên", 26),
    Column("Đơn vị", 26),
    Column("Điểm", 9, Kind.DECIMAL),
    Column("Thời gian làm bài", 12, Kind.DURATION),
    Column("Nộp bài lúc", 20, Kind.DATETIME),
    Column("Ngày sinh", 13, Kind.DATE),
    Column("Số điện thoại", 14, Kind.CODE),
)


def document(*, letterhead=PARTY, heading=HEADING, columns=COLUMNS) -> Document:
    return Document(letterhead, heading, columns)


def written(doc: Document, rows, **options) -> Worksheet:
    """The document written to memory with `rows`, reopened."""
    return load_workbook(io.BytesIO(written_bytes(doc, rows, **options))).active


def written_bytes(doc: Document, rows, **options) -> bytes:
    buffer = io.BytesIO()
    write_document(buffer, doc, rows, **options)
    return buffer.getvalue()


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def merged(sheet: Worksheet) -> set[str]:
    return {str(cell_range) for cell_range in sheet.merged_cells.ranges}


def row_of(sheet: Worksheet, text: str) -> int:
    """The row whose first non-empty cell reads `text`."""
    for row in sheet.iter_rows():
        if any(cell.value == text for cell in row):
            return row[0].row
    raise AssertionError(f"{text!r} is nowhere in the sheet")
