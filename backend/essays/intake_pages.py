"""Bulk essay batches in the staff pages: the form that sends a unit's list and zip with the
unit's recent batches, and a batch's page, whose progress bar follows the batch until the
per-row report replaces it."""

import re
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, Form, Request, UploadFile
from fastapi.responses import Response

from backend.deps import DatabaseDep, Now, ReadSessionDep, SessionDep, SettingsDep, parse_id
from backend.errors import DomainError, ImportRejected
from backend.essays import intake
from backend.essays.intake_deps import (
    IntakeCompetition,
    Submitter,
    VisibleBatch,
    take_in_background,
    units_for,
)
from backend.essays.models import BatchState, IntakeBatch
from backend.units import service as units
from backend.units.models import Unit
from backend.web import redirect, render
from backend.writing.models import WritingCompetition

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BASE = "/cuoc-thi-viet/{competition_id}/nhan-bai-theo-lo"
# The two routes that take a batch's files, allowed settings.max_batch_upload_bytes.
BATCH_UPLOADS = re.compile(r"/cuoc-thi-viet/[0-9]+/nhan-bai-theo-lo|"
                           r"/api/v1/writing/[0-9]+/intake-batches")
BATCH_TOO_LARGE = ("Lô bài gửi lên lớn hơn {} MB, quá giới hạn; chưa có gì được lưu. Hãy chia "
                   "thành nhiều lô nhỏ hơn (mỗi lô một danh sách và tệp nén riêng).")


def _form(request: Request, session, competition: WritingCompetition, user, *,
          error: DomainError | None = None, status_code: int = 200):
    within = units.scope_of(session=session, user=user)
    details = [str(p) for p in error.problems] if isinstance(error, ImportRejected) else []
    return render(request, "essays/intake.html", {
        "competition": competition, "units": units_for(session, user),
        "own_unit_id": user.unit_id,
        "batches": intake.batches_of(session=session, competition_id=competition.id,
                                     within=within),
        "percent": intake.percent, "error": error.message if error else "",
        "details": details}, status_code=status_code)


@router.get(BASE)
def intake_form(request: Request, competition: IntakeCompetition, user: Submitter,
                session: ReadSessionDep):
    return _form(request, session, competition, user)


@router.post(BASE)
def start_batch(request: Request, competition: IntakeCompetition, user: Submitter,
                session: SessionDep, read: ReadSessionDep, settings: SettingsDep,
                database: DatabaseDep, now: Now, tasks: BackgroundTasks,
                sheet: Annotated[UploadFile, File()], archive: Annotated[UploadFile, File()],
                unit_id: Annotated[str, Form()] = ""):
    chosen = parse_id(unit_id) or user.unit_id or 0
    try:
        batch = intake.start_intake(
            session=session, settings=settings, competition_id=competition.id,
            unit_id=chosen, sheet=intake.Upload(sheet.filename or "danh-sach.xlsx", sheet.file),
            archive=intake.Upload(archive.filename or "bai-viet.zip", archive.file),
            actor=user, now=now)
    except DomainError as error:
        session.rollback()
        return _form(request, read, competition, user, error=error,
                     status_code=error.status_code)
    if intake.is_waiting(batch):
        take_in_background(tasks, database, settings, batch.id)
    return redirect(f"/lo-bai-viet/{batch.id}", request)


def _batch_context(session, settings, batch: IntakeBatch) -> dict:
    done = batch.state is BatchState.DONE
    return {"batch": batch, "unit": session.get(Unit, batch.unit_id),
            "competition": session.get(WritingCompetition, batch.competition_id),
            "percent": intake.percent(batch), "waiting": intake.is_waiting(batch),
            "states": BatchState, "summary": intake.summary(batch),
            "lines": intake.report_of(session=session, settings=settings, batch=batch)
            if done or batch.state is BatchState.FAILED else []}


@router.get("/lo-bai-viet/{batch_id}")
def batch_page(request: Request, batch: VisibleBatch, session: SessionDep,
               settings: SettingsDep):
    return render(request, "essays/intake_batch.html",
                  _batch_context(session, settings, batch))


@router.post("/lo-bai-viet/{batch_id}/chay-tiep")
def resume_batch(request: Request, batch: VisibleBatch, user: Submitter, settings: SettingsDep,
                 database: DatabaseDep, tasks: BackgroundTasks):
    """Take up a batch that failed (or waits): the rows already taken are skipped."""
    if batch.state is not BatchState.DONE:
        take_in_background(tasks, database, settings, batch.id, resume_failed=True)
    return redirect(f"/lo-bai-viet/{batch.id}", request)


@router.get("/lo-bai-viet/{batch_id}/ket-qua.xlsx")
def batch_report_file(batch: VisibleBatch, session: SessionDep, settings: SettingsDep):
    name, data = intake.report_file(session=session, settings=settings, batch=batch)
    return Response(data, media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
