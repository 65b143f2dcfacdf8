"""Deadline edges: what counts is decided by the server's clock, in UTC, on every server."""

import os
import time
from datetime import timedelta

import pytest
from sqlmodel import select

from backend.attempts.models import Attempt, AttemptEvent, AttemptState
from backend.clock import utcnow
from tests.attempts.conftest import option_by_letter, save, start
from tests.factories import make_round


@pytest.fixture(params=["UTC", "Asia/Ho_Chi_Minh"])
def server_time_zone(request):
    """Run the test with the server process's own time zone set to each value."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_an_answer_saved_one_second_before_the_deadline_counts(
        server_time_zone, client, clock, bearer, round_):
    attempt = start(client, bearer, round_.id)
    question = attempt["questions"][0]
    deadline = clock.now + timedelta(seconds=600)
    clock.now = deadline - timedelta(seconds=1)

    saved = save(client, bearer, attempt, question, "B")
    clock.now = deadline + timedelta(minutes=5)
    result = client.get(f"/api/v1/attempts/{attempt['id']}/result", headers=bearer).json()

    assert saved.status_code == 200
    assert result["state"] == "expired"
    assert result["score"] == 1
    assert result["finished_at"].startswith(deadline.strftime("%Y-%m-%dT%H:%M:%S"))


def test_an_answer_within_the_network_grace_counts(server_time_zone, client, clock, bearer,
                                                  round_):
    attempt = start(client, bearer, round_.id)
    question = attempt["questions"][0]
    clock.now += timedelta(seconds=600 + 9)

    saved = save(client, bearer, attempt, question, "B")

    assert saved.status_code == 200


def test_an_answer_after_deadline_and_grace_is_refused_and_never_counted(
        server_time_zone, client, clock, bearer, round_, session):
    attempt = start(client, bearer, round_.id)
    question = attempt["questions"][0]
    clock.now += timedelta(seconds=600 + 10, milliseconds=1)

    late = save(client, bearer, attempt, question, "B")

    assert late.status_code == 409
    assert "Đã hết giờ làm bài" in late.json()["detail"]
    stored = session.get(Attempt, attempt["id"])
    assert stored.state == AttemptState.EXPIRED
    assert stored.answers == {}
    assert stored.score == 0
    refused = session.exec(select(AttemptEvent).where(
        AttemptEvent.attempt_id == attempt["id"], AttemptEvent.accepted.is_(False))).all()
    assert [e.kind for e in refused] == ["late"]


def test_a_submit_after_deadline_and_grace_keeps_only_what_was_saved_in_time(
        server_time_zone, client, clock, bearer, round_):
    attempt = start(client, bearer, round_.id)
    first, second = attempt["questions"][:2]
    save(client, bearer, attempt, first, "B")
    clock.now += timedelta(seconds=700)

    late = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=bearer,
                       json={"answers": {str(second["id"]): [option_by_letter(second, "B")]}})
    result = client.get(f"/api/v1/attempts/{attempt['id']}/result", headers=bearer).json()

    assert late.status_code == 409
    assert result["state"] == "expired"
    assert result["score"] == 1


def test_a_start_just_before_the_round_closes_gets_the_shortened_deadline(
        server_time_zone, client, clock, bearer, session, contest):
    closes_at = (clock.now + timedelta(minutes=3)).replace(microsecond=0)
    late_round = make_round(session, contest, opens_at=clock.now - timedelta(days=1),
                            closes_at=closes_at, time_limit_seconds=600)

    attempt = start(client, bearer, late_round.id)

    assert attempt["deadline_at"] == closes_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert attempt["server_now"] < attempt["deadline_at"]


def test_a_start_after_the_round_closes_is_refused(server_time_zone, client, clock, bearer,
                                                   session, contest):
    closed = make_round(session, contest, opens_at=clock.now - timedelta(days=7),
                        closes_at=clock.now - timedelta(seconds=1))

    response = client.post(f"/api/v1/rounds/{closed.id}/attempts", headers=bearer)

    assert response.status_code == 409
    assert response.json()["detail"] == "Tuần thi đã kết thúc, không thể bắt đầu lượt thi mới."
    assert session.exec(select(Attempt)).all() == []


def test_a_round_opens_exactly_at_its_opening_instant(server_time_zone, client, clock, bearer,
                                                      session, contest):
    opens_at = utcnow().replace(microsecond=0) + timedelta(hours=2)
    later = make_round(session, contest, opens_at=opens_at, closes_at=opens_at + timedelta(days=1))
    clock.now = opens_at - timedelta(microseconds=1)
    early = client.post(f"/api/v1/rounds/{later.id}/attempts", headers=bearer)
    clock.now = opens_at

    on_time = client.post(f"/api/v1/rounds/{later.id}/attempts", headers=bearer)

    assert early.status_code == 409
    assert on_time.status_code == 201
