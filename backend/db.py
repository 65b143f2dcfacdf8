"""Engines, sessions and the SQLite discipline that keeps concurrent writers correct."""

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Engine, NullPool, create_engine, event
from sqlalchemy import Enum as SAEnum
from sqlalchemy.exc import IntegrityError
from sqlalchemy.util import greenlet_spawn
from sqlmodel import Session, SQLModel

from backend.awaited import AwaitedPostgres
from backend.config import Settings
from backend.pooling import ping_when_idle
from backend.usecase import LazyConnection, Reads, Writes
from backend.writerlock import WriterLock, connection_class

if TYPE_CHECKING:
    from backend.ratelimit import RateLimiter

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


def _sqlite_engine(settings: Settings, *, write: bool, connections: int) -> Engine:
    path = settings.database_url.split("///", 1)[-1]
    on_disk = bool(path) and path != ":memory:"
    if on_disk:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    connect_args = {"check_same_thread": False, "timeout": settings.sqlite_busy_timeout_ms / 1000}
    lock = None
    if write and on_disk:
        lock = WriterLock(f"{path}.writer-lock", settings.sqlite_busy_timeout_ms / 1000)
        connect_args["factory"] = connection_class(lock)
    engine = create_engine(settings.database_url, connect_args=connect_args,
                           pool_size=connections, max_overflow=0, pool_timeout=60)
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
    # A thread holds at most two connections (a page's ORM session and a use case's), so a
    # pool of twice the threads never runs dry; nothing overflows it (see ARCHITECTURE.md).
    engine = create_engine(settings.database_url, pool_size=2 * settings.threadpool_size,
                           max_overflow=0, pool_timeout=60)
    ping_when_idle(engine, settings.db_ping_after_idle_seconds)
    return engine


def connections_per_process(settings: Settings) -> int:
    """The most PostgreSQL connections one server process opens: the contestant API's pool
    on the event loop, and two for each thread that serves pages (a page's ORM session and a
    contestant use case it runs)."""
    return settings.db_pool_size + 2 * settings.threadpool_size


def connection_budget_problem(settings: Settings, *, workers: int,
                              scheduler: bool) -> str | None:
    """Why `workers` server processes (and a scheduler) could run out of PostgreSQL
    connections, or None when max_connections has room for all of them at their fullest."""
    if settings.is_sqlite:
        return None
    # A scheduler uses one thread; the CLI and an administrator need a few more.
    needed = workers * connections_per_process(settings) + (2 if scheduler else 0) + 3
    engine = create_engine(settings.database_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            allowed = int(connection.exec_driver_sql("SHOW max_connections").scalar())
            reserved = int(connection.exec_driver_sql(
                "SHOW superuser_reserved_connections").scalar())
    finally:
        engine.dispose()
    if needed <= allowed - reserved:
        return None
    return (f"{workers} tiến trình cần tới {needed} kết nối PostgreSQL "
            f"({connections_per_process(settings)} mỗi tiến trình: THIDUA_DB_POOL_SIZE="
            f"{settings.db_pool_size} + 2 × THIDUA_THREADPOOL_SIZE={settings.threadpool_size}, "
            f"cộng tác vụ định kỳ và dự phòng), nhưng máy chủ chỉ cho {allowed - reserved} "
            f"(max_connections={allowed}, dành riêng {reserved}). Hãy giảm số tiến trình hoặc "
            f"hai cấu hình trên, hoặc tăng max_connections của PostgreSQL.")


class Database:
    """The engines of one process, and the two ways its code reaches them.

    Staff pages and API, the CLI and scheduled jobs run in threads on ORM sessions
    (`session`, `scope`). Contestant use cases take a `Writes` or `Reads` (`writes`, `reads`):
    on the event loop (`on_loop`, run by `run`) for the contestant API, in a thread for
    contestant pages, jobs and tests. See ARCHITECTURE.md."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.is_sqlite = settings.is_sqlite
        self._gate: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None
        if self.is_sqlite:
            threads = settings.threadpool_size
            self.read_engine = _sqlite_engine(settings, write=False, connections=2 * threads)
            # One write connection per process: threads queue fairly on the pool instead of
            # colliding on SQLite's lock and sleeping in its back-off.
            self.write_engine = _sqlite_engine(settings, write=True, connections=1)
            # The event loop's own, used by one use case at a time (see `run`): a greenlet
            # never waits on a pool that threads hold, which would stop the loop.
            self._loop_engines = (_sqlite_engine(settings, write=False, connections=1),
                                  _sqlite_engine(settings, write=True, connections=1))
        else:
            self.read_engine = self.write_engine = _server_engine(settings)
            self.awaited = AwaitedPostgres(settings)

    async def run(self, work: Callable[..., T], /, *args, **kwargs) -> T:
        """Run a contestant use case from the event loop, in a greenlet on the loop itself,
        holding the process's database turn (`_turn`). Its statements take microseconds on
        SQLite, less than a hop to a worker thread, and on PostgreSQL each round trip is
        awaited (see awaited.py); in both, waiting for the database (a turn, SQLite's other
        writer, a PostgreSQL answer) lets the loop serve other requests meanwhile."""
        turn = self._turn()
        if turn is None:
            return await greenlet_spawn(work, *args, **kwargs)
        async with turn:
            return await greenlet_spawn(work, *args, **kwargs)

    def _turn(self) -> asyncio.Lock | asyncio.Semaphore | None:
        """How many use cases of the running loop may work on the database at once. SQLite:
        one, as the process has one write connection (and the loop one read connection).
        PostgreSQL: as many as the loop's pool has connections, so it never runs dry."""
        if not self.is_sqlite:
            return self.awaited.gate()
        loop = asyncio.get_running_loop()
        if self._gate is None or self._gate[0] is not loop:
            self._gate = (loop, asyncio.Lock())
        return self._gate[1]

    def writes(self, *, limiter: "RateLimiter | None" = None, on_loop: bool = False) -> Writes:
        """What a contestant use case that writes may do (see usecase.Writes)."""
        turn = self._turn() if on_loop else None
        if self.is_sqlite:
            read_engine, write_engine = (self._loop_engines if on_loop
                                         else (self.read_engine, self.write_engine))
            return Writes(LazyConnection(read_engine), LazyConnection(write_engine),
                          limiter=limiter, turn=turn)
        both = self._postgres_connection(on_loop)
        return Writes(both, both, limiter=limiter, turn=turn)

    def reads(self, *, on_loop: bool = False) -> Reads:
        """What a contestant use case that only reads may do (see usecase.Reads)."""
        if self.is_sqlite:
            return Reads(LazyConnection(self._loop_engines[0] if on_loop else self.read_engine))
        return Reads(self._postgres_connection(on_loop))

    def _postgres_connection(self, on_loop: bool) -> LazyConnection:
        if on_loop:
            return LazyConnection(self.awaited.engine(), autocommit=True,
                                  release_at_commit=False)
        return LazyConnection(self.write_engine, autocommit=True, release_at_commit=False)

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

    def connection(self, *, write: bool = True) -> LazyConnection:
        """A bare Core connection in a thread (tests, and code below the use cases)."""
        return LazyConnection(self.write_engine if write else self.read_engine)

    def dispose(self) -> None:
        self.read_engine.dispose()
        self.write_engine.dispose()
        if self.is_sqlite:
            for engine in self._loop_engines:
                engine.dispose()


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


def kept_on(dialect: str):
    """Alembic's `include_object` for `dialect`: an index whose `info` names another database
    (a trigram index PostgreSQL has, the scan index SQLite has instead) is not expected here."""
    def include(item, name, type_, reflected, compare_to) -> bool:
        return type_ != "index" or reflected or item.info.get("dialect", dialect) == dialect
    return include
