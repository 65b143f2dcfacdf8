"""Helpers for the unit tree tests: workbooks built in memory, and what the database holds."""

import io
import zipfile

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from backend.audit.models import AuditEntry
from backend.clock import utcnow
from backend.errors import ImportRejected
from backend.units import importer, service
from backend.units.models import Block, Cluster, Unit
from exports.units import units_workbook
from tests.factories import UNIT_HEADERS, xlsx_bytes

SHEET = "Đơn vị"


def xlsx(rows: list[tuple], *, headers: list[str] = UNIT_HEADERS, sheet: str = SHEET,
         above: list[tuple] = ()) -> bytes:
    """A unit workbook: `above` (title lines), the headers, then the rows."""
    return xlsx_bytes(headers, rows, sheet=sheet, above=above)


def sheet_rows(data: bytes) -> list[tuple]:
    """Every row of the first sheet of an .xlsx, values only."""
    workbook = load_workbook(io.BytesIO(data))
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def import_file(database, session, data: bytes, *, filename: str = "don-vi.xlsx"):
    """Import a file the way the pages, API and CLI do: read and checked on a read session
    of `database`, written on `session`."""
    with database.scope(write=False) as read:
        return importer.import_units_file(read=read, write=session, data=data,
                                          filename=filename, actor_id=None, now=utcnow())


def rejected_texts(database, session, data: bytes,
                   filename: str = "don-vi.xlsx") -> tuple[str, list[str]]:
    """Import a file that must be refused: its headline and the located problem lines."""
    with pytest.raises(ImportRejected) as refused:
        import_file(database, session, data, filename=filename)
    return refused.value.message, [str(problem) for problem in refused.value.problems]


def export_bytes(session, within=None) -> bytes:
    """The unit tree (or the part `within` a unit) as the export writes it."""
    buffer = io.BytesIO()
    units_workbook(service.export_lines(session=session, within=within)).save(buffer)
    return buffer.getvalue()


def stored(database) -> dict:
    """Everything the unit tree keeps, read afresh from committed data."""
    with database.scope(write=False) as fresh:
        units = {u.code: (u.name, u.parent_id, u.block_id, u.cluster_id, u.kind, u.headcount,
                          u.is_active, u.retired_at, u.path, u.depth, u.search_text,
                          u.updated_at)
                 for u in fresh.exec(select(Unit))}
        block_names = sorted(b.name for b in fresh.exec(select(Block)))
        cluster_names = sorted(c.name for c in fresh.exec(select(Cluster)))
        audit_count = len(list(fresh.exec(select(AuditEntry))))
    return {"units": units, "blocks": block_names, "clusters": cluster_names,
            "audit": audit_count}


def fresh_units(database) -> dict[str, Unit]:
    """Units by code, read in a new session so that nothing cached hides what was committed."""
    with database.scope(write=False) as fresh:
        units = {u.code: u for u in fresh.exec(select(Unit))}
        fresh.expunge_all()
    return units
