"""Bulk registration from Excel and evidence files over JSON: what their pages do."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel

from backend.deps import Id, Now, ReadSessionDep, SessionDep, SettingsDep
from backend.movement import evidence, intake
from backend.movement.intake_http import (
    Registrar,
    RegistrarEntry,
    evidence_download,
    inspected_evidence,
)
from backend.movement.models import EntryEvidence

router = APIRouter(prefix="/api/v1/movement", tags=["Phong trào: nhập Excel, minh chứng"])


class ImportResult(BaseModel):
    registered: int


class EvidenceRead(BaseModel):
    id: int
    entry_id: int
    filename: str
    content_type: str
    size: int
    uploaded_by: int | None
    uploaded_at: datetime


def _read(item: EntryEvidence) -> EvidenceRead:
    return EvidenceRead(**item.model_dump(exclude={"sha256"}))


@router.post("/years/{year_id}/import", status_code=201)
def import_entries(year_id: Id, user: Registrar, read: ReadSessionDep, session: SessionDep,
                   now: Now, file: Annotated[UploadFile, File()]) -> ImportResult:
    """Register every entry of an .xlsx file, or none: a 422 lists each problem by sheet,
    row and column. Unit officers only while registration is open."""
    count = intake.import_entries(session=session, read=read, year_id=year_id,
                                  content=file.file, filename=file.filename or "tệp tải lên",
                                  actor=user, now=now)
    return ImportResult(registered=count)


@router.get("/entries/{entry_id}/evidence")
def list_evidence(entry_id: Id, user: Registrar, session: SessionDep) -> list[EvidenceRead]:
    """The entry's evidence files."""
    return [_read(item) for item in evidence.evidence_of(session=session, entry_id=entry_id,
                                                         actor=user)]


@router.post("/entries/{entry_id}/evidence", status_code=201)
def attach(entry: RegistrarEntry, user: Registrar, session: SessionDep, settings: SettingsDep,
           now: Now, file: Annotated[UploadFile | None, File()] = None) -> EvidenceRead:
    """Attach a .pdf, .docx, .odt, .jpg or .png (checked by content; macros, PDF scripts and
    archive bombs refused) to the entry; at most 20 files an entry."""
    with inspected_evidence(file, settings) as upload:
        return _read(evidence.attach_evidence(
            session=session, settings=settings, entry_id=entry.id, upload=upload,
            filename=file.filename, actor=user, now=now))


@router.get("/entries/{entry_id}/evidence/{evidence_id}")
def download(entry_id: Id, evidence_id: Id, user: Registrar, session: SessionDep,
             settings: SettingsDep):
    """The file, as a download."""
    return evidence_download(session, settings, entry_id, evidence_id, user)


@router.delete("/entries/{entry_id}/evidence/{evidence_id}", status_code=204)
def remove(entry_id: Id, evidence_id: Id, user: Registrar, session: SessionDep,
           now: Now) -> None:
    """Take a file off the entry's evidence."""
    evidence.remove_evidence(session=session, entry_id=entry_id, evidence_id=evidence_id,
                             actor=user, now=now)
