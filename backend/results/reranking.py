"""Ranking again the boards a ruling touched: the finalised boards of the rounds whose attempts
held the question, then the overall board. With one prize per person a round's prizes depend
on who won in the rounds before it, so then every later finalised round is ranked again too."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from backend.contests.models import Contest, Round
from backend.errors import DomainError
from backend.results.finalise import finalise_board
from backend.results.models import ResultBoard

OVERALL = "Kết quả chung cuộc"


@dataclass(frozen=True)
class Reranked:
    board_id: int
    name: str
    changed: bool  # a new ranking took over
    moved: int = 0  # contestants whose rank, score or prize changed
    problem: str = ""  # why it could not be ranked again; it keeps its former ranking


def rerank(*, read: Session, write: Session, contest_id: int, rounds: frozenset[int],
           actor_id: int | None, now: datetime, reason: str) -> list[Reranked]:
    """Finalise again, under `reason`, each finalised board that `rounds` may have changed."""
    one_prize = read.scalar(select(Contest.one_prize_per_person)
                            .where(Contest.id == contest_id))
    boards = read.execute(
        select(ResultBoard.id, ResultBoard.round_id, Round.number, Round.name)
        .outerjoin(Round, Round.id == ResultBoard.round_id)
        .where(ResultBoard.contest_id == contest_id, ResultBoard.version > 0)).all()
    read.commit()
    held = [b for b in boards if b.round_id in rounds]
    if not held:
        return []
    first = min(b.number for b in held)
    chosen = sorted((b for b in boards if b.round_id is not None and (
        b.number >= first if one_prize else b.round_id in rounds)), key=lambda b: b.number)
    chosen += [b for b in boards if b.round_id is None]
    return [_finalise(read, write, b.id, b.name if b.round_id else OVERALL, actor_id, now, reason)
            for b in chosen]


def _finalise(read: Session, write: Session, board_id: int, name: str,
              actor_id: int | None, now: datetime, reason: str) -> Reranked:
    # The session may hold boards as they were before the previous board's switch.
    read.expire_all()
    try:
        outcome = finalise_board(read=read, write=write, board_id=board_id, now=now,
                                 actor_id=actor_id, reason=reason)
    except DomainError as failure:
        read.rollback()
        write.rollback()
        return Reranked(board_id, name, False, problem=failure.message)
    return Reranked(board_id, name, outcome.changed, outcome.changes)
