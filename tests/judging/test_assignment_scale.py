"""The city round's size: 1,546 essays and 20 judges are coded and assigned, balanced and
within the rules. How long it takes is measured by benchmarks/writing.py (assign_s)."""

from collections import Counter

from sqlalchemy import insert, select

from backend.clock import utcnow
from backend.essays.models import Essay, EssayAuthor, EssayFormat
from backend.forwarding.models import BatchStatus, ForwardBatch, ForwardedEssay
from backend.judging import service as judging
from backend.judging.models import Assignment
from tests.judging.conftest import close, judges_of

UNITS = ("Q1-BN", "Q1-BT", "Q3-VTS", "TD", "TDOAN", "DUK-CB")


def many_essays(session, writing, tree, count: int) -> None:
    """`count` essays spread over six units, forwarded into the city level: bulk rows."""
    now = utcnow()
    units = [tree[code] for code in UNITS]
    session.execute(insert(EssayAuthor), [
        {"competition_id": writing.competition.id, "full_name": f"Tác giả {n}",
         "name_key": f"tác giả {n}", "birth_year": 1980, "gender": "nam", "position": "",
         "unit_id": units[n % 6].id, "phone": f"+8490{n:07d}", "created_at": now}
        for n in range(count)])
    authors = session.execute(select(EssayAuthor.id, EssayAuthor.unit_id)
                              .order_by(EssayAuthor.id)).all()
    session.execute(insert(Essay), [
        {"competition_id": writing.competition.id, "author_id": a.id, "unit_id": a.unit_id,
         "title": f"Bài {a.id}", "title_key": f"bài {a.id}", "format": EssayFormat.ONLINE,
         "version_count": 1, "submitted_at": now, "withdrawn_reason": ""} for a in authors])
    batches = {}
    for unit in units:
        batch = ForwardBatch(level_id=writing.city.id, unit_id=unit.id,
                             status=BatchStatus.SIGNED, signed_at=now)
        session.add(batch)
        session.flush()
        batches[unit.id] = batch.id
    session.execute(insert(ForwardedEssay), [
        {"batch_id": batches[e.unit_id], "level_id": writing.city.id, "essay_id": e.id,
         "source_level_id": writing.first.id, "forwarded_at": now}
        for e in session.execute(select(Essay.id, Essay.unit_id)).all()])
    session.commit()


def test_1546_essays_and_20_judges_are_assigned_in_well_under_five_seconds(
        session, settings, writing, tree):
    many_essays(session, writing, tree, 1546)
    judges = judges_of(session, settings, writing, tree, {
        **{f"gk.q{n}": "Q1" for n in range(5)}, **{f"gk.td{n}": "TD" for n in range(5)},
        **{f"gk.doan{n}": "TDOAN" for n in range(5)}, **{f"gk.duk{n}": "DUK" for n in range(5)}})
    close(session, writing.city)

    report = judging.start_judging(session=session, level_id=writing.city.id, actor_id=None,
                                   now=utcnow())

    rows = session.execute(select(Assignment.essay_id, Assignment.judge_id)).all()
    assert report.coded == 1546
    assert report.unassigned == []
    assert set(Counter(r.essay_id for r in rows).values()) == {2}
    load = Counter(r.judge_id for r in rows)
    assert sum(load.values()) == 3092
    assert max(load.values()) <= 300  # the competition's cap
    assert len(load) == len(judges)
