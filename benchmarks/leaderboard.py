"""Leaderboard pages on a board of 300,000 entries: how long a page takes through HTTP.

Builds a fresh, migrated database (a SQLite file, or the PostgreSQL database named, dropped
and created again), seeds the replay's contest (contest_replay.seed), N contestants written
straight to the table and one published round board of N ranked entries (ranked by
backend.results.ranking, as finalise does), with a rare name among them. Starts the server
(uvicorn, 1 worker) and times, over one keep-alive connection, each request R times after
two warm-ups: the public page and API, the staff page and API as an organiser and as a
district's unit officer (an eighth of the entries); for each, the first, middle and last
page, a common name (page 1 and 20), a rare name and a name nobody has. Prints the median
and 95th percentile in ms per request and the server's CPU time per request (which a busy
machine inflates less). PostgreSQL's statistics are gathered first, as autovacuum does
within a minute of a finalise.

    .venv/bin/python benchmarks/leaderboard.py                               # SQLite
    .venv/bin/python benchmarks/leaderboard.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/lb_bench

Progress goes to stderr; the last line on stdout is one JSON object with the figures.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

from contest_replay import (
    FAMILY,
    GIVEN,
    MIDDLE,
    free_port,
    log,
    processes,
    recreate_postgres_database,
    seed,
    start_server,
    stop_server,
    wait_ready,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RARE = "Ông Ích Khiêm"
BATCH = 10_000
OFFICER, ORGANISER, PASSWORD = "canbo.quan1", "bantochuc", "mat-khau-do-tai-2026"


def fill(settings, seeded, count: int) -> dict:
    """N contestants and a published board ranking them all; returns the ids the URLs need."""
    from sqlalchemy import insert, select

    from backend.accounts import service as accounts
    from backend.accounts.models import Role
    from backend.accounts.passwords import staff_passwords
    from backend.clock import utcnow
    from backend.contestants.models import Contestant
    from backend.contests.models import ContestUnit, Round
    from backend.db import Database
    from backend.results.candidates import Person
    from backend.results.finalise import _entry
    from backend.results.models import DEFAULT_PRIZES, ResultBoard, ResultEntry, ResultState
    from backend.results.ranking import Candidate, Tier, award, place
    from backend.units.models import Unit
    from backend.vntext import same_text_key

    database, now, rng = Database(settings), utcnow(), random.Random(7)
    with database.scope() as session:
        units = list(session.execute(select(ContestUnit).where(
            ContestUnit.contest_id == seeded.contest_id, ContestUnit.depth == 2)).scalars())
        opens = session.get(Round, seeded.round_id).opens_at
        rows = []
        for n in range(count):
            name = RARE if n == count // 3 else (
                f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}")
            rows.append({"contest_id": seeded.contest_id, "full_name": name,
                         "name_key": same_text_key(f"{name} {n}"),
                         "birth_date": date(1970, 1, 1) + timedelta(days=n % 12_000),
                         "gender": "nu", "phone": f"+8491{n:07d}", "unit_id": units[n % len(
                             units)].unit_id, "password_hash": "-", "consent_at": now,
                         "consent_version": "1", "group_name": "", "registered_at": now})
        for start in range(0, count, BATCH):
            session.execute(insert(Contestant), rows[start:start + BATCH])
        session.commit()
        people = {}
        unit_of = {u.unit_id: u for u in units}
        for cid, name, unit_id in session.execute(select(
                Contestant.id, Contestant.full_name, Contestant.unit_id)
                .where(Contestant.contest_id == seeded.contest_id)):
            u = unit_of[unit_id]
            people[cid] = Person(name, "", unit_id, u.name, u.block_name)
        candidates = []
        for cid in people:
            started = opens + timedelta(seconds=rng.randrange(3000))
            duration = rng.randrange(40_000, 600_000)
            prediction = rng.randrange(0, 5000)
            candidates.append(Candidate(cid, "", rng.choice(range(10, 21)), 20, prediction,
                                        abs(prediction - 1234), duration, started,
                                        started + timedelta(milliseconds=duration)))
        placed = award(place(candidates, ["score", "prediction", "duration", "submitted"]),
                       [Tier(p["tier"], p["count"]) for p in DEFAULT_PRIZES], max_share=None)
        board = ResultBoard(contest_id=seeded.contest_id, round_id=seeded.round_id, version=1,
                            last_version=1, state=ResultState.PROVISIONAL, actual_value=1234,
                            ranked=count, key_question_ids=list(range(1, 501)),
                            finalised_at=now, published_at=now,
                            complaints_until=now + timedelta(days=3))
        session.add(board)
        session.flush()
        entries = [dict(_entry(p, people[p.candidate.contestant_id]), board_id=board.id,
                        version=1) for p in placed]
        for start in range(0, count, BATCH):
            session.execute(insert(ResultEntry), entries[start:start + BATCH])
        district = session.execute(select(Unit).where(Unit.depth == 1)).scalars().first()
        session.commit()
        ids = {"contest": seeded.contest_id, "board": board.id}
    with database.scope() as session:
        for username, role, unit in ((ORGANISER, Role.ORGANISER, None),
                                     (OFFICER, Role.UNIT_OFFICER, district)):
            accounts.create_user(session=session, username=username, full_name=username,
                                 password=PASSWORD, role=role,
                                 unit_id=unit.id if unit else None,
                                 can_view_personal_data=False,
                                 passwords=staff_passwords(settings), actor_id=None, now=now)
    database.dispose()
    return ids


def analyse(url: str) -> None:
    """What autovacuum does within a minute of a finalise: statistics for the planner."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE result_entry"))
    engine.dispose()


def server_cpu(group: int) -> float:
    """CPU seconds the server's processes have used: a figure the machine's load does not
    inflate as it does the wall-clock time."""
    return sum(cpu for _name, pgrp, cpu in processes().values() if pgrp == group)


def timed(connection, path: str, headers: dict, repeat: int, group: int) -> dict:
    took = []
    for n in range(repeat + 2):
        if n == 2:
            cpu = server_cpu(group)
        begin = time.perf_counter()
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        body = answer.read()
        if answer.status != 200:
            raise SystemExit(f"{path}: {answer.status} {body[:300]!r}")
        if n >= 2:
            took.append((time.perf_counter() - begin) * 1000)
    took.sort()
    return {"median_ms": round(statistics.median(took), 1),
            "p95_ms": round(took[int(len(took) * 0.95) - 1], 1),
            "server_cpu_ms": round((server_cpu(group) - cpu) * 1000 / repeat, 1),
            "bytes": len(body)}


def token(connection, username: str) -> dict:
    connection.request("POST", "/api/v1/auth/login", headers={
        "content-type": "application/json"}, body=json.dumps({
            "username": username, "password": PASSWORD}))
    answer = connection.getresponse()
    return {"Authorization": f"Bearer {json.loads(answer.read())['token']}"}


def measure(port: int, group: int, ids: dict, count: int, repeat: int) -> dict:
    public = f"/thi/{ids['contest']}/ket-qua/{ids['board']}"
    api = f"/api/v1/contests/{ids['contest']}/results/{ids['board']}"
    page = f"/quan-ly/cuoc-thi/{ids['contest']}/ket-qua/{ids['board']}/bang-xep-hang"
    staff = f"/api/v1/manage/contests/{ids['contest']}/results/{ids['board']}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    organiser, officer = token(connection, ORGANISER), token(connection, OFFICER)
    figures = {}
    for who, base, headers, entries in (
            ("public page", public, {}, count), ("public API", api, {}, count),
            ("staff page, organiser", page, organiser, count),
            ("staff API, organiser", staff, organiser, count),
            ("staff page, unit officer", page, officer, count // 8),
            ("staff API, unit officer", staff, officer, count // 8)):
        last = -(-entries // 50)
        cases = {"first page": "", "middle page": f"?page={last // 2}",
                 "last page": f"?page={last}", "common name": f"?q={quote('nguyễn văn')}",
                 "common name, page 20": f"?q={quote('nguyen van')}&page=20",
                 "rare name": f"?q={quote('ich khiem')}", "no one": "?q=zzz"}
        for case, query in cases.items():
            figures[f"{who}: {case}"] = timed(connection, base + query, headers, repeat,
                                            group)
            log(f"{who}: {case}: {figures[f'{who}: {case}']}")
    return figures


def main() -> None:
    from backend.config import Settings
    from backend.migrate import upgrade

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file and log")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="thidua-leaderboard-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    if url.startswith("postgresql"):
        recreate_postgres_database(url)
    upgrade(url)
    secret = secrets.token_hex(32)
    env = {"THIDUA_DATABASE_URL": url, "THIDUA_ENVIRONMENT": "production",
           "THIDUA_SECRET_KEY": secret}
    settings = Settings(**{k.removeprefix("THIDUA_").lower(): v for k, v in env.items()})
    log(f"seeding {args.entries:,} entries")
    began = time.perf_counter()
    ids = fill(settings, seed(settings, round_closes_in=timedelta(minutes=-30)), args.entries)
    log(f"seeded in {time.perf_counter() - began:.0f} s")
    if url.startswith("postgresql"):
        analyse(url)
    port = free_port()
    server = start_server(argparse.Namespace(workers=1), {**os.environ, **env}, port,
                          workdir / "server.log")
    try:
        wait_ready(server, port, workdir / "server.log")
        figures = measure(port, server.pid, ids, args.entries, args.repeat)
    finally:
        stop_server(server)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"database": url.split(":")[0], "entries": args.entries,
                      "repeat": args.repeat, "figures": figures}, ensure_ascii=False))


if __name__ == "__main__":
    main()
