"""Text from users: control characters are cleaned where it comes in, names that would read as
something else are refused, and exports survive whatever is already stored."""

import io
import json
from typing import Annotated

import pytest
from fastapi import Body, File, Form, UploadFile
from openpyxl import load_workbook
from sqlalchemy import text
from sqlmodel import select

from backend.accounts.models import UserAccount
from backend.contestants import identity
from backend.contests.models import Contest, Round
from backend.errors import InvalidInput
from backend.textguard import GuardedRoute
from backend.units.models import Unit
from backend.vntext import clean, strip_controls
from tests.factories import PASSWORD, csrf_of, every_route, make_contest, visible_text

CONTROLS = "\x00\x01\x08\x0b\x0c\x0e\x1f\x7f\x80\x85\x9f"


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


def test_a_feature_route_reads_its_path_and_upload_name_cleaned(client, organiser_api, tree):
    unit = client.get(f"/api/v1/units/{tree['Q1'].id}%00", headers=organiser_api)
    upload = client.post("/api/v1/units/import", content=multipart("", "don\x01vi.xlsx", b"xx"),
                         headers={**organiser_api,
                                  "content-type": "multipart/form-data; boundary=b"})

    assert unit.json()["code"] == "Q1"
    assert upload.json()["detail"].startswith("Tệp “donvi.xlsx” có 1 lỗi")


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
    assert "Thành phố Thủ Đức" in visible_text(page.text)


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


# --- Names that would read as something else ------------------------------------------------

def direction_refusal(field: str, mark: str) -> str:
    return (f"{field} chứa ký tự ẩn đổi hướng chữ (U+{ord(mark):04X}), có thể làm tên hiển thị "
            f"khác với thực tế. Hãy gõ lại {field[0].lower()}{field[1:]} thay vì sao chép từ "
            "nơi khác.")


@pytest.mark.parametrize("mark", ["\u202e", "\u2066", "\u200f", "\u061c"])
def test_a_unit_name_with_a_direction_mark_is_refused(client, organiser_api, database, tree,
                                                      mark):
    response = client.patch(f"/api/v1/units/{tree['Q1'].id}", headers=organiser_api,
                            json={"name": f"Quận{mark} 1"})

    assert response.status_code == 422
    assert response.json()["detail"] == direction_refusal("Tên đơn vị", mark)
    assert stored(database, Unit.name, code="Q1") == ["Quận 1"]


def test_a_unit_name_with_a_direction_mark_is_refused_on_the_page(organiser_client, database,
                                                                 tree):
    response = organiser_client.post(f"/don-vi/{tree['Q1'].id}/sua", data={
        "csrf_token": organiser_client.csrf, "name": "Quận 1\u202egpj.exe", "kind": "quan"})

    assert response.status_code == 422
    assert direction_refusal("Tên đơn vị", "\u202e") in visible_text(response.text)
    assert stored(database, Unit.name, code="Q1") == ["Quận 1"]


@pytest.mark.parametrize(("changes", "field"), [
    ({"full_name": "Nguyễn \u202eVăn An"}, "Họ và tên"),
    ({"username": "an\u2067"}, "Tên đăng nhập"),
])
def test_a_staff_name_with_a_direction_mark_is_refused(client, organiser_api, database, tree,
                                                       changes, field):
    body = {"username": "nguyen.an", "full_name": "Nguyễn Văn An", "role": "judge",
            "password": "mat-khau-moi-2026", **changes}

    response = client.post("/api/v1/users", headers=organiser_api, json=body)

    mark = next(ch for ch in "".join(changes.values()) if ch in "\u202e\u2067")
    assert response.status_code == 422
    assert response.json()["detail"] == direction_refusal(field, mark)
    assert stored(database, UserAccount.username) == ["bantochuc"]


def test_a_contest_title_with_a_direction_mark_is_refused(client, organiser_api, database,
                                                          tree):
    response = client.post("/api/v1/manage/contests", headers=organiser_api,
                           json={"title": "Cuộc thi \u202bmùa xuân"})

    assert response.status_code == 422
    assert response.json()["detail"] == direction_refusal("Tên cuộc thi", "\u202b")
    assert stored(database, Contest.id) == []


def test_a_round_name_with_a_direction_mark_is_refused(client, organiser_api, database,
                                                       session, tree):
    contest = make_contest(session)

    response = client.post(f"/api/v1/manage/contests/{contest.id}/rounds",
                           headers=organiser_api, json={
                               "name": "Tuần\u200e 1", "opens_at": "2030-01-01T08:00:00",
                               "closes_at": "2030-01-08T08:00:00", "question_count": 5,
                               "time_limit_seconds": 600})

    assert response.status_code == 422
    assert response.json()["detail"] == direction_refusal("Tên tuần thi", "\u200e")
    assert stored(database, Round.id) == []


def test_a_contestant_name_with_a_direction_mark_is_refused_saying_so():
    with pytest.raises(InvalidInput) as refused:
        identity.person_name("Nguyễn Văn\u202e An")

    assert refused.value.message == direction_refusal("Họ và tên", "\u202e")


# --- Exports survive what is already stored ---------------------------------------------------

def exported_names(data: bytes) -> dict:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}


@pytest.fixture
def q1_named(session, is_postgres):
    """Give Quận 1 a stored name, written straight to the database as an older version or a
    hand-made fix would have left it (PostgreSQL cannot hold a NUL at all)."""

    def rename(name: str) -> None:
        if is_postgres:
            name = name.replace("\x00", "")
        session.execute(text("UPDATE unit SET name = :name WHERE code = 'Q1'"), {"name": name})
        session.commit()

    return rename


@pytest.mark.parametrize("path", ["/api/v1/units/export", "/don-vi/xuat"])
def test_a_unit_name_holding_control_characters_still_exports(organiser_api, organiser_client,
                                                              tree, q1_named, path):
    q1_named("Quận\x01 1\x00\x1f")

    response = organiser_client.get(path, headers=organiser_api)

    assert response.status_code == 200
    assert exported_names(response.content)["Q1"].value == "Quận 1"


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x\")", "+84 1", "-1+1", "@SUM(A1)"])
def test_a_unit_name_that_looks_like_a_formula_exports_as_quoted_text(client, organiser_api,
                                                                     tree, q1_named, name):
    q1_named(name)

    response = client.get("/api/v1/units/export", headers=organiser_api)

    cell = exported_names(response.content)["Q1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (name, "s", True)
    assert exported_names(response.content)["Q3"].quotePrefix is False
