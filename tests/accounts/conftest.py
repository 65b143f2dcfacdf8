"""Helpers for the accounts tests: browsers signed in through the form, accounts and sessions
as stored, the messages a person is shown."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from backend.accounts.models import AuthSession, UserAccount
from tests.factories import CSRF, PASSWORD, csrf_of, sign_in

LOGIN_CSRF_REFUSED = ("Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ (CSRF). "
                      "Hãy tải lại trang rồi gửi lại.")
WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = "Tài khoản này đã bị khóa. Hãy liên hệ ban tổ chức."
NOT_SIGNED_IN = "Bạn cần đăng nhập để tiếp tục."


def csrf_in(html: str) -> str:
    return CSRF.search(html).group(1)


def browser_as(client: TestClient, username: str, password: str | None = None) -> TestClient:
    """`client` signed in through the sign-in form; `client.csrf` is what its forms carry."""
    response = sign_in(client, username, password or PASSWORD)
    assert response.status_code == 303, response.text
    client.csrf = csrf_of(client, "/doi-mat-khau")
    return client


def stored_user(database, username: str) -> UserAccount | None:
    """The account as committed, read in a session of its own."""
    with database.scope(write=False) as fresh:
        user = fresh.exec(select(UserAccount).where(UserAccount.username == username)).first()
        fresh.expunge_all()
    return user


def stored_sessions(database, user_id: int) -> list[AuthSession]:
    with database.scope(write=False) as fresh:
        found = list(fresh.exec(select(AuthSession).where(AuthSession.user_id == user_id)))
        fresh.expunge_all()
    return found


@pytest.fixture
def https_client(app):
    with TestClient(app, base_url="https://testserver") as c:
        yield c
