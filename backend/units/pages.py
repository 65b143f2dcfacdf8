"""Unit tree pages: browse, search, import, export, edit and retire."""

import io
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import StreamingResponse

from backend.deps import INT_MAX, Now, ReadSessionDep, SessionDep
from backend.errors import DomainError, ImportRejected
from backend.units import importer, service
from backend.units.deps import HeadcountEditor, Scope, ScopedUnit, UnitManager
from backend.units.models import UnitKind
from backend.web import redirect, render
from exports.units import units_workbook

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _wants_fragment(request: Request) -> bool:
    # The live search box swaps in only its results; a history restore needs the whole page.
    headers = request.headers
    return bool(headers.get("hx-request")) and not headers.get("hx-history-restore-request")


@router.get("/don-vi")
def tree_page(request: Request, session: SessionDep, within: Scope, q: str = ""):
    fragment = _wants_fragment(request)
    if q.strip():
        found = service.search_units(session=session, query=q, within=within, limit=100)
        template = "units/_results.html" if fragment else "units/tree.html"
        return render(request, template, {"q": q, "results": found, "within": within})
    units = service.list_units(session=session, within=within)
    return render(request, "units/_tree.html" if fragment else "units/tree.html", {
        "q": "", "roots": service.build_tree(units), "count": len(units), "within": within,
        "blocks": {b.id: b for b in service.blocks(session=session)},
    })


@router.get("/don-vi/nhap")
def import_page(request: Request, user: UnitManager):
    return render(request, "units/import.html")


@router.post("/don-vi/nhap")
def import_file(request: Request, user: UnitManager, read: ReadSessionDep, session: SessionDep,
                now: Now, file: Annotated[UploadFile, File()]):
    name = file.filename or "tệp tải lên"
    try:
        summary = importer.import_units_file(read=read, write=session, data=file.file.read(),
                                             filename=name, actor_id=user.id, now=now)
    except ImportRejected as rejected:
        return render(request, "units/import.html",
                      {"error": rejected.message, "problems": rejected.problems},
                      status_code=rejected.status_code)
    return render(request, "units/import.html", {"summary": summary, "filename": name})


@router.get("/don-vi/xuat")
def export_file(session: SessionDep, within: Scope):
    workbook = units_workbook(service.export_lines(session=session, within=within))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    name = f"don-vi-{within.code.lower() if within else 'tat-ca'}.xlsx"
    return StreamingResponse(buffer, media_type=XLSX,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/don-vi/{unit_id}")
def unit_page(request: Request, unit: ScopedUnit, session: SessionDep, within: Scope):
    return render(request, "units/detail.html", _detail(session, unit, within))


def _detail(session, unit, within, **extra) -> dict:
    trail = service.ancestors(session=session, unit=unit)
    if within is not None:
        trail = [u for u in trail if within.contains(u)]
    return {
        "unit": unit, "trail": trail, "kinds": list(UnitKind),
        "children": service.children_of(session=session, unit=unit, include_retired=True),
        "block": next((b for b in service.blocks(session=session) if b.id == unit.block_id), None),
        "cluster": next((c for c in service.clusters(session=session) if c.id == unit.cluster_id),
                        None),
        **extra,
    }


@router.post("/don-vi/{unit_id}/so-luong")
def set_headcount(request: Request, unit: ScopedUnit, user: HeadcountEditor, session: SessionDep,
                  within: Scope, now: Now, headcount: Annotated[int, Form(ge=0, le=INT_MAX)]):
    try:
        service.set_headcount(session=session, unit=unit, headcount=headcount, actor_id=user.id,
                              now=now)
    except DomainError as error:
        return render(request, "units/detail.html", _detail(session, unit, within,
                      error=error.message), status_code=error.status_code)
    return redirect(f"/don-vi/{unit.id}?da_luu=1", request)


@router.post("/don-vi/{unit_id}/sua")
def rename(request: Request, unit: ScopedUnit, user: UnitManager, session: SessionDep,
           within: Scope, now: Now, name: Annotated[str, Form(max_length=255)],
           kind: Annotated[UnitKind, Form()]):
    try:
        service.rename_unit(session=session, unit=unit, name=name, kind=kind, actor_id=user.id,
                            now=now)
    except DomainError as error:
        return render(request, "units/detail.html", _detail(session, unit, within,
                      error=error.message), status_code=error.status_code)
    return redirect(f"/don-vi/{unit.id}?da_luu=1", request)


@router.post("/don-vi/{unit_id}/ngung-hoat-dong")
def retire(request: Request, unit: ScopedUnit, user: UnitManager, session: SessionDep, now: Now):
    service.retire_unit(session=session, unit=unit, actor_id=user.id, now=now)
    return redirect(f"/don-vi/{unit.id}", request)


@router.post("/don-vi/{unit_id}/khoi-phuc")
def restore(request: Request, unit: ScopedUnit, user: UnitManager, session: SessionDep, now: Now):
    service.restore_unit(session=session, unit=unit, actor_id=user.id, now=now)
    return redirect(f"/don-vi/{unit.id}", request)
