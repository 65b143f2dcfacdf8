"""Item analysis at scale: analyse a round of 20-question papers drawn from a 500-question
bank, on every finished attempt and then on the counted attempts of its finalised results.

    .venv/bin/python benchmarks/item_analysis.py --attempts 50000
    .venv/bin/python benchmarks/item_analysis.py --attempts 50000 --database-url \\
        postgresql+psycopg://postgres@127.0.0.1:5432/thidua_bench

Builds the round as benchmarks/results.py does (a PostgreSQL database named here is dropped
and created again). Progress goes to stderr; the last line on stdout is one JSON object.
Target: 300,000 attempts in 10 s or less on SQLite and on PostgreSQL.
"""

import argparse
import json
import tempfile
import time
from pathlib import Path

from contest_replay import log, recreate_postgres_database, redacted
from results import build, finalise


def timed(settings, contest_id: int, round_id: int) -> dict:
    from backend.analysis.items import item_analysis
    from backend.db import Database

    database = Database(settings)
    with database.scope(write=False) as session:
        started = time.perf_counter()
        found = item_analysis(session=session, contest_id=contest_id, round_id=round_id)
        seconds = time.perf_counter() - started
    database.dispose()
    return {"basis": found.basis.value, "attempts": found.attempts,
            "questions": len(found.questions), "flagged": found.flagged,
            "seconds": round(seconds, 2), "attempts_per_s": round(found.attempts / seconds)}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--attempts", type=int, default=300_000)
    parser.add_argument("--contestants", type=int, default=0, help="default: half the attempts")
    parser.add_argument("--units", type=int, default=200)
    args = parser.parse_args(argv)
    from backend.config import Settings
    from backend.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="thidua-items-") as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'items.sqlite3'}"
        if not url.startswith("sqlite"):
            recreate_postgres_database(url)
        log(f"database: migrating {redacted(url)}")
        upgrade(url)
        settings = Settings(database_url=url, environment="production",
                            secret_key="benchmark-" + "x" * 40)
        contest_id, round_id, built = build(
            settings, units=args.units, contestants=args.contestants or args.attempts // 2,
            attempts=args.attempts)
        log(f"built: {built}")
        finished = timed(settings, contest_id, round_id)
        log(f"every finished attempt: {finished}")
        finalise(settings, contest_id, round_id)
        counted = timed(settings, contest_id, round_id)
        log(f"counted attempts: {counted}")
    print(json.dumps({**built, "finished": finished, "counted": counted}, ensure_ascii=False))


if __name__ == "__main__":
    main()
