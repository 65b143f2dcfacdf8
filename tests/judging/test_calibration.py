"""Calibration essays scored by the whole panel, and each judge's severity from them and from
the regular essays."""

import pytest
from sqlmodel import select

from backend.clock import utcnow
from backend.errors import Conflict, InvalidInput
from backend.judging import calibration
from backend.judging.models import Assignment, AssignmentKind, BlindCode
from tests.factories import make_judge
from tests.judging.results_factories import assign, blind_level, coded, judged, panel, score


def test_opening_calibration_marks_the_essays_and_assigns_every_judge_but_their_own_unit(
        session, settings, tree):
    competition, level = blind_level(session)
    judges = panel(session, settings, competition, 3)
    own = make_judge(session, settings, competition, username="giamkhao.q1", unit=tree["Q1"])
    essay = coded(session, competition, level, tree["Q1-BN"], n=1)
    other = coded(session, competition, level, tree["TDOAN"], n=2)  # another block

    made = calibration.open_calibration(session=session, level_id=level.id,
                                        essay_ids=[essay.id, other.id], actor_id=None,
                                        now=utcnow())

    assignments = session.exec(select(Assignment).where(
        Assignment.kind == AssignmentKind.CALIBRATION)).all()
    assert made == 7
    assert {(a.essay_id, a.judge_id) for a in assignments} == {
        *((essay.id, j.id) for j in judges), *((other.id, j.id) for j in [*judges, own])}
    assert all(c.calibration for c in session.exec(select(BlindCode)))


def test_calibration_is_refused_once_regular_scoring_has_begun(session, settings, tree):
    competition, level = blind_level(session)
    judges = panel(session, settings, competition, 2)
    essay = coded(session, competition, level, tree["Q1"], n=1)
    other = coded(session, competition, level, tree["Q3"], n=2)
    judged(session, competition, level, essay, judges, [70, None])

    with pytest.raises(Conflict) as refused:
        calibration.open_calibration(session=session, level_id=level.id, essay_ids=[other.id],
                                     actor_id=None, now=utcnow())

    assert refused.value.message == ("Giám khảo đã bắt đầu chấm chính thức nên không thể mở "
                                     "chấm thử nữa.")


def test_an_essay_without_a_code_cannot_be_a_calibration_essay(session, settings, tree):
    competition, level = blind_level(session)
    panel(session, settings, competition, 2)

    with pytest.raises(InvalidInput) as refused:
        calibration.open_calibration(session=session, level_id=level.id, essay_ids=[999],
                                     actor_id=None, now=utcnow())

    assert refused.value.message == "1 bài được chọn chưa có mã phách ở cấp thi này."


def test_severity_is_each_judges_mean_difference_from_the_panel(session, settings, tree):
    competition, level = blind_level(session)
    a, b, c = panel(session, settings, competition, 3)
    first = coded(session, competition, level, tree["TD"], n=1, calibration=True)
    second = coded(session, competition, level, tree["TD"], n=2, calibration=True)
    for essay, totals in ((first, (60, 70, 80)), (second, (66, 72, 72))):
        for judge, total in zip((a, b, c), totals, strict=True):
            score(session, assign(session, level, essay, judge, AssignmentKind.CALIBRATION),
                  total)
    regular = coded(session, competition, level, tree["Q1"], n=3)
    judged(session, competition, level, regular, [a, b], [71, 75])

    table = {row.full_name: row.severity for row in calibration.severity_table(
        session=session, level_id=level.id)}

    # a: calibration -10 and -4 (panel means 70 and 70), regular -4: offset -6.
    names = {j.id: n for n, j in zip(("a", "b", "c"), (a, b, c), strict=True)}
    by_judge = {names[s.judge_id]: s for s in table.values()}
    assert (by_judge["a"].calibration_essays, by_judge["a"].calibration_offset,
            by_judge["a"].regular_essays, by_judge["a"].regular_offset,
            by_judge["a"].offset, by_judge["a"].wording) == (2, -7.0, 1, -4.0, -6.0,
                                                             "chấm chặt")
    assert (by_judge["b"].calibration_offset, by_judge["b"].regular_offset,
            by_judge["b"].offset, by_judge["b"].wording) == (1.0, 4.0, 2.0, "chấm rộng")
    assert (by_judge["c"].calibration_offset, by_judge["c"].regular_essays,
            by_judge["c"].offset, by_judge["c"].wording) == (6.0, 0, 6.0, "chấm rộng")
    assert list(table) == [f"Người dùng giamkhao{n}" for n in (1, 2, 3)]  # harshest first


def test_a_judge_with_nothing_to_compare_reads_as_having_no_figures(session, settings, tree):
    competition, level = blind_level(session)
    panel(session, settings, competition, 2)

    rows = calibration.severity_table(session=session, level_id=level.id)

    assert [(r.severity.essays, r.severity.offset, r.severity.wording) for r in rows] == [
        (0, 0.0, "chưa có số liệu")] * 2
