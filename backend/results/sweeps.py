"""What the scheduler does with results: rank each round once it is over, the contest's
overall ranking once every round is (again whenever a round's ranking changed), and make
published results official when their complaint window has passed.

Each board is its own piece of work: one that cannot be finalised keeps the reason on the
board (`problem`, shown to organisers) and the others go on. Run again, the sweep finds
nothing left to do."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select, update
from sqlmodel import Session

from backend.attempts.models import Attempt, AttemptState
from backend.contests.models import Round
from backend.errors import DomainError
from backend.results import overview, service
from backend.results.finalise import finalise_board
from backend.results.models import ResultBoard, ResultState

_B = ResultBoard.__table__
# Attempts begun before the close may run on past it; a round is over when none is left.
_SETTLED = ~exists().where(Attempt.round_id == Round.id,
                           Attempt.state == AttemptState.IN_PROGRESS)


@dataclass
class Swept:
    finalised: int = 0
    unchanged: int = 0
    failed: int = 0


def finalise_closed_rounds(*, read: Session, write: Session, now: datetime) -> Swept:
    """Finalise every round that is over and not yet finalised, then the overall board of
    each contest whose rounds are all over and finalised, when it is missing or older than
    one of them."""
    for contest_id in read.execute(
            select(Round.contest_id).outerjoin(ResultBoard, ResultBoard.round_id == Round.id)
            .where(ResultBoard.id.is_(None), Round.closes_at <= now).distinct()).scalars():
        overview.ensure_boards(session=write, contest_id=contest_id)
    read.commit()
    swept = Swept()
    rounds = list(read.execute(
        select(ResultBoard.id, ResultBoard.version).join(Round, Round.id == ResultBoard.round_id)
        .where(Round.closes_at <= now, ResultBoard.state == ResultState.NOT_FINALISED, _SETTLED)
        .order_by(Round.contest_id, Round.number)))
    for board_id, seen in rounds:
        _finalise(read, write, board_id, seen, now, swept)
    for board_id, seen in _due_overall_boards(read, now):
        _finalise(read, write, board_id, seen, now, swept)
    return swept


def _due_overall_boards(read: Session, now: datetime) -> list[tuple[int, int]]:
    """Overall boards whose rounds are all closed and finalised, never finalised themselves
    or finalised before the latest of their rounds."""
    rounds: dict[int, list] = defaultdict(list)
    for contest_id, closes_at, finalised_at in read.execute(
            select(Round.contest_id, Round.closes_at, ResultBoard.finalised_at)
            .outerjoin(ResultBoard, ResultBoard.round_id == Round.id)):
        rounds[contest_id].append(finalised_at if closes_at <= now else None)
    latest = {contest_id: max(times) for contest_id, times in rounds.items()
              if None not in times}
    due = [(board.id, board.version) for board in read.execute(select(ResultBoard).where(
        ResultBoard.round_id.is_(None), ResultBoard.contest_id.in_(list(latest)))).scalars()
        if not board.version or board.finalised_at < latest[board.contest_id]]
    read.commit()
    return due


def _finalise(read: Session, write: Session, board_id: int, seen: int, now: datetime,
              swept: Swept) -> None:
    try:
        outcome = finalise_board(read=read, write=write, board_id=board_id, now=now)
    except DomainError as failure:
        read.rollback()
        write.rollback()
        # Noted only on the version it failed on: a finalise that got there first stands.
        write.execute(update(_B).where(_B.c.id == board_id, _B.c.version == seen)
                      .values(problem=failure.message[:500]))
        write.commit()
        swept.failed += 1
        return
    if outcome.changed:
        swept.finalised += 1
        return
    # Ranked again to the same list: the board is as new as its rounds, so the next sweep
    # leaves it alone.
    write.execute(update(_B).where(_B.c.id == board_id, _B.c.version == outcome.version)
                  .values(finalised_at=now, problem=""))
    write.commit()
    swept.unchanged += 1


def make_results_official(*, session: Session, now: datetime) -> int:
    """Published results whose complaint window has passed become official."""
    due = list(session.execute(select(ResultBoard.id).where(
        ResultBoard.state == ResultState.PROVISIONAL, ResultBoard.complaints_until <= now)
        .order_by(ResultBoard.id)).scalars())
    session.commit()
    made = 0
    for board_id in due:
        # Locked and read again: an organiser may have made it official meanwhile.
        board = session.get(ResultBoard, board_id, with_for_update=True, populate_existing=True)
        if board.state is not ResultState.PROVISIONAL:
            session.rollback()
            continue
        service.make_official(session=session, board=board, actor_id=None, now=now)
        made += 1
    return made
