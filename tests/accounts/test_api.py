"""Staff sign-in and account management over JSON: bearer tokens, cookies with CSRF."""

from datetime import datetime, timedelta

from backend.accounts.models import Role
from backend.deps import STAFF_COOKIE
from backend.web import CSRF_HEADER
from tests.accounts.conftest import (
    LOCKED,
    LOGIN_CSRF_REFUSED,
    NOT_SIGNED_IN,
    WRONG_CREDENTIALS,
    browser_as,
    stored_sessions,
    stored_user,
)
from tests.factories import NO_RIGHT, PASSWORD, api_token, usernames

NEW_JUDGE = {"username": "giamkhao2", "full_name": "Lê Văn Cường",
             "password": "mat-khau-moi-2026", "role": "judge"}


def test_api_sign_in_returns_a_bearer_token_and_the_account(client, clock, organiser):
    response = client.post("/api/v1/auth/login", json={"username": " BanToChuc ",
                                                        "password": PASSWORD})

    body = response.json()
    assert response.status_code == 200
    assert len(body["token"]) >= 40
    assert body["user"] == {"id": organiser.id, "username": "bantochuc",
                            "full_name": "Người dùng bantochuc", "role": "organiser",
                            "unit_id": None, "can_view_personal_data": False,
                            "is_active": True}
    assert datetime.fromisoformat(body["expires_at"]) == clock.now + timedelta(hours=10)


def test_bearer_token_identifies_the_caller(client, officer, tree):
    headers = api_token(client, "canbo.q1")

    me = client.get("/api/v1/auth/me", headers=headers)

    assert me.status_code == 200
    assert (me.json()["username"], me.json()["role"], me.json()["unit_id"]) == (
        "canbo.q1", "unit_officer", tree["Q1"].id)


def test_wrong_password_gets_a_vietnamese_error_and_no_token(client, database, organiser):
    response = client.post("/api/v1/auth/login", json={"username": "bantochuc",
                                                        "password": "sai-mat-khau-roi"})

    assert response.status_code == 422
    assert response.json() == {"detail": WRONG_CREDENTIALS, "code": "wrong_credentials"}
    assert stored_sessions(database, organiser.id) == []


def test_locked_account_gets_no_token(client, database, organiser, judge):
    headers = api_token(client, "bantochuc")
    client.post(f"/api/v1/users/{judge.id}/lock", headers=headers)

    response = client.post("/api/v1/auth/login", json={"username": "giamkhao",
                                                        "password": PASSWORD})

    assert response.status_code == 422
    assert response.json() == {"detail": LOCKED, "code": "account_locked"}
    assert stored_sessions(database, judge.id) == []


def test_call_without_a_token_gets_401_in_vietnamese(client, organiser):
    response = client.get("/api/v1/users")

    assert response.status_code == 401
    assert response.json() == {"detail": NOT_SIGNED_IN, "code": "not_signed_in"}


def test_unknown_token_gets_401(client, organiser):
    response = client.get("/api/v1/auth/me", headers={"Authorization": "Bearer khong-co-that"})

    assert response.status_code == 401
    assert response.json()["detail"] == NOT_SIGNED_IN


def test_expired_token_gets_401_in_vietnamese(client, clock, organiser):
    headers = api_token(client, "bantochuc")
    clock.advance(hours=10)

    response = client.get("/api/v1/auth/me", headers=headers)

    assert response.status_code == 401
    assert response.json() == {"detail": NOT_SIGNED_IN, "code": "not_signed_in"}


def test_sign_out_ends_the_token_for_good(client, database, organiser):
    headers = api_token(client, "bantochuc")

    response = client.post("/api/v1/auth/logout", headers=headers)

    assert response.status_code == 204
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401
    assert [s.revoked_at is not None for s in stored_sessions(database, organiser.id)] == [True]


def test_each_api_sign_in_gets_its_own_token(client, organiser):
    first = api_token(client, "bantochuc")
    second = api_token(client, "bantochuc")

    client.post("/api/v1/auth/logout", headers=first)

    assert first != second
    assert client.get("/api/v1/auth/me", headers=second).status_code == 200


def test_bearer_calls_need_no_csrf_token(client, database, organiser):
    headers = api_token(client, "bantochuc")

    response = client.post("/api/v1/users", json=NEW_JUDGE, headers=headers)

    assert response.status_code == 201
    assert response.json()["username"] == "giamkhao2"
    assert usernames(database) == ["bantochuc", "giamkhao2"]


def test_cookie_authenticated_call_without_csrf_header_is_refused(client, database, organiser):
    browser_as(client, "bantochuc")

    response = client.post("/api/v1/users", json=NEW_JUDGE)

    assert response.status_code == 403
    assert response.json() == {"detail": LOGIN_CSRF_REFUSED, "code": "csrf"}
    assert usernames(database) == ["bantochuc"]


def test_cookie_authenticated_call_with_a_wrong_csrf_header_is_refused(client, database,
                                                                      organiser):
    browser_as(client, "bantochuc")

    response = client.post("/api/v1/users", json=NEW_JUDGE, headers={CSRF_HEADER: "0" * 64})

    assert response.status_code == 403
    assert response.json()["code"] == "csrf"
    assert usernames(database) == ["bantochuc"]


def test_cookie_authenticated_call_with_the_csrf_header_is_accepted(client, database,
                                                                   organiser):
    browser_as(client, "bantochuc")

    response = client.post("/api/v1/users", json=NEW_JUDGE, headers={CSRF_HEADER: client.csrf})

    assert response.status_code == 201
    assert usernames(database) == ["bantochuc", "giamkhao2"]


def test_cookie_authenticated_reads_need_no_csrf_header(client, organiser):
    browser_as(client, "bantochuc")

    response = client.get("/api/v1/auth/me")

    assert response.json()["username"] == "bantochuc"


def test_cookie_authenticated_sign_out_ends_the_browser_session(app, client, database,
                                                                organiser):
    browser_as(client, "bantochuc")
    cookie = client.cookies.get(STAFF_COOKIE)

    response = client.post("/api/v1/auth/logout", headers={CSRF_HEADER: client.csrf})

    assert response.status_code == 204
    client.cookies.clear()
    replay = client.get("/api/v1/auth/me", headers={"Cookie": f"{STAFF_COOKIE}={cookie}"})
    assert replay.status_code == 401
    assert all(s.revoked_at is not None for s in stored_sessions(database, organiser.id))


def test_organiser_lists_accounts_without_their_password_hashes(client, organiser, officer,
                                                                judge):
    headers = api_token(client, "bantochuc")

    response = client.get("/api/v1/users", headers=headers)

    assert response.status_code == 200
    assert [(u["username"], u["role"]) for u in response.json()] == [
        ("bantochuc", "organiser"), ("canbo.q1", "unit_officer"), ("giamkhao", "judge")]
    assert "argon2" not in response.text
    assert all("password" not in key for u in response.json() for key in u)


def test_organiser_creates_a_unit_officer_tied_to_a_unit(client, database, organiser, tree):
    headers = api_token(client, "bantochuc")

    response = client.post("/api/v1/users", headers=headers, json={
        "username": "CanBo.Q3", "full_name": "Trần Thị Bình", "password": "mat-khau-moi-2026",
        "role": "unit_officer", "unit_id": tree["Q3"].id})

    created = stored_user(database, "canbo.q3")
    assert response.status_code == 201
    assert response.json()["unit_id"] == tree["Q3"].id
    assert (created.role, created.unit_id) == (Role.UNIT_OFFICER, tree["Q3"].id)
    assert created.password_hash.startswith("$argon2id$")
    assert "mat-khau-moi-2026" not in created.password_hash


def test_creating_a_taken_username_is_a_409_in_vietnamese(client, database, organiser, judge):
    headers = api_token(client, "bantochuc")

    response = client.post("/api/v1/users", headers=headers,
                           json={**NEW_JUDGE, "username": " GIAMKHAO "})

    assert response.status_code == 409
    assert response.json() == {"detail": "Tên đăng nhập “giamkhao” đã có người dùng.",
                               "code": "conflict"}
    assert usernames(database) == ["bantochuc", "giamkhao"]


def test_unit_officer_without_a_unit_is_refused(client, database, organiser):
    headers = api_token(client, "bantochuc")

    response = client.post("/api/v1/users", headers=headers,
                           json={**NEW_JUDGE, "role": "unit_officer"})

    assert response.status_code == 422
    assert response.json()["detail"] == "Cán bộ đơn vị phải gắn với một đơn vị đang hoạt động."
    assert usernames(database) == ["bantochuc"]


def test_unknown_role_is_refused_in_vietnamese(client, database, organiser):
    headers = api_token(client, "bantochuc")

    response = client.post("/api/v1/users", headers=headers,
                           json={**NEW_JUDGE, "role": "superadmin"})

    assert response.status_code == 422
    assert response.json()["detail"] == "Trường “role” không thuộc các giá trị cho phép."
    assert usernames(database) == ["bantochuc"]


def test_unit_officer_may_not_create_accounts(client, database, officer):
    headers = api_token(client, "canbo.q1")

    response = client.post("/api/v1/users", headers=headers, json={**NEW_JUDGE,
                                                                   "role": "organiser"})

    assert response.status_code == 403
    assert response.json() == {"detail": NO_RIGHT, "code": "forbidden"}
    assert usernames(database) == ["canbo.q1"]


def test_locking_an_account_ends_its_tokens_at_once(client, database, organiser, judge):
    organiser_headers = api_token(client, "bantochuc")
    judge_headers = api_token(client, "giamkhao")

    response = client.post(f"/api/v1/users/{judge.id}/lock", headers=organiser_headers)

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert client.get("/api/v1/auth/me", headers=judge_headers).status_code == 401
    assert all(s.revoked_at is not None for s in stored_sessions(database, judge.id))


def test_unlocking_lets_the_account_sign_in_again(client, organiser, judge):
    headers = api_token(client, "bantochuc")
    client.post(f"/api/v1/users/{judge.id}/lock", headers=headers)

    response = client.post(f"/api/v1/users/{judge.id}/unlock", headers=headers)

    assert response.json()["is_active"] is True
    assert api_token(client, "giamkhao")


def test_organiser_cannot_lock_themself(client, database, organiser):
    headers = api_token(client, "bantochuc")

    response = client.post(f"/api/v1/users/{organiser.id}/lock", headers=headers)

    assert response.status_code == 409
    assert response.json()["detail"] == "Bạn không thể tự khóa tài khoản của mình."
    assert stored_user(database, "bantochuc").is_active


def test_locking_an_unknown_account_is_a_404_in_vietnamese(client, organiser):
    headers = api_token(client, "bantochuc")

    response = client.post("/api/v1/users/9999/lock", headers=headers)

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy tài khoản.", "code": "not_found"}
