"""Signing in and out, sessions, CSRF and staff accounts, as a person meets them in a browser."""

import re

import pytest
from fastapi.testclient import TestClient

from backend.accounts.models import Role
from backend.deps import STAFF_COOKIE
from backend.web import CSRF_COOKIE
from tests.accounts.conftest import (
    LOCKED,
    LOGIN_CSRF_REFUSED,
    WRONG_CREDENTIALS,
    browser_as,
    csrf_in,
    stored_sessions,
    stored_user,
)
from tests.factories import NO_RIGHT, PASSWORD, api_token, csrf_of, sign_in, usernames, visible_text


def cookie_line(response, name: str) -> str:
    """The Set-Cookie line the response sends for `name` (empty when it sends none)."""
    lines = [line for line in response.headers.get_list("set-cookie")
             if line.startswith(f"{name}=")]
    return lines[0] if lines else ""


def attributes(line: str) -> set[str]:
    return {part.strip().lower() for part in line.split(";")[1:]}


def fresh_browser(app, **cookies) -> TestClient:
    """Another browser on the same server, holding only the cookies given."""
    browser = TestClient(app, base_url="http://testserver")
    for name, value in cookies.items():
        plant(browser, name, value)
    return browser


def plant(browser: TestClient, name: str, value: str) -> None:
    """Put a cookie in the browser as if the server had set it."""
    browser.cookies.set(name, value, domain="testserver.local", path="/")


def form_tokens(html: str) -> list[str]:
    """The CSRF values the page's forms will submit, as a browser sends them."""
    return re.findall(r'<input type="hidden" name="csrf_token" value="([^"]*)">', html)


def test_sign_in_page_is_in_vietnamese_and_carries_a_csrf_token(client):
    page = client.get("/dang-nhap")

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Đăng nhập cho cán bộ" in text
    assert "Tên đăng nhập" in text
    assert "Mật khẩu" in text
    assert form_tokens(page.text) == [csrf_in(page.text)]
    assert {"httponly", "samesite=lax", "path=/"} <= attributes(cookie_line(page, CSRF_COOKIE))


def test_sign_in_over_https_sets_an_httponly_lax_secure_session_cookie(https_client, organiser):
    response = sign_in(https_client, "bantochuc")

    line = cookie_line(response, STAFF_COOKIE)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert {"httponly", "samesite=lax", "secure", "path=/", "max-age=36000"} <= attributes(line)
    assert "secure" in attributes(cookie_line(response, CSRF_COOKIE))
    home = https_client.get("/")
    assert "Xin chào, Người dùng bantochuc" in visible_text(home.text)


def test_session_cookie_is_not_marked_secure_over_plain_http(client, organiser):
    response = sign_in(client, "bantochuc")

    line = cookie_line(response, STAFF_COOKIE)
    assert {"httponly", "samesite=lax"} <= attributes(line)
    assert "secure" not in attributes(line)


def test_sign_in_issues_a_new_session_id_and_ends_the_one_the_browser_carried(
        app, client, database, organiser, judge):
    planted = api_token(fresh_browser(app), "giamkhao")["Authorization"].removeprefix("Bearer ")
    plant(client, STAFF_COOKIE, planted)

    response = sign_in(client, "bantochuc")

    issued = client.cookies.get(STAFF_COOKIE)
    assert response.status_code == 303
    assert issued
    assert issued != planted
    assert "Xin chào, Người dùng bantochuc" in visible_text(client.get("/").text)
    replay = fresh_browser(app, **{STAFF_COOKIE: planted}).get("/doi-mat-khau",
                                                               follow_redirects=False)
    assert replay.headers["location"] == "/dang-nhap?next=/doi-mat-khau"
    assert [s.revoked_at is not None for s in stored_sessions(database, judge.id)] == [True]


def test_a_session_id_chosen_by_someone_else_is_never_adopted(app, client, organiser):
    plant(client, STAFF_COOKIE, "gia-tri-do-ke-tan-cong-dat-truoc")

    sign_in(client, "bantochuc")

    assert client.cookies.get(STAFF_COOKIE) != "gia-tri-do-ke-tan-cong-dat-truoc"
    planted = fresh_browser(app, **{STAFF_COOKIE: "gia-tri-do-ke-tan-cong-dat-truoc"})
    assert "Xin chào" not in planted.get("/").text


@pytest.mark.parametrize(("username", "password"), [
    ("bantochuc", "sai-mat-khau-roi"),
    ("nguoi-la", PASSWORD),
])
def test_wrong_credentials_show_a_clear_error_and_grant_nothing(client, database, organiser,
                                                                username, password):
    response = sign_in(client, username, password)

    text = visible_text(response.text)
    assert response.status_code == 422
    assert WRONG_CREDENTIALS in text
    assert f'value="{username}"' in response.text
    assert cookie_line(response, STAFF_COOKIE) == ""
    assert client.get("/tai-khoan", follow_redirects=False).status_code == 303
    assert stored_sessions(database, organiser.id) == []


def test_protected_page_sends_the_visitor_to_sign_in_and_back(client, organiser):
    bounced = client.get("/tai-khoan", follow_redirects=False)
    login = client.get(bounced.headers["location"])

    response = client.post("/dang-nhap", data={
        "username": "bantochuc", "password": PASSWORD, "csrf_token": csrf_in(login.text),
        "next": "/tai-khoan"}, follow_redirects=False)

    assert bounced.headers["location"] == "/dang-nhap?next=/tai-khoan"
    assert 'name="next" value="/tai-khoan"' in login.text
    assert response.headers["location"] == "/tai-khoan"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/",
                                    "/\\evil.example", "javascript:alert(1)"])
def test_sign_in_never_sends_the_person_to_another_site(client, organiser, target):
    response = client.post("/dang-nhap", data={
        "username": "bantochuc", "password": PASSWORD, "csrf_token": csrf_of(client),
        "next": target}, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_sign_out_ends_the_session_even_if_its_cookie_is_replayed(app, client, database,
                                                                  organiser):
    browser_as(client, "bantochuc")
    old_cookie = client.cookies.get(STAFF_COOKIE)
    copied = fresh_browser(app, **{STAFF_COOKIE: old_cookie})
    assert copied.get("/tai-khoan").status_code == 200

    response = client.post("/dang-xuat", data={"csrf_token": client.csrf},
                           follow_redirects=False)

    assert response.headers["location"] == "/dang-nhap?da_dang_xuat=1"
    assert "Bạn đã đăng xuất." in visible_text(client.get("/dang-nhap?da_dang_xuat=1").text)
    assert client.cookies.get(STAFF_COOKIE) is None
    replay = copied.get("/tai-khoan", follow_redirects=False)
    assert replay.status_code == 303
    assert replay.headers["location"] == "/dang-nhap?next=/tai-khoan"
    assert all(s.revoked_at is not None for s in stored_sessions(database, organiser.id))


def test_expired_session_sends_the_person_to_sign_in(client, clock, organiser):
    browser_as(client, "bantochuc")
    clock.advance(hours=10, seconds=1)

    response = client.get("/tai-khoan?trang=2", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/dang-nhap?next=/tai-khoan%3Ftrang%3D2"


def test_form_posted_after_the_session_expired_goes_to_sign_in_and_changes_nothing(
        client, clock, database, organiser):
    browser_as(client, "bantochuc")
    clock.advance(hours=11)

    response = client.post("/tai-khoan", data={
        "username": "moi", "full_name": "Người Mới", "password": "mat-khau-moi-2026",
        "role": "judge", "csrf_token": client.csrf}, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/dang-nhap"
    assert usernames(database) == ["bantochuc"]


def test_session_still_works_just_before_it_expires(client, clock, organiser):
    browser_as(client, "bantochuc")
    clock.advance(hours=9, minutes=59)

    response = client.get("/tai-khoan")

    assert response.status_code == 200
    assert "Tài khoản cán bộ" in visible_text(response.text)


def test_locked_account_loses_its_open_session_and_cannot_sign_in(app, client, database,
                                                                  organiser, judge):
    judge_browser = browser_as(fresh_browser(app), "giamkhao")
    browser_as(client, "bantochuc")

    client.post(f"/tai-khoan/{judge.id}/khoa", data={"csrf_token": client.csrf})

    assert judge_browser.get("/doi-mat-khau", follow_redirects=False).status_code == 303
    again = sign_in(judge_browser, "giamkhao")
    assert again.status_code == 422
    assert LOCKED in visible_text(again.text)
    assert cookie_line(again, STAFF_COOKIE) == ""
    assert not stored_user(database, "giamkhao").is_active


def test_form_without_csrf_token_is_refused_and_changes_nothing(client, database, organiser):
    browser_as(client, "bantochuc")

    response = client.post("/tai-khoan", data={
        "username": "moi", "full_name": "Người Mới", "password": "mat-khau-moi-2026",
        "role": "judge"})

    assert response.status_code == 403
    assert LOGIN_CSRF_REFUSED in visible_text(response.text)
    assert usernames(database) == ["bantochuc"]


def test_form_with_a_wrong_csrf_token_is_refused_and_changes_nothing(client, database,
                                                                     organiser, judge):
    browser_as(client, "bantochuc")

    response = client.post(f"/tai-khoan/{judge.id}/khoa", data={"csrf_token": "0" * 64})

    assert response.status_code == 403
    assert LOGIN_CSRF_REFUSED in visible_text(response.text)
    assert stored_user(database, "giamkhao").is_active


def test_csrf_token_of_another_browser_is_refused(app, client, database, organiser, judge):
    other = fresh_browser(app)
    browser_as(client, "bantochuc")

    response = client.post(f"/tai-khoan/{judge.id}/khoa", data={"csrf_token": csrf_of(other)})

    assert response.status_code == 403
    assert stored_user(database, "giamkhao").is_active


def test_sign_in_form_without_csrf_token_is_refused(client, database, organiser):
    client.get("/dang-nhap")

    response = client.post("/dang-nhap", data={"username": "bantochuc", "password": PASSWORD},
                           follow_redirects=False)

    assert response.status_code == 403
    assert LOGIN_CSRF_REFUSED in visible_text(response.text)
    assert cookie_line(response, STAFF_COOKIE) == ""
    assert stored_sessions(database, organiser.id) == []


def test_sign_out_form_without_csrf_token_is_refused(client, organiser):
    browser_as(client, "bantochuc")

    response = client.post("/dang-xuat", follow_redirects=False)

    assert response.status_code == 403
    assert client.get("/tai-khoan").status_code == 200


def test_csrf_token_changes_at_sign_in_and_the_old_one_stops_working(client, database,
                                                                     organiser):
    before = csrf_of(client)

    browser_as(client, "bantochuc")
    refused = client.post("/tai-khoan", data={
        "username": "moi", "full_name": "Người Mới", "password": "mat-khau-moi-2026",
        "role": "judge", "csrf_token": before})
    accepted = client.post("/tai-khoan", data={
        "username": "moi", "full_name": "Người Mới", "password": "mat-khau-moi-2026",
        "role": "judge", "csrf_token": client.csrf})

    assert client.csrf != before
    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert usernames(database) == ["bantochuc", "moi"]


def test_csrf_token_changes_at_sign_out(client, organiser):
    browser_as(client, "bantochuc")
    signed_in_token = client.csrf

    client.post("/dang-xuat", data={"csrf_token": signed_in_token})

    assert csrf_of(client) != signed_in_token


def test_home_greets_each_role_with_what_it_may_do(app, organiser, officer, judge):
    pages = {name: visible_text(browser_as(fresh_browser(app), name).get("/").text)
             for name in ("bantochuc", "canbo.q1", "giamkhao")}

    assert "Xin chào, Người dùng bantochuc Ban tổ chức" in pages["bantochuc"]
    assert "Tài khoản" in pages["bantochuc"]
    assert "Xin chào, Người dùng canbo.q1 Cán bộ đơn vị · Quận 1" in pages["canbo.q1"]
    assert "Đơn vị 3 đơn vị đang hoạt động trong phạm vi của bạn" in pages["canbo.q1"]
    assert "Các bài được phân công cho bạn chấm hiện theo mã phách" in pages["giamkhao"]
    assert "Đơn vị" not in pages["giamkhao"].split("Xin chào")[0]


def test_organiser_sees_every_account_with_its_role_and_unit_organisers_first(
        client, organiser, officer, judge):
    browser_as(client, "bantochuc")

    page = visible_text(client.get("/tai-khoan").text)

    rows = ["bantochuc Người dùng bantochuc Ban tổ chức Đang dùng",
            "canbo.q1 Người dùng canbo.q1 Cán bộ đơn vị Quận 1 Đang dùng Khóa",
            "giamkhao Người dùng giamkhao Giám khảo Đang dùng Khóa"]
    assert all(row in page for row in rows)
    assert [page.index(row) for row in rows] == sorted(page.index(row) for row in rows)


def test_organiser_creates_a_unit_officer_by_unit_code(client, database, organiser, tree):
    browser_as(client, "bantochuc")

    response = client.post("/tai-khoan", data={
        "username": "CanBo.Q3", "full_name": "Trần Thị Bình", "password": "mat-khau-moi-2026",
        "role": "unit_officer", "unit_code": " q3 ", "csrf_token": client.csrf})

    text = visible_text(response.text)
    created = stored_user(database, "canbo.q3")
    assert response.status_code == 200
    assert "Đã tạo tài khoản “canbo.q3”." in text
    assert "canbo.q3 Trần Thị Bình Cán bộ đơn vị Quận 3" in text
    assert (created.role, created.unit_id) == (Role.UNIT_OFFICER, tree["Q3"].id)
    assert created.password_hash.startswith("$argon2id$")


def test_creating_a_taken_username_shows_why_and_keeps_the_form(client, database, organiser,
                                                                judge):
    browser_as(client, "bantochuc")

    response = client.post("/tai-khoan", data={
        "username": "GiamKhao", "full_name": "Lê Văn Cường", "password": "mat-khau-moi-2026",
        "role": "judge", "csrf_token": client.csrf})

    assert response.status_code == 409
    assert "Tên đăng nhập “giamkhao” đã có người dùng." in visible_text(response.text)
    assert 'value="Lê Văn Cường"' in response.text
    assert stored_user(database, "giamkhao").full_name == "Người dùng giamkhao"


def test_unit_officer_with_an_unknown_unit_code_is_refused(client, database, organiser):
    browser_as(client, "bantochuc")

    response = client.post("/tai-khoan", data={
        "username": "canbo.x", "full_name": "Phạm Văn Dũng", "password": "mat-khau-moi-2026",
        "role": "unit_officer", "unit_code": "KHONGCO", "csrf_token": client.csrf})

    assert response.status_code == 422
    assert ("Cán bộ đơn vị phải gắn với một đơn vị đang hoạt động."
            in visible_text(response.text))
    assert usernames(database) == ["bantochuc"]


def test_organiser_locks_and_unlocks_an_account(client, database, organiser, judge):
    browser_as(client, "bantochuc")

    locked = client.post(f"/tai-khoan/{judge.id}/khoa", data={"csrf_token": client.csrf},
                         follow_redirects=False)
    locked_page = visible_text(client.get("/tai-khoan").text)
    client.post(f"/tai-khoan/{judge.id}/mo-khoa", data={"csrf_token": client.csrf})

    assert locked.headers["location"] == "/tai-khoan"
    assert "giamkhao Người dùng giamkhao Giám khảo Đã khóa Mở khóa" in locked_page
    assert stored_user(database, "giamkhao").is_active


def test_unit_officer_may_not_open_the_accounts_page(client, officer):
    browser_as(client, "canbo.q1")

    response = client.get("/tai-khoan")

    assert response.status_code == 403
    assert "Không có quyền truy cập" in visible_text(response.text)
    assert NO_RIGHT in visible_text(response.text)


def test_change_password_needs_the_current_password(client, database, judge):
    browser_as(client, "giamkhao")
    before = stored_user(database, "giamkhao").password_hash

    response = client.post("/doi-mat-khau", data={
        "current": "khong-phai-mat-khau", "new": "mat-khau-moi-2026", "csrf_token": client.csrf})

    assert response.status_code == 422
    assert "Mật khẩu hiện tại không đúng." in visible_text(response.text)
    assert stored_user(database, "giamkhao").password_hash == before


def test_weak_new_password_is_refused_with_the_reason(client, database, judge):
    browser_as(client, "giamkhao")

    response = client.post("/doi-mat-khau", data={
        "current": PASSWORD, "new": "ngan", "csrf_token": client.csrf})

    assert response.status_code == 422
    assert "Mật khẩu phải có ít nhất 8 ký tự." in visible_text(response.text)


def test_changed_password_signs_everyone_out_and_only_the_new_one_works(app, client, judge):
    other_device = browser_as(fresh_browser(app), "giamkhao")
    browser_as(client, "giamkhao")

    response = client.post("/doi-mat-khau", data={
        "current": PASSWORD, "new": "mat-khau-moi-2026", "csrf_token": client.csrf},
        follow_redirects=False)

    assert response.headers["location"] == "/dang-nhap?doi_mat_khau=1"
    assert ("Đã đổi mật khẩu. Hãy đăng nhập lại bằng mật khẩu mới."
            in visible_text(client.get(response.headers["location"]).text))
    assert other_device.get("/doi-mat-khau", follow_redirects=False).status_code == 303
    assert sign_in(fresh_browser(app), "giamkhao").status_code == 422
    assert sign_in(fresh_browser(app), "giamkhao", "mat-khau-moi-2026").status_code == 303


@pytest.mark.parametrize("path", ["/tai-khoan", "/doi-mat-khau", "/"])
def test_every_form_on_a_page_carries_this_browsers_csrf_token(client, organiser, judge, path):
    browser_as(client, "bantochuc")

    page = client.get(path)

    tokens = form_tokens(page.text)
    assert tokens, "the page should have at least the sign-out form"
    assert set(tokens) == {csrf_in(page.text)}


def test_a_form_submitted_as_the_page_rendered_it_is_accepted(client, database, organiser, judge):
    browser_as(client, "bantochuc")
    page = client.get("/tai-khoan")
    lock_form = re.search(rf'action="/tai-khoan/{judge.id}/khoa".*?value="([^"]*)"', page.text,
                          re.DOTALL)

    response = client.post(f"/tai-khoan/{judge.id}/khoa",
                           data={"csrf_token": lock_form.group(1)}, follow_redirects=False)

    assert response.status_code == 303
    assert not stored_user(database, "giamkhao").is_active


def test_guessing_the_current_password_is_throttled_like_sign_in(client, database, judge):
    browser_as(client, "giamkhao")
    limit = client.app.state.settings.login_attempts_per_account

    statuses = [client.post("/doi-mat-khau", data={
        "current": f"doan-sai-{i}", "new": "mat-khau-moi-2026", "csrf_token": client.csrf}
    ).status_code for i in range(limit + 1)]

    assert statuses[-1] == 429
    assert set(statuses[:-1]) == {422}
