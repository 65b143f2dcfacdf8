"""What the dashboard shows besides the tally: attempts over time (per day, per hour of a
round) and the distribution of scores, one GROUP BY each, within a subtree when asked."""

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlmodel import Session

from backend.attempts.models import Attempt
from backend.results.models import ResultEntry
from backend.tallies.counting import FINISHED, Source

_A, _E = Attempt.__table__, ResultEntry.__table__


@dataclass(frozen=True)
class Timeline:
    per_day: list[tuple[str, int]]  # ("07/12", attempts started that day, local time)
    per_hour: list[tuple[str, int]]  # ("7h", attempts started in that hour of the day)


def _hour(session: Session):
    """The UTC hour an attempt started in, as the database can group it."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", _A.c.started_at), "YYYY-MM-DD HH24")
    return func.substr(_A.c.started_at, 1, 13)


def timeline(*, session: Session, round_ids: Collection[int], zone: ZoneInfo,
             unit_ids: Collection[int] | None = None) -> Timeline:
    """Attempts started per local day and per local hour of the day."""
    if not round_ids:
        return Timeline([], [])
    hour = _hour(session).label("hour")
    query = select(hour, func.count()).where(_A.c.round_id.in_(list(round_ids)))
    if unit_ids is not None:
        query = query.where(_A.c.unit_id.in_(list(unit_ids)))
    days: Counter = Counter()
    hours: Counter = Counter()
    for bucket, count in session.execute(query.group_by(hour)):
        local = datetime.strptime(bucket, "%Y-%m-%d %H").replace(
            tzinfo=ZoneInfo("UTC")).astimezone(zone)
        days[local.date()] += count
        hours[local.hour] += count
    if not days:
        return Timeline([], [])
    first, last = min(days), max(days)
    span = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return Timeline([(d.strftime("%d/%m"), days[d]) for d in span],
                    [(f"{h}h", hours[h]) for h in range(24)])


def score_spread(*, session: Session, sources: Collection[Source],
                 unit_ids: Collection[int] | None = None) -> list[tuple[int, int]]:
    """How many results have each score: counted results of finalised rounds, finished
    attempts of the others, as the tally counts them."""
    spread: Counter = Counter()
    open_rounds = [s.round_id for s in sources if s.board is None]
    if open_rounds:
        query = select(_A.c.score, func.count()).where(
            _A.c.round_id.in_(open_rounds), _A.c.state.in_(FINISHED))
        if unit_ids is not None:
            query = query.where(_A.c.unit_id.in_(list(unit_ids)))
        spread.update(dict(session.execute(query.group_by(_A.c.score)).all()))
    for source in sources:
        if source.board is None:
            continue
        board_id, version = source.board
        query = select(_E.c.score, func.count()).where(_E.c.board_id == board_id,
                                                       _E.c.version == version)
        if unit_ids is not None:
            query = query.where(_E.c.unit_id.in_(list(unit_ids)))
        spread.update(dict(session.execute(query.group_by(_E.c.score)).all()))
    spread.pop(None, None)
    top = max(spread, default=-1)
    return [(score, spread[score]) for score in range(0, top + 1)]
