"""One SQLite writer at a time across every process, queued by the kernel instead of SQLite.

Two processes that both want SQLite's write lock make the loser sleep in SQLite's busy handler
(1, 2, 5, 10 ... 100 ms), long after a transaction of a millisecond has ended. An exclusive
`flock` on a file beside the database, taken before BEGIN IMMEDIATE and dropped right after
COMMIT or ROLLBACK, lets the next writer in as soon as the lock is free.

While the other process holds it, a writer running on the event loop in a greenlet (see
Database.run) awaits between polls, so that its process serves other requests meanwhile
instead of sleeping; a writer in a thread sleeps.
"""

import asyncio
import fcntl
import os
import sqlite3
import threading
import time

from sqlalchemy.util.concurrency import await_, in_greenlet

_FIRST_WAIT_S = 0.00005
_LONGEST_WAIT_S = 0.0005


class WriterLock:
    """An exclusive lock on `path`, given up after `timeout_s` with SQLite's own error."""

    def __init__(self, path: str, timeout_s: float):
        self.path = path
        self.timeout_s = timeout_s
        self._fd: int | None = None
        self._held = False
        self._guard = threading.Lock()

    def acquire(self) -> None:
        with self._guard:
            if self._held:
                return
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fd = self._fd
        deadline, wait = time.monotonic() + self.timeout_s, _FIRST_WAIT_S
        # Poll instead of blocking: a thread that already holds another engine's lock in this
        # process must get "database is locked" after the timeout, never hang.
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise sqlite3.OperationalError("database is locked") from None
                if in_greenlet():
                    await_(asyncio.sleep(wait))
                else:
                    time.sleep(wait)
                wait = min(wait * 2, _LONGEST_WAIT_S)
        self._held = True

    def release(self) -> None:
        with self._guard:
            if self._held and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            self._held = False


def connection_class(lock: WriterLock) -> type[sqlite3.Connection]:
    """A sqlite3 connection that lets go of `lock` once its transaction has ended."""

    class LockReleasingConnection(sqlite3.Connection):
        def commit(self) -> None:
            try:
                super().commit()
            finally:
                lock.release()

        def rollback(self) -> None:
            try:
                super().rollback()
            finally:
                lock.release()

        def close(self) -> None:
            try:
                super().close()
            finally:
                lock.release()

    return LockReleasingConnection
