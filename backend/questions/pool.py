"""A contest's question bank held in each worker's memory, keyed by the bank's version.

Starting and submitting an attempt need the whole bank (to draw a paper, to score one). It
changes rarely, so each worker loads it once per `contest.bank_version` and every request
does only the one short write it really needs.
"""

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import bindparam, select

from backend.prepared import Prepared
from backend.questions.models import Difficulty, Question, QuestionOption
from backend.versioned import VersionedCache
from backend.vntext import fold


@dataclass(frozen=True)
class PoolQuestion:
    id: int
    text: str
    topic: str
    difficulty: str
    active: bool
    options: dict[int, str]  # option id -> text, in bank order
    correct: frozenset[int]
    voided: str = ""  # "mark": everyone who had it gets the mark; "drop": it does not count


@dataclass
class Pool:
    contest_id: int
    version: int
    questions: dict[int, PoolQuestion]
    _strata: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    @cached_property
    def multiple_answers(self) -> bool:
        """Whether any question has several correct options: then every question is shown
        with check boxes, so the form itself tells nothing about any one question."""
        return any(len(q.correct) > 1 for q in self.questions.values())

    @cached_property
    def dropped(self) -> frozenset[int]:
        """Questions voided so that they no longer count on any paper."""
        return frozenset(q.id for q in self.questions.values() if q.voided == "drop")

    def candidates(self, topic: str, difficulty: str) -> list[int]:
        """Active question ids matching a quota; "" matches anything."""
        key = (fold(topic), difficulty)
        if key not in self._strata:
            self._strata[key] = [
                q.id for q in self.questions.values()
                if q.active and (not key[0] or fold(q.topic) == key[0])
                and (not difficulty or q.difficulty == difficulty)
            ]
        return self._strata[key]


_pools: VersionedCache[int, Pool] = VersionedCache()
_Q, _O = Question.__table__, QuestionOption.__table__
_QUESTIONS = Prepared(select(_Q.c.id, _Q.c.text, _Q.c.topic, _Q.c.difficulty, _Q.c.is_active,
                             _Q.c.voided).where(_Q.c.contest_id == bindparam("contest_id")))
_OPTIONS = Prepared(select(_O.c.id, _O.c.question_id, _O.c.text, _O.c.is_correct)
                    .join(_Q, _Q.c.id == _O.c.question_id)
                    .where(_Q.c.contest_id == bindparam("contest_id"))
                    .order_by(_O.c.question_id, _O.c.position))


def pool_for(*, db, contest_id: int, version: int) -> Pool:
    """The bank of `contest_id` at `version`, loaded through `db` (a Reads) only when it
    changed."""
    return _pools.get(contest_id, version, lambda: _load(db, contest_id, version))


def cached_pool_with(question_id: int) -> Pool | None:
    """The bank this worker holds that has this question, if it holds one."""
    return next((pool for pool in _pools.values() if question_id in pool.questions), None)


def _load(db, contest_id: int, version: int) -> Pool:
    questions = db.read(_QUESTIONS, contest_id=contest_id).all()
    options: dict[int, list] = {row.id: [] for row in questions}
    for option in db.read(_OPTIONS, contest_id=contest_id) if questions else ():
        options[option.question_id].append(option)
    return Pool(contest_id=contest_id, version=version, questions={
        row.id: PoolQuestion(
            id=row.id, text=row.text, topic=row.topic, difficulty=Difficulty(row.difficulty).value,
            active=row.is_active, options={opt.id: opt.text for opt in options[row.id]},
            correct=frozenset(opt.id for opt in options[row.id] if opt.is_correct),
            voided=row.voided)
        for row in questions
    })
