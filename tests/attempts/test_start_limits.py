"""Starts are rate-limited per contestant and per address: every request counts once,
whether it starts an attempt, resumes one or is refused, on SQLite (where the count joins the
attempt's own write) and on PostgreSQL alike."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backend.app import create_app
from backend.attempts.models import Attempt
from backend.ratelimit import RateLimitCounter
from tests.attempts.conftest import bearer_of
from tests.factories import make_settings


@pytest.fixture
def limited(database_url, tmp_path):
    """An app allowing 3 starts per contestant in the window."""
    settings = make_settings(database_url, tmp_path, start_per_contestant=3)
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        yield client


@pytest.fixture
def signed_in(limited, session, contest, contestant, round_):
    session.commit()  # the fixtures' writes end before the app's begin
    return bearer_of(limited, contest)


def start(client, round_id, headers):
    return client.post(f"/api/v1/rounds/{round_id}/attempts", headers=headers)


def counted(session, contestant) -> int:
    hits = session.scalar(select(RateLimitCounter.hits).where(
        RateLimitCounter.key == f"start:contestant:{contestant.id}")) or 0
    session.commit()  # let go of SQLite's write lock before the app's next request
    return hits


def test_a_start_and_its_resumes_count_once_each_and_the_fourth_is_refused(
        limited, signed_in, round_, session, contestant):
    statuses = [start(limited, round_.id, signed_in).status_code for _ in range(4)]
    assert statuses == [201, 200, 200, 429]
    assert counted(session, contestant) == 4
    assert "Retry-After" in start(limited, round_.id, signed_in).headers


def test_refused_starts_are_counted_too(limited, signed_in, session, contest, contestant):
    missing_round = 999_999
    statuses = [start(limited, missing_round, signed_in).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
    assert counted(session, contestant) == 4


def test_a_refused_start_writes_nothing_but_its_count(limited, signed_in, round_, session,
                                                       contestant):
    """Unlimited attempts: each start after a hand-in would open a new attempt."""
    for _ in range(3):
        attempt = start(limited, round_.id, signed_in).json()
        limited.post(f"/api/v1/attempts/{attempt['id']}/submit", json={}, headers=signed_in)
    assert counted(session, contestant) == 3
    attempts_before = session.scalar(select(func.count()).select_from(Attempt))
    session.commit()
    assert attempts_before == 3
    assert start(limited, round_.id, signed_in).status_code == 429
    assert counted(session, contestant) == 4
    assert session.scalar(select(func.count()).select_from(Attempt)) == attempts_before
    session.commit()
