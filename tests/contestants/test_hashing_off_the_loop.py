"""Argon2 costs milliseconds of CPU by design: a registration's hash runs in a worker thread,
never on the event loop that serves every other contestant, and never while SQLite's write
lock is held."""

import asyncio
import fcntl
import os
import time

from backend.accounts.models import SessionKind
from backend.accounts.passwords import Passwords
from backend.accounts.service import new_session
from backend.clock import utcnow
from backend.contestants import service as contestants
from backend.db import Database
from backend.ratelimit import DatabaseRateLimiter
from tests.contestants.conftest import form
from tests.factories import on_a_loop_of_its_own

SLOW = Passwords(time_cost=8, memory_kib=32_768)  # about half a second here: easy to see
TICK_S = 0.005


class WatchedHash:
    """The slow hasher, noting how long each hash took and whether the writer lock was free
    meanwhile (taken by another open file on it, as another process would)."""

    def __init__(self, lock_path: str | None):
        self.lock_path, self.lock_was_free = lock_path, None
        self.began = self.ended = 0.0

    def hash(self, password: str) -> str:
        self.began = time.monotonic()
        if self.lock_path:
            self.lock_was_free = _free(self.lock_path)
        hashed = SLOW.hash(password)
        self.ended = time.monotonic()
        return hashed


def _free(path: str) -> bool:
    probe = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(probe, fcntl.LOCK_UN)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(probe)


def test_a_registration_hashes_its_password_without_stopping_the_event_loop(
        settings, session, contest, ben_nghe, is_postgres):
    session.commit()
    database = Database(settings)
    lock_path = None if is_postgres else settings.database_url.split("///", 1)[-1] + ".writer-lock"
    watched = WatchedHash(lock_path)
    now = utcnow()

    def register():
        with database.writes(limiter=DatabaseRateLimiter(database), on_loop=True) as db:
            return contestants.register(
                db=db, contest_id=contest.id, form=form(ben_nghe), passwords=watched,
                settings=settings, ip="10.1.1.1", now=now,
                new_session=new_session(kind=SessionKind.API, hours=1, now=now))

    async def scenario() -> list[float]:
        database.open_loop()
        try:
            registering = asyncio.create_task(database.run(register))
            ticks = []
            while not registering.done():
                await asyncio.sleep(TICK_S)  # every other request's turn on the loop
                ticks.append(time.monotonic())
            await registering
            return ticks
        finally:
            await database.close_loop()

    try:
        ticks = on_a_loop_of_its_own(scenario)  # as a server worker has
    finally:
        database.dispose()

    # Hashed on the loop, no tick could fall inside the hash; off it, the loop keeps ticking.
    served_while_hashing = [t for t in ticks if watched.began < t < watched.ended]
    assert watched.ended - watched.began > 10 * TICK_S
    assert len(served_while_hashing) >= 5
    assert watched.lock_was_free in (None, True)


def test_a_sign_in_checks_its_password_off_the_loop_too(settings, session, contest, ben_nghe):
    """The same holds for verifying: sign_in hands Argon2 to `offload` as register does."""
    session.commit()
    database = Database(settings)
    now = utcnow()
    on_the_loop = []

    class Recording(Passwords):
        def verify(self, stored, password):
            on_the_loop.append(_running_a_loop())
            return super().verify(stored, password)

    passwords = Recording(time_cost=1, memory_kib=1024)

    def run(use_case, **arguments):
        with database.writes(limiter=DatabaseRateLimiter(database), on_loop=True) as db:
            return use_case(db=db, **arguments)

    async def scenario():
        database.open_loop()
        try:
            await database.run(run, contestants.register, contest_id=contest.id,
                               form=form(ben_nghe), passwords=passwords,
                               settings=settings, ip="10.1.1.2", now=now,
                               new_session=new_session(kind=SessionKind.API, hours=1, now=now))
            return await database.run(run, contestants.sign_in, contest_id=contest.id,
                                      phone=form(ben_nghe).phone,
                                      password=form(ben_nghe).password, passwords=passwords,
                                      settings=settings, ip="10.1.1.2", now=now,
                                      new_session=new_session(kind=SessionKind.API, hours=1,
                                                              now=now))
        finally:
            await database.close_loop()

    try:
        signed_in = on_a_loop_of_its_own(scenario)
    finally:
        database.dispose()

    assert signed_in.full_name == "Nguyễn Văn An"
    assert on_the_loop == [False]


def _running_a_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
