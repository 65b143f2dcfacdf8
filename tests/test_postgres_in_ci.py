"""A green build has run on PostgreSQL: under CI, a PostgreSQL server that does not answer
fails the run with the reason; elsewhere the PostgreSQL run is skipped, saying why."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Nothing listens on port 1: the connection is refused at once.
DEAD_SERVER = "postgresql+psycopg://postgres@127.0.0.1:1/thidua"
NO_ANSWER = f"PostgreSQL at {DEAD_SERVER} does not answer (OperationalError)"


def pytest_run(*, ci: bool) -> subprocess.CompletedProcess:
    """This suite's settings tests, run in a process of their own against the dead server."""
    environment = {k: v for k, v in os.environ.items() if k != "CI"}
    environment.update({"THIDUA_TEST_DATABASE_URL": DEAD_SERVER, "PYTHONPATH": str(ROOT)})
    if ci:
        environment["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs",
         "tests/test_settings.py"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
def test_under_ci_a_silent_postgresql_fails_the_run_with_the_reason():
    run = pytest_run(ci=True)

    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout + run.stderr
    assert f"{NO_ANSWER}: CI is set, so the PostgreSQL suite must run." in run.stdout
    assert " passed" not in run.stdout


@pytest.mark.slow
def test_elsewhere_a_silent_postgresql_is_skipped_with_the_reason():
    run = pytest_run(ci=False)

    assert run.returncode == pytest.ExitCode.OK, run.stdout + run.stderr
    assert f"{NO_ANSWER}; skipped." in run.stdout
    assert " skipped" in run.stdout
    assert " passed" not in run.stdout
