"""Ids and integers are bounded where they come in, by the INTEGER columns they will meet: a
number no row can have is a Vietnamese 422, never a 500 from the database."""

import re
from collections.abc import Iterator
from typing import Annotated

import pytest
from fastapi.routing import APIRoute
from pydantic import TypeAdapter

from backend import routes
from backend.deps import INT_MAX
from backend.movement import service as movement_service
from tests.factories import every_route, make_contest, make_round
from tests.movement.conftest import CLOSES, OPENS

TOO_BIG = [2**31, 2**63]
PATH_PARAM = re.compile(r"\{(\w+)\}")


def integer_schemas(schema, defs: dict, seen: frozenset = frozenset()) -> Iterator[dict]:
    """Every integer anywhere in a JSON schema: fields, list items, nested models."""
    if isinstance(schema, list):
        for item in schema:
            yield from integer_schemas(item, defs, seen)
        return
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from integer_schemas(defs[name], defs, seen | {name})
    if schema.get("type") == "integer":
        yield schema
    for key, value in schema.items():
        if key != "$defs":
            yield from integer_schemas(value, defs, seen)


def declared_parameters(dependant) -> Iterator[tuple[str, object]]:
    """(where, field) for every parameter of an endpoint and of all its dependencies."""
    call = dependant.call
    for field in (*dependant.path_params, *dependant.query_params, *dependant.header_params,
                  *dependant.cookie_params, *dependant.body_params):
        yield f"{call.__module__}.{call.__qualname__}({field.name})", field
    for sub in dependant.dependencies:
        yield from declared_parameters(sub)


def unbounded_integers(app) -> set[str]:
    found = set()
    for route in every_route(app):
        for where, field in declared_parameters(route.dependant):
            schema = TypeAdapter(Annotated[field.field_info.annotation,
                                           field.field_info]).json_schema()
            for integer in integer_schemas(schema, schema.get("$defs", {})):
                if not (integer.get("maximum", INT_MAX + 1) <= INT_MAX
                        and integer.get("minimum", -INT_MAX - 2) >= -INT_MAX - 1):
                    found.add(where)
    return found


def test_every_integer_a_route_takes_is_bounded_by_the_column_range(app):
    assert unbounded_integers(app) == set()


def id_routes() -> list[tuple[str, str]]:
    return sorted((method, route.path) for router in routes.ROUTERS for route in router.routes
                  if isinstance(route, APIRoute) and PATH_PARAM.search(route.path)
                  for method in route.methods - {"HEAD"})


@pytest.mark.parametrize("number", TOO_BIG)
def test_an_id_past_the_column_range_is_a_422_on_every_route(client, organiser_api, number):
    answered = {}
    for method, path in id_routes():
        response = client.request(method, PATH_PARAM.sub(str(number), path),
                                  headers=organiser_api)
        answered[f"{method} {path}"] = (response.status_code, "quá lớn" in response.text)

    assert set(answered.values()) == {(422, True)}, answered


@pytest.mark.parametrize("number", TOO_BIG)
def test_anyone_asking_for_a_contest_past_the_range_is_told_in_vietnamese(client, number):
    response = client.get(f"/api/v1/contests/{number}")

    assert response.status_code == 422
    assert response.json() == {"detail": "Trường “contest_id” quá lớn.",
                               "code": "invalid_input", "errors": ["Trường “contest_id” quá lớn."]}


def test_an_id_of_thousands_of_digits_is_too_large_not_a_500(client):
    response = client.get("/api/v1/contests/" + "9" * 5000)

    assert response.status_code == 422
    assert response.json()["detail"] == "Trường “contest_id” quá lớn."


@pytest.mark.parametrize("number", TOO_BIG)
@pytest.mark.parametrize("asked", [
    "/api/v1/manage/contests/{id}/monitor?round_id={n}",
    "/api/v1/manage/contests/{id}/contestants?page={n}",
    "/quan-ly/cuoc-thi/{id}/theo-doi?tuan_thi={n}",
    "/quan-ly/cuoc-thi/{id}/theo-doi/so-lieu?tuan_thi={n}",
    "/quan-ly/cuoc-thi/{id}/thi-sinh?page={n}",
    "/quan-ly/cuoc-thi/{id}/cau-hoi?page={n}",
    "/khen-thuong?trang={n}",
    "/quan-ly/khen-thuong/quyet-dinh/moi?de_nghi={n}",
    "/api/v1/commendations/proposals?page={n}",
])
def test_an_id_or_page_in_the_query_past_the_range_is_a_422(client, organiser_api, session,
                                                          tree, asked, number):
    contest = make_contest(session)

    response = client.get(asked.format(id=contest.id, n=number), headers=organiser_api)

    assert response.status_code == 422
    assert "quá lớn" in response.text


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/v1/manage/contests", {"title": "Cuộc thi", "scope_unit_ids": [2**31]},
     "scope_unit_ids.0"),
    ("/api/v1/users", {"username": "moi", "full_name": "Người mới", "role": "unit_officer",
                       "password": "mat-khau-moi-2026", "unit_id": 2**63}, "unit_id"),
    ("/api/v1/commendations/decisions", {
        "number": "1", "signed_date": "2023-10-15", "title": "Khen thưởng",
        "signer_name": "Nguyễn Văn A", "signer_title": "TRƯỞNG BAN", "proposal_ids": [2**31]},
     "proposal_ids.0"),
    ("/api/v1/commendations/proposals", {"year": 2023, "title": "Danh sách",
                                         "unit_id": 2**31}, "unit_id"),
])
def test_an_id_in_a_json_body_past_the_range_is_a_422(client, organiser_api, tree, path, body,
                                                      field):
    response = client.post(path, json=body, headers=organiser_api)

    assert response.status_code == 422
    assert response.json()["detail"] == f"Trường “{field}” quá lớn."


def round_payload(**changes) -> dict:
    return {"name": "Tuần 2", "opens_at": "2030-01-01T08:00:00", "question_count": 5,
            "closes_at": "2030-01-08T08:00:00", "time_limit_seconds": 600, **changes}


def test_a_round_allowing_more_attempts_than_a_column_holds_is_a_422(client, organiser_api,
                                                                    session, tree):
    contest = make_contest(session)

    response = client.post(f"/api/v1/manage/contests/{contest.id}/rounds",
                           json=round_payload(max_attempts=3_000_000_000), headers=organiser_api)

    assert response.status_code == 422
    assert response.json()["detail"] == "Trường “max_attempts” quá lớn."


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("max_attempts", "9999999999", "Số lượt thi tối đa quá lớn; hãy kiểm tra lại."),
    ("time_limit_minutes", "9999999999", "Thời gian làm bài quá lớn; hãy kiểm tra lại."),
    ("time_limit_minutes", "1e309", "Thời gian làm bài phải là một số."),
    ("time_limit_minutes", "nan", "Thời gian làm bài phải là một số."),
])
def test_a_round_form_number_past_the_range_is_refused_on_the_page(organiser_client, session,
                                                                  tree, field, typed, message):
    contest = make_contest(session)
    make_round(session, contest)
    form = {"csrf_token": organiser_client.csrf, "name": "Tuần 2", "question_count": "5",
            "opens_at": "2030-01-01T08:00", "closes_at": "2030-01-08T08:00",
            "time_limit_minutes": "10", field: typed}

    response = organiser_client.post(f"/quan-ly/cuoc-thi/{contest.id}/tuan-thi/moi", data=form)

    assert response.status_code == 422
    assert message in response.text


def test_a_headcount_past_the_range_is_refused_on_the_page(organiser_client, tree):
    response = organiser_client.post(f"/don-vi/{tree['Q1'].id}/so-luong",
                                     data={"csrf_token": organiser_client.csrf,
                                           "headcount": str(2**31)})

    assert response.status_code == 422
    assert "Trường “headcount” quá lớn." in response.text


@pytest.mark.parametrize("number", TOO_BIG)
@pytest.mark.parametrize("asked", [
    "/api/v1/movement/years/{id}/entries?unit_id={n}",
    "/api/v1/movement/years/{id}/entries?field_id={n}",
    "/api/v1/movement/years/{id}/entries?page={n}",
    "/phong-trao/{id}?page={n}",
])
def test_a_movement_filter_or_page_past_the_range_is_a_422(client, organiser_api, session,
                                                           tree, asked, number):
    year = movement_service.create_year(session=session, year=2023, title="Dân vận khéo",
                                        opens_at=OPENS, closes_at=CLOSES)

    response = client.get(asked.format(id=year.id, n=number), headers=organiser_api)

    assert response.status_code == 422
    assert "quá lớn" in response.text


def test_a_movement_page_filter_no_row_can_have_lists_everything(client, organiser_api,
                                                                 session, tree):
    year = movement_service.create_year(session=session, year=2023, title="Dân vận khéo",
                                        opens_at=OPENS, closes_at=CLOSES)

    response = client.get(f"/phong-trao/{year.id}?don_vi={2**63}&linh_vuc={2**31}",
                          headers=organiser_api)

    assert response.status_code == 200
    assert "Chưa có mô hình, giải pháp nào." in response.text
