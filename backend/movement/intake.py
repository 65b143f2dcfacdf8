"""Registering a unit's entries from an .xlsx file: every row lands, or none does and each
bad row is reported with its sheet, row and column.

The whole file is read and checked first (on `read`, a session that takes no write lock when
the caller gives one): each row goes through the same `checked_entry` a single registration
does, with the actor's reach, and titles are matched against the file itself and against the
entries already stored. Only a clean file is then stored, in one short transaction.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import BinaryIO

from sqlalchemy import select, tuple_
from sqlmodel import Session

from backend import vntext
from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.errors import CellProblem, DomainError, ImportRejected
from backend.movement import service
from backend.movement.models import EntryKind, MovementEntry, MovementField, MovementYear
from backend.spreadsheet import Column, Row, Table, cell_text, read_table
from backend.units import service as units
from exports.movement_intake import IntakeTemplate

MAX_ROWS = 2000
MAX_FILE_BYTES = 5 * 1024 * 1024  # the app's own cap on an uploaded form (max_upload_bytes)
COLUMNS = [
    Column("unit_id", "Mã đơn vị", aliases=("Mã ĐV", "Mã")),
    Column("kind", "Loại", aliases=("Loại đăng ký", "Phân loại")),
    Column("title", "Tên mô hình, giải pháp", aliases=(
        "Tên mô hình/giải pháp", "Tên mô hình, giải pháp, điển hình", "Tên mô hình",
        "Tên giải pháp", "Tên")),
    Column("field", "Lĩnh vực"),
    Column("people", "Người, tập thể thực hiện", required=False, aliases=(
        "Người/tập thể thực hiện", "Người thực hiện", "Tập thể thực hiện",
        "Người, tập thể")),
    Column("description", "Mô tả", required=False, aliases=("Nội dung", "Mô tả cách làm")),
    Column("results", "Kết quả đạt được", required=False, aliases=("Kết quả", "Hiệu quả")),
]
# A kind as typed: its label or its code, without case or diacritics.
KIND_WORDS = {**{vntext.fold(kind.label): kind for kind in EntryKind},
              **{kind.value: kind for kind in EntryKind},
              **{vntext.fold(kind.value.replace("_", " ")): kind for kind in EntryKind}}
KIND_CHOICES = ", ".join(kind.label for kind in EntryKind)


def import_entries(*, session: Session, year_id: int, content: BinaryIO | bytes, filename: str,
                   actor: UserAccount | None, now: datetime, read: Session | None = None) -> int:
    """Register every entry of an .xlsx file for the year, or none: ImportRejected lists every
    bad row (sheet, row, column). Checked on `read` (default `session`), stored on `session` in
    one transaction. Officers only while registration is open. Returns how many."""
    read = read or session
    entries = checked_file(session=read, year_id=year_id, content=content, filename=filename,
                           actor=actor, now=now)
    read.commit()  # the read ends here: nothing of it stays open while the rows are written
    service.store_entries(session=session, entries=entries, actor=actor, now=now)
    audit.record(session=session, actor_id=actor.id if actor else None, action="movement.import",
                 target=f"movement_year:{year_id}",
                 details={"filename": filename, "registered": len(entries)}, now=now)
    session.commit()
    return len(entries)


def template_of(*, session: Session, year_id: int, actor: UserAccount) -> IntakeTemplate:
    """What the blank file lists: the kinds, the year's fields, the units the actor registers
    for (its subtree), and an example row for the actor's own unit."""
    period = service.get_year(session=session, year_id=year_id)
    within = units.scope_of(session=session, user=actor)
    reach = units.list_units(session=session, within=within)
    fields = [f.name for f in service.fields_of(session=session, year_id=period.id)]
    session.commit()
    # An officer's own unit; for organisers a unit under the city's root.
    example_unit = within or next(iter(reach[1:] or reach), None)
    code = example_unit.code if example_unit is not None else ""
    return IntakeTemplate(
        kinds=[kind.label for kind in EntryKind], fields=fields,
        units=[(unit.code, unit.name) for unit in reach],
        example=[code, EntryKind.MODEL.label, "Dân vận khéo trong chỉnh trang đô thị",
                 fields[0] if fields else "", "Tổ dân phố 3",
                 "Vận động người dân hiến đất mở rộng hẻm.", "Mở rộng 2 km hẻm, 120 hộ hưởng lợi."])


def checked_file(*, session: Session, year_id: int, content: BinaryIO | bytes, filename: str,
                 actor: UserAccount | None, now: datetime) -> list[MovementEntry]:
    """The entries of the file, each checked as a single registration would be, not stored."""
    period = service.get_year(session=session, year_id=year_id)
    service.check_registration_open(period=period, actor=actor, now=now)
    data = content if isinstance(content, bytes) else content.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected([CellProblem(
            "Tệp lớn hơn 5 MB; hãy chia thành nhiều tệp nhỏ hơn rồi nhập lần lượt.")],
            filename=filename)
    table = read_table(data, filename=filename, columns=COLUMNS, max_rows=MAX_ROWS)
    if not table.rows:
        raise ImportRejected([table.problem("Tệp không có dòng nào dưới dòng tiêu đề.")],
                             filename=filename)
    problems: list[CellProblem] = []
    found = _checked_rows(session, period, table, actor, problems)
    _check_titles(session, period, table, found, problems)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.row or 0), filename=filename)
    return [entry for _, entry in found]


def _checked_rows(session: Session, period: MovementYear, table: Table,
                  actor: UserAccount | None,
                  problems: list[CellProblem]) -> list[tuple[Row, MovementEntry]]:
    fields = service.fields_of(session=session, year_id=period.id)
    codes = {cell_text(row.values.get("unit_id")).upper() for row in table.rows}
    by_code = units.find_by_codes(session=session, codes=codes - {""})
    found = []
    for row in table.rows:
        entry = _checked_row(session, period, fields, by_code, table, row, actor, problems)
        if entry is not None:
            found.append((row, entry))
    return found


def _checked_row(session: Session, period: MovementYear, fields: Sequence[MovementField],
                 by_code: dict, table: Table, row: Row, actor: UserAccount | None,
                 problems: list[CellProblem]) -> MovementEntry | None:
    """The row's entry, or None with its problems added: the unit and the kind are read here,
    everything else is the service's check."""
    text = {column.key: cell_text(row.values.get(column.key)) for column in COLUMNS}
    unit = by_code.get(text["unit_id"].upper())
    kind = KIND_WORDS.get(vntext.fold(text["kind"]))
    before = len(problems)
    if unit is None:
        problems.append(table.problem(
            f"Không có đơn vị mã “{text['unit_id']}”." if text["unit_id"]
            else "Hãy ghi mã đơn vị.", row.number, "unit_id"))
    if kind is None:
        problems.append(table.problem(
            f"Loại “{text['kind']}” không hợp lệ; chỉ dùng: {KIND_CHOICES}." if text["kind"]
            else f"Hãy ghi loại: {KIND_CHOICES}.", row.number, "kind"))
    if len(problems) > before:
        return None
    data = service.EntryData(unit_id=unit.id, kind=kind, title=text["title"],
                             field=text["field"], people=text["people"],
                             description=_raw(row, "description"), results=_raw(row, "results"))
    try:
        return service.checked_entry(session=session, period=period, data=data, actor=actor,
                                     fields=fields)
    except DomainError as error:
        problems.append(table.problem(error.message, row.number,
                                      error.extra.get("field", "title")))
        return None


def _raw(row: Row, key: str) -> str:
    """A long text cell as typed: its line breaks kept (the service cleans it)."""
    value = row.values.get(key)
    return "" if value is None else cell_text(value) if not isinstance(value, str) else value


def _check_titles(session: Session, period: MovementYear, table: Table,
                  found: list[tuple[Row, MovementEntry]], problems: list[CellProblem]) -> None:
    """A unit registers a title once a year: twice in the file, or already stored, is a row
    error."""
    keys = {(entry.unit_id, entry.title_key) for _, entry in found}
    stored = set()
    for chunk in _chunks(sorted(keys)):
        stored |= set(session.execute(
            select(MovementEntry.unit_id, MovementEntry.title_key).where(
                MovementEntry.year_id == period.id,
                tuple_(MovementEntry.unit_id, MovementEntry.title_key).in_(chunk))).all())
    first: dict[tuple[int, str], int] = {}
    for row, entry in found:
        key = (entry.unit_id, entry.title_key)
        if key in stored:
            problems.append(table.problem(
                f"Đơn vị đã đăng ký “{entry.title}” trong năm {period.year}; mỗi mô hình, giải "
                "pháp chỉ đăng ký một lần.", row.number, "title"))
        elif key in first:
            problems.append(table.problem(
                f"“{entry.title}” của cùng đơn vị trùng với dòng {first[key]} (chỉ khác chữ hoa "
                "hay khoảng trắng cũng là trùng).", row.number, "title"))
        else:
            first[key] = row.number


def _chunks(items: list, size: int = 400):
    for start in range(0, len(items), size):
        yield items[start:start + size]
