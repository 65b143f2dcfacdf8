"""What a contestant use case may do with the database, said by the type it takes.

`Reads` runs statements that only read, on a connection that never takes SQLite's write lock
(on PostgreSQL, in autocommit: no BEGIN and COMMIT round trips). `Writes` may also write:
in one write transaction (`write`, `commit`), or by single statements that are transactions
by themselves (`atomic`); it meters the request against rate limits (`count`) and runs
CPU-heavy work such as password hashing off the event loop (`offload`).

The same object serves the contestant API on the event loop (the use case runs in a
greenlet, see Database.run) and pages, jobs and tests in a thread: only the engines behind it
differ. Statements are `Prepared` (or `Chain`): see backend/prepared.py.
"""

import asyncio
from datetime import datetime

import anyio.to_thread
from sqlalchemy import Connection, Engine
from sqlalchemy.util.concurrency import await_, in_greenlet

from backend.prepared import Rows
from backend.ratelimit import Limit, RateLimiter, refuse_over


class LazyConnection:
    """A Core connection taken from the pool at its first statement and given back when its
    transaction ends (`release_at_commit`, SQLite) or when the use case ends (PostgreSQL).

    With `autocommit` (PostgreSQL) every statement commits itself, with no BEGIN and COMMIT
    round trips, until `begin()` opens a real transaction for several statements; its commit
    or rollback returns the connection to autocommit. Both switches are client-side."""

    def __init__(self, engine: Engine, *, autocommit: bool = False,
                 release_at_commit: bool = True):
        self.engine = engine
        self.autocommit = autocommit
        self.release_at_commit = release_at_commit
        self._connection: Connection | None = None
        self._transaction_open = False

    def connection(self) -> Connection:
        if self._connection is None:
            connection = self.engine.connect()
            if self.autocommit:
                # The pool restores the default isolation level at check-in.
                connection.execution_options(isolation_level="AUTOCOMMIT")
            self._connection = connection
        return self._connection

    def in_transaction(self) -> bool:
        """Whether a transaction of several statements is open (never in autocommit)."""
        if self.autocommit:
            return self._transaction_open
        return self._connection is not None and self._connection.in_transaction()

    def begin(self) -> None:
        """Leave autocommit for one transaction (a no-op without autocommit: the first
        statement begins one)."""
        if self.autocommit and not self._transaction_open:
            connection = self.connection()
            if connection.in_transaction():
                connection.commit()  # the bookkeeping of earlier autocommit statements
            connection.execution_options(isolation_level=_TRANSACTIONS)
            self._transaction_open = True

    def execute(self, statement, parameters=None):
        return self.connection().execute(statement, parameters)

    def scalar(self, statement, parameters=None):
        return self.connection().scalar(statement, parameters)

    def commit(self) -> None:
        if self._connection is None:
            return
        if self.release_at_commit:
            connection, self._connection = self._connection, None
            try:
                connection.commit()
            finally:
                self._close(connection)
            return
        try:
            self._connection.commit()
        finally:
            self._back_to_autocommit()

    def rollback(self) -> None:
        if self._connection is not None and not self.release_at_commit:
            try:
                self._connection.rollback()
            finally:
                self._back_to_autocommit()
        else:
            self.close()

    def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            self._transaction_open = False
            self._close(connection)

    def _back_to_autocommit(self) -> None:
        if self._transaction_open and self._connection is not None:
            self._connection.execution_options(isolation_level="AUTOCOMMIT")
        self._transaction_open = False

    def _close(self, connection: Connection) -> None:
        connection.close()  # rolls back whatever is still open

    def __enter__(self) -> "LazyConnection":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


_TRANSACTIONS = "READ COMMITTED"


class Reads:
    """A use case that only reads."""

    def __init__(self, reader: LazyConnection):
        self._reader = reader

    def read(self, statement, **params) -> Rows:
        return statement(self._reader.connection(), params)

    def close(self) -> None:
        self._reader.close()

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


class Writes(Reads):
    """A use case that may write. Its reads see committed data, not its own uncommitted
    writes (read back through `write` what must include them), and what it committed.

    SQLite: reads on a connection of their own (no write lock), writes on the process's write
    connection. PostgreSQL: one connection in autocommit for both, which `write` turns into a
    transaction until `commit` or `rollback`."""

    def __init__(self, reader: LazyConnection, writer: LazyConnection, *,
                 limiter: RateLimiter | None, turn: asyncio.Lock | asyncio.Semaphore | None = None):
        super().__init__(reader)
        self._writer = writer
        self.limiter = limiter
        # On the event loop: the process's database turn, held by Database.run for this use
        # case, and handed back while it offloads CPU work.
        self._turn = turn
        self._pending: list[tuple[list[Limit], datetime, str]] = []
        self._in_transaction: list[tuple[list[Limit], datetime, str]] = []

    def write(self, statement, **params) -> Rows:
        """Run `statement` in this use case's write transaction, begun by the first write
        (on SQLite, BEGIN IMMEDIATE: the write lock is held from here to commit)."""
        if not self._writer.in_transaction():
            self._begin()
        return statement(self._writer.connection(), params)

    def atomic(self, statement, **params) -> Rows:
        """Run one statement that is a transaction by itself, committed at once; inside an
        open write transaction it joins it instead (the caller commits)."""
        if self._writer.autocommit and not self._writer.in_transaction():
            return statement(self._writer.connection(), params)
        joined = self._writer.in_transaction()
        rows = self.write(statement, **params)
        if not joined:
            self.commit()
        return rows

    def commit(self) -> None:
        """Commit the write transaction; later reads see what it wrote (on SQLite the reads'
        snapshot, taken before, ends here)."""
        self._writer.commit()
        self._in_transaction = []
        self._fresh_reads()

    def rollback(self) -> None:
        """Roll back the write transaction; later reads see what others committed since."""
        self._writer.rollback()
        self._fresh_reads()
        # Counts written in the transaction went with it: the request is counted again.
        self._pending, self._in_transaction = self._in_transaction + self._pending, []

    def _fresh_reads(self) -> None:
        if self._reader is not self._writer:
            self._reader.commit()  # SQLite: ends the reads' snapshot

    def count(self, limits: list[Limit], *, now: datetime, message: str) -> None:
        """Meter this request against `limits`, exactly once whatever becomes of it; refused
        with Throttled when over. Where the limiter says so (SQLite: every write waits for the
        one write lock), a read refuses what is already over a limit and the counts are
        written in this use case's own write transaction, or alone when it ends without one."""
        limiter = self.limiter
        if limiter is None:
            raise RuntimeError("this use case was given no rate limiter")
        if limiter.counts_with_writes and not limiter.used_up(limits, now=now,
                                                               session=self._reader):
            self._pending.append((limits, now, message))
            return
        refuse_over(limits, limiter.hit_all(limits, now=now, session=self._writer), now,
                    message)

    def forget(self, key: str) -> None:
        """Forget the requests counted for `key` (a sign-in that succeeded), after this
        request's own counts are written, so that they cannot count it again later."""
        if self._pending:
            self._begin()
        self.limiter.reset(key, session=self._writer)
        self.commit()

    def offload(self, work, *args):
        """Run CPU-heavy `work` (password hashing) in a worker thread when on the event loop,
        holding no connection, lock or snapshot meanwhile; in a thread, just run it."""
        if self._writer.in_transaction():
            raise RuntimeError("offload inside a write transaction would hold the write lock")
        self._reader.close()
        self._writer.close()
        if not in_greenlet():
            return work(*args)
        if self._turn is not None:
            self._turn.release()  # others' database work goes on meanwhile
        try:
            return await_(anyio.to_thread.run_sync(work, *args))
        finally:
            if self._turn is not None:
                await_(self._turn.acquire())

    def close(self) -> None:
        """End the use case: what is uncommitted rolls back, and a request whose counts were
        never committed is counted now (which may refuse it)."""
        try:
            self.rollback()
            pending, self._pending = self._pending, []
            for limits, now, message in pending:
                hits = self.limiter.hit_all(limits, now=now, session=self._writer)
                refuse_over(limits, hits, now, message)
        finally:
            self._writer.close()
            super().close()

    def _begin(self) -> None:
        """Open the write transaction; the pending counts go first in it. Over a limit, they
        are committed alone and the request refused."""
        self._writer.begin()
        pending, self._pending = self._pending, []
        self._in_transaction = pending
        for limits, now, message in pending:
            hits = self.limiter.hit_all(limits, now=now, session=self._writer, commit=False)
            try:
                refuse_over(limits, hits, now, message)
            except Exception:
                self.commit()
                raise
