"""A closed round full of finished attempts, written straight to the tables: the demo's
published results and the results benchmark's 300,000 attempts both come from here.

Papers are drawn by the round's own quotas and scored by the same function that scores a
real submission, so every stored score is what the platform would have given."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from backend.attempts.models import Attempt, AttemptState
from backend.contestants.models import Contestant, Gender
from backend.contests import service as contests
from backend.contests.models import Contest, ContestUnit, Round
from backend.db import Database
from backend.questions import papers
from backend.questions.pool import pool_for
from backend.vntext import same_text_key

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLES = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Thu", "Quốc", "Kim",
           "Hoài", "Bảo", "Xuân", "Gia"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Mai", "Nam", "Oanh",
         "Phúc", "Quân", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Hạnh", "Hùng", "Hương",
         "Linh", "Long", "Loan", "Nga", "Nhung", "Phương", "Quang", "Thảo", "Thủy", "Trang",
         "Trung", "Tuấn", "Tú", "Việt", "Vy", "Hiếu", "Hòa", "Huy"]
BATCH = 5000
_A, _C = Attempt.__table__, Contestant.__table__


@dataclass(frozen=True)
class Filled:
    contestants: int
    attempts: int


def fill_round(*, database: Database, round_id: int, contestants: int, attempts: int,
               seed: int = 2023) -> Filled:
    """Register `contestants` people across the contest's units (weighted by headcount) and
    give them `attempts` finished attempts in the round, at least one each."""
    rng = random.Random(seed)  # noqa: S311 - demo data, the same on every load
    with database.scope(write=False) as session:
        round_ = session.get(Round, round_id)
        contest = session.get(Contest, round_.contest_id)
        quotas = [(q.topic, q.difficulty, q.count)
                  for q in contests.quotas_of(session=session, round_id=round_id)]
        # Contestants belong to the units under the city, not to the city itself.
        units = list(session.execute(select(ContestUnit.unit_id, ContestUnit.headcount)
                                     .where(ContestUnit.contest_id == contest.id,
                                            ContestUnit.parent_unit_id.is_not(None))))
        session.commit()
    with database.reads() as db:
        pool = pool_for(db=db, contest_id=contest.id, version=contest.bank_version)
    people = _people(rng, contest, units, contestants, round_.opens_at)
    ids = _insert_returning_ids(database, people)
    unit_of = {cid: person["unit_id"] for cid, person in zip(ids, people, strict=True)}
    extra = [rng.choice(ids) for _ in range(max(0, attempts - len(ids)))]
    counts: dict[int, int] = {}
    rows = []
    for contestant_id in ids[:attempts] + extra:
        counts[contestant_id] = counts.get(contestant_id, 0) + 1
        rows.append(_attempt(rng, round_, pool, quotas, contestant_id, counts[contestant_id],
                             unit_of[contestant_id]))
        if len(rows) == BATCH:
            _insert(database, _A, rows)
            rows = []
    _insert(database, _A, rows)
    return Filled(len(ids), attempts)


def _people(rng: random.Random, contest: Contest, units: list, count: int,
            registered_at: datetime) -> list[dict]:
    unit_ids = [u.unit_id for u in units]
    weights = [max(1, u.headcount) for u in units]
    taken: set[tuple] = set()
    people = []
    for n in range(count):
        name = (f"{SURNAMES[rng.randrange(len(SURNAMES))]} {MIDDLES[rng.randrange(len(MIDDLES))]}"
                f" {GIVEN[rng.randrange(len(GIVEN))]}")
        unit_id = rng.choices(unit_ids, weights)[0]
        born = date(1965, 1, 1) + timedelta(days=rng.randrange(38 * 365))
        while (unit_id, name, born) in taken:
            born += timedelta(days=1)
        taken.add((unit_id, name, born))
        people.append({
            "contest_id": contest.id, "full_name": name, "name_key": same_text_key(name),
            "birth_date": born, "gender": Gender.FEMALE if " Thị " in name else Gender.MALE,
            "phone": f"08{n:08d}", "unit_id": unit_id, "email": None, "position": None,
            "id_number": None, "password_hash": "!",  # never matches: cannot sign in
            "group_name": contest.groups[n % len(contest.groups)] if contest.groups else "",
            "consent_at": registered_at, "consent_version": "demo",
            "registered_at": registered_at, "registered_ip": ""})
    return people


def _attempt(rng: random.Random, round_: Round, pool, quotas, contestant_id: int, number: int,
             unit_id: int) -> dict:
    skill = rng.betavariate(6, 2)
    paper = papers.draw_paper(pool, question_count=round_.question_count, quotas=quotas,
                              rng=rng)
    answers = {}
    for qid, option_ids in paper:
        right = sorted(pool.questions[qid].correct)
        wrong = [o for o in option_ids if o not in pool.questions[qid].correct]
        answers[str(qid)] = right if rng.random() < skill or not wrong else [rng.choice(wrong)]
    limit = round_.time_limit_seconds
    window = (round_.closes_at - round_.opens_at).total_seconds() - limit
    started = round_.opens_at + timedelta(seconds=rng.uniform(0, window))
    expired = rng.random() < 0.03
    duration = limit if expired else rng.uniform(0.2, 0.95) * limit
    finished = started + timedelta(seconds=duration)
    return {"contest_id": round_.contest_id, "round_id": round_.id,
            "contestant_id": contestant_id, "unit_id": unit_id, "attempt_no": number,
            "state": AttemptState.EXPIRED if expired else AttemptState.SUBMITTED,
            "started_at": started, "deadline_at": started + timedelta(seconds=limit),
            "finished_at": finished, "duration_ms": int(duration * 1000),
            "score": papers.score(pool, paper, answers),
            "question_count": round_.question_count, "paper": paper, "answers": answers,
            "answers_saved_at": finished, "submit_key": None, "revision": 1,
            "prediction": None if rng.random() < 0.05 else int(rng.gauss(1500, 600)) % 10_000,
            "prediction_prompt": round_.prediction_prompt}


def _insert_returning_ids(database: Database, people: list[dict]) -> list[int]:
    ids = []
    for start in range(0, len(people), BATCH):
        with database.scope() as session:
            ids.extend(session.execute(
                insert(_C).returning(_C.c.id, sort_by_parameter_order=True),
                people[start:start + BATCH]).scalars())
            session.commit()
    return ids


def _insert(database: Database, table, rows: list[dict]) -> None:
    if rows:
        with database.scope() as session:
            session.execute(insert(table), rows)
            session.commit()
