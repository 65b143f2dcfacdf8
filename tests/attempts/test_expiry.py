"""Attempts left open are handed in at their deadline, once, whoever runs the sweep."""

import subprocess
import sys
from datetime import timedelta

import pytest
from sqlmodel import func, select

from backend.attempts import service
from backend.attempts.models import Attempt, AttemptEvent, AttemptState
from backend.clock import utcnow
from tests.factories import register_contestant, vietnamese_name

SWEEP = """
import sys
from backend.config import Settings
from backend.db import Database
from scheduled import jobs, runner
from scheduled.registry import Job
settings = Settings(_env_file=None, environment="test", database_url=sys.argv[1],
                    secret_key="s" * 40)
database = Database(settings)
job = Job("expire_overdue_attempts", jobs.expire_overdue_attempts, 15)
if sys.argv[2] == "lease":
    print(runner.run_job(database=database, job=job, holder=sys.argv[3]) or 0)
else:
    print(jobs.expire_overdue_attempts(database=database, now=__import__("backend.clock",
          fromlist=["utcnow"]).utcnow()))
"""


def open_attempts(use, session, database, contest, tree, round_, count: int):
    """`count` contestants, each with an attempt started 20 minutes ago and never handed in."""
    started = utcnow() - timedelta(minutes=20)
    ids = []
    for n in range(count):
        person = register_contestant(session, database, contest, tree["Q1-BN"],
                                     phone=f"0912{n:06d}", name=vietnamese_name(n))
        view = use.start(who=person.who, round_id=round_.id, now=started)
        ids.append(view.id)
    return ids


def test_the_sweep_hands_in_saved_answers_as_at_the_deadline(use, session, round_, who):
    started = utcnow() - timedelta(minutes=20)
    view = use.start(who=who, round_id=round_.id, now=started)
    question = view.questions[0]
    right = next(o["id"] for o in question["options"] if o["text"].startswith("Phương án B"))
    use(service.save_answers, attempt_id=view.id, who=who, answers={question["id"]: [right]},
        prediction=None, now=started + timedelta(minutes=1), grace_seconds=10)

    finished = use(service.expire_overdue, now=utcnow(), grace_seconds=10)

    stored = session.get(Attempt, view.id)
    assert finished == 1
    assert stored.state == AttemptState.EXPIRED
    assert stored.finished_at == stored.deadline_at
    assert stored.duration_ms == 600_000
    assert stored.score == 1


def test_a_contestant_who_comes_back_after_the_deadline_sees_the_result(
        client, clock, bearer, round_):
    attempt = client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=bearer).json()
    clock.now += timedelta(hours=1)

    back = client.get(f"/api/v1/attempts/{attempt['id']}", headers=bearer).json()

    assert back["state"] == "expired"
    assert back["score"] == 0
    assert back["questions"] is None


def test_an_attempt_still_within_its_time_is_not_touched(use, session, round_, who):
    view = use.start(who=who, round_id=round_.id, now=utcnow())

    finished = use(service.expire_overdue, now=utcnow(), grace_seconds=10)

    assert finished == 0
    assert session.get(Attempt, view.id).state == AttemptState.IN_PROGRESS


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["lease", "no-lease"])
def test_two_scheduler_processes_expire_every_attempt_exactly_once(
        mode, use, session, database, database_url, contest, tree, round_):
    ids = open_attempts(use, session, database, contest, tree, round_, 120)
    session.commit()

    processes = [subprocess.Popen([sys.executable, "-c", SWEEP, database_url, mode, f"p{i}"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for i in range(2)]
    outputs = [p.communicate(timeout=120) for p in processes]

    assert [p.returncode for p in processes] == [0, 0], outputs
    counted = sum(int(out.strip().splitlines()[-1]) for out, _ in outputs)
    states = session.exec(select(Attempt.state).where(Attempt.id.in_(ids))).all()
    expiries = session.exec(
        select(AttemptEvent.attempt_id, func.count()).where(AttemptEvent.kind == "expired")
        .group_by(AttemptEvent.attempt_id)).all()
    assert counted == 120
    assert set(states) == {AttemptState.EXPIRED}
    assert sorted(a for a, _ in expiries) == sorted(ids)
    assert {n for _, n in expiries} == {1}
