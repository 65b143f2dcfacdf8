"""Taking a batch's rows, one short transaction each: in a background thread of the app, the
scheduled job, or `thidua essays import` in the foreground.

Whoever works on a batch holds its lease (`lease_until`), renewed with every row by a
compare-and-set on the value it last wrote, so a second worker waits and a worker that died
is replaced once its lease runs out. A row's file is unpacked and inspected before its
transaction begins; the essay service then stores it, and the row's outcome, the batch's
counters and the lease are written in the same transaction. A crash loses at most the row
in flight: resumed, rows with an outcome are skipped, and an essay this batch stored but did
not record (the crash fell between the two) is found by its file and taken as the row's."""

import logging
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from backend import leases
from backend.accounts.models import UserAccount
from backend.blobs.service import blob_chunks
from backend.clock import utc_to_local, utcnow
from backend.config import Settings
from backend.db import Database
from backend.errors import CellProblem, Conflict, DomainError
from backend.essays import service as essays
from backend.essays.intake import essay_limits
from backend.essays.intake_archive import (
    ArchiveLimits,
    EssayArchive,
    display_name,
    entry_name,
)
from backend.essays.intake_rows import IntakeLine, UnitIndex, read_list, typed_line
from backend.essays.models import (
    BatchState,
    Essay,
    IntakeBatch,
    IntakeRow,
    RowOutcome,
)
from backend.spreadsheet import Row, Table
from backend.units.models import Unit
from backend.uploads import UploadRejected, inspect_upload

log = logging.getLogger("thidua.essays")
LEASE = timedelta(minutes=2)
SPOOL = 1024 * 1024
_B = IntakeBatch.__table__
Progress = Callable[[int, int], object] | None
COUNTERS = {RowOutcome.ACCEPTED: "accepted", RowOutcome.DUPLICATE: "duplicates",
            RowOutcome.REJECTED: "rejected"}


class _LostClaim(Exception):
    """Another worker took the batch over."""


class _Stopped(Exception):
    """The process is stopping, or the caller asked for no more rows: back to the queue."""


@dataclass(frozen=True)
class Outcome:
    outcome: RowOutcome
    message: str = ""
    essay_id: int | None = None


def run_intake(*, database: Database, settings: Settings, batch_id: int, now: datetime,
               clock: Callable[[], datetime] = utcnow, progress: Progress = None,
               stop: threading.Event | None = None, max_rows: int | None = None,
               resume_failed: bool = False) -> BatchState | None:
    """Take the batch's rows that have no outcome yet, and finish it. Returns the state it
    ended in, or None when another worker holds it. `progress(done, total)` hears of every
    row; `stop` set or `max_rows` taken puts the batch back in the queue; `resume_failed`
    takes a batch that failed too (the command line's --resume)."""
    claim = _Claim(database, batch_id, clock)
    if not claim.take(now, resume_failed):
        return None
    try:
        with tempfile.SpooledTemporaryFile(SPOOL) as sheet, \
                tempfile.SpooledTemporaryFile(SPOOL) as archive:
            batch = _load(database, settings, batch_id, sheet, archive)
            _take_rows(database, settings, batch, claim, sheet, archive, progress, stop,
                       max_rows)
        claim.finish()
    except _LostClaim:
        return None
    except _Stopped:
        claim.release(BatchState.QUEUED, "")
        return BatchState.QUEUED
    except Exception as error:  # recorded on the batch; a later run takes it up again
        log.exception("Lô bài viết %s bị gián đoạn", batch_id)
        claim.release(BatchState.FAILED, _reason(error))
        return BatchState.FAILED
    return BatchState.DONE


def _reason(error: Exception) -> str:
    if isinstance(error, DomainError):
        return error.message
    return (f"Lỗi khi nhận bài ({type(error).__name__}). Các dòng đã nhận được giữ nguyên; hãy "
            "chạy tiếp lô; nếu vẫn lỗi, hãy báo quản trị hệ thống.")


def _load(database: Database, settings: Settings, batch_id: int, sheet, archive) -> IntakeBatch:
    """The batch, with its stored list and archive copied into `sheet` and `archive`."""
    with database.scope(write=False) as session:
        batch = session.get(IntakeBatch, batch_id)
        for sha256, target in ((batch.sheet_sha256, sheet), (batch.archive_sha256, archive)):
            for chunk in blob_chunks(session=session, sha256=sha256, settings=settings):
                target.write(chunk)
            target.seek(0)
        session.commit()
        session.expunge(batch)
    return batch


@dataclass
class _Context:
    database: Database
    settings: Settings
    batch: IntakeBatch
    table: Table
    archive: EssayArchive
    units: UnitIndex
    within: Unit
    actor: UserAccount | None


def _take_rows(database, settings, batch, claim, sheet, archive, progress, stop,
               max_rows) -> None:
    table = read_list(sheet.read(), filename=batch.sheet_name)
    with database.scope(write=False) as session:
        recorded = set(session.execute(select(IntakeRow.row_number).where(
            IntakeRow.batch_id == batch.id)).scalars())
        units = UnitIndex(list(session.execute(select(Unit)).scalars()))
        within = session.get(Unit, batch.unit_id)
        actor = session.get(UserAccount, batch.created_by) if batch.created_by else None
        session.commit()
        session.expunge_all()
    with EssayArchive(archive, filename=batch.archive_name, limits=ArchiveLimits(),
                      essay_limits=essay_limits(settings)) as files:
        context = _Context(database, settings, batch, table, files, units, within, actor)
        taken = 0
        for raw in table.rows:
            if raw.number in recorded:
                continue
            if (stop is not None and stop.is_set()) or (max_rows is not None
                                                       and taken >= max_rows):
                raise _Stopped
            done = _take_row(context, claim, raw)
            taken += 1
            if progress:
                progress(done, batch.total_rows)


def _take_row(context: _Context, claim: "_Claim", raw: Row) -> int:
    """One row: checked, its file unpacked and inspected, then stored and recorded in one
    transaction. Returns the batch's rows done."""
    line, problems = typed_line(context.table, raw, units=context.units,
                                within=context.within, this_year=context.batch.created_at.year)
    if problems:
        return claim.record(raw.number, _rejected(problems))
    column = context.table.columns.get("file_name")
    info = context.archive.find(line.file_name)
    if isinstance(info, list):
        message = (f"Không có tệp “{line.file_name}” trong tệp nén “{context.archive.filename}”."
                   if not info else
                   f"Tệp nén có {len(info)} tệp tên “{line.file_name}” ở các thư mục khác nhau; "
                   "hãy ghi cả thư mục, ví dụ “" + entry_name(info[0]) + "”.")
        return claim.record(raw.number, _rejected([CellProblem(message, row=raw.number,
                                                               column=column)]))
    filename = display_name(info)
    try:
        with context.archive.open(info) as stream:
            upload = inspect_upload(stream, filename=filename,
                                    limits=essay_limits(context.settings))
    except UploadRejected as error:
        return claim.record(raw.number, _rejected([CellProblem(
            error.message, row=raw.number, column=column)]))
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        log.info("Tệp %s trong lô %s hỏng: %s", filename, context.batch.id, error)
        return claim.record(raw.number, _rejected([CellProblem(
            f"Tệp “{filename}” trong tệp nén bị hỏng, không giải nén được.", row=raw.number,
            column=column)]))
    with upload, context.database.scope() as session:
        try:
            essay = essays.submit_essay(
                session=session, settings=context.settings,
                competition_id=context.batch.competition_id, author=_author(line),
                title=line.title, upload=upload, filename=filename, actor=context.actor,
                now=context.batch.created_at, intake_batch_id=context.batch.id)
            outcome = Outcome(RowOutcome.ACCEPTED, "", essay.id)
        except Conflict as error:
            session.rollback()
            outcome = _duplicate(session, context, line, error)
        except DomainError as error:
            session.rollback()
            outcome = _rejected([CellProblem(error.message, row=raw.number)])
        except (SQLAlchemyError, OSError):
            raise  # the database or the disk: the batch stops here and is resumed later
        except Exception:  # a file no library could read must not stall the whole batch
            log.exception("Tệp %s (dòng %s, lô %s) không xử lý được", filename, raw.number,
                          context.batch.id)
            session.rollback()
            outcome = _rejected([CellProblem(
                f"Không xử lý được tệp “{filename}” (tệp có thể bị hỏng). Hãy mở tệp, lưu lại "
                "thành .docx, .pdf hoặc .odt rồi gửi lại dòng này.", row=raw.number,
                column=column)])
        return claim.record(raw.number, outcome, session=session)


def _author(line: IntakeLine) -> "essays.AuthorDetails":
    return essays.AuthorDetails(
        full_name=line.full_name, birth_year=line.birth_year, gender=line.gender,
        position=line.position, unit_id=line.unit_id, phone=line.phone,
        id_number=line.id_number, bank_account=line.bank_account, bank_name=line.bank_name)


def _rejected(problems: list[CellProblem]) -> Outcome:
    return Outcome(RowOutcome.REJECTED, " ".join(str(p) for p in problems)[:1000])


def _duplicate(session: Session, context: _Context, line: IntakeLine,
               error: Conflict) -> Outcome:
    """Which essay the row repeats (the essay service names it: the same file, or the same
    author and title). One this batch stored for this very row before a crash (no row claims
    it) is the row's own; a conflict that names no essay refuses the row with its reason."""
    batch = context.batch
    earlier = session.get(Essay, error.extra["essay_id"]) if "essay_id" in error.extra \
        else None
    if earlier is None:
        return _rejected([CellProblem(error.message, row=line.row)])
    same = "cùng tệp" if error.code == "duplicate_file" else "cùng tác giả và tên bài"
    where = f"Dòng {line.row}: "
    if earlier.intake_batch_id == batch.id:
        claimed = session.execute(select(IntakeRow.row_number).where(
            IntakeRow.batch_id == batch.id, IntakeRow.essay_id == earlier.id,
            IntakeRow.outcome == RowOutcome.ACCEPTED)).scalar()
        if claimed is None:  # stored for this row by a run that stopped before recording it
            return Outcome(RowOutcome.ACCEPTED, "", earlier.id)
        return Outcome(RowOutcome.DUPLICATE, f"{where}Trùng ({same}) với dòng {claimed} của "
                       f"lô này: bài “{earlier.title}” (mã bài {earlier.id}).", earlier.id)
    when = utc_to_local(earlier.submitted_at, context.settings.zone).strftime("%H:%M %d/%m/%Y")
    via = f" qua lô số {earlier.intake_batch_id}" if earlier.intake_batch_id else ""
    return Outcome(RowOutcome.DUPLICATE, f"{where}Trùng ({same}) với bài “{earlier.title}” "
                   f"(mã bài {earlier.id}) đã nộp lúc {when}{via}.", earlier.id)


class _Claim:
    """A worker's hold on one batch: taken, renewed with each row, and given up."""

    def __init__(self, database: Database, batch_id: int, clock):
        self.database, self.batch_id, self.clock = database, batch_id, clock
        self.lease: datetime | None = None

    def take(self, now: datetime, resume_failed: bool) -> bool:
        takeable = (_B.c.state == BatchState.QUEUED.value) | (
            (_B.c.state == BatchState.RUNNING.value) & (_B.c.lease_until < now))
        if resume_failed:
            takeable |= _B.c.state == BatchState.FAILED.value
        lease = now + LEASE
        with self.database.scope() as session:
            taken = session.execute(update(_B).where(_B.c.id == self.batch_id, takeable).values(
                state=BatchState.RUNNING.value, lease_until=lease, error="")).rowcount
            session.commit()
        self.lease = lease if taken else None
        return bool(taken)

    def _renew(self, session: Session, **values) -> None:
        """Renew the lease (with `values`) in the caller's transaction, or give up."""
        lease = max(self.clock() + LEASE, self.lease + timedelta(microseconds=1))
        if not session.execute(update(_B).where(
                _B.c.id == self.batch_id, _B.c.state == BatchState.RUNNING.value,
                _B.c.lease_until == self.lease).values(lease_until=lease, **values)).rowcount:
            session.rollback()
            raise _LostClaim
        self.lease = lease

    def record(self, row_number: int, outcome: Outcome, session: Session | None = None) -> int:
        """The row's outcome, the counters and the lease, in one transaction (the caller's,
        when the essay was stored in it). Returns the batch's rows done."""
        if session is None:
            with self.database.scope() as own:
                return self.record(row_number, outcome, own)
        counter = COUNTERS[outcome.outcome]
        self._renew(session, done_rows=_B.c.done_rows + 1,
                    **{counter: getattr(_B.c, counter) + 1})
        session.add(IntakeRow(batch_id=self.batch_id, row_number=row_number,
                              outcome=outcome.outcome, message=outcome.message,
                              essay_id=outcome.essay_id))
        session.flush()
        done = session.execute(select(_B.c.done_rows).where(_B.c.id == self.batch_id)).scalar()
        session.commit()
        return done

    def finish(self) -> None:
        with self.database.scope() as session:
            self._renew(session, state=BatchState.DONE.value, finished_at=self.clock())
            session.execute(update(_B).where(_B.c.id == self.batch_id)
                            .values(lease_until=None))
            session.commit()

    def release(self, state: BatchState, error: str) -> None:
        """Give the batch up: back to the queue, or failed with the reason."""
        with self.database.scope() as session:
            session.execute(update(_B).where(
                _B.c.id == self.batch_id, _B.c.state == BatchState.RUNNING.value,
                _B.c.lease_until == self.lease).values(
                    state=state.value, error=error[:1000], lease_until=None,
                    finished_at=self.clock() if error else None))
            session.commit()


def pending(*, session: Session, now: datetime, limit: int = 50) -> list[int]:
    """Batches waiting for a worker: queued, or running under a lease that ran out (its
    worker died). Failed ones wait for a person to resume them."""
    ids = list(session.execute(select(_B.c.id).where(
        (_B.c.state == BatchState.QUEUED.value) | (
            (_B.c.state == BatchState.RUNNING.value) & (_B.c.lease_until < now)))
        .order_by(_B.c.id).limit(limit)).scalars())
    session.commit()
    return ids


def run_pending(*, database: Database, settings: Settings, seconds: float = 600,
                clock: Callable[[], datetime] = utcnow) -> int:
    """Take waiting batches one after another for up to `seconds` (a batch started goes on
    to its end); returns how many were finished here."""
    return leases.drain(database=database, pending=pending, seconds=seconds, clock=clock,
                        run=lambda batch_id: run_intake(
                            database=database, settings=settings, batch_id=batch_id,
                            now=clock(), clock=clock) is BatchState.DONE)
