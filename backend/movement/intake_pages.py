"""Bulk registration from Excel and evidence files, in the staff pages."""

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile

from backend.deps import Id, Now, ReadSessionDep, SessionDep, SettingsDep
from backend.errors import ImportRejected
from backend.movement import evidence, intake, service
from backend.movement.intake_http import (
    Registrar,
    RegistrarEntry,
    evidence_download,
    inspected_evidence,
    template_download,
)
from backend.web import redirect, render

router = APIRouter(include_in_schema=False)


def _page(request: Request, session, year_id: int, *, status_code: int = 200, **extra):
    period = service.get_year(session=session, year_id=year_id)
    return render(request, "movement/intake.html",
                  {"period": period, "columns": intake.COLUMNS, "max_rows": intake.MAX_ROWS,
                   "open": service.registration_open(period, extra.pop("now")), **extra},
                  status_code=status_code)


@router.get("/phong-trao/{year_id}/nhap-excel")
def intake_page(request: Request, year_id: Id, user: Registrar, session: SessionDep, now: Now):
    return _page(request, session, year_id, now=now)


@router.post("/phong-trao/{year_id}/nhap-excel")
def intake_file(request: Request, year_id: Id, user: Registrar, read: ReadSessionDep,
                session: SessionDep, now: Now, file: Annotated[UploadFile, File()]):
    name = file.filename or "tệp tải lên"
    try:
        count = intake.import_entries(session=session, read=read, year_id=year_id,
                                      content=file.file, filename=name, actor=user, now=now)
    except ImportRejected as rejected:
        return _page(request, read, year_id, now=now, error=rejected.message,
                     details=[str(p) for p in rejected.problems], status_code=rejected.status_code)
    return _page(request, read, year_id, now=now, registered=count, filename=name)


@router.get("/phong-trao/{year_id}/mau-nhap.xlsx")
def intake_template(year_id: Id, user: Registrar, session: SessionDep):
    return template_download(session, year_id, user)


@router.post("/phong-trao/muc/{entry_id}/minh-chung")
def attach(request: Request, entry: RegistrarEntry, user: Registrar, session: SessionDep,
           settings: SettingsDep, now: Now, file: Annotated[UploadFile | None, File()] = None):
    with inspected_evidence(file, settings) as upload:
        evidence.attach_evidence(session=session, settings=settings, entry_id=entry.id,
                                 upload=upload, filename=file.filename, actor=user, now=now)
    return redirect(f"/phong-trao/muc/{entry.id}", request)


@router.get("/phong-trao/muc/{entry_id}/minh-chung/{evidence_id}")
def download(entry_id: Id, evidence_id: Id, user: Registrar, session: SessionDep,
             settings: SettingsDep):
    return evidence_download(session, settings, entry_id, evidence_id, user)


@router.post("/phong-trao/muc/{entry_id}/minh-chung/{evidence_id}/xoa")
def remove(request: Request, entry_id: Id, evidence_id: Id, user: Registrar,
           session: SessionDep, now: Now):
    evidence.remove_evidence(session=session, entry_id=entry_id, evidence_id=evidence_id,
                             actor=user, now=now)
    return redirect(f"/phong-trao/muc/{entry_id}", request)
