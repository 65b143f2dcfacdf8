"""Organisers move an essay from one judge to another eligible one, with a reason that the
audit log keeps; a judge who has scored keeps their records and is replaced only on purpose."""

import pytest
from sqlmodel import select

from backend.audit.models import AuditEntry
from backend.clock import utcnow
from backend.errors import Conflict, InvalidInput
from backend.judging import manual
from backend.judging import service as judging
from backend.judging.models import Assignment, AssignmentKind, BlindCode, ScoreRecord
from tests.judging.conftest import close, essays_of, forward, judges_of
from tests.judging.test_scoring import CLOSE, points


@pytest.fixture
def started(session, settings, writing, tree):
    essay, = essays_of(session, writing, tree, {"Q1-BN": 1})
    judges = judges_of(session, settings, writing, tree, {
        "gk.duk": "DUK", "gk.doan": "TDOAN", "gk.duk2": "DUK-CB", "gk.q3": "Q3"})
    forward(session, writing.city, [essay])
    close(session, writing.city)
    judging.start_judging(session=session, level_id=writing.city.id, actor_id=None,
                          now=utcnow())
    first = session.exec(select(Assignment).where(
        Assignment.judge_id == judges["gk.duk"].id)).one()
    return first, judges


def reassign(session, assignment, judge, reason="Giám khảo bận công tác", **kwargs):
    return manual.reassign(session=session, assignment_id=assignment.id, judge_id=judge.id,
                            reason=reason, actor_id=None, now=utcnow(), **kwargs)


def test_reassigning_revokes_with_the_reason_and_gives_the_same_place(session, started):
    first, judges = started

    new = reassign(session, first, judges["gk.duk2"])

    session.refresh(first)
    assert first.revoked_reason == "Giám khảo bận công tác"
    assert (new.kind, new.judge_id, new.revoked_at) == (first.kind, judges["gk.duk2"].id, None)
    logged = session.exec(select(AuditEntry).where(AuditEntry.action == "judging.reassign")).one()
    assert logged.details["reason"] == "Giám khảo bận công tác"


def test_a_judge_of_the_essays_block_cannot_take_it(session, started):
    first, judges = started

    with pytest.raises(InvalidInput) as refused:
        reassign(session, first, judges["gk.q3"])

    assert "cùng đơn vị hoặc cùng khối" in refused.value.message


def test_a_reason_is_required(session, started):
    first, judges = started

    with pytest.raises(InvalidInput) as refused:
        reassign(session, first, judges["gk.duk2"], reason="  ")

    assert refused.value.message == "Hãy ghi lý do đổi giám khảo."


def test_a_judge_who_scored_is_replaced_only_when_the_organiser_confirms(session, writing,
                                                                         started):
    first, judges = started
    judging.record_score(session=session, assignment_id=first.id,
                         judge_user_id=judges["gk.duk"].user_id,
                         points=points(session, writing, CLOSE), reason="", now=utcnow())

    with pytest.raises(Conflict) as refused:
        reassign(session, first, judges["gk.duk2"])
    new = reassign(session, first, judges["gk.duk2"], despite_scores=True)

    assert "đã chấm bài" in refused.value.message
    assert new.judge_id == judges["gk.duk2"].id
    assert [r.assignment_id for r in session.exec(select(ScoreRecord))] == [first.id]


def place(session, writing, code, kind, judge, reason="Hai điểm chênh nhiều"):
    return manual.assign_place(session=session, level_id=writing.city.id, code=code, kind=kind,
                               judge_id=judge.id, reason=reason, actor_id=None, now=utcnow())


def test_an_empty_place_is_given_by_hand_under_the_same_rules(session, settings, writing,
                                                              tree):
    essay, = essays_of(session, writing, tree, {"Q1-BN": 1})
    judges = judges_of(session, settings, writing, tree, {"gk.duk": "DUK", "gk.q3": "Q3"})
    forward(session, writing.city, [essay])
    close(session, writing.city)
    judging.start_judging(session=session, level_id=writing.city.id, actor_id=None,
                          now=utcnow())
    code = session.exec(select(BlindCode.code)).one()
    doan = judges_of(session, settings, writing, tree, {"gk.doan": "TDOAN"})["gk.doan"]

    with pytest.raises(InvalidInput) as own_block:
        place(session, writing, code, AssignmentKind.SECOND, judges["gk.q3"])
    with pytest.raises(Conflict) as early_third:
        place(session, writing, code, AssignmentKind.THIRD, doan)
    given = place(session, writing, code.lower(), AssignmentKind.SECOND, doan)

    assert "cùng đơn vị hoặc cùng khối" in own_block.value.message
    assert early_third.value.message == (f"Bài {code} chưa đủ hai giám khảo; chỉ mời giám khảo "
                                         "thứ ba sau đó.")
    assert (given.kind, given.judge_id, given.assigned_by) == (AssignmentKind.SECOND, doan.id,
                                                               None)
    with pytest.raises(Conflict) as taken:
        place(session, writing, code, AssignmentKind.SECOND, doan)
    assert "đã có giám khảo 2" in taken.value.message


def test_a_third_judge_given_by_hand_must_be_of_another_block(session, settings, writing,
                                                              tree, started):
    code = session.exec(select(BlindCode.code)).one()  # judged by gk.duk and gk.doan
    other_party = judges_of(session, settings, writing, tree, {"gk.duk3": "DUK"})["gk.duk3"]

    with pytest.raises(InvalidInput) as refused:
        place(session, writing, code, AssignmentKind.THIRD, other_party)

    assert refused.value.message == ("Giám khảo thứ ba phải thuộc khối khác với hai giám khảo "
                                     "đã chấm.")
