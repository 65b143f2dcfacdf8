"""The blank file units fill to register their movement entries in bulk: the header row the
import reads, one example row, and on a second sheet the kinds, the year's fields and the
units the person may register for, with drop-down lists pointing there."""

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from exports.cells import CENTRE, HEADER_FONT, put

HEADERS = ["Mã đơn vị", "Loại", "Tên mô hình, giải pháp", "Lĩnh vực",
           "Người, tập thể thực hiện", "Mô tả", "Kết quả đạt được"]
WIDTHS = [14, 22, 48, 34, 30, 60, 60]
LISTS = "Danh mục"
LIST_HEADERS = ["Loại", "Lĩnh vực", "Mã đơn vị", "Tên đơn vị"]
LIST_WIDTHS = [22, 40, 14, 44]
ROWS_WITH_LISTS = 2000  # the rows the drop-down lists cover (the import reads as many)


@dataclass(frozen=True)
class IntakeTemplate:
    kinds: list[str]
    fields: list[str]
    units: list[tuple[str, str]]  # (code, name) the person may register for
    example: list[str]  # one filled row, in HEADERS order


def intake_template_workbook(template: IntakeTemplate) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đăng ký"
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        put(sheet, 1, column, header, font=HEADER_FONT, align=CENTRE)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column, value in enumerate(template.example, start=1):
        put(sheet, 2, column, value)
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet(LISTS)
    columns = [template.kinds, template.fields, [c for c, _ in template.units],
               [n for _, n in template.units]]
    for column, (header, width, values) in enumerate(
            zip(LIST_HEADERS, LIST_WIDTHS, columns, strict=True), start=1):
        put(lists, 1, column, header, font=HEADER_FONT, align=CENTRE)
        lists.column_dimensions[get_column_letter(column)].width = width
        for row, value in enumerate(values, start=2):
            put(lists, row, column, value)
    _choices(sheet, "B", "A", len(template.kinds))
    _choices(sheet, "D", "B", len(template.fields))
    _choices(sheet, "A", "C", len(template.units))
    return workbook


def _choices(sheet, target: str, source: str, count: int) -> None:
    """A drop-down on the column `target` of the rows, listing the second sheet's `source`
    column; other values stay allowed (the import says what is wrong with them)."""
    if not count:
        return
    where = f"{quote_sheetname(LISTS)}!${source}$2:${source}${count + 1}"
    rule = DataValidation(type="list", formula1=where, allow_blank=True, showErrorMessage=False)
    rule.add(f"{target}2:{target}{ROWS_WITH_LISTS + 1}")
    sheet.add_data_validation(rule)
