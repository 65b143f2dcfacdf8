"""A ruling while a round is open: attempts still in progress are scored with it when they
are submitted, including submits racing the ruling in other threads."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from backend.attempts import service
from backend.attempts.models import Attempt
from backend.clock import utcnow
from backend.db import Database
from backend.questions import papers
from backend.questions.models import QuestionOption
from backend.questions.pool import pool_for
from backend.results import rulings
from backend.results.models import QuestionRuling
from backend.usecase import Reads
from tests.factories import UseCases, make_round, register_contestant

REASON = "Đáp án B của câu 2 ghi nhầm năm ban hành"


@pytest.fixture
def open_round(scene, bank):
    """Open now; every paper holds the whole bank of four questions."""
    return make_round(scene.session, scene.contest, question_count=4)


def enrol(scene, count: int):
    return [register_contestant(scene.session, scene.database, scene.contest,
                                scene.units[n % 3], phone=f"0913{n:06d}",
                                name=f"Trần Văn Thí Sinh {chr(65 + n)}")
            for n in range(count)]


def letter_ids(view, letters: dict[int, str]) -> dict[int, list[int]]:
    """Answers choosing, for each question of the paper, the option of `letters` (B unless
    said otherwise), found by the text the bank gave it."""
    return {q["id"]: [next(o["id"] for o in q["options"] if o["text"].startswith(
        f"Phương án {letters.get(q['id'], 'B')}"))] for q in view.questions}


def submit(use, person, view, letters):
    return use(service.submit_attempt, attempt_id=view.id, who=person.who,
               answers=letter_ids(view, letters), prediction=None,
               idempotency_key=f"nop-{view.id}", now=utcnow(), grace_seconds=10)


def rule(database, contest_id, question, *, correct=None, drop=False):
    with database.scope(write=False) as read, database.scope() as write:
        if correct is None:
            return rulings.void_question(read=read, write=write, contest_id=contest_id,
                                         question_id=question.id, drop=drop, reason=REASON,
                                         actor_id=None, now=utcnow())
        return rulings.rekey_question(read=read, write=write, contest_id=contest_id,
                                      question_id=question.id, correct_option_ids=correct,
                                      reason=REASON, actor_id=None, now=utcnow())


def test_an_attempt_in_progress_when_the_ruling_lands_is_scored_with_it(scene, bank,
                                                                        open_round):
    early, late = enrol(scene, 2)
    use = UseCases(scene.database)
    started = use.start(who=early.who, round_id=open_round.id, now=utcnow())
    a_of_q2 = scene.session.scalar(select(QuestionOption.id).where(
        QuestionOption.question_id == bank[1].id, QuestionOption.position == 0))
    contest_id = scene.contest.id
    revision = revision_of(scene.database, started.id)
    scene.session.commit()

    outcome = rule(scene.database, contest_id, bank[1], correct=[a_of_q2])
    later = use.start(who=late.who, round_id=open_round.id, now=utcnow())

    assert outcome.changes == []
    assert revision_of(scene.database, started.id) == revision + 1
    assert submit(use, early, started, {bank[1].id: "A"}).score == 4
    assert submit(use, late, later, {}).score == 3


def test_a_dropped_question_leaves_a_later_submit_one_question_shorter(scene, bank,
                                                                       open_round):
    (person,) = enrol(scene, 1)
    use = UseCases(scene.database)
    started = use.start(who=person.who, round_id=open_round.id, now=utcnow())
    contest_id = scene.contest.id
    scene.session.commit()

    rule(scene.database, contest_id, bank[1], drop=True)
    result = submit(use, person, started, {})

    assert (result.score, result.question_count) == (3, 3)


@pytest.mark.slow
def test_the_same_ruling_sent_twice_at_once_is_made_once(scene, bank, settings):
    people = scene.contestants(200)
    for n, person in enumerate(people):
        scene.sit(person, bank, "BCBB" if n % 2 else "BBBB")
    contest_id = scene.contest.id
    scene.session.commit()
    barrier = threading.Barrier(2)

    def work(_):
        database = Database(settings)
        try:
            barrier.wait()
            return rule(database, contest_id, bank[1])
        finally:
            database.dispose()

    with ThreadPoolExecutor(2) as threads:
        outcomes = list(threads.map(work, range(2)))

    assert sorted(o.changed for o in outcomes) == [False, True]
    assert {o.ruling.id for o in outcomes} == {1}
    assert scene.session.scalar(select(func.count()).select_from(QuestionRuling)) == 1
    assert scene.session.execute(select(Attempt.score)).scalars().all() == [4] * 200
    assert len(scene.session.get(QuestionRuling, 1).changes) == 100


def revision_of(database, attempt_id: int) -> int:
    with database.scope(write=False) as read:
        return read.get(Attempt, attempt_id).revision


@pytest.mark.slow
def test_submits_racing_a_ruling_are_all_scored_with_it(scene, bank, open_round, settings):
    people = enrol(scene, 12)
    for n, person in enumerate(scene.contestants(300)):
        scene.sit(person, bank, "BCBB" if n % 2 else "BBBB")
    use = UseCases(scene.database)
    views = [use.start(who=p.who, round_id=open_round.id, now=utcnow()) for p in people]
    contest_id = scene.contest.id
    scene.session.commit()
    barrier = threading.Barrier(len(people) + 1)

    def work(n: int):
        database = Database(settings)
        try:
            barrier.wait()
            if n == len(people):
                return rule(database, contest_id, bank[1])
            return submit(UseCases(database), people[n], views[n], {bank[1].id: "C"})
        finally:
            database.dispose()

    with ThreadPoolExecutor(len(people) + 1) as threads:
        outcomes = list(threads.map(work, range(len(people) + 1)))

    # A submit scored with the old bank went in before the ruling read the attempts, so the
    # ruling changed it; every other submit was scored with the ruling.
    submits, ruling = outcomes[:-1], outcomes[-1]
    assert {o.score for o in submits} <= {3, 4}
    assert len(ruling.changes) == 150 + sum(o.score == 3 for o in submits)
    version = scene.session.get(type(scene.contest), contest_id).bank_version
    pool = pool_for(db=Reads(scene.session), contest_id=contest_id, version=version)
    stored = scene.session.execute(select(Attempt.score, Attempt.paper, Attempt.answers)).all()
    assert len(stored) == 312
    assert all(score == papers.score(pool, paper, answers) == 4
               for score, paper, answers in stored)
