"""Importing the unit tree from .xlsx: every row lands, or none does and each error is located."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from backend.audit import service as audit
from backend.errors import CellProblem, ImportRejected
from backend.spreadsheet import Column, Row, Table, cell_text, read_table
from backend.units.models import UNIT_KIND_LABELS, Block, Cluster, Unit, UnitKind
from backend.units.service import MAX_HEADCOUNT, rebuild_tree_fields, search_text_for
from backend.vntext import fold

COLUMNS = [
    Column("code", "Mã đơn vị"),
    Column("name", "Tên đơn vị"),
    Column("parent_code", "Mã đơn vị cấp trên", aliases=("Mã cấp trên",)),
    Column("block", "Khối", required=False),
    Column("kind", "Loại", required=False, aliases=("Loại đơn vị",)),
    Column("headcount", "Số lượng thành viên", required=False, aliases=("Số thành viên",)),
    Column("cluster", "Cụm thi đua", required=False, aliases=("Cụm",)),
]
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
    row: int
    code: str
    name: str
    parent_code: str
    block: str | None = None
    kind: UnitKind | None = None
    headcount: int | None = None
    cluster: str | None = None


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_blocks: list[str] = field(default_factory=list)
    new_clusters: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


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


def rows_from_table(table: Table) -> list[UnitRow]:
    """Typed rows, or ImportRejected listing every cell that cannot be read."""
    problems: list[CellProblem] = []
    rows: list[UnitRow] = []
    for raw in table.rows:
        rows.append(_typed_row(table, raw, problems))
    if problems:
        raise ImportRejected(problems)
    return rows


def _typed_row(table: Table, raw: Row, problems: list[CellProblem]) -> UnitRow:
    values, number = raw.values, raw.number
    row = UnitRow(row=number, code=normalise_code(values.get("code")),
                  name=cell_text(values.get("name")),
                  parent_code=normalise_code(values.get("parent_code")))
    if not row.code:
        problems.append(table.problem("Mã đơn vị đang để trống.", number, "code"))
    elif len(row.code) > MAX_CODE:
        problems.append(table.problem(f"Mã đơn vị dài quá {MAX_CODE} ký tự.", number, "code"))
    if not row.name:
        problems.append(table.problem("Tên đơn vị đang để trống.", number, "name"))
    elif len(row.name) > MAX_NAME:
        problems.append(table.problem(f"Tên đơn vị dài quá {MAX_NAME} ký tự.", number, "name"))
    if "block" in table.columns:
        row.block = cell_text(values.get("block"))
        if len(row.block) > MAX_GROUP_NAME:
            problems.append(table.problem(
                f"Tên khối dài quá {MAX_GROUP_NAME} ký tự.", number, "block"))
    if "cluster" in table.columns:
        row.cluster = cell_text(values.get("cluster"))
        if len(row.cluster) > MAX_GROUP_NAME:
            problems.append(table.problem(
                f"Tên cụm thi đua dài quá {MAX_GROUP_NAME} ký tự.", number, "cluster"))
    if "kind" in table.columns:
        text = cell_text(values.get("kind"))
        row.kind = parse_kind(text) if text else UnitKind.OTHER
        if row.kind is None:
            allowed = ", ".join(UNIT_KIND_LABELS.values())
            problems.append(table.problem(
                f"Loại “{text}” không có trong danh sách: {allowed}.", number, "kind"))
    if "headcount" in table.columns:
        try:
            row.headcount = parse_headcount(values.get("headcount"))
        except ValueError:
            problems.append(table.problem(
                f"Số lượng thành viên “{cell_text(values.get('headcount'))}” không phải số nguyên.",
                number, "headcount"))
        else:
            if row.headcount is not None and row.headcount < 0:
                problems.append(table.problem(
                    f"Số lượng thành viên không được âm (đang là {row.headcount}).",
                    number, "headcount"))
            elif row.headcount is not None and row.headcount > MAX_HEADCOUNT:
                problems.append(table.problem(
                    f"Số lượng thành viên quá lớn (đang là {row.headcount}); hãy kiểm tra lại.",
                    number, "headcount"))
            row.headcount = row.headcount or 0
    return row


def parse_units_file(data: bytes, *, filename: str) -> tuple[Table, list[UnitRow]]:
    table = read_table(data, filename=filename, columns=COLUMNS)
    try:
        return table, rows_from_table(table)
    except ImportRejected as rejected:
        raise ImportRejected(rejected.problems, filename=filename) from None


def import_units(
    *, session: Session, table: Table, rows: list[UnitRow], filename: str,
    actor_id: int | None, now: datetime,
) -> ImportSummary:
    """Upsert units by code in one transaction; on any problem nothing is stored."""
    existing = {u.code: u for u in session.exec(select(Unit))}
    problems = _check_rows(session, table, rows, existing)
    if problems:
        raise ImportRejected(problems, filename=filename)
    before = {code: _state(unit) for code, unit in existing.items()}
    summary = ImportSummary()
    blocks = _resolve(session, Block, {r.block for r in rows if r.block}, summary.new_blocks)
    clusters = _resolve(session, Cluster, {r.cluster for r in rows if r.cluster},
                        summary.new_clusters)
    by_code = dict(existing)
    for row in rows:
        if row.code not in by_code:
            by_code[row.code] = Unit(code=row.code, name=row.name, created_at=now)
            session.add(by_code[row.code])
        _apply(by_code[row.code], row, blocks, clusters)
    session.flush()
    for row in rows:
        by_code[row.code].parent_id = by_code[row.parent_code].id if row.parent_code else None
    rebuild_tree_fields(session=session)
    for row in rows:
        unit = by_code[row.code]
        if row.code not in before:
            summary.created += 1
        elif _state(unit) != before[row.code]:
            unit.updated_at = now
            summary.updated += 1
        else:
            summary.unchanged += 1
    audit.record(session=session, actor_id=actor_id, action="unit.import", target=filename,
                 details={"created": summary.created, "updated": summary.updated,
                          "unchanged": summary.unchanged}, now=now)
    session.commit()
    return summary


def _state(unit: Unit) -> tuple:
    return (unit.name, unit.kind, unit.headcount, unit.block_id, unit.cluster_id, unit.parent_id)


def _apply(unit: Unit, row: UnitRow, blocks: dict, clusters: dict) -> None:
    unit.name = row.name
    unit.search_text = search_text_for(row.name, row.code)
    if row.kind is not None:
        unit.kind = row.kind
    if row.headcount is not None:
        unit.headcount = row.headcount
    # An empty block below another unit means "the block of the unit above".
    if row.block or (row.block is not None and not row.parent_code):
        unit.block_id = blocks[fold(row.block)].id if row.block else None
    if row.cluster is not None:
        unit.cluster_id = clusters[fold(row.cluster)].id if row.cluster else None


def _resolve(session: Session, model, names: set[str], created: list[str]) -> dict:
    """Blocks or clusters by folded name or code; the missing ones are created."""
    known: dict[str, object] = {}
    codes: set[str] = set()
    for item in session.exec(select(model)):
        known.setdefault(fold(item.name), item)
        known.setdefault(fold(item.code), item)
        codes.add(item.code)
    for name in sorted(names):
        if fold(name) not in known:
            item = model(code=_free_code(name, codes), name=name)
            session.add(item)
            known[fold(name)] = item
            created.append(name)
    session.flush()
    return known


def _free_code(name: str, taken: set[str]) -> str:
    """A code made from the name; long names that start alike get "-2", "-3"... to differ."""
    base = code = name.upper()[:MAX_CODE].rstrip()
    number = 1
    while code in taken:
        number += 1
        code = f"{base[:MAX_CODE - len(str(number)) - 1].rstrip()}-{number}"
    taken.add(code)
    return code


def _check_rows(session: Session, table: Table, rows: list[UnitRow],
                existing: dict[str, Unit]) -> list[CellProblem]:
    problems: list[CellProblem] = []
    first_row: dict[str, int] = {}
    for row in rows:
        if row.code in first_row:
            problems.append(table.problem(
                f"Mã đơn vị “{row.code}” bị trùng với dòng {first_row[row.code]}.",
                row.row, "code"))
            continue
        first_row[row.code] = row.row
        unit = existing.get(row.code)
        if unit is not None and not unit.is_active:
            problems.append(table.problem(
                f"Mã “{row.code}” thuộc đơn vị “{unit.name}” đã ngừng hoạt động; "
                "hãy dùng mã khác hoặc khôi phục đơn vị đó trước.", row.row, "code"))
    in_file = {row.code: row for row in rows}
    for row in rows:
        if not row.parent_code:
            continue
        if row.parent_code == row.code:
            problems.append(table.problem(
                "Đơn vị không thể là cấp trên của chính nó.", row.row, "parent_code"))
        elif row.parent_code not in in_file:
            parent = existing.get(row.parent_code)
            if parent is None:
                problems.append(table.problem(
                    f"Không có đơn vị cấp trên mã “{row.parent_code}” "
                    "trong tệp hay trong hệ thống.",
                    row.row, "parent_code"))
            elif not parent.is_active:
                problems.append(table.problem(
                    f"Đơn vị cấp trên “{parent.name}” đã ngừng hoạt động.", row.row, "parent_code"))
    if not problems:
        problems += _cycles(table, rows, existing)
    if not problems:
        problems += _block_conflicts(session, table, rows, existing)
    return problems


def _final_parents(rows: list[UnitRow], existing: dict[str, Unit]) -> dict[str, str | None]:
    codes_by_id = {u.id: code for code, u in existing.items()}
    parents: dict[str, str | None] = {
        code: codes_by_id.get(u.parent_id) for code, u in existing.items()
    }
    parents.update({row.code: row.parent_code or None for row in rows})
    return parents


def _cycles(table: Table, rows: list[UnitRow], existing: dict[str, Unit]) -> list[CellProblem]:
    parents = _final_parents(rows, existing)
    problems = []
    for row in rows:
        seen, code = [row.code], parents.get(row.code)
        while code is not None:
            if code == row.code:
                chain = " → ".join([*seen, code])
                problems.append(table.problem(
                    f"Cấp trên tạo thành vòng lặp: {chain}.", row.row, "parent_code"))
                break
            if code in seen:
                break
            seen.append(code)
            code = parents.get(code)
    return problems


def _block_conflicts(session: Session, table: Table, rows: list[UnitRow],
                     existing: dict[str, Unit]) -> list[CellProblem]:
    """A unit below one that belongs to a block belongs to that same block."""
    parents = _final_parents(rows, existing)
    in_file = {row.code: row for row in rows}
    block_keys = {b.id: {fold(b.name), fold(b.code)} for b in session.exec(select(Block))}
    settled: dict[str, set[str]] = {}

    def own_keys(code: str) -> set[str]:
        # Mirrors _apply: the block a unit keeps before the units above it have their say.
        row = in_file.get(code)
        if row is not None and (row.block or (row.block is not None and not row.parent_code)):
            return {fold(row.block)} if row.block else set()
        unit = existing.get(code)
        return block_keys.get(unit.block_id, set()) if unit else set()

    def block_of(code: str) -> set[str]:
        # As rebuild_tree_fields settles it: a block above wins over everything below it,
        # also over units this file leaves alone.
        if code not in settled:
            parent = parents.get(code)
            settled[code] = (block_of(parent) if parent else set()) or own_keys(code)
        return settled[code]

    problems = []
    for row in rows:
        parent = parents.get(row.code)
        above = block_of(parent) if row.block and parent else set()
        if above and fold(row.block) not in above:
            problems.append(table.problem(
                f"Khối “{row.block}” khác khối của đơn vị cấp trên; đơn vị cấp dưới thuộc "
                "khối của đơn vị cấp trên (để trống ô này là được).", row.row, "block"))
    return problems
