"""The city round's size: 1,546 essays with two or three judges' scores each aggregate, rank
and award, the first time and again after a change. How long it takes is measured by
benchmarks/writing.py (aggregate_s), not here."""

from datetime import timedelta

from sqlalchemy import insert, select

from backend.clock import utcnow
from backend.contestants.models import Gender
from backend.essays.models import Essay, EssayAuthor, EssayFormat
from backend.judging import aggregate
from backend.judging.models import (
    Assignment,
    AssignmentKind,
    BlindCode,
    EssayResult,
    ScoreRecord,
)
from backend.writing import service as writing
from tests.judging.results_factories import blind_level, criteria_ids, panel

ESSAYS = 1546


def test_1546_essays_aggregate_within_two_seconds(session, settings, tree):
    competition, level = blind_level(session, normalise_judges=True)
    judges = [j.id for j in panel(session, settings, competition, 8)]
    units = [tree[c].id for c in ("Q1", "Q1-BN", "Q3", "TD", "TDOAN")]
    ids = criteria_ids(session, competition)
    writing.set_prize_tiers(session=session, level_id=level.id, tiers=[
        ("Giải A", 5, tree["Q1"].block_id), ("Giải B", 20, tree["Q1"].block_id),
        ("Giải A", 2, tree["TDOAN"].block_id), ("Khuyến khích", 50, None)],
        actor_id=None, now=utcnow())
    now = utcnow()
    session.execute(insert(EssayAuthor), [{
        "competition_id": competition.id, "full_name": f"Tác giả {n}",
        "name_key": f"tác giả {n}", "birth_year": 1980, "gender": Gender.FEMALE,
        "unit_id": units[n % 5], "phone": f"+8490{n:07d}"} for n in range(ESSAYS)])
    authors = session.execute(select(EssayAuthor.id).order_by(EssayAuthor.id)).scalars().all()
    session.execute(insert(Essay), [{
        "competition_id": competition.id, "author_id": a, "unit_id": units[n % 5],
        "title": f"Bài {n}", "title_key": f"bài {n}", "format": EssayFormat.ONLINE,
        "submitted_at": now + timedelta(seconds=n)} for n, a in enumerate(authors)])
    essays = session.execute(select(Essay.id).order_by(Essay.id)).scalars().all()
    session.execute(insert(BlindCode), [
        {"level_id": level.id, "essay_id": e, "code": f"MP-{n:05d}"}
        for n, e in enumerate(essays)])
    kinds = (AssignmentKind.FIRST, AssignmentKind.SECOND, AssignmentKind.THIRD)
    session.execute(insert(Assignment), [
        {"level_id": level.id, "essay_id": e, "judge_id": judges[(n + k) % 8], "kind": kinds[k]}
        for n, e in enumerate(essays) for k in range(3 if n % 4 == 0 else 2)])
    records = []
    for assignment_id, essay_id, judge_id in session.execute(
            select(Assignment.id, Assignment.essay_id, Assignment.judge_id)):
        total = 40 + (essay_id * 7 + judge_id * 3) % 55
        records.append({"assignment_id": assignment_id, "level_id": level.id,
                        "essay_id": essay_id, "judge_id": judge_id, "total": total,
                        "recorded_at": now, "points": {
                            ids[0]: total // 2, ids[1]: total // 5,
                            ids[2]: total - total // 2 - total // 5}})
    session.execute(insert(ScoreRecord), records)
    session.commit()

    first = aggregate.aggregate_level(session=session, level_id=level.id, now=now)
    session.execute(insert(ScoreRecord), [{**records[0], "total": 99, "reason": "Chấm lại"}])
    session.commit()
    again = aggregate.aggregate_level(session=session, level_id=level.id, now=now)

    assert (first.essays, first.scored, first.ranked) == (ESSAYS, ESSAYS, ESSAYS)
    assert first.changed == ESSAYS
    assert again.changed >= 1
    assert session.execute(select(EssayResult.id).where(
        EssayResult.prize_tier_id.is_not(None))).all()
