"""Bulk essay batches over JSON: send a unit's list and zip, follow the batch, read its
report. Staff bearer token, SUBMIT_ESSAYS, units within the caller's subtree."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, Form, Response, UploadFile
from pydantic import BaseModel

from backend.deps import INT_MAX, DatabaseDep, Now, SessionDep, SettingsDep
from backend.essays import intake
from backend.essays.intake_deps import (
    IntakeCompetition,
    Submitter,
    VisibleBatch,
    take_in_background,
)
from backend.essays.models import BatchState, IntakeBatch, RowOutcome

router = APIRouter(prefix="/api/v1/writing", tags=["Cuộc thi viết: nhận bài theo lô"])


class BatchOut(BaseModel):
    id: int
    competition_id: int
    unit_id: int
    sheet_name: str
    archive_name: str
    state: BatchState
    state_label: str
    total_rows: int
    done_rows: int
    percent: int
    accepted: int
    duplicates: int
    rejected: int
    error: str
    created_at: datetime
    finished_at: datetime | None
    status_url: str
    report_url: str


class RowOut(BaseModel):
    row: int
    author: str
    title: str
    outcome: RowOutcome | None
    outcome_label: str
    message: str
    essay_id: int | None


class ReportOut(BaseModel):
    batch: BatchOut
    rows: list[RowOut]


def batch_out(batch: IntakeBatch) -> BatchOut:
    url = f"/api/v1/writing/intake-batches/{batch.id}"
    return BatchOut(**batch.model_dump(include={
        "id", "competition_id", "unit_id", "sheet_name", "archive_name", "state", "total_rows",
        "done_rows", "accepted", "duplicates", "rejected", "error", "created_at",
        "finished_at"}), state_label=batch.state.label, percent=intake.percent(batch),
        status_url=url, report_url=f"{url}/report")


@router.post("/{competition_id}/intake-batches", status_code=202,
             responses={200: {"model": BatchOut, "description": "Lô này đã được gửi trước đó"}})
def start_batch(competition: IntakeCompetition, user: Submitter, session: SessionDep,
                settings: SettingsDep, database: DatabaseDep, now: Now, tasks: BackgroundTasks,
                response: Response, unit_id: Annotated[int, Form(ge=1, le=INT_MAX)],
                sheet: Annotated[UploadFile, File(description="Danh sách bài (.xlsx)")],
                archive: Annotated[UploadFile, File(description="Các tệp bài viết (.zip)")]
                ) -> BatchOut:
    """Send a unit's batch: 202 while its rows are taken in the background (follow
    `status_url`); 200 with the batch made before when the same two files were sent for the
    same unit (nothing changes). A list or zip that cannot be taken is refused whole (422)."""
    batch = intake.start_intake(
        session=session, settings=settings, competition_id=competition.id, unit_id=unit_id,
        sheet=intake.Upload(sheet.filename or "danh-sach.xlsx", sheet.file),
        archive=intake.Upload(archive.filename or "bai-viet.zip", archive.file), actor=user,
        now=now)
    if batch.created_at != now:
        response.status_code = 200
    if intake.is_waiting(batch):
        take_in_background(tasks, database, settings, batch.id)
    return batch_out(batch)


@router.get("/intake-batches/{batch_id}")
def batch_status(batch: VisibleBatch) -> BatchOut:
    """Where a batch stands: rows taken of all, and how many accepted, duplicate, refused."""
    return batch_out(batch)


@router.get("/intake-batches/{batch_id}/report")
def batch_report(batch: VisibleBatch, session: SessionDep, settings: SettingsDep) -> ReportOut:
    """Every row of the list in order: author, title, outcome and the reason in Vietnamese
    (rows not taken yet have no outcome)."""
    lines = intake.report_of(session=session, settings=settings, batch=batch)
    return ReportOut(batch=batch_out(batch), rows=[RowOut(
        row=x.row, author=x.author, title=x.title, outcome=x.outcome,
        outcome_label=x.outcome.label if x.outcome else "Chưa xử lý", message=x.message,
        essay_id=x.essay_id) for x in lines])
