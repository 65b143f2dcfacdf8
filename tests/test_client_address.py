"""Who a request comes from. Many people behind one public address (a ward office, thousands
of phones behind a mobile carrier's NAT) are not locked out at a round's opening, while the
limits per phone and per contestant stay strict; and a reverse proxy's X-Forwarded-For names
the client only when the proxy is one the settings trust."""

import subprocess
import sys
import urllib.request
from datetime import date, timedelta
from json import dumps, loads
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from backend.app import create_app
from backend.contestants.models import Contestant
from backend.ratelimit import RateLimitCounter
from tests.factories import add_questions, make_contest, make_round, make_settings, small_tree
from tests.live_server import free_port, server_environment, stop, wait_until_healthy

OFFICE = 130  # past every old per-address limit: 30 registrations, 60 sign-ins, 120 starts
PASSWORD = "mat-khau-thi-sinh"
TOO_MANY_REGISTRATIONS = "Có quá nhiều lượt đăng ký từ nơi này. Vui lòng thử lại sau khoảng"


def person(unit, n: int, **changes) -> dict:
    """Registration n of a ward: its own phone and birth date, so never the same person."""
    return {"full_name": "Nguyễn Văn An", "birth_date": str(date(1970, 1, 1) + timedelta(n)),
            "gender": "nam", "phone": f"0912{n:06d}", "unit_id": unit.id, "password": PASSWORD,
            "consent": True, **changes}


@pytest.fixture
def ward(session):
    units = small_tree(session)
    contest = make_contest(session)
    add_questions(session, contest, 10)
    round_ = make_round(session, contest, question_count=5)
    session.commit()
    return units["Q1-BN"], contest, round_


def counters(database, prefix: str) -> dict[str, int]:
    with database.scope(write=False) as fresh:
        return dict(fresh.exec(select(RateLimitCounter.key, RateLimitCounter.hits)
                               .where(RateLimitCounter.key.startswith(prefix))).all())


def registered_from(database) -> list[str]:
    with database.scope(write=False) as fresh:
        return list(fresh.exec(select(Contestant.registered_ip).order_by(Contestant.id)))


# --- One address, many people ------------------------------------------------------------

def test_a_ward_office_behind_one_address_registers_signs_in_and_starts(client, ward):
    unit, contest, round_ = ward

    registered = [client.post(f"/api/v1/contests/{contest.id}/register",
                              json=person(unit, n)).status_code for n in range(OFFICE)]
    tokens = [client.post(f"/api/v1/contests/{contest.id}/login",
                          json={"phone": f"0912{n:06d}", "password": PASSWORD})
              .json()["token"] for n in range(OFFICE)]
    started = [client.post(f"/api/v1/rounds/{round_.id}/attempts",
                           headers={"Authorization": f"Bearer {token}"}).status_code
               for token in tokens]

    assert (registered, started) == ([201] * OFFICE, [201] * OFFICE)


def test_one_phone_is_still_refused_its_sixth_registration(client, ward, database):
    unit, contest, _ = ward

    answers = [client.post(f"/api/v1/contests/{contest.id}/register",
                           json=person(unit, n, phone="0912000000")) for n in range(6)]

    assert [a.status_code for a in answers] == [201, 409, 409, 409, 409, 429]
    assert answers[-1].json()["detail"].startswith(TOO_MANY_REGISTRATIONS)
    assert len(registered_from(database)) == 1


def test_the_per_address_backstop_still_refuses_past_its_setting(database_url, tmp_path,
                                                                  ward, database):
    unit, contest, _ = ward
    app = create_app(make_settings(database_url, tmp_path, register_per_ip=OFFICE))

    with TestClient(app) as client:
        answers = [client.post(f"/api/v1/contests/{contest.id}/register",
                               json=person(unit, n)).status_code for n in range(OFFICE + 1)]

    assert answers == [201] * OFFICE + [429]
    assert counters(database, "register:ip:") == {"register:ip:testclient": OFFICE + 1}


# --- Behind a reverse proxy -------------------------------------------------------------

@pytest.fixture
def behind_proxy(app, settings):
    """The app wrapped as `thidua serve` wraps it: uvicorn's proxy-header middleware trusting
    what the settings name (only 127.0.0.1 by default). Opens a client at an address."""
    proxied = ProxyHeadersMiddleware(app, trusted_hosts=settings.forwarded_allow_ips)
    opened = []

    def client_at(address: str) -> TestClient:
        client = TestClient(proxied, base_url="http://testserver", client=(address, 40000))
        opened.append(client.__enter__())
        return client

    yield client_at
    for client in opened:
        client.__exit__(None, None, None)


def register_through(client, unit, contest, n: int, forwarded_for: str):
    return client.post(f"/api/v1/contests/{contest.id}/register", json=person(unit, n),
                       headers={"X-Forwarded-For": forwarded_for})


def test_through_a_trusted_proxy_the_forwarded_client_is_counted(behind_proxy, ward,
                                                                 database):
    unit, contest, _ = ward
    proxy = behind_proxy("127.0.0.1")

    first = register_through(proxy, unit, contest, 1, "203.0.113.7")
    second = register_through(proxy, unit, contest, 2, "198.51.100.20")

    assert (first.status_code, second.status_code) == (201, 201)
    assert counters(database, "register:ip:") == {"register:ip:203.0.113.7": 1,
                                                  "register:ip:198.51.100.20": 1}
    assert registered_from(database) == ["203.0.113.7", "198.51.100.20"]


def test_a_client_cannot_choose_its_address_by_sending_the_header_through_the_proxy(
        behind_proxy, ward, database):
    unit, contest, _ = ward

    # The proxy appends the address it saw to whatever the client sent.
    answer = register_through(behind_proxy("127.0.0.1"), unit, contest, 1,
                              "10.0.0.1, 203.0.113.7")

    assert answer.status_code == 201
    assert counters(database, "register:ip:") == {"register:ip:203.0.113.7": 1}


def test_from_an_untrusted_address_the_header_is_ignored(behind_proxy, ward, database):
    unit, contest, _ = ward

    answer = register_through(behind_proxy("192.0.2.50"), unit, contest, 1, "203.0.113.7")

    assert answer.status_code == 201
    assert counters(database, "register:ip:") == {"register:ip:192.0.2.50": 1}
    assert registered_from(database) == ["192.0.2.50"]


@pytest.mark.slow
def test_thidua_serve_counts_the_client_its_trusted_proxy_names(database_url, tmp_path, ward,
                                                                 database):
    unit, contest, _ = ward
    port = free_port()
    log = tmp_path / "server.log"
    environment = {**server_environment(database_url, tmp_path),
                   "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
                   "THIDUA_FORWARDED_ALLOW_IPS": "127.0.0.1",
                   # uvicorn's own default, which the setting must override.
                   "FORWARDED_ALLOW_IPS": "192.0.2.1"}
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", "from backend.cli import app; app()", "serve",
             "--port", str(port)],
            cwd=tmp_path, env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(process, f"http://127.0.0.1:{port}", log)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/contests/{contest.id}/register",
            data=dumps(person(unit, 1)).encode(), method="POST",
            headers={"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.7"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = loads(answer.read())
    finally:
        stop(process)

    assert body["contestant"]["full_name"] == "Nguyễn Văn An"
    assert registered_from(database) == ["203.0.113.7"]
    assert "Tài khoản mẫu" not in log.read_text()
