"""Bulk intake of a unit's essays: an .xlsx list and a .zip of files, taken in the background
row by row (backend/essays/intake_worker.py), resumable without duplicating anything.

Starting a batch reads and judges both files before the database is touched (no write lock
while a hostile file is read), then one short transaction stores them as blobs, so that any
worker on any host can take the batch, and creates the batch. The same two files for the
same unit are the same batch (a unique constraint): sent again, nothing changes."""

import io
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.blobs.service import put_blob, read_blob
from backend.config import Settings
from backend.db import is_unique_violation
from backend.errors import Forbidden, NotFound
from backend.essays.intake_archive import ArchiveLimits, EssayArchive, spool
from backend.essays.intake_rows import brief, read_list
from backend.essays.models import BatchState, Essay, IntakeBatch, IntakeRow, RowOutcome
from backend.policy import Permission, has_permission, sees_whole_tree
from backend.units.models import Unit
from backend.uploads import Limits
from backend.vnformat import grouped
from backend.writing import service as writing
from exports.intake import IntakeReportLine, intake_report_workbook

MAX_SHEET_BYTES = 10 * 1024 * 1024
NO_RIGHT = "Tài khoản của bạn không có quyền nhận bài theo lô cho đơn vị này."
NOT_FOUND = "Không tìm thấy lô bài viết này."


@dataclass
class Upload:
    """A file as it came: its name and a stream read once."""

    filename: str
    content: BinaryIO


def essay_limits(settings: Settings) -> Limits:
    """Bounds on each essay of a batch: those of an essay sent on its own."""
    return Limits(max_bytes=settings.essay_max_bytes)


def start_intake(*, session: Session, settings: Settings, competition_id: int, unit_id: int,
                 sheet: Upload, archive: Upload, actor: UserAccount | None,
                 now: datetime) -> IntakeBatch:
    """Judge the list and the archive whole, then store them and queue the batch; the same
    two files for the same unit return the batch made before, unchanged."""
    sheet_file = spool(sheet.content, filename=sheet.filename, max_bytes=MAX_SHEET_BYTES,
                       what="Danh sách")
    try:
        archive_file = spool(archive.content, filename=archive.filename,
                             max_bytes=settings.max_batch_upload_bytes, what="Tệp nén")
    except BaseException:
        sheet_file.close()
        raise
    try:
        table = read_list(sheet_file.content.read(), filename=sheet.filename)
        EssayArchive(archive_file.content, filename=archive.filename, limits=ArchiveLimits(),
                     essay_limits=essay_limits(settings)).close()
        # The files are judged: only now does the database hear of them.
        writing.get_competition(session=session, competition_id=competition_id)
        unit = _unit_for(session, unit_id, actor)
        key = {"competition_id": competition_id, "unit_id": unit.id,
               "sheet_sha256": sheet_file.sha256, "archive_sha256": archive_file.sha256}
        existing = _existing(session, **key)
        if existing is not None:
            session.commit()
            return existing
        for spooled in (sheet_file, archive_file):
            put_blob(session=session, content=spooled.content, sha256=spooled.sha256,
                     size=spooled.size, settings=settings)
        batch = IntakeBatch(**key, sheet_name=sheet.filename[:255],
                            archive_name=archive.filename[:255], total_rows=len(table.rows),
                            created_by=actor.id if actor else None, created_at=now)
        session.add(batch)
        try:
            session.flush()
        except IntegrityError as error:  # the same files sent twice at once
            if not is_unique_violation(error):
                raise
            session.rollback()
            return _existing(session, **key)
        audit.record(session=session, actor_id=actor.id if actor else None,
                     action="essays.intake.start", target=f"intake_batch:{batch.id}",
                     details={"unit_id": unit.id, "rows": batch.total_rows,
                              "sheet": sheet.filename, "archive": archive.filename}, now=now)
        session.commit()
        return batch
    finally:
        sheet_file.close()
        archive_file.close()


def _existing(session: Session, **key) -> IntakeBatch | None:
    return session.execute(select(IntakeBatch).filter_by(**key)).scalar_one_or_none()


def _unit_for(session: Session, unit_id: int, actor: UserAccount | None) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or not unit.is_active:
        raise NotFound("Không tìm thấy đơn vị này, hoặc đơn vị đã ngừng hoạt động.")
    check_unit_access(session=session, actor=actor, unit=unit)
    return unit


def check_unit_access(*, session: Session, actor: UserAccount | None, unit: Unit) -> None:
    """Forbidden unless the actor submits essays and `unit` is within their subtree (the
    command line, actor None, may act for any unit)."""
    if actor is None:
        return
    if not has_permission(actor, Permission.SUBMIT_ESSAYS):
        raise Forbidden(NO_RIGHT)
    if sees_whole_tree(actor):
        return
    own = session.get(Unit, actor.unit_id) if actor.unit_id else None
    if own is None or not own.contains(unit):
        raise Forbidden(NO_RIGHT)


def get_batch(*, session: Session, batch_id: int, actor: UserAccount | None) -> IntakeBatch:
    """A batch the actor may see: 404 when missing, 403 when its unit is outside theirs."""
    batch = session.get(IntakeBatch, batch_id)
    if batch is None:
        raise NotFound(NOT_FOUND)
    check_unit_access(session=session, actor=actor, unit=session.get(Unit, batch.unit_id))
    return batch


def batches_of(*, session: Session, competition_id: int, within: Unit | None,
               limit: int = 20) -> list[tuple[IntakeBatch, Unit]]:
    """The competition's latest batches of units within `within` (all when None)."""
    query = (select(IntakeBatch, Unit).join(Unit, Unit.id == IntakeBatch.unit_id)
             .where(IntakeBatch.competition_id == competition_id))
    if within is not None:
        query = query.where(Unit.path.startswith(within.path, autoescape=True))
    return [tuple(row) for row in session.execute(
        query.order_by(IntakeBatch.id.desc()).limit(limit)).all()]


def percent(batch: IntakeBatch) -> int:
    return 100 * batch.done_rows // batch.total_rows if batch.total_rows else 100


def is_waiting(batch: IntakeBatch) -> bool:
    return batch.state in (BatchState.QUEUED, BatchState.RUNNING)


@dataclass(frozen=True)
class ReportLine:
    """One row of the report: where it was in the list, whose and what, and what became of
    it (None while not taken yet)."""

    row: int
    author: str
    title: str
    outcome: RowOutcome | None
    message: str
    essay_id: int | None


def report_of(*, session: Session, settings: Settings, batch: IntakeBatch) -> list[ReportLine]:
    """Every row of the batch's list in order, with its outcome: the author and title are
    read from the stored list, so rows refused for a bad cell still say whose they were."""
    recorded = {r.row_number: r for r in session.execute(
        select(IntakeRow).where(IntakeRow.batch_id == batch.id)).scalars()}
    table = read_list(read_blob(session=session, sha256=batch.sheet_sha256,
                                settings=settings), filename=batch.sheet_name)
    titles = dict(session.execute(select(Essay.id, Essay.title).where(
        Essay.id.in_([r.essay_id for r in recorded.values() if r.essay_id]))).all())
    lines = []
    for raw in table.rows:
        author, title = brief(raw)
        row = recorded.get(raw.number)
        if row is not None and row.outcome is RowOutcome.ACCEPTED:
            title = titles.get(row.essay_id, title)
        lines.append(ReportLine(row=raw.number, author=author, title=title,
                                outcome=row.outcome if row else None,
                                message=row.message if row else "",
                                essay_id=row.essay_id if row else None))
    return lines


def report_file(*, session: Session, settings: Settings, batch: IntakeBatch) -> tuple[str, bytes]:
    """The report as an .xlsx (file name, bytes): every row, its outcome and reason."""
    unit = session.get(Unit, batch.unit_id)
    lines = [IntakeReportLine(row=x.row, author=x.author, title=x.title,
                              outcome=x.outcome.label if x.outcome else "Chưa xử lý",
                              reason=x.message, essay_id=x.essay_id)
             for x in report_of(session=session, settings=settings, batch=batch)]
    workbook = intake_report_workbook(
        lines, heading=f"KẾT QUẢ NHẬN BÀI THEO LÔ SỐ {batch.id} – {unit.name.upper()}",
        summary=summary(batch))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"ket-qua-nhan-bai-lo-{batch.id}.xlsx", buffer.getvalue()


def summary(batch: IntakeBatch) -> str:
    """The batch's counts in one sentence."""
    return (f"Danh sách “{batch.sheet_name}”, tệp nén “{batch.archive_name}”: "
            f"{grouped(batch.total_rows)} dòng, đã xử lý {grouped(batch.done_rows)}; đã nhận "
            f"{grouped(batch.accepted)}, trùng {grouped(batch.duplicates)}, bị từ chối "
            f"{grouped(batch.rejected)}.")
