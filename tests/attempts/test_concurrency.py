"""Bursts from one contestant, with real threads each on its own connection (as separate
workers would be): the database's constraints decide, and every caller gets the same answer."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from backend.attempts import service
from backend.attempts.models import Attempt, AttemptEvent, AttemptState
from backend.clock import utcnow
from backend.db import Database
from backend.errors import Conflict
from tests.factories import UseCases, make_round

pytestmark = pytest.mark.slow
THREADS = 50


def in_parallel(settings, count: int, work):
    """Run work(use) in `count` threads released together, each with its own engines (as
    separate workers would be); `use` runs a use case there."""
    databases = [Database(settings) for _ in range(count)]
    barrier = threading.Barrier(count)

    def run(database):
        barrier.wait()
        try:
            return work(UseCases(database))
        except Conflict as error:
            return error

    try:
        with ThreadPoolExecutor(count) as pool:
            return list(pool.map(run, databases))
    finally:
        for database in databases:
            database.dispose()


def test_fifty_parallel_starts_by_one_contestant_make_one_attempt(settings, session, round_,
                                                                  contestant, who):
    now = utcnow()
    session.commit()

    # Every start is metered; here the burst stays within the limit.
    roomy = settings.model_copy(update={"start_per_contestant": THREADS})
    outcomes = in_parallel(roomy, THREADS,
                           lambda use: use.start(who=who, round_id=round_.id, now=now))

    attempts = session.exec(select(Attempt).where(Attempt.contestant_id == contestant.id)).all()
    assert len(attempts) == 1
    assert {outcome.id for outcome in outcomes} == {attempts[0].id}
    assert sum(not outcome.resumed for outcome in outcomes) == 1


def test_fifty_parallel_submits_of_one_attempt_store_one_result(use, settings, session, round_,
                                                                who):
    now = utcnow()
    view = use.start(who=who, round_id=round_.id, now=now)
    question = view.questions[0]
    answers = {question["id"]: [question["options"][0]["id"]]}
    session.commit()

    outcomes = in_parallel(settings, THREADS, lambda use: use(
        service.submit_attempt, attempt_id=view.id, who=who, answers=answers, prediction=None,
        idempotency_key="same-click", now=now, grace_seconds=10))

    stored = session.get(Attempt, view.id)
    submits = session.exec(select(AttemptEvent).where(
        AttemptEvent.attempt_id == view.id, AttemptEvent.kind == "submitted")).all()
    assert stored.state == AttemptState.SUBMITTED
    assert len(submits) == 1
    assert {(o.state, o.score, o.finished_at) for o in outcomes} == {
        (stored.state, stored.score, stored.finished_at)}


def test_the_attempt_limit_holds_under_parallel_starts(settings, session, contest, contestant):
    limited = make_round(session, contest, max_attempts=3, question_count=3)
    who = contestant.who
    now = utcnow()
    session.commit()

    def start_and_submit(use):
        view = use.start(who=who, round_id=limited.id, now=now)
        return use(service.submit_attempt, attempt_id=view.id, who=who, answers=None,
                   prediction=None, idempotency_key=None, now=now, grace_seconds=10)

    roomy = settings.model_copy(update={"start_per_contestant": 60})
    for _ in range(3):
        in_parallel(roomy, 20, start_and_submit)

    attempts = session.exec(select(Attempt).where(Attempt.round_id == limited.id)).all()
    assert sorted(a.attempt_no for a in attempts) == [1, 2, 3]
    assert {a.state for a in attempts} == {AttemptState.SUBMITTED}


def test_saves_racing_a_submit_never_change_the_submitted_answers(use, settings, session,
                                                                  round_, who):
    now = utcnow()
    view = use.start(who=who, round_id=round_.id, now=now)
    question = view.questions[0]
    session.commit()

    def save_or_submit(index):
        def work(use):
            if index == 0:
                return use(service.submit_attempt, attempt_id=view.id, who=who, answers=None,
                           prediction=None, idempotency_key=None, now=now, grace_seconds=10)
            choice = question["options"][index % 4]["id"]
            return use(service.save_answers, attempt_id=view.id, who=who,
                       answers={question["id"]: [choice]}, prediction=None, now=now,
                       grace_seconds=10)
        return work

    counter = iter(range(THREADS))
    lock = threading.Lock()

    def next_work(use):
        with lock:
            index = next(counter)
        return save_or_submit(index)(use)

    in_parallel(settings, THREADS, next_work)

    stored = session.get(Attempt, view.id)
    submit = session.exec(select(AttemptEvent).where(
        AttemptEvent.attempt_id == view.id, AttemptEvent.kind == "submitted")).one()
    saves_after = session.exec(select(AttemptEvent).where(
        AttemptEvent.attempt_id == view.id, AttemptEvent.kind == "save",
        AttemptEvent.id > submit.id)).all()
    assert stored.state == AttemptState.SUBMITTED
    assert saves_after == []


def test_parallel_saves_of_different_questions_through_the_api_all_land(client, bearer, round_,
                                                                        session):
    """Each save merges into the answers as stored when it is written, never into a stale
    copy: on PostgreSQL one UPDATE merging under the row lock, on SQLite under the write lock."""
    session.commit()
    paper = client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=bearer).json()
    wanted = {str(q["id"]): [q["options"][0]["id"]] for q in paper["questions"]}
    barrier = threading.Barrier(len(wanted))

    def save(item):
        barrier.wait()
        return client.put(f"/api/v1/attempts/{paper['id']}/answers", headers=bearer,
                          json={"answers": dict([item])}).status_code

    with ThreadPoolExecutor(len(wanted)) as pool:
        assert list(pool.map(save, wanted.items())) == [200] * len(wanted)
    stored = session.get(Attempt, paper["id"])
    session.refresh(stored)
    assert stored.answers == wanted
    saves = session.scalars(select(AttemptEvent).where(AttemptEvent.attempt_id == paper["id"],
                                                       AttemptEvent.kind == "save")).all()
    assert len(saves) == len(wanted)
    session.commit()


def test_parallel_submits_and_saves_through_the_api_store_one_result_with_every_saved_answer(
        client, bearer, round_, session):
    """Saves racing submits: each save either lands before the one submit and is scored, or
    is refused as too late; the submit never hands in a copy of the answers that a save had
    already changed (on PostgreSQL its one statement is guarded by the answers it read)."""
    session.commit()
    paper = client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=bearer).json()
    url = f"/api/v1/attempts/{paper['id']}"
    saves = [{"answers": {str(q["id"]): [q["options"][0]["id"]]}} for q in paper["questions"]]
    calls = [("PUT", f"{url}/answers", body) for body in saves] + [("POST", f"{url}/submit",
                                                                    None)] * 10
    barrier = threading.Barrier(len(calls))

    def call(item):
        method, path, body = item
        barrier.wait()
        return method, client.request(method, path, headers=bearer, json=body)

    with ThreadPoolExecutor(len(calls)) as pool:
        answers = list(pool.map(call, calls))
    results = {a.json()["score"] for method, a in answers if method == "POST"}
    assert {a.status_code for _, a in answers} <= {200, 409}
    stored = session.get(Attempt, paper["id"])
    session.refresh(stored)
    landed = [e.payload["answers"] for e in session.scalars(
        select(AttemptEvent).where(AttemptEvent.attempt_id == paper["id"],
                                   AttemptEvent.kind == "save")).all()]
    submits = session.scalars(select(AttemptEvent).where(
        AttemptEvent.attempt_id == paper["id"], AttemptEvent.kind == "submitted")).all()
    session.commit()
    assert stored.state == AttemptState.SUBMITTED
    assert len(submits) == 1
    assert results == {stored.score}
    assert stored.answers == {k: v for save in landed for k, v in save.items()}


def test_a_save_landing_while_a_submit_is_handled_is_handed_in_with_it(
        client, bearer, round_, session, database, monkeypatch):
    session.commit()
    paper = client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=bearer).json()
    first, second = paper["questions"][:2]
    read_attempt, landed = service._seen, []

    def read_then_a_save_lands(db, who, attempt_id, *args, **kwargs):
        seen = read_attempt(db, who, attempt_id, *args, **kwargs)
        if not landed:
            landed.append(True)
            other = Database(database.settings)  # another worker, on its own connection
            UseCases(other)(service.save_answers, attempt_id=attempt_id, who=who,
                            answers={second["id"]: [second["options"][0]["id"]]},
                            prediction=None, now=utcnow(), grace_seconds=10)
            other.dispose()
        return seen

    monkeypatch.setattr(service, "_seen", read_then_a_save_lands)
    answer = client.post(f"/api/v1/attempts/{paper['id']}/submit", headers=bearer,
                         json={"answers": {str(first["id"]): [first["options"][0]["id"]]}})
    assert answer.status_code == 200, answer.text
    stored = session.get(Attempt, paper["id"])
    session.refresh(stored)
    session.commit()
    assert stored.state == AttemptState.SUBMITTED
    assert stored.answers == {str(first["id"]): [first["options"][0]["id"]],
                              str(second["id"]): [second["options"][0]["id"]]}
