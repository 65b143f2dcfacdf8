"""Award forms, a unit's submitted proposal, and `nominee(...)` to describe one."""

from datetime import UTC, datetime

import pytest

from backend.commendations import service
from backend.commendations.models import NomineeKind
from tests.movement.conftest import movement_year, q3_officer, register  # noqa: F401 (fixtures)

NOW = datetime(2023, 10, 10, 3, 0, tzinfo=UTC)


@pytest.fixture
def forms(session):
    return service.ensure_default_forms(session=session)


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
