"""kill -9 of the server in the middle of a replay: every acknowledged submit survives, once."""

import os
import signal
import threading
import time

import httpx2 as httpx
import pytest
from sqlmodel import func, select

from backend.accounts import service as accounts
from backend.accounts.models import SessionKind
from backend.attempts.models import Attempt, AttemptEvent, AttemptState
from backend.clock import utcnow
from tests.factories import register_contestant, vietnamese_name
from tests.live_server import free_port, start_server, stop

pytestmark = pytest.mark.slow
CONTESTANTS = 90
CLIENTS = 6
KILL_AFTER = 25


def take_attempt(client: httpx.Client, token: str, round_id: int) -> dict:
    """Start (or resume), answer, submit with one key; each step retried until it is answered,
    as a phone would, and a started attempt is always carried on rather than begun again."""
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"nop-{token[:12]}"}
    paper = None
    while True:
        try:
            if paper is None:
                started = client.post(f"/api/v1/rounds/{round_id}/attempts", headers=headers)
                started.raise_for_status()
                paper = started.json()
                question = paper["questions"][0]
                client.put(f"/api/v1/attempts/{paper['id']}/answers", headers=headers,
                           json={"answers": {str(question["id"]):
                                             [question["options"][1]["id"]]}}
                           ).raise_for_status()
            done = client.post(f"/api/v1/attempts/{paper['id']}/submit", headers=headers)
            done.raise_for_status()
            return done.json()
        except (httpx.HTTPError, ValueError):
            time.sleep(0.2)  # the server is down or restarting: try again


def test_acknowledged_submits_survive_a_kill_9_exactly_once(session, database, database_url,
                                                           contest, tree, round_, tmp_path):
    tokens = []
    for n in range(CONTESTANTS):
        person = register_contestant(session, database, contest, tree["Q3-VTS"],
                                     phone=f"0914{n:06d}", name=vietnamese_name(n))
        tokens.append(accounts.open_session(session=session, kind=SessionKind.API, hours=2,
                                            now=utcnow(), contestant_id=person.id))
    port = free_port()
    server = start_server(database_url, tmp_path, port, "first")
    acknowledged: dict[int, int] = {}
    lock = threading.Lock()
    queue = list(tokens)

    def client_loop():
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            while True:
                with lock:
                    if not queue:
                        return
                    token = queue.pop()
                result = take_attempt(client, token, round_.id)
                with lock:
                    acknowledged[result["id"]] = result["score"]

    workers = [threading.Thread(target=client_loop) for _ in range(CLIENTS)]
    for worker in workers:
        worker.start()
    while len(acknowledged) < KILL_AFTER:
        time.sleep(0.01)
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    server = start_server(database_url, tmp_path, port, "second")
    try:
        for worker in workers:
            worker.join(timeout=120)
    finally:
        stop(server)

    session.commit()
    stored = {a.id: a for a in session.exec(select(Attempt))}
    submits = dict(session.exec(select(AttemptEvent.attempt_id, func.count())
                                .where(AttemptEvent.kind == "submitted")
                                .group_by(AttemptEvent.attempt_id)).all())
    per_contestant = session.exec(select(Attempt.contestant_id, func.count())
                                  .group_by(Attempt.contestant_id)).all()
    assert len(acknowledged) == CONTESTANTS
    assert all(stored[i].state == AttemptState.SUBMITTED for i in acknowledged)
    assert {i: stored[i].score for i in acknowledged} == acknowledged
    assert {i: submits.get(i) for i in acknowledged} == dict.fromkeys(acknowledged, 1)
    assert {n for _, n in per_contestant} == {1}
