"""Starting blind judging: codes, the rubric fixed, two judges per essay from outside its unit
and block, loads balanced under caps, and what could not be assigned, by code."""

from collections import Counter

import pytest
from sqlmodel import select

from backend.clock import utcnow
from backend.errors import Conflict
from backend.judging import codes, queries
from backend.judging import service as judging
from backend.judging.models import Assignment, AssignmentKind, BlindCode
from backend.units.models import Unit
from backend.writing import service as writing_service
from tests.factories import make_writing_competition
from tests.judging.conftest import Writing, close, essays_of, forward, judges_of


def started(session, writing_, essays, *, now=None):
    forward(session, writing_.city, essays)
    close(session, writing_.city)
    return judging.start_judging(session=session, level_id=writing_.city.id, actor_id=None,
                                 now=now or utcnow())


def active(session, level):
    return list(session.exec(select(Assignment).where(Assignment.level_id == level.id,
                                                       Assignment.revoked_at.is_(None))))


def block_of_unit(session, unit_id):
    return session.get(Unit, unit_id).block_id


def test_every_essay_gets_a_readable_code_unique_in_the_level(session, settings, writing, tree):
    essays = essays_of(session, writing, tree, {"Q1-BN": 3, "TDOAN": 2})
    judges_of(session, settings, writing, tree, {"gk.duk": "DUK", "gk.q3": "Q3"})

    report = started(session, writing, essays)

    rows = list(session.exec(select(BlindCode).where(BlindCode.level_id == writing.city.id)))
    assert report.coded == 5
    assert sorted(r.essay_id for r in rows) == sorted(e.id for e in essays)
    assert len({r.code for r in rows}) == 5
    assert all(codes.is_code(r.code) for r in rows)


def test_only_signed_forwarded_essays_not_withdrawn_enter_a_later_level(session, writing,
                                                                        tree):
    kept, withdrawn, unsigned = essays_of(session, writing, tree, {"Q1-BN": 3})
    forward(session, writing.city, [kept, withdrawn, unsigned])
    withdrawn.withdrawn_at = utcnow()
    session.add(withdrawn)
    session.commit()

    assert queries.essays_in_level(session=session, level=writing.city) == [kept.id, unsigned.id]
    assert queries.essays_in_level(session=session, level=writing.first) == [kept.id,
                                                                             unsigned.id]


def test_a_draft_batch_brings_nothing_into_the_level(session, writing, tree):
    from backend.forwarding.models import BatchStatus, ForwardBatch

    essay, = essays_of(session, writing, tree, {"Q3-VTS": 1})
    forward(session, writing.city, [essay])
    batch = session.exec(select(ForwardBatch)).one()
    batch.status = BatchStatus.DRAFT
    session.add(batch)
    session.commit()

    assert queries.essays_in_level(session=session, level=writing.city) == []


def test_two_judges_per_essay_never_of_its_own_unit_or_block(session, settings, writing, tree,
                                                               blocks):
    essays = essays_of(session, writing, tree, {"Q1-BN": 4, "Q3-VTS": 4, "TDOAN": 3, "DUK": 3})
    judges = judges_of(session, settings, writing, tree, {
        "gk.q1": "Q1", "gk.td": "TD", "gk.doan": "TDOAN", "gk.duk": "DUK-CB", "gk.duk2": "DUK"})
    by_id = {j.id: j for j in judges.values()}

    report = started(session, writing, essays)

    rows = active(session, writing.city)
    assert report.unassigned == []
    assert Counter(r.essay_id for r in rows) == {e.id: 2 for e in essays}
    assert all({r.kind for r in rows if r.essay_id == e.id} == {AssignmentKind.FIRST,
                                                                 AssignmentKind.SECOND}
               for e in essays)
    for row in rows:
        essay = next(e for e in essays if e.id == row.essay_id)
        judge = by_id[row.judge_id]
        assert judge.unit_id != essay.unit_id
        assert block_of_unit(session, judge.unit_id) != block_of_unit(session, essay.unit_id)


def test_without_the_block_rule_only_the_own_unit_line_is_excluded(session, settings, tree):
    competition, (first, city) = make_writing_competition(session, exclude_own_block=False)
    w = Writing(competition, first, city)
    essays = essays_of(session, w, tree, {"Q1-BN": 6})
    judges = judges_of(session, settings, w, tree, {"gk.q1": "Q1", "gk.q3": "Q3", "gk.td": "TD"})

    started(session, w, essays)

    assigned = {r.judge_id for r in active(session, city)}
    assert assigned == {judges["gk.q3"].id, judges["gk.td"].id}


def test_loads_are_balanced_within_one_and_caps_are_honoured(session, settings, writing, tree):
    essays = essays_of(session, writing, tree, {"Q1-BN": 7, "Q3-VTS": 6})
    judges = judges_of(session, settings, writing, tree, {
        "gk.doan": "TDOAN", "gk.duk": "DUK", "gk.duk2": "DUK-CB"})
    capped = judges_of(session, settings, writing, tree, {"gk.duk3": "DUK"}, cap=2)

    started(session, writing, essays)

    load = Counter(r.judge_id for r in active(session, writing.city))
    assert load[capped["gk.duk3"].id] == 2
    uncapped = [load[j.id] for j in judges.values()]
    assert sum(uncapped) == 26 - 2
    assert max(uncapped) - min(uncapped) <= 1


def test_essays_without_an_eligible_judge_are_named_by_code_with_the_reason(session, settings,
                                                                           writing, tree):
    essays = essays_of(session, writing, tree, {"Q1-BN": 2, "TDOAN": 1})
    judges_of(session, settings, writing, tree, {"gk.q3": "Q3", "gk.td": "TD"})

    report = started(session, writing, essays)

    code = session.exec(select(BlindCode.code).where(
        BlindCode.essay_id == essays[0].id)).one()
    messages = report.problems
    assert len(messages) == 4  # the two Quận 1 essays, first and second judge each
    assert (f"Bài {code} chưa có giám khảo 1: không có giám khảo nào ngoài đơn vị và khối "
            "của bài.") in messages
    assert Counter(r.essay_id for r in active(session, writing.city)) == {essays[2].id: 2}


def test_a_judge_at_their_cap_leaves_the_second_place_empty_and_says_so(session, settings,
                                                                         writing, tree):
    essays = essays_of(session, writing, tree, {"Q1-BN": 3})
    judges_of(session, settings, writing, tree, {"gk.duk": "DUK"}, cap=2)
    judges_of(session, settings, writing, tree, {"gk.doan": "TDOAN"})

    report = started(session, writing, essays)

    assert len(report.unassigned) == 1
    assert "đều đã đủ số bài tối đa" in report.unassigned[0].message


def test_starting_again_codes_and_assigns_only_what_is_missing(session, settings, writing,
                                                                tree):
    essays = essays_of(session, writing, tree, {"Q1-BN": 2})
    judges_of(session, settings, writing, tree, {"gk.duk": "DUK"})
    started(session, writing, essays)
    before = {r.essay_id: r.code for r in session.exec(select(BlindCode))}
    judges_of(session, settings, writing, tree, {"gk.doan": "TDOAN"})

    again = judging.start_judging(session=session, level_id=writing.city.id, actor_id=None,
                                  now=utcnow())

    assert {r.essay_id: r.code for r in session.exec(select(BlindCode))} == before
    assert again.coded == 0
    assert again.assigned == 2
    assert Counter(r.essay_id for r in active(session, writing.city)) == {
        essays[0].id: 2, essays[1].id: 2}


def test_judging_starts_only_once_the_level_is_closed(session, settings, writing, tree):
    essays = essays_of(session, writing, tree, {"Q1-BN": 1})
    forward(session, writing.city, essays)

    with pytest.raises(Conflict) as refused:
        judging.start_judging(session=session, level_id=writing.city.id, actor_id=None,
                              now=utcnow())

    assert "vẫn đang nhận bài" in refused.value.message
    assert session.exec(select(BlindCode)).all() == []


def test_a_level_whose_units_enter_scores_is_not_judged_blind(session, writing, tree):
    essays_of(session, writing, tree, {"Q1-BN": 1})
    close(session, writing.first)

    with pytest.raises(Conflict) as refused:
        judging.start_judging(session=session, level_id=writing.first.id, actor_id=None,
                              now=utcnow())

    assert "không chấm kín" in refused.value.message


def test_the_rubric_is_fixed_once_judging_starts(session, settings, writing, tree):
    essays = essays_of(session, writing, tree, {"Q1-BN": 1})
    judges_of(session, settings, writing, tree, {"gk.duk": "DUK", "gk.doan": "TDOAN"})
    started(session, writing, essays)

    with pytest.raises(Conflict) as refused:
        writing_service.set_rubric(session=session, competition_id=writing.competition.id,
                                   criteria=[("Nội dung", 100)], actor_id=None, now=utcnow())

    assert refused.value.message == "Việc chấm đã bắt đầu nên thang điểm không thể thay đổi nữa."
    assert writing_service.rubric_of(session=session,
                                     competition_id=writing.competition.id)[0].max_points == 50
