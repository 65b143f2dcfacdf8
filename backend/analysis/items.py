"""Item analysis of a round: which attempts it reads, and reading them in one streamed pass.

A round whose results are finalised is analysed on exactly the attempts its results count
(the board's current version); any other round on every finished attempt so far. Each
attempt is scored again here, question by question, with the bank as it now stands and the
rule the platform scores by (papers.score), so that figures and rulings agree."""

import json
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Text, cast, select
from sqlmodel import Session

from backend.analysis.figures import QuestionFigures, Tally, question_figures
from backend.attempts.models import Attempt, AttemptState
from backend.contests import service as contests
from backend.questions.models import Question
from backend.questions.pool import pool_for
from backend.results import published
from backend.results.models import ResultBoard, ResultEntry
from backend.usecase import Reads

BATCH = 2000
# A paper holds at most 100 questions (the round's question_count check), so a score too.
LEVELS = 101
_A, _E, _B = Attempt.__table__, ResultEntry.__table__, ResultBoard.__table__
_FINISHED = [AttemptState.SUBMITTED, AttemptState.EXPIRED]
_NEVER = object()  # the key of a question with no correct option: no answer equals it
KEPT = 16  # analyses of finalised rounds this process keeps, oldest dropped first
_ANALYSED: dict[tuple, "RoundAnalysis"] = {}


class Basis(StrEnum):
    COUNTED = "counted"
    FINISHED = "finished"

    @property
    def label(self) -> str:
        return {"counted": "Các lượt thi được tính trong kết quả đã tổng hợp",
                "finished": "Mọi lượt thi đã nộp hoặc hết giờ (kết quả chưa tổng hợp)"}[
            self.value]


@dataclass(frozen=True)
class RoundAnalysis:
    contest_id: int
    round_id: int
    round_name: str
    basis: Basis
    board_version: int | None  # the results version whose attempts were read (COUNTED)
    attempts: int
    mean_score: float | None
    questions: list[QuestionFigures]  # those to look at first, then in bank order

    @property
    def flagged(self) -> int:
        return sum(1 for q in self.questions if q.flags)


def item_analysis(*, session: Session, contest_id: int, round_id: int) -> RoundAnalysis:
    """Per question the round's papers held: facility, discrimination, option picks, flags."""
    contest = contests.get_contest(session=session, contest_id=contest_id)
    round_ = contests.get_round(session=session, round_id=round_id, contest_id=contest_id)
    pool = pool_for(db=Reads(session), contest_id=contest_id, version=contest.bank_version)
    numbers = dict(session.execute(select(Question.id, Question.number)
                                   .where(Question.contest_id == contest_id)).all())
    board_id, version, finalised_at = _counted(session, round_id)
    # Finalised results and the bank decide the figures wholly: a new finalise or a ruling
    # gives a new key. (3.4 s on 150,000 counted attempts, then at once; ARCHITECTURE.md)
    key = (str(session.get_bind().url), contest_id, round_id, board_id, version, finalised_at,
           contest.bank_version)
    if version is not None and key in _ANALYSED:
        session.commit()
        return _ANALYSED[key]
    columns = [cast(_A.c.answers, Text), cast(_A.c.paper, Text), _A.c.question_count,
               _A.c.score]
    query = (select(*columns).where(_A.c.round_id == round_id, _A.c.state.in_(_FINISHED))
             if version is None else
             select(*columns).join(_E, _E.c.attempt_id == _A.c.id)
             .where(_E.c.board_id == board_id, _E.c.version == version))
    tallies = {qid: Tally(q.options, LEVELS) for qid, q in pool.questions.items()}
    attempts, total = _tally(session.execute(query.execution_options(yield_per=BATCH)),
                             pool, tallies)
    session.commit()
    figures = [question_figures(question=pool.questions[qid], number=numbers[qid], tally=t)
               for qid, t in tallies.items() if any(t.shown)]
    figures.sort(key=lambda q: (not q.suspect, not q.flags, q.number))
    analysis = RoundAnalysis(contest_id, round_id, round_.name,
                             Basis.FINISHED if version is None else Basis.COUNTED, version,
                             attempts, total / attempts if attempts else None, figures)
    if version is not None:
        while len(_ANALYSED) >= KEPT:
            _ANALYSED.pop(next(iter(_ANALYSED)))
        _ANALYSED[key] = analysis
    return analysis


def _counted(session: Session, round_id: int) -> tuple[int | None, int | None, object]:
    """The round's board, the version of its results and when they were finalised, if they
    are."""
    board = session.execute(select(_B.c.id, _B.c.state, _B.c.version, _B.c.finalised_at)
                            .where(_B.c.round_id == round_id)).first()
    if board is None or not board.version or board.state not in published.FINALISED:
        return None, None, None
    return board.id, board.version, board.finalised_at


def _keys(pool, tallies: dict[int, Tally]) -> dict[str, tuple]:
    """Per question, by its id as answers name it: its counts, and what papers.score makes
    of it: `credit` 1 (voided "mark": right for everyone who had it), 0 (voided "drop": for
    no one), or None, and then right exactly when the correct options are picked."""
    keys = {}
    for qid, q in pool.questions.items():
        t = tallies[qid]
        credit = {"mark": 1, "drop": 0}.get(q.voided)
        key = sorted(q.correct) if q.correct else _NEVER
        keys[str(qid)] = (t.shown, t.right, t.blank, t.picks, key, q.correct, credit)
    return keys


def right_answer(chosen: list[int] | None, key, correct: frozenset[int]) -> bool:
    """papers.score's rule for one question that counts: exactly the correct options
    (`key`: them sorted, the usual answer's order, compared first as the cheaper test)."""
    return bool(chosen) and (chosen == key or (len(chosen) > 1 and frozenset(chosen) == correct))


def _tally(rows, pool, tallies: dict[int, Tally]) -> tuple[int, int]:
    """Count every attempt of `rows` (answers and paper as JSON text, the paper's length and
    the stored score) into `tallies`; the number of attempts and the sum of their scores.

    The hot loop of the analysis, so it does the least it can: an attempt's counts go at
    once to its stored score, which re-scoring keeps equal to what the bank now gives, and
    are moved only for an attempt whose score differs (a ruling still re-scoring); a paper
    is decoded only when some of its questions have no answer (answers name only questions
    of the paper: the save checks it)."""
    keys = _keys(pool, tallies)
    loads = json.loads
    attempts = total = 0
    for answers_text, paper_text, count, stored in rows:
        answers = loads(answers_text) if answers_text else {}
        level = stored or 0
        score = 0
        for name, chosen in answers.items():
            shown, right, blank, picks, key, correct, credit = keys[name]
            shown[level] += 1
            if chosen:
                for option_id in chosen:
                    try:  # noqa: SIM105 - suppress() costs a call per option, here
                        picks[option_id][level] += 1
                    except KeyError:  # an option since removed from the bank
                        pass
                if credit is not None:
                    score += credit
                elif right_answer(chosen, key, correct):
                    right[level] += 1
                    score += 1
            else:
                blank[level] += 1
                score += credit or 0
        if len(answers) < count:
            for qid, _ in loads(paper_text):
                if str(qid) not in answers:
                    shown, _, blank, _, _, _, credit = keys[str(qid)]
                    shown[level] += 1
                    blank[level] += 1
                    score += credit or 0
        if score != level:
            _move(keys, answers, loads(paper_text), level, score)
        attempts += 1
        total += score
    return attempts, total


def _move(keys: dict[str, tuple], answers: dict, paper: list, old: int, new: int) -> None:
    """Move one attempt's counts from score `old` to score `new`."""
    for qid, _ in paper:
        shown, right, blank, picks, key, correct, credit = keys[str(qid)]
        chosen = answers.get(str(qid))
        counts = [shown, blank] if not chosen else [shown, *(
            picks[o] for o in chosen if o in picks)]
        if credit is None and right_answer(chosen, key, correct):
            counts.append(right)
        for levels in counts:
            levels[old] -= 1
            levels[new] += 1
