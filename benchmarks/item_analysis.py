"""Item analysis at scale: analyse a round of 20-question papers drawn from a 500-question
bank, on every finished attempt and then on the counted attempts of its finalised results.

    .venv/bin/python benchmarks/item_analysis.py --attempts 50000
    .venv/bin/python benchmarks/item_analysis.py --attempts 50000 --database-url \\
        postgresql+psycopg://postgres@127.0.0.1:5432/thidua_bench

Builds the round as benchmarks/results.py does (a PostgreSQL database named here is dropped
and created again). Progress goes to stderr; the last line on stdout is one JSON object.
Target: 300,000 attempts in 10 s or less on SQLite and on PostgreSQL.
"""

import json
import tempfile
import time

from contest_replay import log
from results import build, finalise, fresh_database, scale_arguments


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
    parser = scale_arguments(__doc__.splitlines()[0], contestants=0, units=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="thidua-items-") as folder:
        _, settings = fresh_database(args.database_url, folder, "items")
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
