"""/healthz: 200 while the database answers, 503 with a Vietnamese reason when it does not,
and no more than one question to the database a second however often it is called."""

import math
import time

import pytest
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.home.health import FRESH_SECONDS
from tests.factories import make_settings

DOWN = ("Cơ sở dữ liệu không trả lời; máy chủ tạm thời không phục vụ được. Hãy kiểm tra máy "
        "chủ cơ sở dữ liệu và địa chỉ kết nối (THIDUA_DATABASE_URL).")


def not_a_database(tmp_path) -> str:
    path = tmp_path / "hong.sqlite3"
    path.write_bytes(b"Day khong phai co so du lieu. " * 200)
    return f"sqlite:///{path}"


BROKEN = {
    "sqlite-file-that-is-not-a-database": not_a_database,
    "postgresql-port-nobody-listens-on":
        lambda _tmp: "postgresql+psycopg://postgres@127.0.0.1:1/thidua",
}


def test_healthz_is_ok_while_the_database_answers(client):
    answer = client.get("/healthz")

    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
    assert answer.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("broken", list(BROKEN))
def test_healthz_is_503_in_vietnamese_when_the_database_does_not_answer(broken, tmp_path):
    settings = make_settings(BROKEN[broken](tmp_path), tmp_path)

    with TestClient(create_app(settings)) as client:
        answer = client.get("/healthz")

    assert answer.status_code == 503
    assert answer.json() == {"status": "error", "code": "database_unavailable", "detail": DOWN}
    assert answer.headers["cache-control"] == "no-store"


def test_healthz_asks_the_database_at_most_once_a_second(client):
    began = time.monotonic()
    answers = {client.get("/healthz").status_code for _ in range(60)}
    elapsed = time.monotonic() - began

    assert answers == {200}
    assert 1 <= client.app.state.health.asked <= math.ceil(elapsed / FRESH_SECONDS)


def test_healthz_is_ok_again_within_a_second_of_the_database_coming_back(tmp_path):
    url = not_a_database(tmp_path)
    with TestClient(create_app(make_settings(url, tmp_path))) as client:
        assert client.get("/healthz").status_code == 503

        # The broken file goes; SQLite makes a new, empty database that answers.
        (tmp_path / "hong.sqlite3").unlink()
        time.sleep(FRESH_SECONDS)

        assert client.get("/healthz").status_code == 200
