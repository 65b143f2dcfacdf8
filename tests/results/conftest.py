import pytest

from backend.clock import utcnow
from backend.results import service as results
from backend.results.finalise import finalise_board
from tests.factories import add_contestants, add_finished_attempt, make_contest, make_round


class Results:
    """A closed round of a published contest, and the calls a results test makes."""

    def __init__(self, database, session, tree):
        self.database, self.session = database, session
        self.units = [tree["Q1-BN"], tree["Q1-BT"], tree["Q3-VTS"]]
        self.contest = make_contest(session)
        self.round = self.add_round(1)

    def add_round(self, number: int):
        from datetime import timedelta
        now = utcnow()
        round_ = make_round(self.session, self.contest, opens_at=now - timedelta(days=8 - number),
                            closes_at=now - timedelta(days=7 - number, hours=-1))
        round_.number, round_.name = number, f"Tuần {number}"
        self.session.add(round_)
        self.session.commit()
        return round_

    def contestants(self, count: int, **kwargs):
        return add_contestants(self.session, self.contest, self.units, count, **kwargs)

    def board(self, round_=None):
        boards = results.boards_of(session=self.session, contest_id=self.contest.id)
        self.session.commit()
        if round_ is False:
            return boards[-1]
        return next(b for b in boards if b.round_id == (round_ or self.round).id)

    def finalise(self, board, *, reason: str = "", now=None):
        board_id = board.id  # read before letting go: an expired board would reload
        self.session.commit()  # SQLite has one writer: let go of it
        with self.database.scope(write=False) as read, self.database.scope() as write:
            outcome = finalise_board(read=read, write=write, board_id=board_id,
                                     now=now or utcnow(), reason=reason)
        self.session.expire_all()
        return outcome

    def entries(self, board):
        from sqlalchemy import select

        from backend.results.models import ResultEntry
        with self.database.scope(write=False) as read:
            board = read.get(type(board), board.id)
            return [(e.contestant_id, e.rank, e.prize, e.group_name) for e in read.execute(
                select(ResultEntry).where(ResultEntry.board_id == board.id,
                                          ResultEntry.version == board.version)
                .order_by(ResultEntry.group_name, ResultEntry.position)).scalars()]


    def sit(self, contestant, questions: list, letters: str, round_=None, **kwargs):
        """A finished attempt answering `questions` in order: letters[i] is the option chosen
        for questions[i], "-" leaves it blank, "." keeps it off the paper; scored as the bank
        stands."""
        from sqlalchemy import select

        from backend.questions.models import LETTERS, QuestionOption
        paper, answers, score = [], {}, 0
        for question, letter in zip(questions, letters, strict=True):
            if letter == ".":
                continue
            options = list(self.session.execute(
                select(QuestionOption).where(QuestionOption.question_id == question.id)
                .order_by(QuestionOption.position)).scalars())
            paper.append([question.id, [o.id for o in options]])
            if letter != "-":
                chosen = options[LETTERS.index(letter)]
                answers[str(question.id)] = [chosen.id]
                score += chosen.is_correct
        return add_finished_attempt(self.session, round_ or self.round, contestant,
                                    score=score, paper=paper, answers=answers,
                                    question_count=len(paper), **kwargs)


@pytest.fixture
def scene(database, session, tree):
    return Results(database, session, tree)


@pytest.fixture
def bank(scene):
    """Four questions of four options in the scene's contest, B correct in each."""
    from tests.factories import add_questions

    return add_questions(scene.session, scene.contest, 4)
