"""An open competition (unit level, then city), authors' details and files to send."""

import io

import pytest

from backend.contestants.models import Gender
from backend.essays.service import AuthorDetails
from backend.uploads import Limits, inspect_upload
from tests.factories import make_writing_competition
from tests.uploads.builders import docx_bytes


@pytest.fixture
def competition(session, tree):
    made, _ = make_writing_competition(session)
    session.commit()  # end the read: on SQLite this session would hold the write lock
    return made


def details(unit, *, name: str = "Nguyễn Thị Hoa", phone: str = "0912000111",
            **overrides) -> AuthorDetails:
    values = {"full_name": name, "birth_year": 1985, "gender": Gender.FEMALE,
              "position": "Chuyên viên", "unit_id": unit.id, "phone": phone, **overrides}
    return AuthorDetails(**values)


def inspected(data: bytes | None = None, filename: str = "bai-du-thi.docx"):
    return inspect_upload(io.BytesIO(docx_bytes() if data is None else data),
                          filename=filename, limits=Limits())
