"""The unit tree as a sheet in the import layout, so that export -> import changes nothing.

Each block is a row of kind "Khối" followed by its units, whose parent code is the block's
code. A "Khối" column is added only when a unit cannot say its block that way (a block whose
units hang under different parents is written as a row once; the others name it there).
"""

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from exports.cells import BODY_FONT, CENTRE, HEADER_FONT, put

HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại", "Số lượng thành viên",
           "Cụm thi đua"]
BLOCK_HEADER = "Khối"
BLOCK_KIND = "Khối"
WIDTHS = [16, 44, 20, 24, 20, 18, 36]


@dataclass(frozen=True)
class UnitLine:
    code: str
    name: str
    parent_code: str
    kind: str
    headcount: int | None  # None on a block's row
    cluster: str
    block: str = ""

    @property
    def is_block(self) -> bool:
        return self.kind == BLOCK_KIND


def units_workbook(lines: list[UnitLine], *, title: str = "Đơn vị") -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    headers = HEADERS + ([BLOCK_HEADER] if any(line.block for line in lines) else [])
    for column, (header, width) in enumerate(zip(headers, WIDTHS, strict=False), start=1):
        put(sheet, 1, column, header, font=HEADER_FONT, align=CENTRE)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row, line in enumerate(lines, start=2):
        values = [line.code, line.name, line.parent_code, line.kind, line.headcount,
                  line.cluster, line.block][:len(headers)]
        font = HEADER_FONT if line.is_block else BODY_FONT
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value, font=font)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(lines) + 1)}"
    return workbook
