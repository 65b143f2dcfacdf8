"""Importing the unit tree from .xlsx: every row lands, or none does and each error is located.

The file is read and checked on a read session, which takes no write lock; only then does one
write transaction apply it. The tree changes in that one transaction, not in batches: paths,
depths and blocks pass down from parent to child, so a half-applied tree would file contestants
and tallies under units that are about to move. A city's tree is a few hundred rows, written in
milliseconds; the write checks the same rules again against what it is about to change, so a
change made by someone else since the read cannot slip in.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from backend.audit import service as audit
from backend.errors import ImportRejected
from backend.spreadsheet import Table, read_table
from backend.units.import_checks import BlockKey, UnitFile
from backend.units.import_rows import COLUMNS, MAX_CODE, UnitRow, rows_from_table, typed_rows
from backend.units.models import Block, Cluster, Unit
from backend.units.service import rebuild_tree_fields, search_text_for
from backend.vntext import fold

MAX_ROWS = 5000

__all__ = ["COLUMNS", "MAX_ROWS", "ImportSummary", "UnitRow", "import_units",
           "import_units_file", "rows_from_table"]


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


def _read_file(session: Session, table: Table, rows: list[UnitRow]) -> UnitFile:
    units = {u.code: u for u in session.exec(select(Unit))}
    return UnitFile(table, rows, units, list(session.exec(select(Block))))


def import_units_file(
    *, read: Session, write: Session, data: bytes, filename: str, actor_id: int | None,
    now: datetime,
) -> ImportSummary:
    """Import an .xlsx of units (and blocks given as rows): read and checked on `read`, then
    written on `write` in one short transaction. ImportRejected lists every problem at once."""
    table = read_table(data, filename=filename, columns=COLUMNS, max_rows=MAX_ROWS)
    rows, problems = typed_rows(table)
    problems = sorted(problems + _read_file(read, table, rows).problems(),
                      key=lambda p: p.row or 0)
    read.commit()  # the read ends here: nothing stays open while the file is written
    if problems:
        raise ImportRejected(problems, filename=filename)
    return import_units(session=write, table=table, rows=rows, filename=filename,
                        actor_id=actor_id, now=now)


def import_units(
    *, session: Session, table: Table, rows: list[UnitRow], filename: str,
    actor_id: int | None, now: datetime,
) -> ImportSummary:
    """Upsert units and blocks by code in one transaction; on any problem nothing is stored."""
    plan = _read_file(session, table, rows)
    problems = plan.problems()
    if problems:
        raise ImportRejected(problems, filename=filename)
    before = {code: _state(unit) for code, unit in plan.units.items()}
    summary = ImportSummary()
    blocks = _blocks(session, plan, summary.new_blocks)
    clusters = _clusters(session, {r.cluster for r in plan.unit_rows if r.cluster},
                         summary.new_clusters)
    by_code = dict(plan.units)
    for row in plan.unit_rows:
        if row.code not in by_code:
            by_code[row.code] = Unit(code=row.code, name=row.name, created_at=now)
            session.add(by_code[row.code])
        _apply(by_code[row.code], row, blocks.get(plan.own_block(row.code)), clusters)
    session.flush()
    for row in plan.unit_rows:
        parent = plan.unit_parent(row.code)
        by_code[row.code].parent_id = by_code[parent].id if parent else None
    rebuild_tree_fields(session=session)
    for row in plan.unit_rows:
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


def _apply(unit: Unit, row: UnitRow, block: Block | None, clusters: dict) -> None:
    unit.name = row.name
    unit.search_text = search_text_for(row.name, row.code)
    if row.kind is not None:
        unit.kind = row.kind
    if row.headcount is not None:
        unit.headcount = row.headcount
    unit.block_id = block.id if block else None
    if row.cluster is not None:
        unit.cluster_id = clusters[fold(row.cluster)].id if row.cluster else None


def _blocks(session: Session, plan: UnitFile, created: list[str]) -> dict[BlockKey, Block]:
    """Every block the file names: block rows upserted by code, stored blocks as they are,
    and new names in "Khối" cells created with a code made from the name."""
    found: dict[BlockKey, Block] = {("id", b.id): b for b in plan.blocks}
    taken = {b.code for b in plan.blocks} | set(plan.block_rows)
    for code, row in plan.block_rows.items():
        block = plan.stored_code.get(code)
        if block is None:
            block = Block(code=code, name=row.name)
            created.append(row.name)
        block.name = row.name
        session.add(block)
        found[("row", code)] = block
    for row in plan.unit_rows:
        key = plan.block_key(row.block) if row.block else None
        if key is not None and key not in found:
            found[key] = Block(code=_free_code(row.block, taken), name=row.block)
            session.add(found[key])
            created.append(row.block)
    session.flush()
    return found


def _clusters(session: Session, names: set[str], created: list[str]) -> dict[str, Cluster]:
    """Clusters by folded name or code; the missing ones are created."""
    known: dict[str, Cluster] = {}
    codes: set[str] = set()
    for item in session.exec(select(Cluster)):
        known.setdefault(fold(item.name), item)
        known.setdefault(fold(item.code), item)
        codes.add(item.code)
    for name in sorted(names):
        if fold(name) not in known:
            item = Cluster(code=_free_code(name, codes), name=name)
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
