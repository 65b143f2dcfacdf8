"""The role matrix's missing rows: an officer of another district (Quận 3) pointed at Quận 1's
essay, bulk batch, forwarding batch or unit on every writing route that names one, and an
author pointed at another author's essay on every essay route. The routes are read from the
app, so that a new one is checked the day it is added."""

import io

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from backend.accounts.models import Role
from backend.clock import utcnow
from backend.essays.intake import Upload, start_intake
from backend.essays.intake_worker import run_intake
from backend.essays.models import Essay
from tests import test_access_matrix as matrix
from tests.essays.intake_files import good_batch
from tests.factories import api_token, csrf_of, make_user, sign_in
from tests.test_access_matrix import AUTHOR, CALLS, Call, World, app_routes, send

# The matrix's world, reused (built once and copied per test on SQLite).
world, world_file, database_url = matrix.world, matrix.world_file, matrix.database_url

# Where the writing competition's routes live (setup, figures, essays, batches, forwarding,
# judging, results).
WRITING_PREFIXES = ("/cuoc-thi-viet", "/bai-viet", "/lo-bai-viet", "/quan-ly/cuoc-thi-viet",
                    "/api/v1/writing", "/api/v1/manage/writing", "/giam-khao",
                    "/api/v1/judging")
NAMED = ("{essay_id}", "{batch_id}", "{unit_id}")
# Quận 1's: the author of essay 1 (Bến Nghé) and the first author of the bulk batch.
QUAN_1_AUTHORS = ("Nguyễn Thị Hoa", "Trần Thị Hoa")


def writing_routes(app, *names: str) -> list[tuple[str, str]]:
    return sorted(route for route in app_routes(app)
                  if route[1].startswith(WRITING_PREFIXES) and any(n in route[1] for n in names))


def pytest_generate_tests(metafunc):
    """The routes come from the app's routers, mounted on a bare app for the listing."""
    if "named_route" not in metafunc.fixturenames and "essay_route" not in metafunc.fixturenames:
        return
    from fastapi import FastAPI

    from backend.routes import ROUTERS

    app = FastAPI()
    for router in ROUTERS:
        app.include_router(router)
    if "named_route" in metafunc.fixturenames:
        metafunc.parametrize("named_route", writing_routes(app, *NAMED), ids=" ".join)
    else:
        metafunc.parametrize("essay_route", writing_routes(app, "{essay_id}"), ids=" ".join)


@pytest.fixture
def quan_1_batch(world, session, settings, database) -> World:
    """The world, an officer of Quận 3, and a bulk batch of Bến Nghé (Quận 1) taken whole."""
    make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q3",
              unit=world.units["Q3"])
    sheet, archive = good_batch(1)
    batch = start_intake(session=session, settings=settings,
                         competition_id=world.ids["competition_id"],
                         unit_id=world.units["Q1-BN"].id,
                         sheet=Upload("DS.xlsx", io.BytesIO(sheet)),
                         archive=Upload("BAI.zip", io.BytesIO(archive)), actor=None,
                         now=utcnow())
    session.commit()
    run_intake(database=database, settings=settings, batch_id=batch.id, now=utcnow())
    return World(units=world.units, ids={**world.ids, "batch_id": batch.id})


def as_quan_3_officer(client: TestClient, method: str, template: str, world: World):
    """The request the officer of Quận 3 makes, pointed at Quận 1's essay, batch or unit."""
    call = CALLS.get((method, template), Call())
    unit = call.unit if call.unit.startswith("Q1") else "Q1-BN"
    path = template.format(**{**world.ids, "unit_id": world.units[unit].id})
    body = call.body if isinstance(call.body, list) else dict(call.body or {})
    if path.startswith("/api/"):
        json = body if call.body is not None and not call.form else None
        return client.request(method, path, json=json, files=call.files,
                              data=body if call.form else None, follow_redirects=False,
                              headers=api_token(client, "canbo.q3"))
    assert sign_in(client, "canbo.q3").status_code == 303
    data = {**body, "csrf_token": csrf_of(client, "/dang-nhap")} if method != "GET" else None
    return client.request(method, path, data=data, files=call.files, follow_redirects=False)


def essay_one(database) -> tuple:
    with database.scope(write=False) as fresh:
        essay = fresh.get(Essay, 1)
        return essay.title, essay.withdrawn_at, essay.word_count


def test_the_writing_routes_naming_an_essay_batch_or_unit_are_found(app):
    found = writing_routes(app, *NAMED)

    assert ("GET", "/bai-viet/{essay_id}") in found
    assert ("GET", "/lo-bai-viet/{batch_id}") in found
    assert ("GET", "/api/v1/writing/essays/{essay_id}") in found


def test_officer_of_another_district_reaches_nothing_of_quan_1(app, quan_1_batch, database,
                                                              named_route):
    method, template = named_route
    before = essay_one(database)

    response = as_quan_3_officer(TestClient(app), method, template, quan_1_batch)

    if "/tac-gia/" in template:  # an author's page: staff are sent to the authors' sign-in
        assert response.status_code == 303
        assert "/tac-gia/dang-nhap" in response.headers["location"]
    else:
        assert response.status_code in (403, 404), response.text[:300]
        assert ("không có quyền" in response.text or "Không tìm thấy" in response.text
                or "nằm ngoài phạm vi của bạn" in response.text), response.text[:300]
    assert [name for name in QUAN_1_AUTHORS if name in response.text] == []
    assert essay_one(database) == before


def test_officer_of_another_district_lists_none_of_quan_1s_essays(app, quan_1_batch):
    competition_id = quan_1_batch.ids["competition_id"]

    pages = [as_quan_3_officer(TestClient(app), "GET", path, quan_1_batch) for path in (
        f"/cuoc-thi-viet/{competition_id}/bai-viet",
        f"/cuoc-thi-viet/{competition_id}/bai-viet?q=hoa",
        f"/cuoc-thi-viet/{competition_id}/nhan-bai-theo-lo",
        f"/api/v1/writing/{competition_id}/essays")]

    assert [page.status_code for page in pages] == [200] * 4
    assert "Võ Văn Ba" in pages[0].text  # their own district's author
    for page in pages:
        assert [name for name in QUAN_1_AUTHORS if name in page.text] == []
        assert "Phường Bến Nghé" not in page.text


def test_an_author_cannot_reach_another_authors_essay_on_any_route(app, world, database,
                                                                   essay_route):
    method, template = essay_route
    other = World(units=world.units, ids={**world.ids, "essay_id": 2})
    with database.scope(write=False) as fresh:
        before = fresh.exec(select(Essay.withdrawn_at).where(Essay.id == 2)).one()

    response = send(TestClient(app), AUTHOR, method, template, other)

    assert response.status_code in (303, 401, 403, 404), response.text[:300]
    if response.status_code == 303:  # a staff page: the author is sent to sign in as staff
        assert response.headers["location"].startswith("/dang-nhap")
    assert "Võ Văn Ba" not in response.text
    with database.scope(write=False) as fresh:
        assert fresh.exec(select(Essay.withdrawn_at).where(Essay.id == 2)).one() == before
