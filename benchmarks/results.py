"""Results at scale: finalise a round of 300,000 submitted attempts across 800 units, page
its leaderboard through HTTP, export it, and write the same sheet with XlsxWriter.

    .venv/bin/python benchmarks/results.py
    .venv/bin/python benchmarks/results.py --database-url \\
        postgresql+psycopg://postgres@127.0.0.1:5432/thidua_bench

Builds a fresh database (a PostgreSQL database named here is dropped and created again),
fills the round through backend/demo/finished_round.py (papers drawn by the round's quotas,
scored by the platform's own scoring), then measures. Progress goes to stderr; the last line
on stdout is one JSON object with the figures.
"""

import argparse
import http.client
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from contest_replay import (
    free_port,
    import_unit_rows,
    log,
    recreate_postgres_database,
    redacted,
    start_server,
    stop_server,
    wait_ready,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DISTRICTS = 22
WARDS_PER_DISTRICT = 35
TOPICS = ["Dân vận", "Pháp luật", "Lịch sử Đảng", "Văn hóa", "Kinh tế"]
QUOTAS = [("", "de", 8), ("", "trung_binh", 8), ("", "kho", 4)]


def unit_rows(units: int) -> list[tuple]:
    """A city, its districts with their wards, and the organisations of the other blocks,
    `units` in all."""
    rows = [("HCM", "Thành phố Hồ Chí Minh", "", "", "Tỉnh, thành phố", 0, "")]
    for d in range(1, DISTRICTS + 1):
        rows.append((f"D{d}", f"Quận {d}", "HCM", "Khối Quận, huyện", "Quận", 3000, ""))
        rows.extend((f"D{d}-W{w}", f"Phường {w} Quận {d}", f"D{d}", "", "Phường", 150 + w, "")
                    for w in range(1, WARDS_PER_DISTRICT + 1))
    n = 0
    while len(rows) < units:
        n += 1
        rows.append((f"O{n}", f"Tổ chức số {n}", "HCM", "Khối Mặt trận, đoàn thể", "Đoàn thể",
                     500, ""))
    return rows[:units]


def build(settings, *, units: int, contestants: int, attempts: int,
          rows: list[tuple] | None = None) -> tuple[int, int, dict]:
    """A published contest over `rows` (the import layout; `unit_rows(units)` by default), a
    500-question bank, a closed round with its attempts."""
    import hashlib

    from backend.clock import utcnow
    from backend.contests import service as contests
    from backend.db import Database
    from backend.demo.finished_round import fill_round
    from backend.questions.models import Difficulty, Question, QuestionOption
    from backend.vntext import same_text_key

    database = Database(settings)
    now = utcnow()
    import_unit_rows(database, rows or unit_rows(units), now)
    with database.scope() as session:
        contest = contests.create_contest(
            session=session, title="Tìm hiểu công tác dân vận (đo kết quả)",
            rules_text="Mỗi lượt 20 câu, 10 phút.", requires_id_number=False,
            scope_unit_ids=[], actor_id=None, now=now, is_published=True)
        for n in range(1, 501):
            text = f"Câu hỏi số {n} về {TOPICS[n % 5].lower()}: phương án nào đúng?"
            question = Question(contest_id=contest.id, number=n, text=text,
                                text_hash=hashlib.sha256(same_text_key(text).encode()).hexdigest(),
                                topic=TOPICS[n % 5],
                                difficulty=Difficulty(["de", "trung_binh", "kho"][(n // 5) % 3]))
            session.add(question)
            session.flush()
            session.add_all(QuestionOption(question_id=question.id, position=p,
                                           text=f"Phương án {'ABCD'[p]}", is_correct=p == n % 4)
                            for p in range(4))
        contest.bank_version += 1
        session.add(contest)
        session.commit()
        round_ = contests.add_round(session=session, contest=contest, actor_id=None, now=now,
                                    rules=contests.RoundRules(
                                        name="Tuần 1", opens_at=now - timedelta(days=8),
                                        closes_at=now - timedelta(days=1), question_count=20,
                                        time_limit_seconds=600, max_attempts=None,
                                        prediction_prompt="Bao nhiêu người trả lời đúng hết?",
                                        quotas=QUOTAS))
        contest_id, round_id = contest.id, round_.id
    started = time.perf_counter()
    filled = fill_round(database=database, round_id=round_id, contestants=contestants,
                        attempts=attempts)
    database.dispose()
    return contest_id, round_id, {"contestants": filled.contestants, "attempts": filled.attempts,
                                  "fill_s": round(time.perf_counter() - started, 1)}


def finalise(settings, contest_id: int, round_id: int) -> tuple[int, float]:
    """Finalise the round's board (timed) and publish it, so its pages are public."""
    from backend.clock import utcnow
    from backend.db import Database
    from backend.results import service as results
    from backend.results.finalise import finalise_board

    database = Database(settings)
    with database.scope() as session:
        board = next(b for b in results.boards_of(session=session, contest_id=contest_id)
                     if b.round_id == round_id)
        board_id = board.id
        session.commit()
    started, cpu = time.perf_counter(), time.process_time()
    with database.scope(write=False) as read, database.scope() as write:
        outcome = finalise_board(read=read, write=write, board_id=board_id, now=utcnow())
    seconds = time.perf_counter() - started
    log(f"finalised in {seconds:.1f} s, {time.process_time() - cpu:.1f} s of this process's "
        f"CPU: {outcome}")
    with database.scope() as session:
        results.publish(session=session, board=results.get_board(session=session,
                                                                  board_id=board_id),
                        actor_id=None, now=utcnow())
    database.dispose()
    return board_id, seconds


def rare_name(settings, board_id: int) -> str:
    """A name on the board that few others have: what a search for one person looks like."""
    from sqlalchemy import func, select

    from backend.db import Database
    from backend.results.models import ResultEntry

    database = Database(settings)
    with database.scope(write=False) as read:
        name = read.execute(
            select(ResultEntry.full_name).where(ResultEntry.board_id == board_id)
            .group_by(ResultEntry.full_name).order_by(func.count(), ResultEntry.full_name)
            .limit(1)).scalar_one()
    database.dispose()
    return name


def pages(port: int, contest_id: int, board_id: int, ranked: int, name: str,
          repeat: int) -> dict:
    """Median time of the public leaderboard page through HTTP, after two warm-ups."""
    base = f"/thi/{contest_id}/ket-qua/{board_id}"
    cases = {"page_first_ms": base, "page_middle_ms": f"{base}?page={-(-ranked // 50) // 2}",
             "search_ms": f"{base}?q={quote(name)}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    figures = {}
    for key, path in cases.items():
        took = []
        for n in range(repeat + 2):
            begin = time.perf_counter()
            connection.request("GET", path)
            answer = connection.getresponse()
            body = answer.read()
            if answer.status != 200:
                raise SystemExit(f"{path}: {answer.status} {body[:300]!r}")
            if n >= 2:
                took.append((time.perf_counter() - begin) * 1000)
        figures[key] = round(statistics.median(took), 1)
        log(f"{key} {path}: {figures[key]} ms (max {max(took):.1f})")
    return figures


def child(kind: str, url: str, board_id: int) -> None:
    """In a process of its own, so that its time and peak memory are its own: build the
    board's results file through the platform (`export`), or write the same rows and
    columns with XlsxWriter (`xlsxwriter`). Prints one JSON line."""
    import backend.models  # noqa: F401 - every table known, as in the app
    from backend.config import Settings
    from backend.db import Database

    settings = Settings(database_url=url, environment="production",
                        secret_key="benchmark-" + "x" * 40)
    database = Database(settings)
    started = time.perf_counter()
    if kind == "export":
        rows = export_file(database, board_id)
    else:
        rows = xlsxwriter_file(database, board_id)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak_mb(), 1),
                      "rows": rows}))


def peak_mb() -> float:
    """This process's resident-memory high-water mark. Not ru_maxrss: Linux carries it over
    from the parent across exec, and the parent held the whole round while building it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_file(database, board_id: int) -> int:
    from backend.clock import utcnow
    from backend.downloads import service as downloads
    from backend.downloads.build import build_export
    from backend.downloads.models import ExportFile, ExportKind
    from backend.results.models import ResultBoard

    with database.scope() as session:
        board = session.get(ResultBoard, board_id)
        asked = downloads.request_export(session=session, contest_id=board.contest_id,
                                         board_id=board_id, kind=ExportKind.RESULTS,
                                         masked=False, within=None, actor_id=None,
                                         now=utcnow())
        session.commit()
    export_id = asked.export.id
    state = build_export(database=database, export_id=export_id)
    with database.scope(write=False) as read:
        export = read.get(ExportFile, export_id)
        if state is None or state.value != "done":
            raise SystemExit(f"export {export_id}: {state} {export.error}")
        return export.rows_total


def xlsxwriter_file(database, board_id: int) -> int:
    from operator import attrgetter

    from export_layout import xlsxwriter_rows

    from backend.downloads import sources
    from backend.results.models import ResultBoard
    from exports.results import result_columns

    names = attrgetter("name", "unit", "block", "score", "duration_ms", "prediction", "prize",
                       "phone", "birth_date")
    with database.scope(write=False) as read, tempfile.TemporaryDirectory() as folder:
        board = read.get(ResultBoard, board_id)
        lines = sources.result_lines(read.connection(), masked=False, groups=False,
                                     board_id=board.id, version=board.version, units=None,
                                     prizes_only=False)
        rows = ((line.rank, *values[:4], values[4] / 86_400_000, *values[5:])
                for line in lines for values in (names(line),))
        return xlsxwriter_rows(Path(folder) / "reference.xlsx",
                               result_columns(groups=False, personal=True), rows)


def in_child(kind: str, url: str, board_id: int) -> dict:
    answer = subprocess.run([sys.executable, __file__, "--child", kind, "--database-url", url,
                             "--board", str(board_id)], capture_output=True, text=True,
                            check=False, cwd=Path(__file__).parent)
    if answer.returncode:
        raise SystemExit(f"{kind} failed:\n{answer.stderr[-3000:]}")
    figures = json.loads(answer.stdout.strip().splitlines()[-1])
    log(f"{kind}: {figures}")
    return figures


def scale_arguments(description: str, *, contestants: int = 150_000,
                    units: int = 800) -> argparse.ArgumentParser:
    """The options every benchmark on a filled round shares."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL URL of a database of the benchmark's own (dropped and "
                             "created again); SQLite in a temporary folder by default")
    parser.add_argument("--attempts", type=int, default=300_000)
    parser.add_argument("--contestants", type=int, default=contestants)
    parser.add_argument("--units", type=int, default=units)
    parser.add_argument("--workers", type=int, default=2)
    return parser


def fresh_database(url: str, folder: str, name: str):
    """The benchmark's database (SQLite in `folder` unless `url` names PostgreSQL, which is
    dropped and created again), migrated, with the settings to reach it."""
    from backend.config import Settings
    from backend.migrate import upgrade

    url = url or f"sqlite:///{Path(folder) / f'{name}.sqlite3'}"
    if not url.startswith("sqlite"):
        recreate_postgres_database(url)
    log(f"database: migrating {redacted(url)}")
    upgrade(url)
    return url, Settings(database_url=url, environment="production",
                         secret_key="benchmark-" + "x" * 40)


def parse_args(argv=None):
    parser = scale_arguments(__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--child", choices=["export", "xlsxwriter"], help=argparse.SUPPRESS)
    parser.add_argument("--board", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.child:
        child(args.child, args.database_url, args.board)
        return
    with tempfile.TemporaryDirectory(prefix="thidua-results-") as folder:
        url, settings = fresh_database(args.database_url, folder, "results")
        log(f"building {args.attempts:,} attempts of {args.contestants:,} contestants")
        contest_id, round_id, built = build(settings, units=args.units,
                                            contestants=args.contestants, attempts=args.attempts)
        log(f"built: {built}")
        board_id, finalise_s = finalise(settings, contest_id, round_id)
        figures = {"attempts": args.attempts, "units": args.units, **built,
                   "finalise_s": round(finalise_s, 2)}
        port, logfile = free_port(), Path(folder) / "server.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")} | {
            "THIDUA_DATABASE_URL": url, "THIDUA_ENVIRONMENT": "production",
            "THIDUA_SECRET_KEY": secrets.token_urlsafe(32)}
        server = start_server(args, env, port, logfile)
        try:
            wait_ready(server, port, logfile)
            figures |= pages(port, contest_id, board_id, built["contestants"],
                             rare_name(settings, board_id), args.repeat)
        finally:
            stop_server(server)
        exported = in_child("export", url, board_id)
        reference = in_child("xlsxwriter", url, board_id)
        figures |= {"export_rows": exported["rows"], "export_s": exported["seconds"],
                    "export_peak_mb": exported["peak_mb"], "xlsxwriter_s": reference["seconds"],
                    "xlsxwriter_peak_mb": reference["peak_mb"],
                    "export_ratio": round(exported["seconds"] / reference["seconds"], 3)}
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
