"""Judges score by the rubric: only their own essays, every criterion within its maximum in
half points, every change a new record with a reason, nothing after the scores are locked;
two scores apart beyond the thresholds bring in a third judge from another block."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlmodel import select

from backend.audit.models import AuditEntry
from backend.clock import utcnow
from backend.errors import Conflict, InvalidInput, NotFound
from backend.judging import service as judging
from backend.judging.models import Assignment, AssignmentKind, ScoreRecord
from tests.judging.conftest import close, essays_of, forward, judges_of

CLOSE = (40, 15, 10, 8, 4)  # 77
APART = (25, 10, 8, 6, 3)  # 52: 25 below, beyond the 15-point gap
ONE_CRITERION = (19, 20, 15, 10, 5)  # 69: totals 8 apart, Nội dung 21 apart (over 40% of 50)


@pytest.fixture
def panel(session, settings, writing, tree):
    """One essay of Phường Bến Nghé (district block), judged by the two party-block judges;
    the Thành Đoàn judge (front block) is left for a third."""
    essay, = essays_of(session, writing, tree, {"Q1-BN": 1})
    judges = judges_of(session, settings, writing, tree, {
        "gk.duk": "DUK", "gk.duk2": "DUK-CB", "gk.doan": "TDOAN"})
    forward(session, writing.city, [essay])
    close(session, writing.city)
    judging.start_judging(session=session, level_id=writing.city.id, actor_id=None,
                          now=utcnow())
    return essay, judges


def points(session, writing, values) -> dict[int, float]:
    criteria = judging.criteria_of(session=session, competition_id=writing.competition.id)
    return {c.id: v for c, v in zip(criteria, values, strict=True)}


def assignment_of(session, judge, kind=None) -> Assignment:
    query = select(Assignment).where(Assignment.judge_id == judge.id,
                                     Assignment.revoked_at.is_(None))
    return session.exec(query).one()


def score(session, writing, judge, values, reason=""):
    return judging.record_score(session=session, assignment_id=assignment_of(session, judge).id,
                                judge_user_id=judge.user_id,
                                points=points(session, writing, values), reason=reason,
                                now=utcnow())


def thirds(session, essay):
    return list(session.exec(select(Assignment).where(
        Assignment.essay_id == essay.id, Assignment.kind == AssignmentKind.THIRD)))


def test_a_first_score_needs_no_reason_and_totals_the_criteria(session, writing, panel):
    _, judges = panel

    outcome = score(session, writing, judges["gk.duk"], (40, 15, 10, 7.5, 4))

    assert outcome.record.total == 76.5
    assert outcome.record.reason == ""
    assert sorted(outcome.record.points.values()) == [4, 7.5, 10, 15, 40]


def test_a_change_needs_a_reason_and_is_a_new_record(session, writing, panel):
    _, judges = panel
    first = score(session, writing, judges["gk.duk"], CLOSE).record

    with pytest.raises(InvalidInput) as refused:
        score(session, writing, judges["gk.duk"], (41, 15, 10, 8, 4))
    changed = score(session, writing, judges["gk.duk"], (41, 15, 10, 8, 4),
                    reason="Đọc lại phần giải pháp").record

    assert refused.value.message.startswith("Hãy ghi lý do sửa điểm")
    records = session.exec(select(ScoreRecord).order_by(ScoreRecord.id)).all()
    assert [(r.id, r.total, r.reason) for r in records] == [
        (first.id, 77, ""), (changed.id, 78, "Đọc lại phần giải pháp")]


@pytest.mark.parametrize(("values", "message"), [
    ((51, 15, 10, 8, 4), "Điểm tiêu chí “Nội dung” phải từ 0 đến 50"),
    ((40, 15.3, 10, 8, 4), "Điểm tiêu chí “Tính thực tiễn” phải từ 0 đến 20"),
    ((40, 15, -1, 8, 4), "Điểm tiêu chí “Tính sáng tạo” phải từ 0 đến 15"),
    ((40, 15, 10, 8, None), "Hãy cho điểm tiêu chí “Minh họa”."),
])
def test_each_criterion_is_scored_within_its_maximum_in_half_points(session, writing, panel,
                                                                     values, message):
    _, judges = panel

    with pytest.raises(InvalidInput) as refused:
        score(session, writing, judges["gk.duk"], values)

    assert refused.value.message.startswith(message)
    assert session.exec(select(ScoreRecord)).all() == []


def test_only_the_assigned_judge_may_score(session, writing, panel):
    _, judges = panel
    theirs = assignment_of(session, judges["gk.duk"])

    with pytest.raises(NotFound) as refused:
        judging.record_score(session=session, assignment_id=theirs.id,
                             judge_user_id=judges["gk.doan"].user_id,
                             points=points(session, writing, CLOSE), reason="", now=utcnow())

    assert refused.value.message == judging.NOT_YOURS
    assert session.exec(select(ScoreRecord)).all() == []


def test_scoring_after_the_scores_are_locked_is_refused(session, writing, panel):
    _, judges = panel
    writing.city.scores_locked_at = utcnow() - timedelta(minutes=1)
    session.add(writing.city)
    session.commit()

    with pytest.raises(Conflict) as refused:
        score(session, writing, judges["gk.duk"], CLOSE)

    assert refused.value.message == ("Điểm của Cấp thành phố đã khóa; không thể chấm, sửa "
                                     "điểm hay đổi giám khảo nữa.")


def test_scores_apart_beyond_the_gap_bring_a_third_judge_from_another_block(session, writing,
                                                                            panel):
    essay, judges = panel
    score(session, writing, judges["gk.duk"], CLOSE)

    outcome = score(session, writing, judges["gk.duk2"], APART)

    assert outcome.third is not None
    assert [(t.judge_id, t.assigned_by) for t in thirds(session, essay)] == [
        (judges["gk.doan"].id, None)]
    logged = session.exec(select(AuditEntry).where(
        AuditEntry.action == "judging.third_called")).one()
    assert logged.details["why"] == "tổng điểm chênh 25 điểm, quá ngưỡng 15 điểm"


def test_a_small_disagreement_calls_no_third_judge(session, writing, panel):
    essay, judges = panel
    score(session, writing, judges["gk.duk"], CLOSE)

    outcome = score(session, writing, judges["gk.duk2"], (35, 14, 10, 8, 4))

    assert outcome.third is None
    assert outcome.third_missing == ""
    assert thirds(session, essay) == []


def test_one_criterion_far_apart_calls_a_third_judge_though_totals_agree(session, writing,
                                                                         panel):
    essay, judges = panel
    score(session, writing, judges["gk.duk"], CLOSE)

    score(session, writing, judges["gk.duk2"], ONE_CRITERION)

    assert len(thirds(session, essay)) == 1
    logged = session.exec(select(AuditEntry).where(
        AuditEntry.action == "judging.third_called")).one()
    assert logged.details["why"] == "tiêu chí “Nội dung” chênh 21 điểm, quá 40% của 50 điểm"


def test_an_essay_gets_one_third_judge_however_often_scores_change(session, writing, panel):
    essay, judges = panel
    score(session, writing, judges["gk.duk"], CLOSE)
    score(session, writing, judges["gk.duk2"], APART)

    score(session, writing, judges["gk.duk"], (45, 18, 12, 9, 5), reason="Chấm lại")
    score(session, writing, judges["gk.duk2"], (20, 8, 8, 6, 3), reason="Chấm lại")

    assert len(thirds(session, essay)) == 1


def test_without_a_judge_of_another_block_the_score_stands_and_the_gap_is_noted(
        session, settings, writing, tree):
    essay, = essays_of(session, writing, tree, {"Q1-BN": 1})
    judges = judges_of(session, settings, writing, tree, {"gk.duk": "DUK", "gk.doan": "TDOAN"})
    judges_of(session, settings, writing, tree, {"gk.q3": "Q3"})  # the essay's own block
    forward(session, writing.city, [essay])
    close(session, writing.city)
    judging.start_judging(session=session, level_id=writing.city.id, actor_id=None,
                          now=utcnow())
    score(session, writing, judges["gk.duk"], CLOSE)

    outcome = score(session, writing, judges["gk.doan"], APART)

    assert outcome.record.id is not None
    assert outcome.third is None
    assert outcome.third_missing.startswith("cần giám khảo thứ ba (tổng điểm chênh 25 điểm")
    assert len(session.exec(select(ScoreRecord)).all()) == 2
    assert session.exec(select(AuditEntry).where(
        AuditEntry.action == "judging.third_missing")).one().details["essay_id"] == essay.id


def test_two_judges_changing_scores_at_once_call_one_third_judge(session, settings, database,
                                                                  writing, tree, panel):
    essay, judges = panel
    judges_of(session, settings, writing, tree, {"gk.doan2": "TDOAN"})  # two could be third
    score(session, writing, judges["gk.duk"], CLOSE)
    score(session, writing, judges["gk.duk2"], CLOSE)
    changes = {"gk.duk": APART, "gk.duk2": (24, 10, 8, 6, 3)}
    ready = threading.Barrier(2)

    def change(name: str) -> None:
        with database.scope() as own:
            judge = own.get(type(judges[name]), judges[name].id)
            values = points(own, writing, changes[name])
            mine = assignment_of(own, judge).id
            own.commit()
            ready.wait()
            judging.record_score(session=own, assignment_id=mine, judge_user_id=judge.user_id,
                                 points=values, reason="Chấm lại", now=utcnow())

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(change, changes))

    session.expire_all()
    assert len(thirds(session, essay)) == 1
    assert len(session.exec(select(ScoreRecord)).all()) == 4


def test_a_withdrawn_essay_can_no_longer_be_scored(session, writing, panel):
    essay, judges = panel
    essay.withdrawn_at = utcnow()
    session.add(essay)
    session.commit()

    with pytest.raises(NotFound):
        score(session, writing, judges["gk.duk"], CLOSE)
