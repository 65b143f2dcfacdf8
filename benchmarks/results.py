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
import json
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from contest_replay import log, recreate_postgres_database, redacted

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


def build(settings, *, units: int, contestants: int, attempts: int) -> tuple[int, int, dict]:
    """A published contest, a 500-question bank, a closed round with its attempts."""
    import hashlib

    from backend.clock import utcnow
    from backend.contests import service as contests
    from backend.db import Database
    from backend.demo.finished_round import fill_round
    from backend.questions.models import Difficulty, Question, QuestionOption
    from backend.spreadsheet import Row, Table
    from backend.units import importer
    from backend.vntext import same_text_key

    database = Database(settings)
    now = utcnow()
    keys = [c.key for c in importer.COLUMNS]
    table = Table(sheet="benchmark", columns={c.key: c.header for c in importer.COLUMNS})
    table.rows = [Row(number=i, values=dict(zip(keys, row, strict=True)))
                  for i, row in enumerate(unit_rows(units), start=2)]
    with database.scope() as session:
        importer.import_units(session=session, table=table, rows=importer.rows_from_table(table),
                              filename="benchmark.xlsx", actor_id=None, now=now)
        session.commit()
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
    started = time.perf_counter()
    with database.scope(write=False) as read, database.scope() as write:
        outcome = finalise_board(read=read, write=write, board_id=board_id, now=utcnow())
    seconds = time.perf_counter() - started
    log(f"finalised: {outcome}")
    database.dispose()
    return board_id, seconds


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL URL of a database of the benchmark's own (dropped and "
                             "created again); SQLite in a temporary folder by default")
    parser.add_argument("--attempts", type=int, default=300_000)
    parser.add_argument("--contestants", type=int, default=150_000)
    parser.add_argument("--units", type=int, default=800)
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    from backend.config import Settings
    from backend.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="thidua-results-") as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'results.sqlite3'}"
        if not url.startswith("sqlite"):
            recreate_postgres_database(url)
        log(f"database: migrating {redacted(url)}")
        upgrade(url)
        settings = Settings(database_url=url, environment="production",
                            secret_key="benchmark-" + "x" * 40)
        log(f"building {args.attempts:,} attempts of {args.contestants:,} contestants")
        contest_id, round_id, built = build(settings, units=args.units,
                                            contestants=args.contestants, attempts=args.attempts)
        log(f"built: {built}")
        _board_id, finalise_s = finalise(settings, contest_id, round_id)
        figures = {"attempts": args.attempts, "units": args.units, **built,
                   "finalise_s": round(finalise_s, 2)}
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
