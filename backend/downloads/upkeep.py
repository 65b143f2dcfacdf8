"""What the scheduler does for downloads: have the files of every finalised board ready
before anyone asks, build whatever is queued (or was left by a builder that died), and
delete the files of board versions (or states) no page shows any more."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete, select
from sqlmodel import Session

from backend import leases
from backend.clock import utcnow
from backend.db import Database
from backend.downloads import service
from backend.downloads.build import build_export
from backend.downloads.models import ExportChunk, ExportFile, ExportKind, ExportState
from backend.letterhead import service as letterhead
from backend.results.models import ResultBoard, ResultState

# The files most people ask for: results and prize lists, masked and in full.
PREPARED = [(ExportKind.RESULTS, True), (ExportKind.RESULTS, False),
            (ExportKind.PRIZES, True), (ExportKind.PRIZES, False)]
READY_STATES = (ResultState.FINALISED, ResultState.PROVISIONAL, ResultState.OFFICIAL)
_F, _K = ExportFile.__table__, ExportChunk.__table__


def queue_board_files(*, session: Session, now: datetime) -> int:
    """Queue the prepared files of every ranked board whose current version and state lack
    them (or have them from before the letterhead changed); returns how many were queued."""
    boards = session.execute(select(ResultBoard.id, ResultBoard.contest_id, ResultBoard.version,
                                    ResultBoard.state)
                             .where(ResultBoard.version > 0,
                                    ResultBoard.state.in_(READY_STATES))).all()
    saved = letterhead.stored(session=session)
    since = saved.updated_at if saved else None
    have = {(b, v, s, k, m) for b, v, s, k, m, state, started in session.execute(
        select(_F.c.board_id, _F.c.board_version, _F.c.board_state, _F.c.kind, _F.c.masked,
               _F.c.state, _F.c.started_at).where(_F.c.scope_path == ""))
        if not (since and state is ExportState.DONE and started and started < since)}
    session.commit()
    queued = 0
    for board_id, contest_id, version, state in boards:
        for kind, masked in PREPARED:
            if (board_id, version, state, kind, masked) not in have:
                service.request_export(session=session, contest_id=contest_id,
                                       board_id=board_id, kind=kind, masked=masked,
                                       within=None, actor_id=None, now=now)
                queued += 1
    return queued


def pending(*, session: Session, now: datetime, limit: int = 50) -> list[int]:
    """Exports waiting for a builder: queued, or running under a lease that ran out."""
    ids = list(session.execute(select(_F.c.id).where(
        (_F.c.state == ExportState.QUEUED.value) | (
            (_F.c.state == ExportState.RUNNING.value) & (_F.c.lease_until < now)))
        .order_by(_F.c.id).limit(limit)).scalars())
    session.commit()
    return ids


def build_pending(*, database: Database, seconds: float = 600,
                  clock: Callable[[], datetime] = utcnow) -> int:
    """Build waiting exports one after another for up to `seconds`; returns how many were
    built here (another builder may take some first)."""
    return leases.drain(database=database, pending=pending, seconds=seconds, clock=clock,
                        run=lambda export_id: build_export(database=database,
                                                           export_id=export_id,
                                                           clock=clock) is not None)


def forget_superseded(*, database: Database, now: datetime) -> int:
    """Delete the files of board versions (or states) that are no longer the board's, except
    any still being built under a live lease; returns how many files went."""
    boards = ResultBoard.__table__
    idle = (_F.c.state != ExportState.RUNNING.value) | (_F.c.lease_until < now)
    superseded = (_F.c.board_version != boards.c.version) | (
        _F.c.board_state != boards.c.state)
    with database.scope(write=False) as session:
        old = list(session.execute(select(_F.c.id).join(boards, boards.c.id == _F.c.board_id)
                                   .where(superseded, idle)).scalars())
        session.commit()
    gone = 0
    for export_id in old:  # a file at a time: short transactions, never one long one
        with database.scope() as session:
            if session.execute(select(_F.c.id).where(_F.c.id == export_id, idle)
                               .with_for_update()).first():
                session.execute(delete(_K).where(_K.c.export_id == export_id))
                gone += session.execute(delete(_F).where(_F.c.id == export_id)).rowcount
            session.commit()
    return gone
