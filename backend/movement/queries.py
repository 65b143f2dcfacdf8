"""The movement as people see it: the years, a year's entries within the reader's subtree
(filtered, counted by status, a page at a time) and one entry with its history and evidence."""

import math
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlmodel import Session

from backend import vntext
from backend.accounts.models import UserAccount
from backend.movement import service
from backend.movement.models import (
    EntryEvidence,
    EntryKind,
    EntryStatus,
    EntryStep,
    MovementEntry,
    MovementField,
    MovementYear,
)
from backend.units.models import Unit

PAGE_SIZE = 50


def list_years(*, session: Session) -> list[MovementYear]:
    """Every year of the movement, the latest first."""
    return list(session.scalars(select(MovementYear).order_by(MovementYear.year.desc())))


@dataclass(frozen=True)
class EntryFilter:
    """What a list of entries is narrowed to; `unit` takes its whole subtree."""

    status: EntryStatus | None = None
    kind: EntryKind | None = None
    field_id: int | None = None
    unit: Unit | None = None
    query: str = ""


@dataclass
class EntryRow:
    entry: MovementEntry
    unit_name: str
    field_name: str


@dataclass
class EntryPage:
    rows: list[EntryRow]
    total: int
    page: int
    pages: int
    # Entries at each status under the same filters, the status filter aside.
    counts: dict[EntryStatus, int] = field(default_factory=dict)


def _narrowed(statement, year: MovementYear, within: Unit | None, chosen: EntryFilter,
              *, by_status: bool = True):
    statement = statement.join(Unit, Unit.id == MovementEntry.unit_id).where(
        MovementEntry.year_id == year.id)
    for subtree in (within, chosen.unit):
        if subtree is not None:
            statement = statement.where(Unit.path.startswith(subtree.path))
    if by_status and chosen.status is not None:
        statement = statement.where(MovementEntry.status == chosen.status)
    if chosen.kind is not None:
        statement = statement.where(MovementEntry.kind == chosen.kind)
    if chosen.field_id is not None:
        statement = statement.where(MovementEntry.field_id == chosen.field_id)
    key = vntext.same_text_key(chosen.query)[:100]
    if key:
        statement = statement.where(MovementEntry.title_key.contains(key, autoescape=True))
    return statement


def entry_page(*, session: Session, year: MovementYear, within: Unit | None,
               chosen: EntryFilter = EntryFilter(), page: int = 1,
               page_size: int = PAGE_SIZE) -> EntryPage:
    """One page of the year's entries the reader sees (`within` None: all), by unit then
    title, with how many stand at each status."""
    counted = _narrowed(select(MovementEntry.status, func.count()), year, within, chosen,
                        by_status=False).group_by(MovementEntry.status)
    counts = {EntryStatus(status): n for status, n in session.execute(counted)}
    total = session.scalar(_narrowed(select(func.count()).select_from(MovementEntry), year,
                                     within, chosen))
    pages = max(1, math.ceil(total / page_size))
    page = min(page, pages)
    listed = (_narrowed(select(MovementEntry, Unit.name, MovementField.name), year, within,
                        chosen)
              .join(MovementField, MovementField.id == MovementEntry.field_id)
              .order_by(Unit.path, MovementEntry.title_key, MovementEntry.id)
              .offset((page - 1) * page_size).limit(page_size))
    rows = [EntryRow(entry=e, unit_name=u, field_name=f) for e, u, f in session.execute(listed)]
    return EntryPage(rows=rows, total=total, page=page, pages=pages,
                     counts={s: counts.get(s, 0) for s in EntryStatus})


def matching_ids(*, session: Session, year: MovementYear, chosen: EntryFilter,
                 limit: int) -> tuple[list[int], int]:
    """The first `limit` ids of the year's entries matching `chosen` (by id), and how many
    match in all: for moving them together."""
    total = session.scalar(_narrowed(select(func.count()).select_from(MovementEntry), year,
                                     None, chosen))
    ids = session.scalars(_narrowed(select(MovementEntry.id), year, None, chosen)
                          .order_by(MovementEntry.id).limit(limit))
    return list(ids), total


@dataclass
class StepView:
    step: EntryStep
    actor_name: str  # "" for the command line on the server


@dataclass
class EntryDetail:
    entry: MovementEntry
    year: MovementYear
    unit: Unit
    field_name: str
    steps: list[StepView]
    evidence: list[EntryEvidence]


def entry_detail(*, session: Session, entry_id: int,
                 actor: UserAccount | None) -> EntryDetail:
    """One entry the actor may see (404 otherwise) with its history, oldest step first."""
    entry = service.get_entry(session=session, entry_id=entry_id, actor=actor)
    steps = session.execute(
        select(EntryStep, UserAccount.full_name)
        .outerjoin(UserAccount, UserAccount.id == EntryStep.actor_id)
        .where(EntryStep.entry_id == entry.id).order_by(EntryStep.id))
    evidence = session.scalars(select(EntryEvidence).where(EntryEvidence.entry_id == entry.id)
                               .order_by(EntryEvidence.id))
    return EntryDetail(
        entry=entry, year=service.get_year(session=session, year_id=entry.year_id),
        unit=session.get(Unit, entry.unit_id),
        field_name=session.get(MovementField, entry.field_id).name,
        steps=[StepView(step=s, actor_name=name or "") for s, name in steps],
        evidence=list(evidence))
