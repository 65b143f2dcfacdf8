"""Signing back in with phone and password: tokens, sign-out, expiry and throttling."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from backend.accounts.models import AuthSession
from backend.app import create_app
from backend.errors import InvalidInput
from tests.contestants.conftest import (
    CONTESTANT_PASSWORD,
    NOT_SIGNED_IN,
    WRONG_CREDENTIALS,
    register,
    sign_in,
)
from tests.factories import PHONE, Clock, from_ip, make_contest, make_settings

THROTTLED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau khoảng 14 phút."
# A window boundary (epoch seconds divisible by 900) plus 100 s: 800 s remain, "14 phút".
WINDOW_START = datetime(2026, 3, 2, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def contestant(session, database, contest, tree):
    return register(session, database, contest, tree["Q1-BN"])


def login(client, contest, phone: str = PHONE, password: str = CONTESTANT_PASSWORD):
    return client.post(f"/api/v1/contests/{contest.id}/login",
                       json={"phone": phone, "password": password})


def bearer(response) -> dict:
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def live_sessions(database, contestant_id: int) -> int:
    with database.scope(write=False) as fresh:
        return len(fresh.exec(select(AuthSession).where(
            AuthSession.contestant_id == contestant_id,
            AuthSession.revoked_at.is_(None))).all())


@pytest.fixture
def strict_app(database_url, tmp_path, session, contestant):
    """An app that allows three sign-in attempts per phone and per IP in 15 minutes,
    with its clock 100 s into a throttling window."""
    settings = make_settings(database_url, tmp_path, login_attempts_per_account=3,
                             login_attempts_per_ip=3, login_window_seconds=900)
    app = create_app(settings)
    Clock(WINDOW_START + timedelta(seconds=100)).install(app)
    with TestClient(app, base_url="http://testserver"):
        yield app


# --- The service ------------------------------------------------------------------------

def test_the_service_signs_in_with_the_phone_typed_another_way(session, database, contest,
                                                               contestant):
    found = sign_in(session, database, contest, phone="+84 912 345 678")

    assert found.id == contestant.id


def test_the_service_refuses_a_wrong_password_and_an_unknown_phone_alike(
        session, database, contest, contestant):
    with pytest.raises(InvalidInput) as wrong_password:
        sign_in(session, database, contest, password="khong-phai-mat-khau")
    with pytest.raises(InvalidInput) as unknown_phone:
        sign_in(session, database, contest, phone="0987654321")

    assert wrong_password.value.message == unknown_phone.value.message == WRONG_CREDENTIALS


# --- Over JSON --------------------------------------------------------------------------

def test_right_phone_and_password_return_a_token_that_works_on_me(
        client, clock, contest, contestant, tree):
    response = login(client, contest, phone="0912.345.678")

    body = response.json()
    assert response.status_code == 200
    assert len(body["token"]) >= 40
    assert datetime.fromisoformat(body["expires_at"]) == clock.now + timedelta(hours=72)
    me = client.get("/api/v1/contestant/me", headers=bearer(response))
    assert me.status_code == 200
    assert me.json() == {"id": contestant.id, "contest_id": contest.id,
                         "full_name": "Nguyễn Văn An", "unit_id": tree["Q1-BN"].id}


def test_wrong_password_and_unknown_phone_get_the_same_vietnamese_message(
        client, database, contest, contestant):
    before = live_sessions(database, contestant.id)  # the registration's own
    wrong_password = login(client, contest, password="khong-phai-mat-khau")
    unknown_phone = login(client, contest, phone="0987654321")
    not_a_phone = login(client, contest, phone="12345")

    expected = {"detail": WRONG_CREDENTIALS, "code": "wrong_credentials"}
    assert (wrong_password.status_code, wrong_password.json()) == (422, expected)
    assert (unknown_phone.status_code, unknown_phone.json()) == (422, expected)
    assert (not_a_phone.status_code, not_a_phone.json()) == (422, expected)
    assert live_sessions(database, contestant.id) == before


def test_a_registration_in_one_contest_does_not_sign_in_to_another(
        client, session, contestant):
    other = make_contest(session, title="Tìm hiểu lịch sử Đảng bộ Thành phố")

    response = login(client, other)

    assert response.status_code == 422
    assert response.json()["detail"] == WRONG_CREDENTIALS


def test_logout_ends_the_token(client, database, contest, contestant):
    before = live_sessions(database, contestant.id)  # the registration's own
    headers = bearer(login(client, contest))

    out = client.post("/api/v1/contestant/logout", headers=headers)
    me = client.get("/api/v1/contestant/me", headers=headers)

    assert out.status_code == 204
    assert me.status_code == 401
    assert me.json() == {"detail": NOT_SIGNED_IN, "code": "not_signed_in"}
    assert live_sessions(database, contestant.id) == before


def test_logout_ends_only_the_token_it_carries(client, contest, contestant):
    phone_app = bearer(login(client, contest))
    laptop = bearer(login(client, contest))

    client.post("/api/v1/contestant/logout", headers=phone_app)

    assert client.get("/api/v1/contestant/me", headers=laptop).status_code == 200


def test_a_session_works_until_its_72_hours_are_up(client, clock, contest, contestant):
    headers = bearer(login(client, contest))

    clock.now += timedelta(hours=72) - timedelta(seconds=1)
    last_second = client.get("/api/v1/contestant/me", headers=headers)
    clock.now += timedelta(seconds=1)
    expired = client.get("/api/v1/contestant/me", headers=headers)

    assert last_second.status_code == 200
    assert expired.status_code == 401
    assert expired.json() == {"detail": NOT_SIGNED_IN, "code": "not_signed_in"}


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer khong-phai-token"},
                                     {"Authorization": "Bearer " + "x" * 500},
                                     {"Authorization": "Basic abc"}])
def test_without_a_live_token_me_answers_401_in_vietnamese(client, contestant, headers):
    response = client.get("/api/v1/contestant/me", headers=headers)

    assert response.status_code == 401
    assert response.json()["detail"] == NOT_SIGNED_IN


# --- Throttling -------------------------------------------------------------------------

def test_sign_in_is_throttled_per_phone_whatever_the_ip(strict_app, contest):
    wrong = [login(from_ip(strict_app, f"10.1.0.{n}"), contest, password=f"sai-mat-khau-{n}")
             for n in range(3)]

    refused = login(from_ip(strict_app, "10.1.0.99"), contest)

    assert [r.status_code for r in wrong] == [422, 422, 422]
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "800"
    assert refused.json() == {"detail": THROTTLED, "code": "throttled", "retry_after": 800}


def test_sign_in_is_throttled_per_ip_whatever_the_phone(strict_app, contest):
    office = from_ip(strict_app, "203.113.5.9")
    guesses = [login(office, contest, phone=f"09876543{n:02d}") for n in range(3)]

    refused = login(office, contest)
    elsewhere = login(from_ip(strict_app, "203.113.5.10"), contest)

    assert [r.status_code for r in guesses] == [422, 422, 422]
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "800"
    assert refused.json()["detail"] == THROTTLED
    assert elsewhere.status_code == 200


def test_a_successful_sign_in_forgets_the_wrong_passwords_before_it(strict_app, contest):
    def attempt(n: int, password: str):
        return login(from_ip(strict_app, f"10.2.0.{n}"), contest, password=password)

    before = [attempt(1, "sai-mat-khau-1"), attempt(2, "sai-mat-khau-2"),
              attempt(3, CONTESTANT_PASSWORD)]
    after = [attempt(4, "sai-mat-khau-4"), attempt(5, "sai-mat-khau-5"),
             attempt(6, "sai-mat-khau-6"), attempt(7, CONTESTANT_PASSWORD)]

    assert [r.status_code for r in before] == [422, 422, 200]
    assert [r.status_code for r in after] == [422, 422, 422, 429]


def test_throttling_one_phone_leaves_other_phones_alone(strict_app, session, database, contest,
                                                        tree):
    register(session, database, contest, tree["Q3-VTS"], phone="0987654321",
             full_name="Trần Thị Bình")
    for n in range(4):
        login(from_ip(strict_app, f"10.3.0.{n}"), contest, password=f"sai-mat-khau-{n}")

    other = login(from_ip(strict_app, "10.3.1.1"), contest, phone="0987654321")

    assert other.status_code == 200
