"""Result spreadsheets over JSON: ask for one, follow its progress, download it."""

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from backend.db import Database
from backend.deps import DatabaseDep, Id, Now, SessionDep, WriteSessionDep
from backend.downloads import service
from backend.downloads.deps import (
    ExportedContest,
    Exporter,
    ExportScope,
    VisibleExport,
    Worker,
    masking,
)
from backend.downloads.models import ExportFile, ExportState
from backend.downloads.schemas import ExportIn, ExportOut, export_out

router = APIRouter(prefix="/api/v1/manage", tags=["Tải kết quả"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("/contests/{contest_id}/results/{board_id}/exports", status_code=202,
             responses={200: {"model": ExportOut, "description": "Tệp đã có sẵn"}})
def request_export(body: ExportIn, board_id: Id, contest: ExportedContest, user: Exporter,
                   session: SessionDep, within: ExportScope, worker: Worker, now: Now,
                   response: Response) -> ExportOut:
    """Ask for a board's spreadsheet: 202 while it is being made (follow `status_url`), 200
    when the same file is ready already. Unit officers get their subtree's rows only."""
    requested = service.request_export(
        session=session, contest_id=contest.id, board_id=board_id, kind=body.kind,
        masked=masking(user, body.masked), within=within, actor_id=user.id, now=now)
    if requested.ready:
        response.status_code = 200
    elif requested.export.state is ExportState.QUEUED:
        worker.submit(requested.export.id)
    return export_out(requested.export)


@router.get("/exports/{export_id}")
def export_status(export: VisibleExport) -> ExportOut:
    """Where a spreadsheet stands: rows written of all, and the download link once ready."""
    return export_out(export)


@router.get("/exports/{export_id}/file", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
def download(export: VisibleExport, user: Exporter, write: WriteSessionDep, now: Now,
             database: DatabaseDep):
    """The ready spreadsheet as an attachment; each download is logged."""
    service.record_download(session=write, export=export, actor_id=user.id, now=now)
    return attachment(database, export)


def attachment(database: Database, export: ExportFile) -> StreamingResponse:
    """The stored file streamed chunk by chunk, whichever app host built it."""
    return StreamingResponse(
        service.chunks(database=database, export=export), media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{export.file_name}"',
                 "Content-Length": str(export.size)})
