"""The list of a bulk batch: the .xlsx read within bounds (backend.spreadsheet), then each
row typed and checked on its own, so that one bad row is reported and the others go on."""

import re
from dataclasses import dataclass
from datetime import date

from backend.contestants import identity
from backend.contestants.models import Gender
from backend.errors import CellProblem, ImportRejected, InvalidInput
from backend.spreadsheet import Column, Row, Table, cell_text, read_table
from backend.units.import_rows import parse_headcount
from backend.units.models import Unit
from backend.vntext import fold

MAX_ROWS = 2_000
MAX_TITLE = 300
MAX_TEXT = 120
MAX_FILE_NAME = 255
MAX_BANK_ACCOUNT = 30
COLUMNS = [
    Column("number", "STT", required=False, aliases=("Số thứ tự", "TT")),
    Column("full_name", "Họ và tên", aliases=("Họ tên", "Tác giả", "Họ và tên tác giả")),
    Column("birth_year", "Năm sinh"),
    Column("gender", "Giới tính"),
    Column("position", "Chức vụ", required=False),
    Column("unit", "Đơn vị", aliases=("Mã đơn vị", "Tên đơn vị", "Đơn vị công tác")),
    Column("phone", "Số điện thoại", aliases=("Điện thoại", "SĐT", "Số ĐT")),
    Column("id_number", "CCCD", required=False, aliases=("Số CCCD", "Căn cước công dân",
                                                         "Số căn cước")),
    Column("bank_account", "Số tài khoản", required=False, aliases=("Tài khoản",)),
    Column("bank_name", "Ngân hàng", required=False, aliases=("Tên ngân hàng",)),
    Column("title", "Tên bài viết", aliases=("Tên bài", "Tiêu đề", "Tiêu đề bài viết")),
    Column("file_name", "Tên tệp", aliases=("Tệp", "Tên file", "File")),
]
GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE, "male": Gender.MALE,
           "female": Gender.FEMALE}
_BANK_ACCOUNT = re.compile(r"[0-9]{6,30}")


@dataclass(frozen=True)
class IntakeLine:
    """One row as the essay service takes it."""

    row: int
    full_name: str
    birth_year: int
    gender: Gender
    position: str
    unit_id: int
    phone: str
    id_number: str | None
    bank_account: str | None
    bank_name: str | None
    title: str
    file_name: str


def read_list(data: bytes, *, filename: str) -> Table:
    """The batch's list, refused whole (ImportRejected, each problem located) when it cannot
    be read, lacks a column, holds no row or more than MAX_ROWS."""
    table = read_table(data, filename=filename, columns=COLUMNS, max_rows=MAX_ROWS)
    if not table.rows:
        raise ImportRejected([table.problem("Danh sách không có dòng bài viết nào dưới dòng "
                                            "tiêu đề.")], filename=filename)
    return table


def brief(raw: Row) -> tuple[str, str]:
    """(author, title) as written on the row, for the report."""
    return (cell_text(raw.values.get("full_name"))[:MAX_TEXT],
            cell_text(raw.values.get("title"))[:MAX_TITLE])


class UnitIndex:
    """Units by code and by name (without diacritics), as a row may name either."""

    def __init__(self, units: list[Unit]):
        self.by_code = {u.code.upper(): u for u in units}
        self.by_name: dict[str, list[Unit]] = {}
        for unit in units:
            self.by_name.setdefault(fold(unit.name), []).append(unit)

    def find(self, text: str) -> Unit | list[Unit] | None:
        unit = self.by_code.get(text.upper())
        if unit is not None:
            return unit
        found = self.by_name.get(fold(text), [])
        return found[0] if len(found) == 1 else (found or None)


def typed_line(table: Table, raw: Row, *, units: UnitIndex, within: Unit,
               this_year: int) -> tuple[IntakeLine | None, list[CellProblem]]:
    """The row typed, or every cell that is wrong in it (`within`: the batch's unit, whose
    subtree the authors must belong to; `this_year`: the year the batch was sent)."""
    values, problems = raw.values, []

    def problem(message: str, key: str) -> None:
        problems.append(CellProblem(message=message, row=raw.number,
                                    column=table.columns.get(key)))

    def text(key: str, what: str, longest: int, required: bool = True) -> str:
        value = cell_text(values.get(key))
        if required and not value:
            problem(f"{what} đang để trống.", key)
        elif len(value) > longest:
            problem(f"{what} dài quá {longest} ký tự.", key)
        return value

    full_name = _checked(lambda: identity.person_name(cell_text(values.get("full_name"))),
                         "full_name", problem)
    year = _birth_year(values.get("birth_year"), this_year, problem)
    gender = _gender(cell_text(values.get("gender")), problem)
    position = text("position", "Chức vụ", MAX_TEXT, required=False)
    unit = _unit(cell_text(values.get("unit")), units, within, problem)
    phone_text = cell_text(values.get("phone"))
    phone = None
    if not phone_text:
        problem("Số điện thoại đang để trống.", "phone")
    else:
        phone = _checked(lambda: identity.normalise_phone(phone_text), "phone", problem)
    id_number = cell_text(values.get("id_number")) or None
    if id_number and year and gender:
        id_number = _checked(lambda: identity.id_number(id_number, born=date(year, 1, 1),
                                                        gender=gender), "id_number", problem)
    bank_account = re.sub(r"[\s.-]", "", cell_text(values.get("bank_account"))) or None
    if bank_account and not _BANK_ACCOUNT.fullmatch(bank_account):
        problem("Số tài khoản chỉ gồm chữ số (từ 6 đến 30 chữ số).", "bank_account")
    bank_name = text("bank_name", "Tên ngân hàng", MAX_TEXT, required=False) or None
    title = text("title", "Tên bài viết", MAX_TITLE)
    file_name = text("file_name", "Tên tệp", MAX_FILE_NAME)
    if problems:
        return None, problems
    return IntakeLine(row=raw.number, full_name=full_name, birth_year=year, gender=gender,
                      position=position, unit_id=unit.id, phone=phone, id_number=id_number,
                      bank_account=bank_account, bank_name=bank_name, title=title,
                      file_name=file_name), []


def _checked(read, key: str, problem):
    try:
        return read()
    except InvalidInput as error:
        problem(error.message, key)
        return None


def _birth_year(value: object, this_year: int, problem) -> int | None:
    shown = cell_text(value)
    if not shown:
        problem("Năm sinh đang để trống.", "birth_year")
        return None
    try:
        year = parse_headcount(value)
    except ValueError:
        year = None
    # The ages the essay service takes (backend/essays/authors.py): 10 to 110.
    if year is None or not this_year - 110 <= year <= this_year - 10:
        problem(f"Năm sinh “{shown}” không hợp lệ: hãy ghi năm gồm 4 chữ số, ví dụ 1985.",
                "birth_year")
        return None
    return year


def _gender(text: str, problem) -> Gender | None:
    gender = GENDERS.get(fold(text))
    if gender is None:
        shown = f"“{text}” không hợp lệ" if text else "đang để trống"
        problem(f"Giới tính {shown}: hãy ghi Nam hoặc Nữ.", "gender")
    return gender


def _unit(text: str, units: UnitIndex, within: Unit, problem) -> Unit | None:
    if not text:
        problem("Đơn vị đang để trống: hãy ghi mã hoặc tên đơn vị.", "unit")
        return None
    found = units.find(text)
    if found is None:
        problem(f"Không có đơn vị “{text}” (theo mã hoặc tên) trong cây đơn vị.", "unit")
        return None
    if isinstance(found, list):
        codes = ", ".join(u.code for u in found[:5])
        problem(f"Có nhiều đơn vị tên “{text}” ({codes}); hãy ghi mã đơn vị.", "unit")
        return None
    if not found.is_active:
        problem(f"Đơn vị “{found.name}” đã ngừng hoạt động.", "unit")
        return None
    if not within.contains(found):
        problem(f"Đơn vị “{found.name}” không thuộc {within.name}: lô này chỉ nhận bài của "
                f"{within.name} và các đơn vị trực thuộc.", "unit")
        return None
    return found
