"""Who registered for a contest, as staff see them: within their subtree, personal data
masked unless they may see it."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from backend.attempts import queries as attempt_queries
from backend.contestants.models import Contestant
from backend.contests import service
from backend.contests.models import ContestUnit
from backend.personaldata import (
    display_phone,
    mask_birth_date,
    mask_email,
    mask_id_number,
    mask_phone,
)
from backend.units.models import Unit
from backend.vntext import fold


def in_subtree(statement, within: Unit | None):
    """Only contestants of units in `within`'s subtree, as the contest froze its units (the
    monitor counts the same way); None leaves every contestant."""
    if within is None:
        return statement
    return statement.join(ContestUnit, (ContestUnit.contest_id == Contestant.contest_id)
                          & (ContestUnit.unit_id == Contestant.unit_id)).where(
        ContestUnit.path.startswith(within.path))


@dataclass
class ContestantRow:
    contestant: Contestant
    unit_name: str
    phone: str
    id_number: str
    email: str
    birth_date: str
    attempts: int
    best_score: int | None


@dataclass
class ContestantPage:
    rows: list[ContestantRow]
    total: int
    page: int
    pages: int


def contestant_page(*, session: Session, contest_id: int, reveal: bool,
                    within: Unit | None = None, query: str = "", page: int = 1,
                    page_size: int = 100) -> ContestantPage:
    """One page of a contest's contestants (of `within`'s subtree when given), newest first,
    found by name ignoring diacritics. Phone, CCCD, email and birth date are masked unless
    `reveal`."""
    order = (Contestant.registered_at.desc(), Contestant.id.desc())
    words = fold(query).split()
    if words:
        # No folded name column to search on, so names are folded here.
        names = session.exec(in_subtree(select(Contestant.id, Contestant.full_name), within)
                             .where(Contestant.contest_id == contest_id).order_by(*order))
        ids = [cid for cid, name in names if all(w in fold(name) for w in words)]
        total = len(ids)
    else:
        total = session.exec(in_subtree(select(func.count()).select_from(Contestant), within)
                             .where(Contestant.contest_id == contest_id)).one()
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    start = (page - 1) * page_size
    statement = select(Contestant).order_by(*order)
    if words:
        statement = statement.where(Contestant.id.in_(ids[start:start + page_size]))
    else:
        statement = (in_subtree(statement, within).where(Contestant.contest_id == contest_id)
                     .offset(start).limit(page_size))
    people = list(session.exec(statement))
    names = {u.unit_id: u.name for u in service.contest_units(session=session,
                                                             contest_id=contest_id)}
    records = attempt_queries.records_of(session=session, contestant_ids=[p.id for p in people])
    rows = []
    for person in people:
        record = records.get(person.id, attempt_queries.ContestantRecord(0, None))
        rows.append(ContestantRow(
            contestant=person, unit_name=names.get(person.unit_id, ""),
            phone=display_phone(person.phone) if reveal else mask_phone(person.phone),
            id_number=(person.id_number or "") if reveal else mask_id_number(person.id_number),
            email=(person.email or "") if reveal else mask_email(person.email),
            birth_date=(person.birth_date.isoformat() if reveal
                        else mask_birth_date(person.birth_date)),
            attempts=record.attempts, best_score=record.best_score))
    return ContestantPage(rows=rows, total=total, page=page, pages=pages)

