"""The cells of a unit file read as typed rows: units, and blocks given as rows of kind "Khối"."""

import re
from dataclasses import dataclass

from backend.errors import CellProblem, ImportRejected
from backend.spreadsheet import Column, Row, Table, cell_text
from backend.units.models import UNIT_KIND_LABELS, UnitKind
from backend.units.service import MAX_HEADCOUNT
from backend.vntext import fold
from exports.units import BLOCK_KIND

COLUMNS = [
    Column("code", "Mã đơn vị"),
    Column("name", "Tên đơn vị"),
    Column("parent_code", "Mã đơn vị cấp trên", aliases=("Mã cấp trên",)),
    Column("block", "Khối", required=False),
    Column("kind", "Loại", required=False, aliases=("Loại đơn vị",)),
    Column("headcount", "Số lượng thành viên", required=False, aliases=("Số thành viên",)),
    Column("cluster", "Cụm thi đua", required=False, aliases=("Cụm",)),
]
BLOCK_KINDS = {"khoi", "khoi thi dua"}
KIND_ALIASES = {
    "tp thuoc tp": UnitKind.CITY_UNDER_CITY,
    "thanh pho thuoc thanh pho": UnitKind.CITY_UNDER_CITY,
    "dang uy": UnitKind.PARTY_COMMITTEE,
    "thanh pho": UnitKind.CITY,
    "tinh": UnitKind.CITY,
}
_THOUSANDS = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")
MAX_CODE = 40
MAX_NAME = 255
MAX_GROUP_NAME = 200  # block and cluster names


@dataclass
class UnitRow:
    """One row of the file. A block row (`is_block`) names a block; the units whose parent
    code is its code belong to it and hang under its own parent."""

    row: int
    code: str
    name: str
    parent_code: str
    block: str | None = None  # None: the file has no "Khối" column
    kind: UnitKind | None = None
    headcount: int | None = None
    cluster: str | None = None
    is_block: bool = False


def normalise_code(value: object) -> str:
    return cell_text(value).upper()


def parse_kind(text: str) -> UnitKind | None:
    wanted = fold(text)
    for kind, label in UNIT_KIND_LABELS.items():
        if wanted in (fold(label), kind.value.replace("_", " "), kind.value):
            return kind
    return KIND_ALIASES.get(wanted)


def parse_headcount(value: object) -> int | None:
    """Whole numbers, also typed as text with thousands separators ("1.200")."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        return int(value)
    text = cell_text(value).replace("\u00a0", " ")
    if not text:
        return None
    if text.lstrip("-").isdigit():
        return int(text)
    if _THOUSANDS.match(text):
        return int(re.sub(r"[.,\s]", "", text))
    raise ValueError


def typed_rows(table: Table) -> tuple[list[UnitRow], list[CellProblem]]:
    """Every row typed, with every cell that cannot be read."""
    problems: list[CellProblem] = []
    return [_typed_row(table, raw, problems) for raw in table.rows], problems


def rows_from_table(table: Table) -> list[UnitRow]:
    """Typed rows, or ImportRejected listing every cell that cannot be read."""
    rows, problems = typed_rows(table)
    if problems:
        raise ImportRejected(problems)
    return rows


def _typed_row(table: Table, raw: Row, problems: list[CellProblem]) -> UnitRow:
    values, number = raw.values, raw.number
    kind_text = cell_text(values.get("kind")) if "kind" in table.columns else ""
    row = UnitRow(row=number, code=normalise_code(values.get("code")),
                  name=cell_text(values.get("name")),
                  parent_code=normalise_code(values.get("parent_code")),
                  is_block=fold(kind_text) in BLOCK_KINDS)

    def problem(message: str, key: str) -> None:
        problems.append(table.problem(message, number, key))

    what, longest = ("khối", MAX_GROUP_NAME) if row.is_block else ("đơn vị", MAX_NAME)
    if not row.code:
        problem(f"Mã {what} đang để trống.", "code")
    elif len(row.code) > MAX_CODE:
        problem(f"Mã {what} dài quá {MAX_CODE} ký tự.", "code")
    if not row.name:
        problem(f"Tên {what} đang để trống.", "name")
    elif len(row.name) > longest:
        problem(f"Tên {what} dài quá {longest} ký tự.", "name")
    if row.is_block:
        _block_row_cells(table, values, problem)
        return row
    if "block" in table.columns:
        row.block = cell_text(values.get("block"))
        if len(row.block) > MAX_GROUP_NAME:
            problem(f"Tên khối dài quá {MAX_GROUP_NAME} ký tự.", "block")
    if "cluster" in table.columns:
        row.cluster = cell_text(values.get("cluster"))
        if len(row.cluster) > MAX_GROUP_NAME:
            problem(f"Tên cụm thi đua dài quá {MAX_GROUP_NAME} ký tự.", "cluster")
    if "kind" in table.columns:
        row.kind = parse_kind(kind_text) if kind_text else UnitKind.OTHER
        if row.kind is None:
            allowed = ", ".join([*UNIT_KIND_LABELS.values(), BLOCK_KIND])
            problem(f"Loại “{kind_text}” không có trong danh sách: {allowed}.", "kind")
    if "headcount" in table.columns:
        row.headcount = _headcount(values.get("headcount"), problem)
    return row


def _headcount(value: object, problem) -> int:
    try:
        headcount = parse_headcount(value)
    except ValueError:
        problem(f"Số lượng thành viên “{cell_text(value)}” không phải số nguyên.", "headcount")
        return 0
    if headcount is not None and headcount < 0:
        problem(f"Số lượng thành viên không được âm (đang là {headcount}).", "headcount")
    elif headcount is not None and headcount > MAX_HEADCOUNT:
        problem(f"Số lượng thành viên quá lớn (đang là {headcount}); hãy kiểm tra lại.",
                "headcount")
    return headcount or 0


def _block_row_cells(table: Table, values: dict, problem) -> None:
    """A block has no members, cluster or block of its own: a value there is a mistake."""
    if cell_text(values.get("headcount")) not in ("", "0"):
        problem("Khối không có số lượng thành viên riêng (số của khối là tổng các đơn vị "
                "trong khối); hãy để trống ô này.", "headcount")
    if cell_text(values.get("cluster")):
        problem("Khối không thuộc cụm thi đua; cụm thi đua ghi ở dòng của từng đơn vị, "
                "hãy để trống ô này.", "cluster")
    if cell_text(values.get("block")):
        problem("Khối không nằm trong khối khác; hãy để trống ô này.", "block")
