"""The unit tree over JSON: everything the unit pages do."""

import io
from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import StreamingResponse

from backend.deps import Now, ReadSessionDep, SessionDep
from backend.errors import Forbidden
from backend.policy import Permission, has_permission
from backend.units import importer, service
from backend.units.deps import HeadcountEditor, Scope, ScopedUnit, UnitManager, UnitViewer
from backend.units.models import Unit
from backend.units.pages import XLSX
from backend.units.schemas import ImportResult, NamedRead, UnitNode, UnitRead, UnitUpdate
from exports.units import units_workbook

router = APIRouter(prefix="/api/v1", tags=["Đơn vị"])


def unit_read(unit: Unit) -> UnitRead:
    return UnitRead(**unit.model_dump(), kind_label=unit.kind.label)


def _node(tree_node: service.TreeNode) -> UnitNode:
    return UnitNode(**unit_read(tree_node.unit).model_dump(),
                    children=[_node(child) for child in tree_node.children])


@router.get("/units")
def list_units(session: SessionDep, within: Scope, q: str = "",
               include_retired: bool = False) -> list[UnitRead]:
    """Units in the caller's scope; `q` searches names and codes ignoring diacritics."""
    if q.strip():
        found = service.search_units(session=session, query=q, within=within, limit=200,
                                     include_retired=include_retired)
    else:
        found = service.list_units(session=session, within=within,
                                   include_retired=include_retired)
    return [unit_read(u) for u in found]


@router.get("/units/tree")
def unit_tree(session: SessionDep, within: Scope) -> list[UnitNode]:
    """The active tree (or the caller's subtree), nested."""
    units = service.list_units(session=session, within=within)
    return [_node(root) for root in service.build_tree(units)]


@router.get("/units/export", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
def export_units(session: SessionDep, within: Scope):
    """The tree (or subtree) as .xlsx in the import layout."""
    buffer = io.BytesIO()
    units_workbook(service.export_lines(session=session, within=within)).save(buffer)
    buffer.seek(0)
    return StreamingResponse(buffer, media_type=XLSX,
                             headers={"Content-Disposition": 'attachment; filename="don-vi.xlsx"'})


@router.post("/units/import")
def import_units(user: UnitManager, read: ReadSessionDep, session: SessionDep, now: Now,
                 file: Annotated[UploadFile, File()]) -> ImportResult:
    """Upsert units (and blocks given as rows of kind "Khối") from .xlsx; all rows or none.
    Every error is listed at once, by sheet, row and column."""
    summary = importer.import_units_file(read=read, write=session, data=file.file.read(),
                                         filename=file.filename or "tệp tải lên",
                                         actor_id=user.id, now=now)
    return ImportResult(**summary.__dict__)


@router.get("/units/{unit_id}")
def get_unit(unit: ScopedUnit) -> UnitRead:
    """One unit in the caller's scope."""
    return unit_read(unit)


@router.patch("/units/{unit_id}")
def update_unit(body: UnitUpdate, unit: ScopedUnit, user: HeadcountEditor, session: SessionDep,
                now: Now) -> UnitRead:
    """Change headcount (unit officers and organisers) or name and kind (organisers)."""
    if body.name is not None or body.kind is not None:
        if not has_permission(user, Permission.MANAGE_UNITS):
            raise Forbidden("Chỉ ban tổ chức được đổi tên hoặc loại đơn vị.")
        # An empty name is refused by the service, not quietly read as "keep the old one".
        name = unit.name if body.name is None else body.name
        service.rename_unit(session=session, unit=unit, name=name, kind=body.kind or unit.kind,
                            actor_id=user.id, now=now)
    if body.headcount is not None:
        service.set_headcount(session=session, unit=unit, headcount=body.headcount,
                              actor_id=user.id, now=now)
    return unit_read(unit)


@router.post("/units/{unit_id}/retire")
def retire_unit(unit: ScopedUnit, user: UnitManager, session: SessionDep, now: Now) -> UnitRead:
    """Retire a unit and its subtree, keeping their history."""
    service.retire_unit(session=session, unit=unit, actor_id=user.id, now=now)
    return unit_read(unit)


@router.post("/units/{unit_id}/restore")
def restore_unit(unit: ScopedUnit, user: UnitManager, session: SessionDep, now: Now) -> UnitRead:
    """Bring a retired unit back."""
    service.restore_unit(session=session, unit=unit, actor_id=user.id, now=now)
    return unit_read(unit)


@router.get("/blocks")
def list_blocks(user: UnitViewer, session: SessionDep) -> list[NamedRead]:
    """The blocks (khối) units are grouped into."""
    return [NamedRead(id=b.id, code=b.code, name=b.name) for b in service.blocks(session=session)]


@router.get("/clusters")
def list_clusters(user: UnitViewer, session: SessionDep) -> list[NamedRead]:
    """The clusters (cụm thi đua)."""
    return [NamedRead(id=c.id, code=c.code, name=c.name)
            for c in service.clusters(session=session)]
