"""Text from users: control characters are cleaned where it comes in, on every route."""

import json
from typing import Annotated

import pytest
from fastapi import Body, File, Form, UploadFile
from sqlmodel import select

from backend.contests.models import Contest
from backend.textguard import GuardedRoute
from backend.vntext import clean, strip_controls
from tests.factories import PASSWORD, csrf_of
from tests.test_edge_ids import every_route

CONTROLS = "\x00\x01\x08\x0b\x0c\x0e\x1f\x7f\x80\x85\x9f"


def visible(html: str) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def stored(database, column, **where) -> list:
    """The values of one column, read afresh from the database."""
    with database.scope(write=False) as fresh:
        return list(fresh.exec(select(column).filter_by(**where)))


# --- One rule for text -------------------------------------------------------------------

def test_control_characters_go_and_tabs_and_line_breaks_stay():
    assert strip_controls(f"Dòng 1{CONTROLS}\r\n\tDòng 2\ud800") == "Dòng 1\r\n\tDòng 2"


def test_a_spreadsheet_cell_is_cleaned_by_the_same_rule():
    assert clean(f" Quận\x001{CONTROLS} ") == "Quận1"


def test_every_route_of_the_app_reads_its_input_through_the_guard(app):
    unguarded = [route.path for route in every_route(app) if not isinstance(route, GuardedRoute)]

    assert unguarded == []


# --- Every way text comes in, seen by a route added for the test ---------------------------

@pytest.fixture
def echo(app, client):
    """Routes that hand back what they received, after the guard and validation."""

    def json_echo(segment: str, body: Annotated[dict, Body()], q: str = ""):
        return {"segment": segment, "q": q, "body": body}

    def form_echo(note: Annotated[str, Form()], file: Annotated[UploadFile | None, File()] = None):
        return {"note": note, "filename": file.filename if file else None,
                "size": len(file.file.read()) if file else None}

    app.add_api_route("/api/v1/echo/{segment}", json_echo, methods=["POST"])
    app.add_api_route("/api/v1/echo-form", form_echo, methods=["POST"])
    return client


@pytest.mark.parametrize("ascii_only", [True, False])
def test_json_strings_keys_and_nested_values_are_cleaned(echo, ascii_only):
    body = {"tên\x00": f"Nguyễn{CONTROLS}\nVăn\tAn", "list": ["a\x1fb", {"c\x85": "d\x7f"}, 5]}

    response = echo.post("/api/v1/echo/x", headers={"content-type": "application/json"},
                         content=json.dumps(body, ensure_ascii=ascii_only).encode())

    assert response.json()["body"] == {"tên": "Nguyễn\nVăn\tAn", "list": ["ab", {"c": "d"}, 5]}


def test_a_lone_surrogate_escape_in_json_is_cleaned(echo):
    response = echo.post("/api/v1/echo/x", content=b'{"name": "A\\ud800B\\u0000C"}',
                         headers={"content-type": "application/json"})

    assert response.json()["body"] == {"name": "ABC"}


def test_json_in_utf16_is_cleaned_too(echo):
    response = echo.post("/api/v1/echo/x", content='{"name": "A\\u0000B\x7f"}'.encode("utf-16"),
                         headers={"content-type": "application/json"})

    assert response.json()["body"] == {"name": "AB"}


def test_query_strings_and_path_segments_are_cleaned(echo):
    response = echo.post("/api/v1/echo/a%00b%7F?q=qu%00%C2%85%0A%09an", json={})

    assert response.json() == {"segment": "ab", "q": "qu\n\tan", "body": {}}


def multipart(note: str, filename: str, content: bytes) -> bytes:
    """Written out by hand: clients percent-encode control characters in file names."""
    return b"".join([
        b"--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n", note.encode(),
        b"\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"",
        filename.encode(), b"\"\r\nContent-Type: application/pdf\r\n\r\n", content,
        b"\r\n--b--\r\n"])


def test_form_fields_and_upload_names_are_cleaned_but_upload_bytes_are_not(echo):
    upload = echo.post("/api/v1/echo-form",
                       content=multipart("ghi\x00 chú\r\ndòng 2", "don\x01vi.xlsx",
                                         b"\x00\x01" * 10),
                       headers={"content-type": "multipart/form-data; boundary=b"})
    plain = echo.post("/api/v1/echo-form", data={"note": "ghi\x00\x9f chú"})

    assert upload.json() == {"note": "ghi chú\r\ndòng 2", "filename": "donvi.xlsx", "size": 20}
    assert plain.json() == {"note": "ghi chú", "filename": None, "size": None}


# --- The drills: NUL where PostgreSQL used to answer 500 ------------------------------------

def test_nul_in_a_staff_user_name_signs_in_as_the_cleaned_name(client, organiser):
    api = client.post("/api/v1/auth/login", json={"username": "banto\x00chuc",
                                                  "password": PASSWORD})
    page = client.post("/dang-nhap", data={"username": "bantochuc\x00", "password": PASSWORD,
                                           "csrf_token": csrf_of(client)},
                       follow_redirects=False)

    assert api.status_code == 200
    assert api.json()["user"]["username"] == "bantochuc"
    assert page.status_code == 303


def test_nul_in_a_unit_search_finds_what_the_clean_words_find(organiser_api, organiser_client,
                                                               tree):
    api = organiser_client.get("/api/v1/units", params={"q": "th\x00u\x01 duc"},
                               headers=organiser_api)
    page = organiser_client.get("/don-vi", params={"q": "thu\x00 duc"})

    assert [u["name"] for u in api.json()] == ["Thành phố Thủ Đức"]
    assert page.status_code == 200
    assert "Thành phố Thủ Đức" in visible(page.text)


def test_nul_in_a_contest_title_is_stored_without_it(client, organiser_api, database, tree):
    response = client.post("/api/v1/manage/contests", headers=organiser_api, json={
        "title": "Cuộc thi\x00 Dân vận\x1f khéo", "rules_text": "Điều 1.\x00\nĐiều 2.\x7f"})

    assert response.status_code == 201
    assert stored(database, Contest.title) == ["Cuộc thi Dân vận khéo"]
    assert stored(database, Contest.rules_text) == ["Điều 1.\nĐiều 2."]


def test_nul_in_a_contest_title_typed_on_the_page_is_stored_without_it(organiser_client,
                                                                     database, tree):
    response = organiser_client.post("/quan-ly/cuoc-thi", data={
        "csrf_token": organiser_client.csrf, "title": "\x00Cuộc thi\x00 mùa xuân"},
        follow_redirects=False)

    assert response.status_code == 303
    assert stored(database, Contest.title) == ["Cuộc thi mùa xuân"]
