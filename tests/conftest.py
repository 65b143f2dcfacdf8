"""Fixtures: every test gets a database of its own, migrated exactly as production is.

SQLite by default. Set THIDUA_TEST_DATABASE_URL to a PostgreSQL URL to run the same suite
there: it is migrated once, and every table is emptied after each test (threads and server
processes in the concurrency tests need committed data, which a per-test rollback hides).

Under pytest-xdist (`-n 2`) each worker has its own: SQLite files under its own temporary
folder, and on PostgreSQL a database of its own on the same server, the configured one's
name with the worker's appended (`test_gw0`), created when missing.
"""

import os
import shutil

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from backend import cli, migrate
from backend.accounts.models import Role
from backend.app import create_app
from backend.config import Settings, get_settings
from backend.db import Database
from backend.deps import get_now
from tests.factories import (
    Clock,
    add_questions,
    api_token,
    csrf_of,
    make_contest,
    make_round,
    make_settings,
    make_user,
    register_contestant,
    settings_environment,
    sign_in,
    small_tree,
)
from tests.pg_state import Tables, worker_database

PG_ENV = "THIDUA_TEST_DATABASE_URL"


def _postgres_url() -> str | None:
    url = os.environ.get(PG_ENV, "").strip()
    return url if url.startswith("postgresql") else None


def _postgres_problem(url: str) -> str | None:
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 5})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as error:
        return f"PostgreSQL at {url} does not answer ({error.__class__.__name__})"
    return None


def pytest_report_header(config):
    url = _postgres_url()
    return f"database: {'PostgreSQL ' + url if url else 'SQLite (a fresh file per test)'}"


def _stop_if_ci_lacks_postgres(problem: str | None) -> None:
    if problem and os.environ.get("CI"):
        pytest.exit(f"{problem}: CI is set, so the PostgreSQL suite must run.",
                    returncode=pytest.ExitCode.USAGE_ERROR)


def pytest_configure(config):
    """Under pytest-xdist the controlling process collects nothing: it asks the server
    itself, so that a CI run without PostgreSQL stops with the reason before workers start."""
    url = _postgres_url()
    if url and getattr(config.option, "numprocesses", None) and not hasattr(
            config, "workerinput"):
        _stop_if_ci_lacks_postgres(_postgres_problem(url))


def pytest_collection_modifyitems(config, items):
    """A PostgreSQL run whose server does not answer is skipped with the reason; under CI
    (the CI variable set) it fails instead, so that a green build always ran on PostgreSQL."""
    url = _postgres_url()
    problem = _postgres_problem(url) if url else None
    _stop_if_ci_lacks_postgres(problem)
    if problem:
        for item in items:
            item.add_marker(pytest.mark.skip(reason=f"{problem}; skipped."))


@pytest.fixture(scope="session")
def migrated_url(request, tmp_path_factory) -> str:
    """A database migrated to head: a template file for SQLite, this worker's database on
    the server for PostgreSQL."""
    url = _postgres_url()
    if url:
        worker = getattr(request.config, "workerinput", {}).get("workerid")
        if worker:
            url = worker_database(url, worker)
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        migrate.upgrade(url)
        return url
    template = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate.upgrade(f"sqlite:///{template}")
    return f"sqlite:///{template}"


@pytest.fixture
def is_postgres() -> bool:
    return _postgres_url() is not None


@pytest.fixture(scope="session")
def postgres_tables(migrated_url) -> Tables | None:
    """On PostgreSQL, the migrated tables that each test's end empties (see tests/pg_state)."""
    if migrated_url.startswith("sqlite"):
        yield None
        return
    tables = Tables(migrated_url)
    yield tables
    tables.dispose()


@pytest.fixture
def database_url(migrated_url, postgres_tables, tmp_path) -> str:
    if postgres_tables is None:
        copy = tmp_path / "thidua.sqlite3"
        shutil.copy(migrated_url.removeprefix("sqlite:///"), copy)
        yield f"sqlite:///{copy}"
        return
    yield migrated_url
    postgres_tables.empty()


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    return make_settings(database_url, tmp_path)


@pytest.fixture
def thidua(monkeypatch, database_url):
    """Run `thidua ...` as typed in a shell whose THIDUA_* variables point at this test's
    database; `input` is what is typed at its prompts."""
    for name, value in settings_environment(database_url).items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args, input=None: runner.invoke(cli.app, [str(a) for a in args], input=input)
    get_settings.cache_clear()


@pytest.fixture
def database(settings):
    db = Database(settings)
    yield db
    db.dispose()


@pytest.fixture
def session(database):
    with database.scope() as s:
        yield s


@pytest.fixture
def app(settings):
    return create_app(settings)


@pytest.fixture
def client(app):
    with TestClient(app, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def clock(app) -> Clock:
    """The time `app`'s requests read: `clock.now`, moved by the test past expiries and
    windows."""
    moment = Clock().install(app)
    yield moment
    app.dependency_overrides.pop(get_now, None)


@pytest.fixture(autouse=True)
def _fresh_bank_cache():
    """Each test's database numbers contests from 1 again; cached banks must not leak across."""
    from backend.versioned import forget_all

    forget_all()
    yield
    forget_all()


# Staff and the small unit tree most feature tests stand on; a folder may override any of them.
@pytest.fixture
def tree(session):
    """HCM > Q1 > (Bến Nghé, Bến Thành); Q3 > Võ Thị Sáu; Thủ Đức; Thành Đoàn."""
    return small_tree(session)


@pytest.fixture
def organiser(session, settings, tree):
    return make_user(session, settings, role=Role.ORGANISER, username="bantochuc")


@pytest.fixture
def officer(session, settings, tree):
    return make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q1",
                     unit=tree["Q1"])


@pytest.fixture
def judge(session, settings, tree):
    return make_user(session, settings, role=Role.JUDGE, username="giamkhao")


@pytest.fixture
def organiser_client(client, organiser):
    """A browser signed in as an organiser; `client.csrf` is the token its forms carry."""
    sign_in(client, organiser.username)
    client.csrf = csrf_of(client, "/don-vi")
    return client


@pytest.fixture
def officer_client(client, officer):
    """A browser signed in as Quận 1's unit officer."""
    sign_in(client, officer.username)
    client.csrf = csrf_of(client, "/don-vi")
    return client


@pytest.fixture
def organiser_api(client, organiser) -> dict:
    return api_token(client, organiser.username)


@pytest.fixture
def officer_api(client, officer) -> dict:
    return api_token(client, officer.username)


# A published contest, its round open now and a contestant of Phường Bến Nghé. A folder sets
# `bank_size` to the questions its tests need, or overrides any of them.
@pytest.fixture
def bank_size() -> int:
    """Questions in `contest`'s bank: enough for many different five-question papers."""
    return 30


@pytest.fixture
def contest(session, tree, bank_size):
    made = make_contest(session)
    if bank_size:
        add_questions(session, made, bank_size)
    return made


@pytest.fixture
def round_(session, contest):
    """Tuần 1, open from an hour ago for a week: five questions, ten minutes an attempt."""
    return make_round(session, contest, question_count=5, time_limit_seconds=600)


@pytest.fixture
def contestant(session, database, contest, tree):
    """Nguyễn Văn An of Phường Bến Nghé, registered through the service (phone PHONE)."""
    return register_contestant(session, database, contest, tree["Q1-BN"])
