"""The connection discipline under the busiest requests: lazy connections and stale ones."""

import asyncio
import fcntl
import os
import time

import pytest
from sqlalchemy import create_engine, func, literal, select, text

from backend.db import Database
from backend.prepared import Prepared, insert_row
from backend.ratelimit import RateLimitCounter
from tests.factories import make_settings, on_a_loop_of_its_own


def test_a_lazy_connection_takes_nothing_from_the_pool_until_its_first_statement(database):
    lazy = database.connection(write=True)
    assert database.write_engine.pool.checkedout() == 0
    assert lazy.scalar(text("select 1")) == 1
    assert database.write_engine.pool.checkedout() == 1
    lazy.close()
    assert database.write_engine.pool.checkedout() == 0


COUNT = text("select count(*) from rate_limit_counter where key like 'probe:%'")
PROBE = insert_row(RateLimitCounter.__table__)
BACKEND_PID = Prepared(select(func.pg_backend_pid()))
ONE = Prepared(select(literal(1)))


def probe(n: int):
    return text(f"insert into rate_limit_counter (key, window_start, hits) "
                f"values ('probe:{n}', 0, 1)")


def test_a_sqlite_write_gives_the_one_writer_back_at_commit(database, is_postgres):
    if is_postgres:
        pytest.skip("SQLite's single writer per process")
    first, second = database.connection(write=True), database.connection(write=True)
    first.execute(probe(1))
    first.commit()
    # With the writer held, the second would wait for the pool; after commit it goes at once.
    second.execute(probe(2))
    second.commit()
    assert database.connection(write=False).scalar(COUNT) == 2


def test_a_rollback_undoes_the_write_and_frees_the_connection(database):
    with database.connection(write=True) as lazy:
        lazy.execute(probe(1))
        lazy.commit()
        lazy.execute(probe(2))
        lazy.rollback()
        assert lazy.scalar(COUNT) == 1
    assert database.write_engine.pool.checkedout() == 0


def test_a_pooled_postgresql_connection_killed_while_idle_is_replaced_unnoticed(
        database_url, tmp_path, is_postgres):
    if not is_postgres:
        pytest.skip("PostgreSQL connections can be ended by the server")
    database = Database(make_settings(database_url, tmp_path, db_ping_after_idle_seconds=0))
    try:
        with database.connection() as lazy:
            pid = lazy.scalar(text("select pg_backend_pid()"))
        admin = create_engine(database_url)
        with admin.begin() as connection:
            connection.execute(text("select pg_terminate_backend(:pid)"), {"pid": pid})
        admin.dispose()
        with database.connection() as lazy:
            assert lazy.scalar(text("select pg_backend_pid()")) != pid
    finally:
        database.dispose()


def test_the_awaited_pool_replaces_a_connection_killed_while_idle(database_url, tmp_path,
                                                                    is_postgres):
    if not is_postgres:
        pytest.skip("the awaited engines serve PostgreSQL")
    database = Database(make_settings(database_url, tmp_path, db_ping_after_idle_seconds=0))

    def backend_pid() -> int:
        with database.reads(on_loop=True) as db:
            return db.read(BACKEND_PID).scalar()

    async def scenario() -> tuple[int, int]:
        database.open_loop()
        try:
            first = await database.run(backend_pid)
            admin = create_engine(database_url)
            with admin.begin() as connection:
                connection.execute(text("select pg_terminate_backend(:pid)"), {"pid": first})
            admin.dispose()
            return first, await database.run(backend_pid)
        finally:
            await database.close_loop()

    try:
        first, second = on_a_loop_of_its_own(scenario)
    finally:
        database.dispose()
    assert second != first


def test_work_run_off_the_applications_loop_still_reaches_postgresql(database_url, tmp_path,
                                                                     is_postgres):
    if not is_postgres:
        pytest.skip("the awaited engines serve PostgreSQL")
    database = Database(make_settings(database_url, tmp_path))

    def one() -> int:
        with database.reads(on_loop=True) as db:
            return db.read(ONE).scalar()

    try:
        # No open_loop(): each run gets a connection of its own, on whichever loop runs it.
        assert [on_a_loop_of_its_own(lambda: database.run(one)) for _ in range(3)] == [1, 1, 1]
    finally:
        database.dispose()


def test_a_write_waiting_for_another_process_leaves_the_event_loop_free(
        database_url, tmp_path, is_postgres):
    if is_postgres:
        pytest.skip("the cross-process writer lock is SQLite's")
    database = Database(make_settings(database_url, tmp_path, sqlite_busy_timeout_ms=3000))
    # Another open file on the lock: to flock, as good as another process holding the writer.
    other = os.open(database_url.split("///", 1)[-1] + ".writer-lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)

    def write():
        with database.writes(on_loop=True) as db:
            db.atomic(PROBE, key="probe:1", window_start=0, hits=1)

    async def meanwhile():
        writing = asyncio.create_task(database.run(write))
        began = time.monotonic()
        for _ in range(20):
            await asyncio.sleep(0.005)  # other requests' work, served while the write waits
        served_in = time.monotonic() - began
        waiting = not writing.done()
        fcntl.flock(other, fcntl.LOCK_UN)
        await writing
        return served_in, waiting

    try:
        served_in, waiting = on_a_loop_of_its_own(meanwhile)
        assert waiting
        assert served_in < 1.0
        assert database.connection(write=False).scalar(COUNT) == 1
    finally:
        os.close(other)
        database.dispose()


def test_a_server_is_refused_more_workers_than_postgresql_has_connections_for(
        settings, is_postgres):
    from backend.db import connection_budget_problem, connections_per_process

    problem = connection_budget_problem(settings, workers=1_000, scheduler=True)
    fits = connection_budget_problem(settings, workers=1, scheduler=True)

    assert connections_per_process(settings) == settings.db_pool_size + 2 * settings.threadpool_size
    assert fits is None
    if is_postgres:
        assert "1000 tiến trình cần tới" in problem
        assert "max_connections=" in problem
    else:
        assert problem is None  # SQLite opens files, not server connections


def test_the_pools_never_open_more_than_the_budget_counts(settings, is_postgres):
    """No overflow: a pool past its size makes a request wait, never open a connection the
    budget did not count."""
    database = Database(settings)
    try:
        engines = [database.write_engine] if is_postgres else [database.read_engine,
                                                               database.write_engine]
        assert all(engine.pool._max_overflow == 0 for engine in engines)
        if is_postgres:
            assert database.write_engine.pool.size() == 2 * settings.threadpool_size
    finally:
        database.dispose()
