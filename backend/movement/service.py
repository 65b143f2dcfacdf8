"""The movement's rules: a year and its fields, registering entries within the window, and the
one transition function that moves an entry up a step (or rejects it), done by someone whose
role covers that level of the tree."""

import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend import vntext
from backend.accounts.models import Role, UserAccount
from backend.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from backend.movement.models import (
    EntryKind,
    EntryStatus,
    EntryStep,
    MovementEntry,
    MovementField,
    MovementYear,
)
from backend.movement.years import (  # re-exported: callers use the service
    add_field as add_field,
)
from backend.movement.years import (
    create_year as create_year,
)
from backend.movement.years import (
    fields_of as fields_of,
)
from backend.movement.years import (
    get_year as get_year,
)
from backend.movement.years import (
    registration_open as registration_open,
)
from backend.units.models import Unit

MAX_TEXT = 20_000  # description, results
MAX_REASON = 500
MAX_BULK = 500  # entries one bulk action takes

# The step each status moves to.
NEXT: dict[EntryStatus, EntryStatus] = {
    EntryStatus.REGISTERED: EntryStatus.VERIFIED,
    EntryStatus.VERIFIED: EntryStatus.UNIT_RECOGNISED,
    EntryStatus.UNIT_RECOGNISED: EntryStatus.CITY_PROPOSED,
    EntryStatus.CITY_PROPOSED: EntryStatus.CITY_RECOGNISED,
    EntryStatus.CITY_RECOGNISED: EntryStatus.EXEMPLARY,
    EntryStatus.EXEMPLARY: EntryStatus.COMMENDATION_PROPOSED,
}
# Reached by the entry, whatever came after: "recognised" counts city-level ones too.
ORDER = (EntryStatus.REGISTERED, *NEXT.values())


class Level:
    """Whose step it is: the board of the entry's own line of the tree, the unit right under
    the city, or the city (organisers)."""

    OWN_LINE = "own_line"
    UNIT = "unit"
    CITY = "city"


STEP_LEVEL = {
    EntryStatus.REGISTERED: Level.OWN_LINE,  # verifying
    EntryStatus.VERIFIED: Level.UNIT,  # recognising at the unit level
    EntryStatus.UNIT_RECOGNISED: Level.UNIT,  # proposing to the city
    EntryStatus.CITY_PROPOSED: Level.CITY,
    EntryStatus.CITY_RECOGNISED: Level.CITY,
    EntryStatus.EXEMPLARY: Level.CITY,
}
LEVEL_LABELS = {Level.OWN_LINE: "Ban Dân vận cấp của đơn vị hoặc cấp trên",
                Level.UNIT: "đơn vị trực thuộc thành phố (quận, huyện, đảng ủy, đoàn thể)",
                Level.CITY: "Ban Dân vận Thành ủy (ban tổ chức)"}


def reached(entry: MovementEntry, status: EntryStatus) -> bool:
    """Whether the entry got to `status` (a rejected entry keeps the step it had reached)."""
    at = entry.rejected_from if entry.status is EntryStatus.REJECTED else entry.status
    return ORDER.index(status) <= ORDER.index(at)


def _long_text(raw: object, *, field: str) -> str:
    text = unicodedata.normalize("NFC", vntext.strip_controls(str(raw or ""))).strip()
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"{field} dài quá {MAX_TEXT:,} ký tự.".replace(",", "."))
    return text


def _actor_id(actor: UserAccount | None) -> int | None:
    return actor.id if actor is not None else None  # None: the command line on the server


# Registering --------------------------------------------------------------------------------

@dataclass(frozen=True)
class EntryData:
    """What a unit registers, as typed (cleaned and checked by `checked_entry`)."""

    unit_id: int
    kind: EntryKind | str
    title: str
    field: str  # the field's name (as listed for the year)
    people: str = ""
    description: str = ""
    results: str = ""


@contextmanager
def _about(attribute: str) -> Iterator[None]:
    """Refusals raised inside name the EntryData attribute they are about (extra["field"]),
    so that a form or a spreadsheet can point at the box or the column to fix."""
    try:
        yield
    except DomainError as error:
        error.extra.setdefault("field", attribute)
        raise


def checked_entry(*, session: Session, period: MovementYear, data: EntryData,
                  actor: UserAccount | None,
                  fields: Sequence[MovementField] | None = None) -> MovementEntry:
    """The entry `data` describes, checked but not stored: a unit within the actor's reach, a
    known kind and field, a title. Raises InvalidInput/NotFound with what to fix; the error's
    extra["field"] names the EntryData attribute at fault."""
    with _about("unit_id"):
        unit = unit_in_reach(session=session, unit_id=data.unit_id, actor=actor)
    try:
        kind = EntryKind(data.kind)
    except ValueError:
        raise InvalidInput("Loại đăng ký phải là mô hình, giải pháp, điển hình tập thể hoặc "
                           "điển hình cá nhân.", extra={"field": "kind"}) from None
    with _about("title"):
        title = vntext.checked_name(data.title, field="Tên mô hình, giải pháp", max_length=300)
    by_name = {vntext.same_text_key(f.name): f
               for f in (fields if fields is not None
                         else fields_of(session=session, year_id=period.id))}
    field = by_name.get(vntext.same_text_key(data.field))
    if field is None:
        raise InvalidInput(f"Lĩnh vực “{vntext.clean(data.field)}” không có trong năm "
                           f"{period.year}; chọn một trong: "
                           + "; ".join(f.name for f in by_name.values()) + ".",
                           extra={"field": "field"})
    people = vntext.clean(data.people)
    if len(people) > 500:
        raise InvalidInput("Người, tập thể thực hiện dài quá 500 ký tự.",
                           extra={"field": "people"})
    if kind.is_individual and not people:
        raise InvalidInput("Điển hình cá nhân cần ghi họ và tên người được đăng ký.",
                           extra={"field": "people"})
    with _about("description"):
        description = _long_text(data.description, field="Mô tả")
    with _about("results"):
        results = _long_text(data.results, field="Kết quả đạt được")
    return MovementEntry(year_id=period.id, unit_id=unit.id, kind=kind, title=title,
                         title_key=vntext.same_text_key(title), field_id=field.id,
                         people=people, description=description, results=results)


def check_registration_open(*, period: MovementYear, actor: UserAccount | None,
                            now: datetime) -> None:
    """Officers register within the year's window; organisers (and the command line) any
    time. Conflict `registration_closed` otherwise."""
    if not registration_open(period, now) and not _is_organiser(actor):
        state = "chưa mở" if now < period.registration_opens_at else "đã hết hạn"
        raise Conflict(f"{period.title}: đăng ký {state}. Liên hệ Ban Dân vận Thành ủy nếu "
                       "cần đăng ký ngoài thời hạn.", code="registration_closed")


def register_entry(*, session: Session, year_id: int, data: EntryData,
                   actor: UserAccount | None, now: datetime) -> MovementEntry:
    """Register one entry for a unit within the year's registration window."""
    period = get_year(session=session, year_id=year_id)
    check_registration_open(period=period, actor=actor, now=now)
    entry = checked_entry(session=session, period=period, data=data, actor=actor)
    store_entries(session=session, entries=[entry], actor=actor, now=now)
    session.commit()
    return entry


def update_entry(*, session: Session, entry_id: int, data: EntryData,
                 actor: UserAccount | None, now: datetime) -> MovementEntry:
    """Correct an entry while it is still only registered, by the same checks as registering
    (the history records no step: nothing moved)."""
    entry = get_entry(session=session, entry_id=entry_id, actor=actor)
    if entry.status is not EntryStatus.REGISTERED:
        raise Conflict(f"“{entry.title}” đang ở bước “{entry.status.label}”: chỉ sửa được khi "
                       "còn ở bước “Đã đăng ký”.", code="entry_not_editable")
    period = get_year(session=session, year_id=entry.year_id)
    check_registration_open(period=period, actor=actor, now=now)
    checked = checked_entry(session=session, period=period, data=data, actor=actor)
    for name in ("unit_id", "kind", "title", "title_key", "field_id", "people", "description",
                 "results"):
        setattr(entry, name, getattr(checked, name))
    entry.updated_at = now
    session.add(entry)
    _flush_titles(session)
    session.commit()
    return entry


def _flush_titles(session: Session) -> None:
    """Flush; a title the unit already registered this year is a Conflict naming it."""
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict("Đơn vị đã đăng ký mô hình, giải pháp cùng tên trong năm này.",
                       code="duplicate_entry") from None


def store_entries(*, session: Session, entries: Sequence[MovementEntry],
                  actor: UserAccount | None, now: datetime) -> None:
    """Add checked entries and their first step (flushes; the caller commits). A title the
    unit already registered this year is a Conflict naming it."""
    for entry in entries:
        entry.created_by = _actor_id(actor)
        entry.created_at = entry.updated_at = now
        session.add(entry)
    _flush_titles(session)
    session.add_all([EntryStep(entry_id=e.id, from_status=None, to_status=e.status,
                               actor_id=_actor_id(actor), at=now) for e in entries])
    session.flush()


# Who reaches what ---------------------------------------------------------------------------

def _is_organiser(actor: UserAccount | None) -> bool:
    return actor is None or actor.role == Role.ORGANISER


def _actor_unit(session: Session, actor: UserAccount) -> Unit | None:
    if actor.role != Role.UNIT_OFFICER or actor.unit_id is None:
        return None
    return session.get(Unit, actor.unit_id)


def unit_in_reach(*, session: Session, unit_id: int, actor: UserAccount | None) -> Unit:
    """A unit the actor registers for: organisers any, officers their own subtree."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị này, hoặc đơn vị nằm ngoài phạm vi của bạn.")
    if _is_organiser(actor):
        return unit
    own = _actor_unit(session, actor)
    if own is None or not own.contains(unit):
        raise NotFound("Không tìm thấy đơn vị này, hoặc đơn vị nằm ngoài phạm vi của bạn.")
    return unit


def get_entry(*, session: Session, entry_id: int, actor: UserAccount | None) -> MovementEntry:
    """One entry the actor may see (organisers all; officers their subtree's), else 404."""
    entry = session.get(MovementEntry, entry_id)
    if entry is None:
        raise NotFound("Không tìm thấy mô hình, giải pháp này.")
    if not _is_organiser(actor):
        own = _actor_unit(session, actor)
        unit = session.get(Unit, entry.unit_id)
        if own is None or not own.contains(unit):
            raise NotFound("Không tìm thấy mô hình, giải pháp này.")
    return entry


def may_act(*, session: Session, entry: MovementEntry, actor: UserAccount | None) -> bool:
    """Whether the actor may take the entry's next step (or reject it) from where it stands."""
    level = STEP_LEVEL.get(entry.status)
    if level is None:
        return False
    if _is_organiser(actor):
        return True
    if level == Level.CITY:
        return False
    own = _actor_unit(session, actor)
    unit = session.get(Unit, entry.unit_id)
    if own is None or not own.contains(unit):
        return False
    return level == Level.OWN_LINE or own.depth <= 1


def _check_may_act(session: Session, entry: MovementEntry, actor: UserAccount | None) -> None:
    if entry.status not in STEP_LEVEL:
        raise Conflict(f"“{entry.title}” đang ở bước “{entry.status.label}”: không còn bước "
                       "nào để xét.")
    if not may_act(session=session, entry=entry, actor=actor):
        level = STEP_LEVEL[entry.status]
        raise Forbidden(f"Bước tiếp theo của “{entry.title}” do {LEVEL_LABELS[level]} thực "
                        "hiện; tài khoản của bạn không ở cấp đó.")


# The transition -----------------------------------------------------------------------------

def _move(session: Session, entry: MovementEntry, *, to: EntryStatus, actor: UserAccount | None,
          reason: str, now: datetime) -> None:
    """The one place an entry's status changes; records the step."""
    _check_may_act(session, entry, actor)
    came_from = entry.status
    if to is EntryStatus.REJECTED:
        entry.rejected_from, entry.rejected_reason = came_from, reason
    elif to is not NEXT[came_from]:
        raise Conflict(f"“{entry.title}” đang ở bước “{came_from.label}”, chỉ có thể chuyển "
                       f"sang “{NEXT[came_from].label}”.")
    entry.status, entry.updated_at = to, now
    session.add(entry)
    session.add(EntryStep(entry_id=entry.id, from_status=came_from, to_status=to,
                          actor_id=_actor_id(actor), reason=reason, at=now))


def advance_entry(*, session: Session, entry_id: int, to: EntryStatus,
                  actor: UserAccount | None, now: datetime, reason: str = "") -> MovementEntry:
    """Move one entry to its next step (`to` names it, so a stale page cannot skip one), or
    reject it (`to` REJECTED, a reason required)."""
    entry = get_entry(session=session, entry_id=entry_id, actor=actor)
    _move(session, entry, to=to, actor=actor, reason=_reason(reason, to), now=now)
    session.commit()
    return entry


def _reason(raw: str, to: EntryStatus) -> str:
    if to is EntryStatus.REJECTED:
        return vntext.checked_reason(raw, missing="Hãy ghi lý do không công nhận.",
                                     max_length=MAX_REASON)
    text = vntext.clean(raw)
    if len(text) > MAX_REASON:
        raise InvalidInput(f"Ghi chú dài quá {MAX_REASON} ký tự.")
    return text


@dataclass(frozen=True)
class BulkOutcome:
    moved: int
    refused: list[tuple[int, str]]  # entry id, why


def advance_entries(*, session: Session, entry_ids: Sequence[int], to: EntryStatus,
                    actor: UserAccount | None, now: datetime, reason: str = "",
                    year_id: int | None = None) -> BulkOutcome:
    """Move many entries to `to` at once (all that may move do, in one transaction); each one
    that may not (or, `year_id` given, that belongs to another year) is listed with the
    reason."""
    ids = list(dict.fromkeys(entry_ids))
    if not ids:
        raise InvalidInput("Hãy chọn ít nhất một mô hình, giải pháp.")
    if len(ids) > MAX_BULK:
        raise InvalidInput(f"Mỗi lần chỉ xét tối đa {MAX_BULK} mô hình, giải pháp.")
    note = _reason(reason, to)
    refused: list[tuple[int, str]] = []
    moved = 0
    for entry_id in ids:
        try:
            entry = get_entry(session=session, entry_id=entry_id, actor=actor)
            if year_id is not None and entry.year_id != year_id:
                raise Conflict(f"“{entry.title}” thuộc đợt phong trào khác.")
            _move(session, entry, to=to, actor=actor, reason=note, now=now)
            moved += 1
        except (NotFound, Forbidden, Conflict) as refusal:
            refused.append((entry_id, refusal.message))
    session.commit()
    return BulkOutcome(moved=moved, refused=refused)


def steps_of(*, session: Session, entry_id: int) -> list[EntryStep]:
    return list(session.scalars(select(EntryStep).where(EntryStep.entry_id == entry_id)
                                .order_by(EntryStep.id)))
