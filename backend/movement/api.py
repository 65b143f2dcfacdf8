"""The movement over JSON, mirroring its pages: years and fields (organisers create them),
a year's entries within the caller's subtree, registering and correcting an entry, and steps
on one entry or many. Staff bearer token: REGISTER_ENTRIES; years and fields
MANAGE_MOVEMENT."""

from typing import Annotated

from fastapi import APIRouter, Query

from backend.clock import local_to_utc
from backend.deps import INT_MAX, Now, PageNumber, ReadSessionDep, SessionDep, SettingsDep
from backend.movement import queries, service
from backend.movement.deps import (
    ManagedYear,
    MovementManager,
    MovementStaff,
    MovementYearDep,
    ReachableEntry,
)
from backend.movement.models import EntryKind, EntryStatus
from backend.movement.schemas import (
    BulkOutcomeOut,
    BulkStepIn,
    EntriesOut,
    EntryDetailOut,
    EntryIn,
    EntryOut,
    FieldIn,
    FieldOut,
    RefusalOut,
    StepIn,
    YearIn,
    YearOut,
)
from backend.units import service as units

router = APIRouter(prefix="/api/v1/movement", tags=["Phong trào Dân vận khéo"])
BoundId = Annotated[int | None, Query(ge=1, le=INT_MAX)]


def _year(session, year, now) -> YearOut:
    return YearOut.of(year, service.fields_of(session=session, year_id=year.id), now)


@router.get("/years")
def list_years(user: MovementStaff, session: ReadSessionDep, now: Now) -> list[YearOut]:
    """Every year of the movement, the latest first, with its fields and window."""
    return [_year(session, y, now) for y in queries.list_years(session=session)]


@router.post("/years", status_code=201)
def create_year(body: YearIn, user: MovementManager, session: SessionDep,
                settings: SettingsDep, now: Now) -> YearOut:
    """Open a year: its registration window and the four usual fields (409 if the year
    exists)."""
    year = service.create_year(
        session=session, year=body.year, title=body.title,
        opens_at=local_to_utc(body.opens_at, settings.zone),
        closes_at=local_to_utc(body.closes_at, settings.zone),
        reminder_days=body.reminder_days)
    return _year(session, year, now)


@router.post("/years/{year_id}/fields", status_code=201)
def add_field(body: FieldIn, year: ManagedYear, session: SessionDep) -> FieldOut:
    """Add a field entries of the year may be registered under (409 if it is there)."""
    return FieldOut.of(service.add_field(session=session, year_id=year.id, name=body.name))


@router.get("/years/{year_id}/entries")
def list_entries(year: MovementYearDep, user: MovementStaff, session: ReadSessionDep,
                 status: EntryStatus | None = None, kind: EntryKind | None = None,
                 field_id: BoundId = None, unit_id: BoundId = None,
                 q: Annotated[str, Query(max_length=100)] = "",
                 page: PageNumber = 1) -> EntriesOut:
    """The year's entries within the caller's subtree (`unit_id`: that unit's subtree), 50 a
    page by unit and title, with how many stand at each status."""
    within = units.scope_of(session=session, user=user)
    chosen = queries.EntryFilter(
        status=status, kind=kind, field_id=field_id, query=q,
        unit=units.get_unit(session=session, unit_id=unit_id, within=within)
        if unit_id else None)
    found = queries.entry_page(session=session, year=year, within=within, chosen=chosen,
                               page=page)
    return EntriesOut(entries=[EntryOut.of(row) for row in found.rows], total=found.total,
                      page=found.page, pages=found.pages,
                      counts={s.value: n for s, n in found.counts.items()})


@router.post("/years/{year_id}/entries", status_code=201)
def register(body: EntryIn, year: MovementYearDep, user: MovementStaff, session: SessionDep,
             now: Now) -> EntryDetailOut:
    """Register an entry for a unit of the caller's subtree within the registration window
    (409 outside it, or for a title the unit already registered this year)."""
    entry = service.register_entry(session=session, year_id=year.id, data=body.data(),
                                   actor=user, now=now)
    return _detail(session, entry.id, user)


@router.get("/entries/{entry_id}")
def show(entry: ReachableEntry, user: MovementStaff, session: ReadSessionDep) -> EntryDetailOut:
    """One entry with the history of its steps and its evidence."""
    return _detail(session, entry.id, user)


@router.put("/entries/{entry_id}")
def correct(body: EntryIn, entry: ReachableEntry, user: MovementStaff, session: SessionDep,
            now: Now) -> EntryDetailOut:
    """Correct an entry while it is still only registered (409 afterwards)."""
    service.update_entry(session=session, entry_id=entry.id, data=body.data(), actor=user,
                         now=now)
    return _detail(session, entry.id, user)


@router.post("/entries/{entry_id}/steps")
def take_step(body: StepIn, entry: ReachableEntry, user: MovementStaff, session: SessionDep,
              now: Now) -> EntryDetailOut:
    """Move the entry to its next step (`to` names it) or reject it with a reason; 403 when
    the step belongs to another level, 409 when `to` is not the next step."""
    service.advance_entry(session=session, entry_id=entry.id, to=body.to, actor=user, now=now,
                          reason=body.reason)
    return _detail(session, entry.id, user)


@router.post("/years/{year_id}/steps")
def take_steps(body: BulkStepIn, year: MovementYearDep, user: MovementStaff,
               session: SessionDep, now: Now) -> BulkOutcomeOut:
    """Move up to 500 entries to `to` at once: all that may move do; each one that may not
    is listed with the reason."""
    outcome = service.advance_entries(session=session, entry_ids=body.entry_ids, to=body.to,
                                      actor=user, now=now, reason=body.reason,
                                      year_id=year.id)
    return BulkOutcomeOut(moved=outcome.moved, refused=[
        RefusalOut(entry_id=i, message=m) for i, m in outcome.refused])


def _detail(session, entry_id: int, user) -> EntryDetailOut:
    found = queries.entry_detail(session=session, entry_id=entry_id, actor=user)
    return EntryDetailOut.of_detail(found, service.may_act(session=session, entry=found.entry,
                                                           actor=user))
