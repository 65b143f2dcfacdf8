"""Running the real server as a process of its own, for browser, crash and load tests."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.factories import settings_environment

# Importing the app takes about 5 s of CPU; with a pytest worker on every core and the database
# beside them a server may get a third of a core, so the wait is generous. A server that
# cannot start still fails, with its log.
STARTUP_SECONDS = 60
STOP_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_url: str, tmp_path: Path) -> dict[str, str]:
    """The settings go in as THIDUA_* variables; any from the developer's shell stay out."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    env.update(settings_environment(database_url))
    env["TMPDIR"] = str(tmp_path)  # spooled uploads and other temporary files stay there
    return env


def wait_until_healthy(process: subprocess.Popen, base_url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"The server did not answer /healthz within {STARTUP_SECONDS} s:\n"
                f"{log.read_text()}")


def start_server(database_url: str, tmp_path: Path, port: int,
                 name: str = "server") -> subprocess.Popen:
    """`uvicorn backend.asgi:app` on `port` serving `database_url`, once it answers /healthz;
    its output goes to tmp_path/<name>.log."""
    log = tmp_path / f"{name}.log"
    # cwd is tmp_path so that no .env or var/ of the working copy is picked up.
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "backend.asgi:app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            cwd=tmp_path, env=server_environment(database_url, tmp_path),
            stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(process, f"http://127.0.0.1:{port}", log)
    except BaseException:
        stop(process)
        raise
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
