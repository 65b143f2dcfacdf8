"""Each unit's own figures for a contest, a round or all of them: one GROUP BY per source,
read-only. Results come from a round's finalised board (its counted attempts and full marks
as ranked); a round not finalised yet counts its finished attempts instead. Prize winners are
people, counted once however many of the period's boards gave them a prize."""

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session

from backend.attempts.models import Attempt, AttemptState
from backend.contestants.models import Contestant
from backend.results.models import ResultEntry
from backend.tallies.rollup import Counts

_A, _C, _E = Attempt.__table__, Contestant.__table__, ResultEntry.__table__
FINISHED = (AttemptState.SUBMITTED.value, AttemptState.EXPIRED.value)


@dataclass(frozen=True)
class Source:
    """Where a round's figures come from: its board's version when finalised."""

    round_id: int
    board: tuple[int, int] | None  # (board id, version)


def _sum_when(condition) -> object:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def own_counts(*, session: Session, contest_id: int, sources: Collection[Source],
               prize_boards: Collection[tuple[int, int]] = ()) -> dict[int, Counts]:
    """Per unit id: registrations in the contest, and attempts, results and prize winners of
    the `sources` rounds; `prize_boards` (the overall ranking) add their winners only."""
    found: dict[int, Counts] = {}

    def at(unit_id: int) -> Counts:
        return found.setdefault(unit_id, Counts())

    for unit_id, count in session.execute(
            select(_C.c.unit_id, func.count()).where(_C.c.contest_id == contest_id)
            .group_by(_C.c.unit_id)):
        at(unit_id).registered = count
    round_ids = [s.round_id for s in sources]
    if round_ids:
        for unit_id, attempts, people in session.execute(
                select(_A.c.unit_id, func.count(), func.count(func.distinct(_A.c.contestant_id)))
                .where(_A.c.round_id.in_(round_ids)).group_by(_A.c.unit_id)):
            counts = at(unit_id)
            counts.attempts, counts.participants = attempts, people
    open_rounds = [s.round_id for s in sources if s.board is None]
    if open_rounds:
        finished = _A.c.state.in_(FINISHED)
        for unit_id, results, score_sum, full in session.execute(
                select(_A.c.unit_id, func.count(), func.coalesce(func.sum(_A.c.score), 0),
                       _sum_when(_A.c.score >= _A.c.question_count))
                .where(_A.c.round_id.in_(open_rounds), finished).group_by(_A.c.unit_id)):
            _add_results(at(unit_id), results, score_sum, full)
    ranked = [s.board for s in sources if s.board is not None]
    if ranked:
        for unit_id, results, score_sum, full in session.execute(
                select(_E.c.unit_id, func.count(), func.coalesce(func.sum(_E.c.score), 0),
                       _sum_when(_E.c.score >= _E.c.max_score))
                .where(_versions(ranked)).group_by(_E.c.unit_id)):
            _add_results(at(unit_id), results, score_sum, full)
    boards = [*ranked, *prize_boards]
    if boards:
        for unit_id, winners in session.execute(
                select(_E.c.unit_id, func.count(func.distinct(_E.c.contestant_id)))
                .where(_versions(boards), _E.c.prize.is_not(None))
                .group_by(_E.c.unit_id)):
            at(unit_id).winners = winners
    return found


def _versions(boards: Collection[tuple[int, int]]):
    return or_(*(and_(_E.c.board_id == board_id, _E.c.version == version)
                 for board_id, version in boards))


def _add_results(counts: Counts, results: int, score_sum, full: int) -> None:
    counts.results += int(results)
    counts.score_sum += int(score_sum)
    counts.full_marks += int(full)


def prize_tiers(*, session: Session, boards: Collection[tuple[int, int]]
                ) -> dict[int, dict[str, int]]:
    """Per unit id, the individual prizes its people won on these boards, by tier."""
    found: dict[int, dict[str, int]] = {}
    if boards:
        for unit_id, prize, count in session.execute(
                select(_E.c.unit_id, _E.c.prize, func.count())
                .where(_versions(boards), _E.c.prize.is_not(None))
                .group_by(_E.c.unit_id, _E.c.prize)):
            found.setdefault(unit_id, {})[prize] = count
    return found
