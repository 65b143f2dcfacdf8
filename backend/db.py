"""Engines, sessions and the SQLite discipline that keeps concurrent writers correct."""

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy import Enum as SAEnum
from sqlalchemy.exc import IntegrityError
from sqlalchemy.util import greenlet_spawn
from sqlmodel import Session, SQLModel

from backend.awaited import AwaitedPostgres
from backend.config import Settings
from backend.pooling import ping_when_idle
from backend.writerlock import WriterLock, connection_class

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
T = TypeVar("T")
metadata = SQLModel.metadata
metadata.naming_convention = NAMING_CONVENTION


def _sqlite_engine(settings: Settings, *, write: bool) -> Engine:
    path = settings.database_url.split("///", 1)[-1]
    on_disk = bool(path) and path != ":memory:"
    if on_disk:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    connect_args = {"check_same_thread": False, "timeout": settings.sqlite_busy_timeout_ms / 1000}
    lock = None
    if write and on_disk:
        lock = WriterLock(f"{path}.writer-lock", settings.sqlite_busy_timeout_ms / 1000)
        connect_args["factory"] = connection_class(lock)
    engine = create_engine(
        settings.database_url,
        connect_args=connect_args,
        # One write connection per process: threads queue fairly on the pool instead of
        # colliding on SQLite's lock and sleeping in its back-off.
        pool_size=1 if write else settings.db_pool_size,
        max_overflow=0 if write else settings.db_pool_size,
        pool_timeout=60,
    )
    begin = "BEGIN IMMEDIATE" if write else "BEGIN"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transaction control away from pysqlite so that BEGIN is ours to issue.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA synchronous={settings.sqlite_synchronous}")
        cursor.execute(f"PRAGMA busy_timeout={int(settings.sqlite_busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A deferred transaction that later writes fails with "database is locked" under
        # concurrency instead of waiting; writers take the lock up front.
        if lock is not None:
            lock.acquire()
        try:
            # Straight to the driver: this runs at every transaction of the busiest requests.
            connection.connection.driver_connection.execute(begin)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    return engine


def _server_engine(settings: Settings) -> Engine:
    engine = create_engine(
        settings.database_url,
        # As many connections as threads that may hold one: a pool smaller than the thread
        # pool would open and close "overflow" connections all the time, and each new
        # PostgreSQL connection costs a process fork on the server.
        pool_size=max(settings.db_pool_size, settings.threadpool_size),
        max_overflow=settings.db_pool_size,
        pool_timeout=60,
    )
    ping_when_idle(engine, settings.db_ping_after_idle_seconds)
    return engine


class Database:
    """The engines of one process: reads and writes share one on PostgreSQL."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.is_sqlite = settings.is_sqlite
        self._turn: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None
        if self.is_sqlite:
            self.read_engine = _sqlite_engine(settings, write=False)
            self.write_engine = _sqlite_engine(settings, write=True)
        else:
            self.read_engine = self.write_engine = _server_engine(settings)
            self.awaited = AwaitedPostgres(settings)

    async def run(self, work: Callable[..., T], /, *args) -> T:
        """Run a request's synchronous database work (on `connection(awaited=True)`) from the
        event loop. SQLite: in a greenlet on the loop itself, one request's work at a time per
        process (as the process has one write connection); each statement takes microseconds
        and a write transaction well under a millisecond, less than a hop to a worker thread,
        and with no second thread the writer never waits for the interpreter lock while the
        other worker processes wait for its database lock. Only the wait for the other
        processes' writer is awaited (see writerlock.py): the loop serves other requests
        meanwhile. PostgreSQL: on the loop too, each round trip awaited (see awaited.py)."""
        if self.is_sqlite:
            async with self._sqlite_turn():
                return await greenlet_spawn(work, *args)
        return await self.awaited.run(work, *args)

    def _sqlite_turn(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._turn is None or self._turn[0] is not loop:
            self._turn = (loop, asyncio.Lock())
        return self._turn[1]

    def open_loop(self) -> None:
        """The application's event loop has started (its lifespan)."""
        if not self.is_sqlite:
            self.awaited.open()

    async def close_loop(self) -> None:
        if not self.is_sqlite:
            await self.awaited.close()

    def session(self, *, write: bool = True) -> Session:
        engine = self.write_engine if write else self.read_engine
        return Session(engine, expire_on_commit=False)

    @contextmanager
    def scope(self, *, write: bool = True) -> Iterator[Session]:
        """A session for one use case; the service inside commits, anything else rolls back."""
        session = self.session(write=write)
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def connection(self, *, write: bool = True, awaited: bool = False) -> "LazyConnection":
        """A Core connection for the busiest requests (see LazyConnection). With `awaited`,
        for work done by `run`: on PostgreSQL its round trips are then awaited."""
        if self.is_sqlite:
            # The one write connection of the process goes back to the pool at each commit.
            return LazyConnection(self.write_engine if write else self.read_engine,
                                  release_at_commit=write)
        engine = self.awaited.engine if awaited else self.write_engine
        if write:
            return LazyConnection(engine, release_at_commit=False)
        # Reads, and single statements that are atomic by themselves, in autocommit: no BEGIN
        # and COMMIT round trips around them.
        return LazyConnection(engine, autocommit=True)

    def dispose(self) -> None:
        self.read_engine.dispose()
        self.write_engine.dispose()


class LazyConnection:
    """A Core connection taken from the pool at its first statement and given back at commit
    or rollback (or kept for the next transaction), as an ORM session does, without the
    session's unit of work. The busiest requests (start, autosave, submit, result) run
    prebuilt statements on it; on SQLite a write one holds the writer lock only from its first
    statement to its commit."""

    def __init__(self, engine: Engine | Callable[[], Engine], *, release_at_commit: bool = True,
                 autocommit: bool = False):
        self.engine = engine
        self.release_at_commit = release_at_commit
        self.autocommit = autocommit
        self._connection: Connection | None = None

    def connection(self) -> Connection:
        if self._connection is None:
            engine = self.engine if isinstance(self.engine, Engine) else self.engine()
            connection = engine.connect()
            if self.autocommit:
                # Client-side with psycopg; the pool restores the default at check-in.
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            self._connection = connection
        return self._connection

    def execute(self, statement, parameters=None):
        return self.connection().execute(statement, parameters)

    def scalar(self, statement, parameters=None):
        return self.connection().scalar(statement, parameters)

    def commit(self) -> None:
        if self._connection is None:
            return
        if not self.release_at_commit:
            self._connection.commit()
            return
        connection, self._connection = self._connection, None
        try:
            connection.commit()
        finally:
            connection.close()

    def rollback(self) -> None:
        if self._connection is not None and not self.release_at_commit:
            self._connection.rollback()
        else:
            self.close()

    def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            # Rolls back whatever is still open and returns the connection to the pool.
            connection.close()

    def __enter__(self) -> "LazyConnection":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def is_unique_violation(error: IntegrityError) -> bool:
    """True when the database refused a row because a UNIQUE rule already holds it."""
    text = str(error.orig).lower()
    return "unique" in text or "duplicate key" in text


def enum_type(enum_cls) -> SAEnum:
    """A StrEnum stored by value in a plain VARCHAR, the same on SQLite and PostgreSQL."""
    return SAEnum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=40,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
