"""A contest over the small tree (HCM > Q1 > Bến Nghé, Bến Thành; Q3 > Võ Thị Sáu; Thủ Đức;
Thành Đoàn) with a closed round, contestants spread over the wards, and the calls a tally
test makes."""

from datetime import timedelta

import pytest

from backend.clock import utcnow
from backend.results import service as results
from backend.results.finalise import finalise_board
from backend.tallies import service as tallies
from tests.factories import add_contestants, add_finished_attempt, make_contest, make_round


class Scene:
    def __init__(self, database, session, tree):
        self.database, self.session, self.tree = database, session, tree
        now = utcnow()
        self.contest = make_contest(session)
        self.round = make_round(session, self.contest, opens_at=now - timedelta(days=8),
                                closes_at=now - timedelta(days=1))

    def people(self, code: str, count: int):
        return add_contestants(self.session, self.contest, [self.tree[code]], count)

    def sat(self, person, score: int, **kwargs):
        return add_finished_attempt(self.session, self.round, person, score=score, **kwargs)

    def finalise(self, prizes=None, round_=None):
        boards = results.boards_of(session=self.session, contest_id=self.contest.id)
        board = next(b for b in boards if b.round_id == (round_ or self.round).id)
        board.prizes = prizes or []
        self.session.commit()
        with self.database.scope(write=False) as read, self.database.scope() as write:
            finalise_board(read=read, write=write, board_id=board.id, now=utcnow())
        self.session.expire_all()
        return board

    def tally(self, round_=False, within=None):
        round_id = (round_ or self.round).id if round_ is not None else None
        with self.database.scope(write=False) as read:
            period = tallies.period_of(session=read, contest_id=self.contest.id,
                                       round_id=round_id)
            return tallies.contest_tally(session=read, period=period, within=within)


@pytest.fixture
def scene(database, session, tree):
    return Scene(database, session, tree)
