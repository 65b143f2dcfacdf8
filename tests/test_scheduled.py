"""Scheduled jobs: leases keep a second scheduler harmless; housekeeping removes only the old."""

from datetime import timedelta

from sqlmodel import select

from backend import leases
from backend.accounts import service as accounts
from backend.accounts.models import AuthSession, Role, SessionKind
from backend.clock import utcnow
from scheduled import jobs
from scheduled.registry import Job, registered_jobs
from scheduled.runner import run_job
from tests.factories import make_user


def test_a_lease_held_by_one_scheduler_keeps_the_other_out_until_it_expires(database):
    now = utcnow()

    first = leases.acquire(database=database, name="sweep", holder="a", seconds=60, now=now)
    second = leases.acquire(database=database, name="sweep", holder="b", seconds=60, now=now)
    later = leases.acquire(database=database, name="sweep", holder="b", seconds=60,
                           now=now + timedelta(seconds=61))

    assert (first, second, later) == (True, False, True)


def test_a_job_whose_lease_is_taken_does_not_run(database):
    ran = []
    job = Job("demo", lambda **_: ran.append(1), 60)
    leases.acquire(database=database, name="demo", holder="other", seconds=600, now=utcnow())

    assert run_job(database=database, job=job, holder="me") is None
    assert ran == []


def test_a_job_runs_and_releases_its_lease(database):
    job = Job("demo", lambda **_: 7, 60)

    assert run_job(database=database, job=job, holder="me") == 7
    assert leases.acquire(database=database, name="demo", holder="other", seconds=60,
                          now=utcnow())


def test_ended_sessions_are_forgotten_after_a_month_and_live_ones_kept(database, session,
                                                                       settings):
    user = make_user(session, settings, role=Role.JUDGE, username="giamkhao")
    old = utcnow() - timedelta(days=40)
    accounts.open_session(session=session, kind=SessionKind.WEB, hours=1, now=old,
                          user_id=user.id)
    live = accounts.open_session(session=session, kind=SessionKind.WEB, hours=1, now=utcnow(),
                                 user_id=user.id)

    removed = jobs.forget_ended_sessions(database=database, now=utcnow())

    session.commit()
    assert removed == 1
    remaining = session.exec(select(AuthSession)).all()
    assert [s.id for s in remaining] == [accounts.find_session(
        session=session, token=live, now=utcnow()).id]


def test_the_expiry_sweep_is_registered_at_the_configured_interval(settings):
    by_name = {job.name: job for job in registered_jobs(settings)}

    assert by_name["expire_overdue_attempts"].every_seconds == settings.expiry_sweep_seconds
