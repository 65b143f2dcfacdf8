"""Asking for a result spreadsheet and downloading it: one file per board version and
state, kind, masking and unit subtree, reused by everyone who asks again (made again when the
letterhead has changed since); every request and every download written to the audit log."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend.audit import service as audit
from backend.contests.models import Round
from backend.db import Database, is_unique_violation
from backend.downloads import documents
from backend.downloads.models import ExportChunk, ExportFile, ExportKind, ExportState
from backend.errors import Conflict, InvalidInput, NotFound
from backend.letterhead import service as letterhead
from backend.results.models import ResultBoard, ResultState
from backend.units.models import Unit

_K = ExportChunk.__table__
NOT_VISIBLE = "Không tìm thấy tệp này, hoặc tệp nằm ngoài phạm vi của bạn."


@dataclass(frozen=True)
class Requested:
    export: ExportFile
    reused: bool  # the file (or its building) was already there

    @property
    def ready(self) -> bool:
        return self.export.state is ExportState.DONE


def request_export(*, session: Session, contest_id: int, board_id: int, kind: ExportKind,
                   masked: bool, within: Unit | None, actor_id: int | None,
                   now: datetime) -> Requested:
    """The export of a board's current version for this kind, masking and subtree: the one
    made before when there is one (a failed one queued again), else a new one, queued."""
    board = session.get(ResultBoard, board_id)
    if board is None or board.contest_id != contest_id:
        raise NotFound("Không tìm thấy bảng kết quả này trong cuộc thi.")
    if not board.version or board.state is ResultState.NOT_FINALISED:
        raise Conflict("Chưa tổng hợp kết quả nên chưa có gì để tải về. Hãy tổng hợp kết quả "
                       "sau khi vòng thi đóng.")
    if kind is ExportKind.ATTEMPTS and board.round_id is None:
        raise InvalidInput("Kết quả chung cuộc không có danh sách lượt thi riêng: hãy tải "
                           "toàn bộ lượt thi của từng vòng.")
    if kind is ExportKind.ATTEMPTS:
        masked = True  # it holds no personal data: one file serves everyone
    scope_path = within.path if within is not None else ""
    export = _existing(session, board, kind, masked, scope_path)
    reused = export is not None
    if export is None:
        round_ = session.get(Round, board.round_id) if board.round_id else None
        export = ExportFile(
            contest_id=contest_id, board_id=board.id, board_version=board.version,
            board_state=board.state, kind=kind, masked=masked,
            scope_unit_id=within.id if within else None, scope_path=scope_path,
            requested_by=actor_id, requested_at=now,
            file_name=documents.file_name(kind=kind, round_=round_, scope=within,
                                          masked=masked))
        session.add(export)
        try:
            session.flush()
        except IntegrityError as error:  # asked at the same moment by someone else
            if not is_unique_violation(error):
                raise
            session.rollback()
            return request_export(session=session, contest_id=contest_id, board_id=board_id,
                                  kind=kind, masked=masked, within=within, actor_id=actor_id,
                                  now=now)
    elif export.state is ExportState.FAILED or _before_letterhead(session, export):
        export.state, export.error, export.rows_done = ExportState.QUEUED, "", 0
        export.requested_by, export.requested_at, export.finished_at = actor_id, now, None
    audit.record(session=session, actor_id=actor_id, action="results.export.request",
                 target=f"board:{board.id}", details={**_described(export), "reused": reused},
                 now=now)
    session.commit()
    return Requested(export, reused)


def _existing(session: Session, board: ResultBoard, kind: ExportKind, masked: bool,
              scope_path: str) -> ExportFile | None:
    return session.execute(select(ExportFile).where(
        ExportFile.board_id == board.id, ExportFile.board_version == board.version,
        ExportFile.board_state == board.state, ExportFile.kind == kind,
        ExportFile.masked == masked, ExportFile.scope_path == scope_path)).scalar_one_or_none()


def _before_letterhead(session: Session, export: ExportFile) -> bool:
    """A ready file made before the letterhead last changed: made again with the new one."""
    saved = letterhead.stored(session=session)
    return (export.state is ExportState.DONE and saved is not None
            and export.started_at is not None and export.started_at < saved.updated_at)


def get_export(*, session: Session, export_id: int, within: Unit | None,
               may_reveal: bool) -> ExportFile:
    """An export the caller may open: within their subtree, and masked unless they may see
    personal data in full; 404 otherwise, as if it did not exist."""
    export = session.get(ExportFile, export_id)
    if export is None or (not export.masked and not may_reveal) or (
            within is not None and not (export.scope_path
                                        and export.scope_path.startswith(within.path))):
        raise NotFound(NOT_VISIBLE)
    return export


def exports_of(*, session: Session, contest_id: int, within: Unit | None, may_reveal: bool,
               limit: int = 20) -> list[ExportFile]:
    """The contest's latest exports the caller may open, newest first."""
    query = select(ExportFile).where(ExportFile.contest_id == contest_id)
    if within is not None:
        query = query.where(ExportFile.scope_path.startswith(within.path, autoescape=True),
                            ExportFile.scope_path != "")
    if not may_reveal:
        query = query.where(ExportFile.masked)
    return list(session.execute(query.order_by(ExportFile.id.desc()).limit(limit)).scalars())


def record_download(*, session: Session, export: ExportFile, actor_id: int | None,
                    now: datetime) -> ExportFile:
    """Log a download of a ready file; refused while it is not ready."""
    if export.state is not ExportState.DONE:
        raise Conflict(f"Tệp chưa sẵn sàng ({export.state.label.lower()}). Hãy chờ đến khi "
                       "trang báo «Sẵn sàng tải về».")
    audit.record(session=session, actor_id=actor_id, action="results.export.download",
                 target=f"board:{export.board_id}", details=_described(export), now=now)
    session.commit()
    return export


def chunks(*, database: Database, export: ExportFile) -> Iterator[bytes]:
    """The file's bytes, one stored chunk at a time, each read in a short transaction."""
    for part in range(export.parts):
        with database.scope(write=False) as session:
            data = session.execute(select(_K.c.data).where(
                _K.c.export_id == export.id, _K.c.part == part)).scalar_one()
            session.commit()
        yield data


def _described(export: ExportFile) -> dict:
    return {"export_id": export.id, "kind": export.kind.value, "masked": export.masked,
            "board_version": export.board_version, "board_state": export.board_state.value,
            "scope_unit_id": export.scope_unit_id, "file_name": export.file_name}


def boards_of(*, session: Session, contest_id: int) -> list[tuple[ResultBoard, Round | None]]:
    """The contest's boards as they stand, rounds in order and the overall one last."""
    rows = session.execute(select(ResultBoard, Round)
                           .outerjoin(Round, Round.id == ResultBoard.round_id)
                           .where(ResultBoard.contest_id == contest_id)).all()
    return sorted(((board, round_) for board, round_ in rows),
                  key=lambda pair: (pair[1] is None, pair[1].number if pair[1] else 0))
