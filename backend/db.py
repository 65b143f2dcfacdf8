"""Engines, sessions and the SQLite discipline that keeps concurrent writers correct."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import Enum as SAEnum
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from backend.config import Settings
from backend.writerlock import WriterLock, connection_class

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
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
            connection.exec_driver_sql(begin)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    return engine


def _server_engine(settings: Settings) -> Engine:
    return create_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_size,
        pool_pre_ping=True,
        pool_timeout=60,
    )


class Database:
    """The engines of one process: reads and writes share one on PostgreSQL."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.is_sqlite = settings.is_sqlite
        if self.is_sqlite:
            self.read_engine = _sqlite_engine(settings, write=False)
            self.write_engine = _sqlite_engine(settings, write=True)
        else:
            self.read_engine = self.write_engine = _server_engine(settings)

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

    def dispose(self) -> None:
        self.read_engine.dispose()
        self.write_engine.dispose()


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
