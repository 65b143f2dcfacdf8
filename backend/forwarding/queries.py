"""Reading forwarding: which unit forwards each essay, the essays a unit ranks and picks
from, a level's batches, and the reminders for unsigned ones. Which essays a level holds is
`judging.queries.level_essays`, the one definition judging also reads.

Who forwards: the units right under the city (depth 1), each for its whole subtree, into
every level after the first. An essay submitted under the city itself (depth 0) is forwarded
by the city unit, for its own essays only.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.contests.models import RoundStatus
from backend.errors import NotFound
from backend.essays.models import Essay, EssayAuthor
from backend.forwarding.models import BatchStatus, ForwardBatch, ForwardedEssay
from backend.judging import ranking
from backend.judging.models import EssayResult
from backend.judging.queries import level_essays
from backend.policy import Permission, has_permission
from backend.units import service as units
from backend.units.models import Unit
from backend.vntext import natural_key
from backend.writing import service as writing
from backend.writing.models import Scoring, WritingCompetition, WritingLevel


def forwarding_unit_id(path: str) -> int:
    """The unit that forwards the essays of the unit at `path` ("/1/4/17/" -> 4)."""
    ids = path.strip("/").split("/")
    return int(ids[1] if len(ids) > 1 else ids[0])


def is_forwarding_unit(unit: Unit) -> bool:
    return unit.depth <= 1


def _of_unit(unit: Unit):
    """The condition on Unit (joined to Essay) for the essays `unit` forwards."""
    if unit.depth == 0:
        return Unit.id == unit.id
    return Unit.path.startswith(unit.path)


def received_by_unit(*, session: Session, level: WritingLevel) -> dict[int, int]:
    """How many essays each forwarding unit has in `level` (its "received" for the quota of
    the level above), by unit id."""
    rows = session.execute(select(Unit.path, func.count()).select_from(Essay)
                           .join(Unit, Unit.id == Essay.unit_id)
                           .where(Essay.id.in_(level_essays(level))).group_by(Unit.path))
    counts: dict[int, int] = {}
    for path, count in rows:
        key = forwarding_unit_id(path)
        counts[key] = counts.get(key, 0) + count
    return counts


def received_by(*, session: Session, level: WritingLevel, unit: Unit) -> int:
    """How many essays `unit` forwards from has in `level`."""
    return session.execute(select(func.count()).select_from(Essay)
                           .join(Unit, Unit.id == Essay.unit_id)
                           .where(Essay.id.in_(level_essays(level)), _of_unit(unit))
                           ).scalar_one()


@dataclass(frozen=True)
class Candidate:
    """An essay of a unit at the level below, with its score there and its rank in the unit
    (None while it has no score), and whether the unit's batch holds it."""

    essay_id: int
    title: str
    author_name: str
    unit_name: str
    submitted_at: datetime
    score: float | None
    rank: int | None
    selected: bool


def candidates(*, session: Session, source: WritingLevel, unit: Unit,
               batch: ForwardBatch | None) -> list[Candidate]:
    """The essays `unit` may forward out of `source`, ranked as the results rank an entered
    level (`judging.ranking.rank`: higher score first, then earlier submission, equal ones
    sharing a place); unscored ones last, by submission."""
    rows = session.execute(
        select(Essay.id.label("essay_id"), Essay.title, Essay.submitted_at,
               EssayAuthor.full_name, Unit.name.label("unit_name"), EssayResult.score)
        .join(EssayAuthor, EssayAuthor.id == Essay.author_id)
        .join(Unit, Unit.id == Essay.unit_id)
        .outerjoin(EssayResult, (EssayResult.essay_id == Essay.id)
                   & (EssayResult.level_id == source.id))
        .where(Essay.id.in_(level_essays(source)), _of_unit(unit))).all()
    chosen = selected_ids(session=session, batch=batch)
    rows = {r.essay_id: r for r in sorted(rows, key=lambda r: (r.submitted_at, r.essay_id))}
    placed = ranking.rank(ranking.Entry(r.essay_id, r.score, (), r.submitted_at)
                          for r in rows.values())
    places = {entry.essay_id: place for entry, place in placed}
    order = [e.essay_id for e, _ in placed] + [i for i in rows if i not in places]
    return [Candidate(i, rows[i].title, rows[i].full_name, rows[i].unit_name,
                      rows[i].submitted_at, rows[i].score, places.get(i), i in chosen)
            for i in order]


def selected_ids(*, session: Session, batch: ForwardBatch | None) -> set[int]:
    if batch is None or batch.id is None:
        return set()
    return set(session.execute(select(ForwardedEssay.essay_id)
                               .where(ForwardedEssay.batch_id == batch.id)).scalars())


def batch_of(*, session: Session, level_id: int, unit_id: int) -> ForwardBatch | None:
    return session.execute(select(ForwardBatch).where(
        ForwardBatch.level_id == level_id, ForwardBatch.unit_id == unit_id)).scalar_one_or_none()


def existing_batch(*, session: Session, level: WritingLevel, unit: Unit) -> ForwardBatch:
    batch = batch_of(session=session, level_id=level.id, unit_id=unit.id)
    if batch is None:
        raise NotFound(f"{unit.name} chưa có đợt chuyển bài lên {level.name}.")
    return batch


@dataclass(frozen=True)
class BatchLine:
    """A forwarding unit's place in a level: its batch (None: not started), how many essays
    it has in the level below, its quota (None: no limit) and how many it picked."""

    unit: Unit
    batch: ForwardBatch | None
    received: int
    quota: int | None
    selected: int
    signed_by: str | None

    @property
    def status_label(self) -> str:
        return self.batch.status.label if self.batch else "Chưa chọn bài"

    @property
    def signed(self) -> bool:
        return self.batch is not None and self.batch.status is BatchStatus.SIGNED


def batch_lines(*, session: Session, level: WritingLevel, within: Unit | None) -> list[BatchLine]:
    """Every forwarding unit of `level` within `within` (None: all): the active units under
    the city, and any other unit that has essays below or a batch; by unit name."""
    source = writing.previous_level(session=session, level=level)
    received = received_by_unit(session=session, level=source) if source else {}
    batches = {b.unit_id: b for b in session.execute(
        select(ForwardBatch).where(ForwardBatch.level_id == level.id)).scalars()}
    counts = dict(session.execute(
        select(ForwardedEssay.batch_id, func.count()).where(ForwardedEssay.level_id == level.id)
        .group_by(ForwardedEssay.batch_id)).all())
    query = select(Unit).where(or_((Unit.depth == 1) & Unit.is_active,
                                   Unit.id.in_(set(received) | set(batches))))
    if within is not None:
        query = query.where(Unit.path.startswith(within.path))
    signers = dict(session.execute(select(UserAccount.id, UserAccount.full_name).where(
        UserAccount.id.in_({b.signed_by for b in batches.values() if b.signed_by}))).all())
    lines = [BatchLine(unit, batches.get(unit.id), received.get(unit.id, 0),
                       writing.quota_for(level, received.get(unit.id, 0)),
                       counts.get(batches[unit.id].id, 0) if unit.id in batches else 0,
                       signers.get(batches[unit.id].signed_by) if unit.id in batches else None)
             for unit in session.execute(query).scalars()]
    return sorted(lines, key=lambda line: natural_key(line.unit.name))


@dataclass(frozen=True)
class Reminder:
    """Units that have essays to forward into `level` and have not signed, as its window
    closes: for the organisers' notices (every unit) and an officer's (their own)."""

    competition: WritingCompetition
    level: WritingLevel
    units: list[Unit]


def reminders(*, session: Session, now: datetime, days: int,
              within: Unit | None) -> list[Reminder]:
    """Levels open for forwarding whose window closes within `days` days, each with the
    units (within `within`) that have essays below and no signed batch; computed from the
    tables at each request, so that a signature removes the reminder at once."""
    levels = session.execute(
        select(WritingLevel).where(WritingLevel.position > 1, WritingLevel.opens_at <= now,
                                   WritingLevel.closes_at > now,
                                   WritingLevel.closes_at <= now + timedelta(days=days))
        .order_by(WritingLevel.closes_at)).scalars()
    found = []
    for level in levels:
        if writing.level_status(level, now) is not RoundStatus.OPEN:
            continue
        waiting = [line.unit for line in batch_lines(session=session, level=level, within=within)
                   if line.received and not line.signed]
        if waiting:
            found.append(Reminder(session.get(WritingCompetition, level.competition_id), level,
                                  waiting))
    return found


@dataclass(frozen=True)
class UnitView:
    """What a unit's forwarding page shows: its essays below ranked, its batch, its quota,
    and what may be done now."""

    level: WritingLevel
    source: WritingLevel
    unit: Unit
    batch: ForwardBatch | None
    candidates: list[Candidate]
    quota: int | None
    ceiling: int
    now: datetime

    @property
    def is_open(self) -> bool:
        return writing.level_status(self.level, self.now) is RoundStatus.OPEN

    @property
    def signed(self) -> bool:
        return self.batch is not None and self.batch.status is BatchStatus.SIGNED

    @property
    def selected(self) -> int:
        return sum(c.selected for c in self.candidates)

    @property
    def scores_editable(self) -> bool:
        return (self.source.scoring is Scoring.ENTERED and self.source.scores_locked_at is None
                and not self.signed)


def unit_view(*, session: Session, level: WritingLevel, source: WritingLevel, unit: Unit,
              now: datetime) -> UnitView:
    batch = batch_of(session=session, level_id=level.id, unit_id=unit.id)
    found = candidates(session=session, source=source, unit=unit, batch=batch)
    total = sum(c.max_points for c in writing.rubric_of(session=session,
                                                        competition_id=level.competition_id))
    return UnitView(level, source, unit, batch, found, writing.quota_for(level, len(found)),
                    max(100, total), now)


def line_of(*, session: Session, view: UnitView) -> BatchLine:
    """The unit's line of the level's overview, from its page's view."""
    signer = session.get(UserAccount, view.batch.signed_by) if view.signed else None
    return BatchLine(view.unit, view.batch, len(view.candidates), view.quota, view.selected,
                     signer.full_name if signer else None)


def open_windows(*, session: Session, now: datetime) -> list[tuple[WritingCompetition,
                                                                  WritingLevel]]:
    """Levels taking forwarding now, soonest deadline first: the way into their pages."""
    levels = session.execute(
        select(WritingLevel).where(WritingLevel.position > 1, WritingLevel.opens_at <= now,
                                   WritingLevel.closes_at > now)
        .order_by(WritingLevel.closes_at)).scalars()
    return [(session.get(WritingCompetition, level.competition_id), level) for level in levels
            if writing.level_status(level, now) is RoundStatus.OPEN]


def reminders_for(*, session: Session, user: UserAccount, now: datetime,
                  days: int) -> list[Reminder]:
    """The reminders a staff member's home page shows: organisers every unit's, officers
    their own units'; nobody else any."""
    if not has_permission(user, Permission.SUBMIT_ESSAYS):
        return []
    return reminders(session=session, now=now, days=days,
                     within=units.scope_of(session=session, user=user))
