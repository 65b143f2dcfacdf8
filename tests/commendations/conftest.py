"""Award forms, a unit's submitted proposal, and `nominee(...)` to describe one."""

from datetime import UTC, datetime

import pytest

from backend.commendations import service
from backend.commendations.models import NomineeKind
from tests.factories import csrf_of, sign_in
from tests.movement.conftest import movement_year, q3_officer, register  # noqa: F401 (fixtures)

NOW = datetime(2023, 10, 10, 3, 0, tzinfo=UTC)


@pytest.fixture
def forms(session):
    made = service.ensure_default_forms(session=session)
    session.commit()  # end the read: on SQLite this session holds the write lock until then
    return made


@pytest.fixture
def nominee(tree, forms):
    def nominee(name="Nguyễn Thị Lan", *, code="Q1-BN", form=0, kind=NomineeKind.INDIVIDUAL,
                achievement="Có mô hình Dân vận khéo tiêu biểu năm 2023", **more):
        return service.NomineeData(kind=kind, name=name, unit_id=tree[code].id,
                                   achievement=achievement, award_form_id=forms[form].id, **more)
    return nominee


@pytest.fixture
def proposal(session, tree, officer):
    return service.create_proposal(session=session, year=2023, unit_id=tree["Q1"].id,
                                   title="Đề nghị khen thưởng Dân vận khéo 2023", actor=officer,
                                   now=NOW)


@pytest.fixture
def individual(tree, forms):
    """A person of Phường Bến Nghé as the direct-entry form sends her."""
    return {"kind": "individual", "name": "Nguyễn Thị Lan", "birth_year": "1980",
            "gender": "nu", "position": "Tổ trưởng tổ dân phố 3",
            "unit_id": str(tree["Q1-BN"].id), "award_form_id": str(forms[0].id),
            "achievement": "Có mô hình “Dân vận khéo” tiêu biểu năm 2023", "note": ""}


def as_browser(client, username: str):
    """`client` signed in as `username`, with `client.csrf` for its forms."""
    assert sign_in(client, username).status_code == 303
    client.csrf = csrf_of(client, "/khen-thuong")
    return client


def post(client, path: str, data: dict):
    return client.post(path, data={**data, "csrf_token": client.csrf}, follow_redirects=False)
