"""Tallies at scale: a contest of 300,000 attempts across 800 units in 6 blocks; the full
tally at every level and the item analysis of its 20-question round (before the round is
finalised: every finished attempt; after: the counted ones), the tally spreadsheet, and the
dashboard page through HTTP.

    .venv/bin/python benchmarks/tallies.py
    .venv/bin/python benchmarks/tallies.py --database-url \\
        postgresql+psycopg://postgres@127.0.0.1:5432/thidua_bench

Builds a fresh database (a PostgreSQL database named here is dropped and created again) and
fills the round as benchmarks/results.py does. Progress goes to stderr; the last line on
stdout is one JSON object with the figures.
"""

import http.client
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from contest_replay import (
    free_port,
    log,
    start_server,
    stop_server,
    wait_ready,
)
from results import build, finalise, fresh_database, scale_arguments

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BLOCKS = ["Khối Quận", "Khối Huyện", "Khối Đảng ủy cấp trên cơ sở", "Khối Mặt trận, đoàn thể",
          "Khối Doanh nghiệp", "Khối Sự nghiệp"]


def unit_rows(units: int) -> list[tuple]:
    """A city; 17 urban and 5 rural districts of 35 wards each; then party committees,
    organisations, enterprises and public service units, in four more blocks, `units` in
    all."""
    rows = [("HCM", "Thành phố Hồ Chí Minh", "", "", "Tỉnh, thành phố", 0, "")]
    for d in range(1, 23):
        block = BLOCKS[0] if d <= 17 else BLOCKS[1]
        rows.append((f"D{d}", f"Quận {d}" if d <= 17 else f"Huyện {d}", "HCM", block,
                     "Quận" if d <= 17 else "Huyện", 3000, f"Cụm {1 + d % 5}"))
        rows.extend((f"D{d}-W{w}", f"Phường {w} Quận {d}", f"D{d}", "", "Phường", 150 + w, "")
                    for w in range(1, 36))
    n = 0
    while len(rows) < units:
        n += 1
        block = BLOCKS[2 + n % 4]
        rows.append((f"O{n}", f"Đơn vị số {n}", "HCM", block, "Khác", 400 + n, ""))
    return rows[:units]


def timed(action, repeat: int) -> tuple[float, object]:
    """Median seconds of `repeat` runs after one warm-up, and the last result."""
    result, took = action(), []
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        took.append(time.perf_counter() - started)
    return statistics.median(took), result


def tally_seconds(settings, contest_id: int, repeat: int) -> float:
    from backend.db import Database
    from backend.tallies import service

    database = Database(settings)

    def tally():
        with database.scope(write=False) as read:
            period = service.period_of(session=read, contest_id=contest_id, round_id=None)
            return service.contest_tally(session=read, period=period)

    seconds, result = timed(tally, repeat)
    log(f"tally: {seconds * 1000:.0f} ms; total {result.total.as_dict()}; "
        f"{len(result.blocks)} blocks, {len(result.nodes)} units")
    database.dispose()
    return seconds


def vacuum(url: str) -> None:
    """PostgreSQL: what autovacuum does within minutes of bulk inserts on a live contest
    (autovacuum_vacuum_insert_threshold): statistics, and the visibility map that lets the
    tallies read their covering indexes alone."""
    if url.startswith("sqlite"):
        return
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                         autocommit=True) as connection:
        for table in ("attempt", "contestant", "result_entry"):
            connection.execute(f"VACUUM (ANALYZE) {table}")
    log(f"vacuum analyze: {time.perf_counter() - started:.1f} s")


def item_analysis_seconds(settings, contest_id: int, round_id: int) -> float:
    """The item analysis of the round, once (it reads every attempt it analyses)."""
    from backend.analysis.items import item_analysis
    from backend.db import Database

    database = Database(settings)
    started = time.perf_counter()
    with database.scope(write=False) as read:
        analysis = item_analysis(session=read, contest_id=contest_id, round_id=round_id)
    seconds = time.perf_counter() - started
    log(f"item analysis: {seconds:.2f} s, {analysis.attempts:,} attempts "
        f"({analysis.basis}), {len(analysis.questions)} questions")
    database.dispose()
    return seconds


def export_seconds(settings, contest_id: int) -> tuple[float, int]:
    from backend.clock import utcnow
    from backend.contests.models import Contest
    from backend.db import Database
    from backend.tallies import downloads

    database = Database(settings)

    def export():
        with database.scope() as session:
            contest = session.get(Contest, contest_id)
            return downloads.build(session=session, contest=contest, user=None,
                                   kind="tong-hop", round_id=None, zone=settings.zone,
                                   now=utcnow())

    seconds, built = timed(export, 3)
    log(f"tally export: {seconds:.2f} s, {built.rows} rows, {len(built.content):,} bytes")
    database.dispose()
    return seconds, built.rows


def staff_token(settings) -> str:
    """A bearer token of a new organiser, as the API's sign-in gives it."""
    from backend.accounts import service as accounts
    from backend.accounts.models import Role
    from backend.accounts.passwords import staff_passwords
    from backend.clock import utcnow
    from backend.db import Database

    database = Database(settings)
    password = secrets.token_urlsafe(16)
    with database.scope() as session:
        accounts.create_user(session=session, username="do-so-lieu", full_name="Người đo",
                             password=password, role=Role.ORGANISER, unit_id=None,
                             can_view_personal_data=False, passwords=staff_passwords(settings),
                             actor_id=None, now=utcnow())
    database.dispose()
    return password


def dashboard_ms(port: int, contest_id: int, password: str, repeat: int) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("POST", "/api/v1/auth/login", body=json.dumps(
        {"username": "do-so-lieu", "password": password}),
        headers={"Content-Type": "application/json"})
    answer = connection.getresponse()
    token = json.loads(answer.read())["token"]
    headers = {"Authorization": f"Bearer {token}"}
    path = f"/quan-ly/cuoc-thi/{contest_id}/so-lieu"
    took = []
    for n in range(repeat + 2):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        body = answer.read()
        if answer.status != 200:
            raise SystemExit(f"{path}: {answer.status} {body[:300]!r}")
        if n >= 2:
            took.append((time.perf_counter() - started) * 1000)
    median = statistics.median(took)
    log(f"dashboard {path}: {median:.0f} ms (max {max(took):.0f}), {len(body):,} bytes")
    return median


def parse_args(argv=None):
    parser = scale_arguments(__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed runs of each measure")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="thidua-tallies-") as folder:
        url, settings = fresh_database(args.database_url, folder, "tallies")
        log(f"building {args.attempts:,} attempts of {args.contestants:,} contestants")
        contest_id, round_id, built = build(settings, units=args.units,
                                            contestants=args.contestants,
                                            attempts=args.attempts, rows=unit_rows(args.units))
        log(f"built: {built}")
        vacuum(url)
        figures = {"attempts": args.attempts, "units": args.units, "blocks": len(BLOCKS),
                   **built, "tally_open_s": round(tally_seconds(settings, contest_id,
                                                                args.repeat), 3),
                   "item_analysis_all_s": round(item_analysis_seconds(settings, contest_id,
                                                                      round_id), 2)}
        finalise(settings, contest_id, round_id)
        vacuum(url)
        figures["tally_s"] = round(tally_seconds(settings, contest_id, args.repeat), 3)
        figures["item_analysis_s"] = round(item_analysis_seconds(settings, contest_id,
                                                                 round_id), 2)
        export_s, rows = export_seconds(settings, contest_id)
        figures |= {"tally_export_s": round(export_s, 3), "tally_export_rows": rows}
        password = staff_token(settings)
        port, logfile = free_port(), Path(folder) / "server.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")} | {
            "THIDUA_DATABASE_URL": url, "THIDUA_ENVIRONMENT": "production",
            "THIDUA_SECRET_KEY": secrets.token_urlsafe(32)}
        server = start_server(args, env, port, logfile)
        try:
            wait_ready(server, port, logfile)
            figures["dashboard_ms"] = round(dashboard_ms(port, contest_id, password,
                                                         args.repeat), 1)
        finally:
            stop_server(server)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
