"""The unit tree as a sheet in the import layout, so that export -> import changes nothing."""

from dataclasses import dataclass

from openpyxl import Workbook

from exports.cells import CENTRE, HEADER_FONT, put

HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Khối", "Loại",
           "Số lượng thành viên", "Cụm thi đua"]
WIDTHS = [16, 44, 20, 36, 24, 20, 18]


@dataclass(frozen=True)
class UnitLine:
    code: str
    name: str
    parent_code: str
    block: str
    kind: str
    headcount: int
    cluster: str


def units_workbook(lines: list[UnitLine], *, title: str = "Đơn vị") -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        put(sheet, 1, column, header, font=HEADER_FONT, align=CENTRE)
        sheet.column_dimensions[chr(64 + column)].width = width
    for row, line in enumerate(lines, start=2):
        values = [line.code, line.name, line.parent_code, line.block, line.kind,
                  line.headcount, line.cluster]
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:G{max(1, len(lines) + 1)}"
    return workbook
