"""Result spreadsheets in the organiser pages: a contest's boards with their download
buttons, a page that shows a file's progress and turns into its download link."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from backend.contests.models import Contest, Round
from backend.deps import DatabaseDep, Id, Now, SessionDep, WriteSessionDep
from backend.downloads import service
from backend.downloads.api import attachment
from backend.downloads.deps import (
    ExportedContest,
    Exporter,
    ExportScope,
    VisibleExport,
    Worker,
    masking,
)
from backend.downloads.models import ExportKind, ExportState
from backend.downloads.schemas import percent
from backend.errors import DomainError
from backend.policy import may_see_personal_data
from backend.results.models import ResultBoard
from backend.web import redirect, render

router = APIRouter(include_in_schema=False)


def _boards_context(session, contest, user, within, **extra) -> dict:
    return {"contest": contest, "boards": service.boards_of(session=session,
                                                            contest_id=contest.id),
            "exports": service.exports_of(session=session, contest_id=contest.id,
                                          within=within, may_reveal=may_see_personal_data(user)),
            "within": within, "percent": percent, **extra}


@router.get("/quan-ly/cuoc-thi/{contest_id}/tai-ve")
def boards_page(request: Request, contest: ExportedContest, user: Exporter, session: SessionDep,
                within: ExportScope):
    return render(request, "downloads/boards.html",
                  _boards_context(session, contest, user, within))


@router.post("/quan-ly/cuoc-thi/{contest_id}/tai-ve/{board_id}")
def request_export(request: Request, board_id: Id, contest: ExportedContest, user: Exporter,
                   session: SessionDep, within: ExportScope, worker: Worker, now: Now,
                   kind: Annotated[ExportKind, Form()],
                   masked: Annotated[bool, Form()] = False):
    try:
        requested = service.request_export(
            session=session, contest_id=contest.id, board_id=board_id, kind=kind,
            masked=masking(user, True if masked else None), within=within, actor_id=user.id,
            now=now)
    except DomainError as error:
        session.rollback()
        return render(request, "downloads/boards.html", _boards_context(
            session, contest, user, within, error=error.message), status_code=error.status_code)
    if requested.export.state is ExportState.QUEUED:
        worker.submit(requested.export.id)
    return redirect(f"/quan-ly/xuat-file/{requested.export.id}", request)


@router.get("/quan-ly/xuat-file/{export_id}")
def export_page(request: Request, export: VisibleExport, session: SessionDep):
    board = session.get(ResultBoard, export.board_id)
    return render(request, "downloads/export.html", {
        "export": export, "contest": session.get(Contest, export.contest_id),
        "round": session.get(Round, board.round_id) if board.round_id else None,
        "percent": percent(export), "states": ExportState})


@router.get("/quan-ly/xuat-file/{export_id}/tep")
def download(export: VisibleExport, user: Exporter, write: WriteSessionDep, now: Now,
             database: DatabaseDep):
    service.record_download(session=write, export=export, actor_id=user.id, now=now)
    return attachment(database, export)
