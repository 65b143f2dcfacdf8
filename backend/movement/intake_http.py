"""What the bulk registration and evidence pages share with the API: who may act, the
routes that take evidence files (and their own body cap), an upload inspected before any
transaction, and the blank registration file."""

import io
import re
from typing import Annotated

from fastapi import Depends, UploadFile
from fastapi.responses import Response

from backend.accounts.models import UserAccount
from backend.config import Settings
from backend.deps import Id, ReadSessionDep, require
from backend.errors import InvalidInput
from backend.movement import evidence, intake, service
from backend.movement.models import MovementEntry
from backend.policy import Permission
from backend.uploads import Inspected, Limits, inspect_upload
from backend.web import file_attachment
from exports.movement_intake import intake_template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The routes that take an evidence file: the app lets their bodies reach evidence_max_bytes.
EVIDENCE_UPLOADS = re.compile(r"/phong-trao/muc/\d+/minh-chung"
                              r"|/api/v1/movement/entries/\d+/evidence")
EVIDENCE_TOO_LARGE = ("Tệp minh chứng lớn hơn {} MB, quá giới hạn cho phép; chưa có gì được "
                      "lưu. Hãy giảm dung lượng (nén ảnh, xuất lại PDF ở chất lượng thấp hơn) "
                      "rồi tải lên lại.")

Registrar = Annotated[UserAccount, require(Permission.REGISTER_ENTRIES)]


def registrar_entry(entry_id: Id, user: Registrar, read: ReadSessionDep) -> MovementEntry:
    """The entry, for someone who registers entries and reaches its unit (404 otherwise):
    checked before an upload is inspected, so that no one else's file costs anything."""
    entry = service.get_entry(session=read, entry_id=entry_id, actor=user)
    read.commit()
    return entry


RegistrarEntry = Annotated[MovementEntry, Depends(registrar_entry)]


def inspected_evidence(file: UploadFile | None, settings: Settings) -> Inspected:
    """The upload read and checked (type by content, archives, macros, PDF scripts, picture
    sizes) within the evidence size limit, before the use case opens its transaction."""
    if file is None or not file.filename:
        raise InvalidInput("Hãy chọn tệp minh chứng cần tải lên.", code="no_file")
    return inspect_upload(file.file, filename=file.filename, with_images=True,
                          limits=Limits(max_bytes=settings.evidence_max_bytes))


def template_download(session, year_id: int, user: UserAccount) -> Response:
    """The blank registration file of the year, as a download."""
    workbook = intake_template_workbook(intake.template_of(session=session, year_id=year_id,
                                                           actor=user))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Response(buffer.getvalue(), media_type=XLSX, headers={
        "Content-Disposition": f'attachment; filename="mau-dang-ky-phong-trao-{year_id}.xlsx"',
        "Cache-Control": "no-store"})


def evidence_download(session, settings: Settings, entry_id: int, evidence_id: int,
                      user: UserAccount) -> Response:
    """An evidence file as a download, for someone who may see the entry."""
    found = evidence.evidence_file(session=session, settings=settings, entry_id=entry_id,
                                   evidence_id=evidence_id, actor=user)
    return file_attachment(found.content, filename=found.filename, media_type=found.media_type)
