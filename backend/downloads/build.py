"""Building an export's file, in a worker thread of the app, a scheduled job or the CLI.

Whoever builds an export first claims it (a lease renewed with every progress update), so a
second builder waits its turn and a builder that died is replaced once its lease runs out.
The rows stream from one read transaction into the workbook on a temporary file; progress
is written in short transactions of their own, never holding SQLite's write lock while the
sheet is written; the finished file is stored in 1 MB chunks, each its own transaction."""

import hashlib
import logging
import os
import socket
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, update

from backend.clock import utc_to_local, utcnow
from backend.contests.models import Contest, Round
from backend.db import Database
from backend.downloads import documents, sources
from backend.downloads.models import ExportChunk, ExportFile, ExportKind, ExportState
from backend.errors import DomainError
from backend.letterhead import service as letterhead
from backend.results.models import ResultBoard
from backend.units.models import Unit
from exports import results as sheets

log = logging.getLogger("thidua.downloads")
CHUNK_BYTES = 1 << 20
LEASE = timedelta(minutes=2)
PROGRESS_EVERY = 2000
HOST = f"{socket.gethostname()}:{os.getpid()}"
_F, _K = ExportFile.__table__, ExportChunk.__table__
Progress = Callable[[int, int], object] | None


class _LostClaim(Exception):
    """Another builder took the export over, or it was deleted."""


class _Stopped(Exception):
    """The process is stopping: the export goes back to the queue."""


def build_export(*, database: Database, export_id: int, clock: Callable[[], datetime] = utcnow,
                 progress: Progress = None, stop: threading.Event | None = None
                 ) -> ExportState | None:
    """Build a queued export's file (or one whose builder died) and store it. Returns the
    state it ended in, or None when another builder holds it. `progress(done, total)` hears
    of every progress update."""
    holder = f"{HOST}:{uuid.uuid4().hex[:8]}"
    claim = _Claim(database, export_id, holder, clock, progress, stop)
    if not claim.take():
        return None
    try:
        with tempfile.TemporaryFile(prefix="thidua-export-") as file:
            _write(database, claim, file, clock())
            claim.store(file)
    except _LostClaim:
        return None
    except _Stopped:
        claim.release(ExportState.QUEUED, "")
        return ExportState.QUEUED
    except Exception as error:  # the export records why; the next request may try again
        log.exception("Tạo tệp xuất %s không thành công", export_id)
        claim.release(ExportState.FAILED, _reason(error))
        return ExportState.FAILED
    return ExportState.DONE


def _reason(error: Exception) -> str:
    if isinstance(error, DomainError):
        return error.message
    return (f"Lỗi khi tạo tệp ({type(error).__name__}). Hãy yêu cầu lại; nếu vẫn lỗi, hãy báo "
            "quản trị hệ thống.")


def _write(database: Database, claim: "_Claim", file, now: datetime) -> None:
    """Read the board's version and write its sheet into `file`, all in one read snapshot."""
    with database.scope(write=False) as read:
        export = read.get(ExportFile, claim.export_id)
        board = read.get(ResultBoard, export.board_id)
        if board.version != export.board_version:
            raise DomainError("Kết quả đã được tổng hợp lại sau khi tệp này được yêu cầu. Hãy "
                              "yêu cầu lại để có tệp theo kết quả mới.")
        contest = read.get(Contest, export.contest_id)
        round_ = read.get(Round, board.round_id) if board.round_id else None
        scope = read.get(Unit, export.scope_unit_id) if export.scope_unit_id else None
        head = letterhead.for_documents(letterhead.current(session=read))
        heading = documents.heading(kind=export.kind, contest=contest, round_=round_,
                                    board=board, state=export.board_state, scope=scope,
                                    day=utc_to_local(now, database.settings.zone).date())
        connection = read.connection()
        units = sources.units_within(connection, contest_id=contest.id,
                                     scope_path=export.scope_path)
        if export.kind is ExportKind.ATTEMPTS:
            where = {"round_id": board.round_id, "units": units}
            claim.begin(sources.count_attempts(connection, **where))
            lines = sources.attempt_lines(connection, contest_id=contest.id, board_id=board.id,
                                          version=board.version, zone=database.settings.zone,
                                          **where)
            sheets.write_attempts(file, head, heading, claim.counted(lines))
            return
        where = {"board_id": board.id, "version": board.version, "units": units,
                 "prizes_only": export.kind is ExportKind.PRIZES}
        claim.begin(sources.count_entries(connection, **where))
        lines = sources.result_lines(connection, masked=export.masked,
                                     groups=bool(contest.groups), **where)
        write = sheets.write_prize_list if export.kind is ExportKind.PRIZES \
            else sheets.write_results
        write(file, head, heading, claim.counted(lines), groups=bool(contest.groups),
              personal=True)


class _Claim:
    """A builder's hold on one export: taken, renewed with progress, and given up."""

    def __init__(self, database: Database, export_id: int, holder: str, clock, progress,
                 stop):
        self.database, self.export_id, self.holder = database, export_id, holder
        self.clock, self.progress, self.stop = clock, progress, stop
        self.total = 0

    def _mine(self):
        return (_F.c.id == self.export_id) & (_F.c.holder == self.holder) & (
            _F.c.state == ExportState.RUNNING.value)

    def take(self) -> bool:
        now = self.clock()
        with self.database.scope() as session:
            taken = session.execute(update(_F).where(
                _F.c.id == self.export_id,
                (_F.c.state == ExportState.QUEUED.value) | (
                    (_F.c.state == ExportState.RUNNING.value) & (_F.c.lease_until < now)))
                .values(state=ExportState.RUNNING.value, holder=self.holder,
                        lease_until=now + LEASE, started_at=now, rows_done=0, error="")
            ).rowcount
            if taken:  # what a builder that died left behind
                session.execute(delete(_K).where(_K.c.export_id == self.export_id))
            session.commit()
        return bool(taken)

    def renew(self, session, **values) -> None:
        """Renew the lease (with `values`) in the caller's transaction, or give up."""
        if self.stop is not None and self.stop.is_set():
            raise _Stopped
        values = {"lease_until": self.clock() + LEASE, **values}
        if not session.execute(update(_F).where(self._mine()).values(**values)).rowcount:
            session.rollback()
            raise _LostClaim

    def _update(self, **values) -> None:
        with self.database.scope() as session:
            self.renew(session, **values)
            session.commit()

    def begin(self, total: int) -> None:
        self.total = total
        self._update(rows_total=total)
        if self.progress:
            self.progress(0, total)

    def counted(self, lines: Iterable) -> Iterator:
        """The lines as they are written, with progress every PROGRESS_EVERY of them."""
        for done, line in enumerate(lines, start=1):
            yield line
            if done % PROGRESS_EVERY == 0:
                self._update(rows_done=done)
                if self.progress:
                    self.progress(done, self.total)

    def store(self, file) -> None:
        """The file's bytes in chunks, each in a short transaction, then the export done."""
        file.seek(0)
        digest, size, part = hashlib.sha256(), 0, 0
        while data := file.read(CHUNK_BYTES):
            with self.database.scope() as session:
                self.renew(session)
                session.execute(insert(_K).values(export_id=self.export_id, part=part,
                                                  data=data))
                session.commit()
            digest.update(data)
            size, part = size + len(data), part + 1
        self._update(state=ExportState.DONE.value, size=size, parts=part,
                     sha256=digest.hexdigest(), rows_done=self.total,
                     finished_at=self.clock(), holder="", lease_until=None)
        if self.progress:
            self.progress(self.total, self.total)

    def release(self, state: ExportState, error: str) -> None:
        """Give the export up: back to the queue, or failed with the reason."""
        with self.database.scope() as session:
            mine = session.execute(update(_F).where(self._mine()).values(
                state=state.value, error=error[:500], holder="", lease_until=None,
                rows_done=0, finished_at=self.clock() if error else None)).rowcount
            if mine:
                session.execute(delete(_K).where(_K.c.export_id == self.export_id))
            session.commit()
