"""Re-scoring after a ruling: how long voiding a question takes over N finished attempts that
all hold it, and how long another process's short writes wait meanwhile.

Seeds a fresh database with a closed round of N finished attempts (20-question papers from a
bank of 500, question 1 on every paper, about three quarters of them wrong on it), finalises
its board, then in this process voids question 1 with the mark (re-score, record, re-rank),
repeats the same ruling (a no-op: one full read and recompute, nothing written), re-keys it
(the marks move back), and drops question 2, which is on about 4 % of the papers (the usual
case: a bank of 500, papers of 20). A second process (a `Database` of its own, as another
worker) writes a one-row transaction every 20 ms the whole time and reports how long each
waited.

    .venv/bin/python benchmarks/rescore_ruling.py --attempts 300000
    .venv/bin/python benchmarks/rescore_ruling.py --attempts 300000 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/thidua_rescore_bench

The last line on stdout is one JSON object with the figures; progress goes to stderr.
"""

import argparse
import json
import multiprocessing
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from contest_replay import log, percentile, recreate_postgres_database  # noqa: E402

PAPER, BANK, BATCH = 20, 500, 5000


def seed(database, attempts: int) -> tuple[int, int, int, int]:
    """A contest, its bank, a closed round and `attempts` finished attempts (three a person);
    the contest, question 1, its correct option and question 2."""
    from sqlalchemy import insert

    from backend.attempts.models import Attempt
    from backend.clock import utcnow
    from backend.contestants.models import Contestant
    from backend.contests.models import Contest, Round
    from backend.questions.models import Question, QuestionOption
    from backend.units.models import Unit

    now, rng = utcnow(), random.Random(7)
    with database.scope() as s:
        unit = Unit(code="BN", name="Phường Bến Nghé")
        contest = Contest(title="Tham mưu tốt - Dân vận khéo", rules_text="Thể lệ.",
                          is_published=True, created_at=now, updated_at=now)
        s.add_all([unit, contest])
        s.flush()
        round_ = Round(contest_id=contest.id, number=1, name="Tuần 1", question_count=PAPER,
                       opens_at=now - timedelta(days=8), closes_at=now - timedelta(days=1),
                       time_limit_seconds=600)
        s.add(round_)
        s.flush()
        ids = s.scalars(insert(Question).returning(Question.id, sort_by_parameter_order=True), [
            {"contest_id": contest.id, "number": n, "text": f"Câu hỏi {n}?", "text_hash": f"{n}",
             "created_at": now, "updated_at": now} for n in range(1, BANK + 1)]).all()
        options = {}
        for qid in ids:
            options[qid] = s.scalars(insert(QuestionOption).returning(
                QuestionOption.id, sort_by_parameter_order=True), [
                {"question_id": qid, "position": p, "text": f"Phương án {p}",
                 "is_correct": p == 1} for p in range(4)]).all()
        s.commit()
        contest_id, round_id, unit_id = contest.id, round_.id, unit.id
    people = -(-attempts // 3)
    with database.scope() as s:
        for start in range(0, people, BATCH):
            s.execute(insert(Contestant), [
                {"contest_id": contest_id, "full_name": f"Thí sinh {n}", "name_key": f"{n}",
                 "birth_date": date(1990, 1, 1), "gender": "nu", "phone": f"09{n:08d}",
                 "unit_id": unit_id, "password_hash": "-", "consent_at": now,
                 "consent_version": "1"} for n in range(start, min(people, start + BATCH))])
            s.commit()
    with database.scope() as s:
        for start in range(0, attempts, BATCH):
            rows = []
            for n in range(start, min(attempts, start + BATCH)):
                paper = [ids[0], *rng.sample(ids[1:], PAPER - 1)]
                answers = {str(q): [options[q][rng.choice((1, 1, 1, 0)) if q != ids[0]
                                               else rng.choice((0, 1, 2, 3))]] for q in paper}
                score = sum(answers[str(q)][0] == options[q][1] for q in paper)
                started = now - timedelta(days=7, seconds=-n)
                rows.append({
                    "contest_id": contest_id, "round_id": round_id, "contestant_id": n // 3 + 1,
                    "unit_id": unit_id, "attempt_no": n % 3 + 1, "state": "submitted",
                    "started_at": started, "deadline_at": started + timedelta(minutes=10),
                    "finished_at": started + timedelta(seconds=300), "duration_ms": 300_000,
                    "score": score, "question_count": PAPER,
                    "paper": [[q, options[q]] for q in paper], "answers": answers})
            s.execute(insert(Attempt), rows)
            s.commit()
            log(f"seeded {min(attempts, start + BATCH):,} attempts")
    return contest_id, ids[0], options[ids[0]][1], ids[1]


def other_writer(url: str, stop, waits) -> None:
    """Another worker: a one-row write transaction every 20 ms, each wait measured."""
    from sqlalchemy import text

    from backend.config import Settings
    from backend.db import Database

    database = Database(Settings(database_url=url))
    while not stop.is_set():
        began = time.perf_counter()
        with database.scope() as s:
            s.execute(text("UPDATE unit SET headcount = headcount + 1 WHERE code = 'BN'"))
            s.commit()
        waits.append((time.perf_counter() - began) * 1000)
        time.sleep(0.02)
    database.dispose()


def timed(label: str, work) -> tuple[float, object]:
    began = time.perf_counter()
    result = work()
    seconds = round(time.perf_counter() - began, 2)
    log(f"{label}: {seconds} s")
    return seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=300_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    from backend.clock import utcnow
    from backend.config import Settings
    from backend.db import Database
    from backend.migrate import upgrade
    from backend.results import rulings
    from backend.results import service as results
    from backend.results.finalise import finalise_board

    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'rescore.sqlite3'}"
    if not url.startswith("sqlite"):
        recreate_postgres_database(url)
    upgrade(url)
    database = Database(Settings(database_url=url))
    contest_id, question_id, key, usual = seed(database, args.attempts)
    with database.scope() as s:
        board = results.boards_of(session=s, contest_id=contest_id)[0]
        s.commit()
    with database.scope(write=False) as read, database.scope() as write:
        finalise_board(read=read, write=write, board_id=board.id, now=utcnow())

    stop, waits = multiprocessing.Event(), multiprocessing.Manager().list()
    writer = multiprocessing.Process(target=other_writer, args=(url, stop, waits))
    writer.start()
    time.sleep(1)

    def rule(action, **arguments):
        arguments.setdefault("question_id", question_id)
        with database.scope(write=False) as read, database.scope() as write:
            return action(read=read, write=write, contest_id=contest_id,
                          reason="Câu hỏi không có đáp án đúng", actor_id=None, now=utcnow(),
                          **arguments)

    figures = {"attempts": args.attempts, "database": url.split(":")[0]}
    for label, action, arguments in (
            ("void_mark", rulings.void_question, {"drop": False}),
            ("repeat_no_op", rulings.void_question, {"drop": False}),
            ("rekey", rulings.rekey_question, {"correct_option_ids": [key]}),
            ("drop_usual", rulings.void_question, {"drop": True, "question_id": usual})):
        before = len(waits)
        seconds, outcome = timed(label, lambda a=action, k=arguments: rule(a, **k))
        during = list(waits)[before:]
        figures[label] = {"seconds": seconds, "rescored": outcome.rescored,
                          "changed": len(outcome.changes),
                          "boards": [(b.name, b.changed, b.moved) for b in outcome.boards],
                          "other_writer_ms": {"count": len(during),
                                              "p50": percentile(during, 0.5),
                                              "p99": percentile(during, 0.99),
                                              "max": round(max(during, default=0), 1)}}
    stop.set()
    writer.join()
    database.dispose()
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
