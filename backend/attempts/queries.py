"""Counting attempts for monitors and lists: one GROUP BY each, read-only."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlmodel import Session

from backend.attempts.models import Attempt, AttemptState

RECENT_WINDOWS = (5, 15)  # minutes


@dataclass(frozen=True)
class UnitTally:
    """What happened in one unit: attempts by state now, and those finished lately."""

    unit_id: int
    in_progress: int = 0
    submitted: int = 0
    expired: int = 0
    submitted_5: int = 0
    expired_5: int = 0
    submitted_15: int = 0
    expired_15: int = 0
    contestants: int = 0


def _when(condition) -> object:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def tally_by_unit(*, session: Session, round_ids: Collection[int], now: datetime,
                  unit_ids: Collection[int] | None = None) -> list[UnitTally]:
    """Attempts of the given rounds per unit (only `unit_ids` when given). Each contestant
    belongs to one unit, so every column, distinct contestants included, adds up across units."""
    if not round_ids or (unit_ids is not None and not unit_ids):
        return []
    state, finished = Attempt.state, Attempt.finished_at
    columns = [
        _when(state == AttemptState.IN_PROGRESS),
        _when(state == AttemptState.SUBMITTED),
        _when(state == AttemptState.EXPIRED),
    ]
    for minutes in RECENT_WINDOWS:
        since = now - timedelta(minutes=minutes)
        columns += [_when((state == AttemptState.SUBMITTED) & (finished >= since)),
                    _when((state == AttemptState.EXPIRED) & (finished >= since))]
    query = (select(Attempt.unit_id, *columns, func.count(func.distinct(Attempt.contestant_id)))
             .where(Attempt.round_id.in_(list(round_ids))).group_by(Attempt.unit_id))
    if unit_ids is not None:
        query = query.where(Attempt.unit_id.in_(list(unit_ids)))
    return [UnitTally(*(int(value) for value in row)) for row in session.execute(query)]


def attempts_per_round(*, session: Session, round_ids: Collection[int]) -> dict[int, int]:
    """How many attempts each round has had, in any state."""
    if not round_ids:
        return {}
    rows = session.execute(select(Attempt.round_id, func.count())
                           .where(Attempt.round_id.in_(list(round_ids)))
                           .group_by(Attempt.round_id))
    return dict(rows.all())


@dataclass(frozen=True)
class ContestantRecord:
    attempts: int
    best_score: int | None


def records_of(*, session: Session, contestant_ids: Collection[int]) -> dict[int, ContestantRecord]:
    """Attempts made and best finished score per contestant, over every round."""
    if not contestant_ids:
        return {}
    rows = session.execute(select(Attempt.contestant_id, func.count(), func.max(Attempt.score))
                           .where(Attempt.contestant_id.in_(list(contestant_ids)))
                           .group_by(Attempt.contestant_id))
    return {cid: ContestantRecord(count, best) for cid, count, best in rows}
