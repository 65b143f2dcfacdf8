"""Locking scores, unlocking with a reason, "ráp phách" only after the lock, and the results
rows: codes only before, authors, units and blocks after."""

import pytest
from sqlmodel import select

from backend.audit.models import AuditEntry
from backend.clock import utcnow
from backend.errors import Conflict, InvalidInput
from backend.judging import reveal
from backend.writing import service as writing
from tests.judging.results_factories import blind_level, coded, judged, panel


@pytest.fixture
def level_with_scores(session, settings, tree):
    competition, level = blind_level(session)
    judges = panel(session, settings, competition, 3)
    essays = [coded(session, competition, level, tree["Q1-BN"], n=1,
                    full_name="Nguyễn Thị Lan"),
              coded(session, competition, level, tree["TDOAN"], n=2,
                    full_name="Trần Văn Hùng")]
    judged(session, competition, level, essays[0], judges[:2], [80, 84])
    judged(session, competition, level, essays[1], judges[:2], [70, 72])
    writing.set_prize_tiers(session=session, level_id=level.id, tiers=[("Giải A", 1, None)],
                            actor_id=None, now=utcnow())
    return competition, level, judges, essays


def test_lock_is_refused_while_scores_are_missing_or_a_third_judge_pending(session, settings,
                                                                          tree):
    competition, level = blind_level(session)
    judges = panel(session, settings, competition, 3)
    one = coded(session, competition, level, tree["Q1"], n=1)
    two = coded(session, competition, level, tree["Q3"], n=2)
    judged(session, competition, level, one, judges[:2], [80, None])
    judged(session, competition, level, two, judges, [50, 90, None])

    with pytest.raises(Conflict) as refused:
        reveal.lock_scores(session=session, level_id=level.id, actor_id=None, now=utcnow())

    assert refused.value.message == ("Chưa thể khóa điểm: còn 1 bài chưa đủ điểm và 1 bài đang "
                                     "chờ giám khảo thứ ba. Hãy chờ giám khảo chấm xong rồi "
                                     "khóa lại.")
    session.expire_all()
    assert writing.get_level(session=session, level_id=level.id).scores_locked_at is None


def test_lock_aggregates_and_records_who_locked(session, level_with_scores, organiser):
    level = level_with_scores[1]
    now = utcnow()

    summary = reveal.lock_scores(session=session, level_id=level.id, actor_id=organiser.id,
                                 now=now)

    session.expire_all()
    stored = writing.get_level(session=session, level_id=level.id)
    assert (stored.scores_locked_at, stored.scores_locked_by) == (now, organiser.id)
    assert (summary.ranked, [(p.name, p.given) for p in summary.prizes]) == (
        2, [("Giải A", 1)])
    with pytest.raises(Conflict):
        reveal.lock_scores(session=session, level_id=level.id, actor_id=None, now=now)


def test_reveal_is_refused_before_the_lock(session, level_with_scores):
    _, level, _, _ = level_with_scores

    with pytest.raises(Conflict) as refused:
        reveal.reveal_identities(session=session, level_id=level.id, actor_id=None,
                                 now=utcnow())

    assert refused.value.message == "Chỉ ráp phách sau khi đã khóa điểm. Hãy khóa điểm trước."


def test_unlock_needs_a_reason_and_is_refused_after_reveal(session, level_with_scores):
    _, level, _, _ = level_with_scores
    reveal.lock_scores(session=session, level_id=level.id, actor_id=None, now=utcnow())

    with pytest.raises(InvalidInput):
        reveal.unlock_scores(session=session, level_id=level.id, reason="  ", actor_id=None,
                             now=utcnow())
    reveal.unlock_scores(session=session, level_id=level.id, reason="Giám khảo 2 nhập nhầm",
                         actor_id=None, now=utcnow())
    reveal.lock_scores(session=session, level_id=level.id, actor_id=None, now=utcnow())
    reveal.reveal_identities(session=session, level_id=level.id, actor_id=None, now=utcnow())
    with pytest.raises(Conflict) as refused:
        reveal.unlock_scores(session=session, level_id=level.id, reason="Sửa điểm",
                             actor_id=None, now=utcnow())

    assert refused.value.message == "Đã ráp phách nên không thể mở khóa điểm nữa."
    actions = session.exec(select(AuditEntry.action).where(
        AuditEntry.action.startswith("writing.s") | (AuditEntry.action == "writing.reveal")
    ).order_by(AuditEntry.id)).all()
    assert actions == ["writing.scores_lock", "writing.scores_unlock", "writing.scores_lock",
                       "writing.reveal"]


def test_results_show_codes_only_before_reveal_and_identities_after(session, level_with_scores):
    level = level_with_scores[1]
    reveal.lock_scores(session=session, level_id=level.id, actor_id=None, now=utcnow())

    before = reveal.level_results(session=session, level_id=level.id, reveal=False)
    with pytest.raises(Conflict):
        reveal.level_results(session=session, level_id=level.id, reveal=True)
    reveal.reveal_identities(session=session, level_id=level.id, actor_id=None, now=utcnow())
    after = reveal.level_results(session=session, level_id=level.id, reveal=True)

    assert [(r.code, r.score, r.rank, r.prize, r.author_name, r.unit_name, r.block_name)
            for r in before] == [("MP-0001", 82.0, 1, "Giải A", None, None, None),
                                 ("MP-0002", 71.0, 2, None, None, None, None)]
    assert [(r.author_name, r.unit_name, r.block_name) for r in after] == [
        ("Nguyễn Thị Lan", "Phường Bến Nghé", "Khối Quận, huyện"),
        ("Trần Văn Hùng", "Thành Đoàn", "Khối Mặt trận, đoàn thể")]
    assert [(m.kind_label, m.total) for m in after[0].marks] == [
        ("Giám khảo 1", 80), ("Giám khảo 2", 84)]
