"""The demo's closed round: a few thousand finished attempts across the demo units, ranked,
with prizes, and published, so a newcomer sees a real leaderboard and downloads a real file."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import func, select

from backend.attempts.models import Attempt
from backend.contests import service as contests
from backend.contests.models import Contest, Round
from backend.db import Database
from backend.demo.finished_round import fill_round
from backend.results import service as results
from backend.results.finalise import finalise_board
from backend.results.models import PredictionTarget

ROUND_NAME = "Tuần thi thứ nhất"
PRIZES = [{"tier": "Giải Nhất", "count": 1, "group": ""},
          {"tier": "Giải Nhì", "count": 2, "group": ""},
          {"tier": "Giải Ba", "count": 3, "group": ""},
          {"tier": "Giải Khuyến khích", "count": 10, "group": ""}]


def add_closed_round(*, session, contest: Contest, now: datetime, quotas: list,
                     prediction_prompt: str) -> Round:
    """The first round, which ran a fortnight ago, under the same rules as the open one."""
    return contests.add_round(session=session, contest=contest, actor_id=None, now=now,
                              rules=contests.RoundRules(
                                  name=ROUND_NAME, opens_at=now - timedelta(days=15),
                                  closes_at=now - timedelta(days=8), question_count=20,
                                  time_limit_seconds=600, max_attempts=3, quotas=quotas,
                                  prediction_prompt=prediction_prompt))


def publish_closed_round(*, database: Database, contest_id: int, now: datetime,
                         attempts: int) -> Iterator[str]:
    """Fill the closed round when it is empty, then finalise and publish it when it is not."""
    with database.scope() as session:
        round_ = session.execute(select(Round).where(Round.contest_id == contest_id,
                                                     Round.name == ROUND_NAME)).scalar()
        if round_ is None or now < round_.closes_at:
            return  # demo data loaded before results existed: its first round is still open
        stored = session.scalar(select(func.count()).select_from(Attempt)
                                .where(Attempt.round_id == round_.id))
        board = next(b for b in results.boards_of(session=session, contest_id=contest_id)
                     if b.round_id == round_.id)
        board_id, state = board.id, board.state
        if not stored:
            board.prediction_target = PredictionTarget.ATTEMPTS
            board.prizes = PRIZES
        session.commit()
    if not stored:
        filled = fill_round(database=database, round_id=round_.id,
                            contestants=attempts * 3 // 5, attempts=attempts)
        yield (f"Đã nạp {filled.attempts:,} lượt thi của {filled.contestants:,} thí sinh "
               f"vào {ROUND_NAME.lower()} (đã đóng).").replace(",", ".")
    if state.value == "not_finalised":
        with database.scope(write=False) as read, database.scope() as write:
            finalise_board(read=read, write=write, board_id=board_id, now=now)
        with database.scope() as session:
            board = results.get_board(session=session, board_id=board_id)
            results.publish(session=session, board=board, actor_id=None, now=now)
        yield f"Đã tổng hợp và công bố kết quả {ROUND_NAME.lower()}."
