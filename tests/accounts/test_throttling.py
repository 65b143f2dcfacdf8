"""Sign-in throttling per account and per IP, under bursts of truly parallel requests."""

import shutil
import socket
import subprocess
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import redis
from fastapi.testclient import TestClient

from backend.accounts.models import Role
from backend.app import create_app
from backend.ratelimit import DatabaseRateLimiter
from tests.accounts.conftest import WRONG_CREDENTIALS, csrf_in, stored_user
from tests.factories import PASSWORD, from_ip, make_settings, make_user, visible_text

PER_ACCOUNT = 5
PER_IP = 12
THREADS = 40
WINDOW = 900
THROTTLED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau khoảng"
# A window boundary (epoch seconds divisible by 900) plus 100 s: 800 s remain, "14 phút".
WINDOW_START = datetime(2026, 3, 2, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def settings(database_url, tmp_path):
    return make_settings(database_url, tmp_path, login_attempts_per_account=PER_ACCOUNT,
                         login_attempts_per_ip=PER_IP, login_window_seconds=WINDOW)


@pytest.fixture
def on_window(clock):
    """Requests stand 100 s into a throttling window."""
    clock.now = WINDOW_START + timedelta(seconds=100)
    return clock


def burst(fire, payloads: list) -> list:
    """Run `fire(payload)` on one thread per payload, all released at the same instant."""
    barrier = threading.Barrier(len(payloads))
    results: list = [None] * len(payloads)

    def run(index: int, payload) -> None:
        barrier.wait()
        try:
            results[index] = fire(payload)
        except Exception as error:  # reported by the assertions below, not lost in a thread
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(payloads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def api_login(client: TestClient):
    def fire(credentials: tuple[str, str]):
        username, password = credentials
        return client.post("/api/v1/auth/login", json={"username": username,
                                                        "password": password})
    return fire


def outcomes(responses) -> dict[int, int]:
    counts: dict[int, int] = {}
    for response in responses:
        counts[response.status_code] = counts.get(response.status_code, 0) + 1
    return counts


def test_parallel_wrong_passwords_for_one_account_are_checked_at_most_the_limit(
        client, organiser):
    responses = burst(api_login(client), [("bantochuc", f"sai-{i}-mat-khau")
                                          for i in range(THREADS)])

    checked = [r for r in responses if r.status_code == 422]
    assert outcomes(responses) == {422: PER_ACCOUNT, 429: THREADS - PER_ACCOUNT}
    assert {r.json()["detail"] for r in checked} == {WRONG_CREDENTIALS}
    refusal = next(r for r in responses if r.status_code == 429)
    assert refusal.json()["detail"].startswith(THROTTLED)
    assert refusal.json()["code"] == "throttled"


def test_right_password_is_refused_while_the_account_is_throttled(client, on_window, database,
                                                                  organiser):
    burst(api_login(client), [("bantochuc", f"sai-{i}-mat-khau") for i in range(THREADS)])

    responses = burst(api_login(client), [("bantochuc", PASSWORD)] * 10)

    assert outcomes(responses) == {429: 10}
    assert {r.headers["Retry-After"] for r in responses} == {"800"}
    assert {r.json()["detail"] for r in responses} == {
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau khoảng 14 phút."}
    assert {r.json()["retry_after"] for r in responses} == {800}
    assert stored_user(database, "bantochuc").last_login_at is None


def test_account_signs_in_again_once_its_window_has_passed(client, on_window, organiser):
    burst(api_login(client), [("bantochuc", f"sai-{i}-mat-khau") for i in range(THREADS)])

    on_window.advance(seconds=800)
    response = client.post("/api/v1/auth/login", json={"username": "bantochuc",
                                                        "password": PASSWORD})

    assert response.status_code == 200
    assert response.json()["user"]["username"] == "bantochuc"


def test_spellings_of_one_username_share_one_counter(client, organiser):
    spellings = ["bantochuc", "BanToChuc", " bantochuc ", "BANTOCHUC", "bantochuc\u200b"]

    responses = burst(api_login(client), [(spellings[i % len(spellings)], f"sai-{i}")
                                          for i in range(THREADS)])

    assert outcomes(responses) == {422: PER_ACCOUNT, 429: THREADS - PER_ACCOUNT}


def test_parallel_guesses_across_many_accounts_from_one_ip_are_checked_at_most_the_ip_limit(
        client, organiser):
    responses = burst(api_login(client), [(f"nguoi-{i}", PASSWORD) for i in range(THREADS)])

    assert outcomes(responses) == {422: PER_IP, 429: THREADS - PER_IP}


def test_a_throttled_account_stays_throttled_from_another_ip(app, client, organiser):
    burst(api_login(client), [("bantochuc", f"sai-{i}-mat-khau") for i in range(THREADS)])
    elsewhere = from_ip(app, "198.51.100.7")

    response = elsewhere.post("/api/v1/auth/login", json={"username": "bantochuc",
                                                           "password": PASSWORD})

    assert response.status_code == 429
    assert response.json()["detail"].startswith(THROTTLED)


def test_throttling_one_account_leaves_other_accounts_alone(app, client, session, settings,
                                                            organiser):
    make_user(session, settings, role=Role.JUDGE, username="giamkhao")
    burst(api_login(client), [("bantochuc", f"sai-{i}-mat-khau") for i in range(THREADS)])
    elsewhere = from_ip(app, "198.51.100.7")

    response = elsewhere.post("/api/v1/auth/login", json={"username": "giamkhao",
                                                           "password": PASSWORD})

    assert response.status_code == 200


def test_successful_sign_in_clears_the_accounts_failures(client, organiser):
    fire = api_login(client)
    for i in range(PER_ACCOUNT - 1):
        fire(("bantochuc", f"sai-{i}"))
    assert fire(("bantochuc", PASSWORD)).status_code == 200

    responses = [fire(("bantochuc", f"lai-sai-{i}")) for i in range(PER_ACCOUNT)]

    assert outcomes(responses) == {422: PER_ACCOUNT}


def test_parallel_sign_in_form_posts_are_checked_at_most_the_limit(client, on_window,
                                                                   organiser):
    token = csrf_in(client.get("/dang-nhap").text)

    def fire(password: str):
        return client.post("/dang-nhap", data={"username": "bantochuc", "password": password,
                                               "csrf_token": token, "next": "/"},
                           follow_redirects=False)

    responses = burst(fire, [f"sai-{i}-mat-khau" for i in range(THREADS)])
    right = fire(PASSWORD)

    assert outcomes(responses) == {422: PER_ACCOUNT, 429: THREADS - PER_ACCOUNT}
    assert right.status_code == 429
    assert right.headers["Retry-After"] == "800"
    assert ("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau khoảng 14 phút."
            in visible_text(right.text))
    assert 'value="bantochuc"' in right.text
    assert "thidua_session" not in right.headers.get("set-cookie", "")


def test_parallel_hits_on_one_key_each_get_their_own_count(database):
    limiter = DatabaseRateLimiter(database)

    counts = burst(lambda _: limiter.hit("login:user:bantochuc", window_seconds=WINDOW,
                                         now=WINDOW_START), list(range(THREADS)))

    assert sorted(counts) == list(range(1, THREADS + 1))


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    """A private Redis on a free port, for the limiter that several workers share."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed; the Redis limiter is not exercised")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path_factory.mktemp("redis"))],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(400):  # waiting for it to accept connections, not measuring anything
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.025)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def redis_client(redis_server, database_url, tmp_path):
    """The app as it runs with several workers: its counters live in Redis."""
    redis.Redis.from_url(redis_server).flushdb()
    app = create_app(make_settings(database_url, tmp_path, login_attempts_per_account=PER_ACCOUNT,
                                   login_attempts_per_ip=PER_IP, redis_url=redis_server))
    with TestClient(app) as c:
        yield c


def test_parallel_wrong_passwords_counted_in_redis_are_checked_at_most_the_limit(
        redis_client, organiser):
    responses = burst(api_login(redis_client), [("bantochuc", f"sai-{i}-mat-khau")
                                                for i in range(THREADS)])

    assert outcomes(responses) == {422: PER_ACCOUNT, 429: THREADS - PER_ACCOUNT}
    assert all(r.headers["Retry-After"].isdigit() for r in responses if r.status_code == 429)


def test_forgetting_a_key_with_wildcards_forgets_no_other_key(redis_server):
    from backend.ratelimit import RedisRateLimiter

    limiter = RedisRateLimiter(redis_server)
    now = datetime.now(UTC)
    for _ in range(3):
        limiter.hit("login:user:nva", window_seconds=900, now=now)

    limiter.reset("login:user:nv*")

    assert limiter.hit("login:user:nva", window_seconds=900, now=now) == 4

