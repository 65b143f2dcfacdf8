"""What essay pages and the API share: an uploaded file inspected before any transaction,
the author's details from form fields, and a version's file sent as an attachment."""

from fastapi import UploadFile
from fastapi.responses import Response

from backend.config import Settings
from backend.contestants.models import Gender
from backend.errors import InvalidInput
from backend.essays.authors import AuthorDetails
from backend.essays.queries import VersionFile
from backend.uploads import Inspected, Limits, inspect_upload
from backend.web import file_attachment


def inspected(file: UploadFile | None, settings: Settings) -> Inspected | None:
    """The upload read and checked (type by content, archive and PDF checks) within the essay
    size limit, or None when no file was chosen. Called before the use case opens its
    transaction: a hostile file never holds a write lock."""
    if file is None or not file.filename:
        return None
    return inspect_upload(file.file, filename=file.filename,
                          limits=Limits(max_bytes=settings.essay_max_bytes))


def author_details(*, full_name: str, birth_year: str, gender: str, position: str,
                   unit_id: str, phone: str, id_number: str = "", bank_account: str = "",
                   bank_name: str = "") -> AuthorDetails:
    """Form fields as the service takes them; the service checks each one."""
    year = birth_year.strip()
    if not (year.isdigit() and len(year) == 4):
        raise InvalidInput(f"Năm sinh “{year}” không hợp lệ; hãy nhập năm sinh gồm 4 chữ số, "
                           "ví dụ 1985.", code="invalid_birth_year")
    if gender not in {g.value for g in Gender}:
        raise InvalidInput("Hãy chọn giới tính: Nam hoặc Nữ.", code="invalid_gender")
    unit = unit_id.strip()
    if not (unit.isdigit() and len(unit) <= 10 and 1 <= int(unit) < 2**31):
        raise InvalidInput("Hãy chọn đơn vị của tác giả.", code="invalid_unit")
    return AuthorDetails(full_name=full_name, birth_year=int(year), gender=Gender(gender),
                         position=position, unit_id=int(unit), phone=phone,
                         id_number=id_number or None, bank_account=bank_account or None,
                         bank_name=bank_name or None)


def attachment(file: VersionFile) -> Response:
    """The original file, only ever as a download."""
    return file_attachment(file.content, filename=file.filename, media_type=file.media_type)
