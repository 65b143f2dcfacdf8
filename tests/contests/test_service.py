"""Contest and round rules without HTTP: locking, overrides, frozen units, validation."""

from datetime import UTC, datetime, timedelta

import pytest

from backend.clock import utcnow
from backend.contests import queries, service
from backend.contests.models import Round, round_status
from backend.errors import Conflict, InvalidInput
from backend.units import service as units
from tests.contests.conftest import RULES_LOCKED, UNITS_LOCKED, add_contestant, audit_entries
from tests.factories import make_round


def rules(**changes) -> service.RoundRules:
    values = {"name": "Tuần 2", "opens_at": datetime(2026, 12, 7, 3, 0, tzinfo=UTC),
              "closes_at": datetime(2026, 12, 14, 2, 0, tzinfo=UTC), "question_count": 10,
              "time_limit_seconds": 900, "max_attempts": 3, "prediction_prompt": None,
              "quotas": []}
    return service.RoundRules(**{**values, **changes})


def change_rules_text(session, contest, reason: str = ""):
    return service.update_contest(
        session=session, contest=contest, title=contest.title, rules_text="Thể lệ mới.",
        requires_id_number=contest.requires_id_number, is_published=True, actor_id=None,
        now=utcnow(), override_reason=reason)


def test_rules_change_freely_before_anyone_has_taken_the_contest(session, contest):
    change_rules_text(session, contest)

    assert contest.rules_text == "Thể lệ mới."


def test_contest_rules_are_locked_once_someone_has_started(session, contest, started):
    with pytest.raises(Conflict) as refused:
        change_rules_text(session, contest, reason="ngắn")

    assert refused.value.message == RULES_LOCKED
    assert refused.value.code == "rules_locked"
    session.rollback()
    assert contest.rules_text == "Mỗi người được thi tối đa 3 lượt mỗi tuần."


def test_a_locked_contest_still_takes_a_new_title_without_a_reason(session, contest, started):
    service.update_contest(session=session, contest=contest, title="Tên mới của cuộc thi",
                           rules_text=contest.rules_text, requires_id_number=False,
                           is_published=False, actor_id=None, now=utcnow())

    assert (contest.title, contest.is_published) == ("Tên mới của cuộc thi", False)


def test_an_override_with_a_reason_changes_the_rules_and_is_audited(session, database, contest,
                                                                     started):
    change_rules_text(session, contest, reason="Sửa lỗi chính tả trong thể lệ đã ban hành")

    assert contest.rules_text == "Thể lệ mới."
    entry = audit_entries(database, "contest.update")[-1]
    assert entry.details["reason"] == "Sửa lỗi chính tả trong thể lệ đã ban hành"
    assert entry.details["before"]["rules_text"] == "Mỗi người được thi tối đa 3 lượt mỗi tuần."


def test_round_rules_are_locked_once_the_round_has_attempts(session, round_, started):
    with pytest.raises(Conflict) as refused:
        service.update_round(session=session, round_=round_, rules=rules(), actor_id=None,
                             now=utcnow())

    assert refused.value.code == "rules_locked"
    session.rollback()
    assert session.get(Round, round_.id).question_count == 5


def test_a_round_override_keeps_the_reason_and_the_before_and_after(session, database, round_,
                                                                      started):
    service.update_round(session=session, round_=round_, rules=rules(question_count=8),
                         override_reason="Bổ sung thời gian do sự cố mạng", actor_id=None,
                         now=utcnow())

    entry = audit_entries(database, "round.update")[-1]
    assert (entry.details["before"]["question_count"], entry.details["after"]["question_count"],
            entry.details["reason"]) == (5, 8, "Bổ sung thời gian do sự cố mạng")
    assert round_.rules_version == 2


def test_refreshing_units_is_refused_once_attempts_exist(session, contest, started):
    with pytest.raises(Conflict) as refused:
        service.refresh_units(session=session, contest=contest, scope_unit_ids=[],
                              actor_id=None, now=utcnow())

    assert refused.value.message == UNITS_LOCKED


def test_refreshing_units_before_attempts_takes_the_tree_as_it_is_now(session, contest, tree):
    units.retire_unit(session=session, unit=tree["Q3"], actor_id=None, now=utcnow())

    count = service.refresh_units(session=session, contest=contest, scope_unit_ids=[],
                                  actor_id=None, now=utcnow())

    assert count == 6
    names = {u.name for u in service.contest_units(session=session, contest_id=contest.id)}
    assert "Quận 3" not in names


def test_frozen_units_keep_their_2023_names_and_headcounts_after_the_tree_changes(
        session, contest, tree):
    units.rename_unit(session=session, unit=tree["Q1"], name="Phường Sài Gòn",
                      kind=tree["Q1"].kind, actor_id=None, now=utcnow())
    units.set_headcount(session=session, unit=tree["Q1"], headcount=9000, actor_id=None,
                        now=utcnow())
    units.retire_unit(session=session, unit=tree["Q3"], actor_id=None, now=utcnow())

    frozen = {u.code: (u.name, u.headcount)
              for u in queries.frozen_units(session=session, contest_id=contest.id)}

    assert frozen["Q1"] == ("Quận 1", 2400)
    assert frozen["Q3"] == ("Quận 3", 2100)
    assert frozen["Q3-VTS"] == ("Phường Võ Thị Sáu", 150)


def test_frozen_units_come_parents_first_in_natural_order(session, contest):
    frozen = [u.code for u in queries.frozen_units(session=session, contest_id=contest.id)]

    assert frozen == ["HCM", "Q1", "Q1-BN", "Q1-BT", "Q3", "Q3-VTS", "TDOAN", "TD"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"closes_at": datetime(2026, 12, 7, 3, 0, tzinfo=UTC)},
     "Thời điểm đóng phải sau thời điểm mở."),
    ({"name": "  "}, "Tên tuần thi không được để trống."),
    ({"question_count": 0}, "Số câu hỏi mỗi đề phải từ 1 đến 100."),
    ({"time_limit_seconds": 20}, "Thời gian làm bài phải từ 30 giây đến 24 giờ."),
    ({"max_attempts": 0},
     "Số lượt thi tối đa phải từ 1 trở lên (để trống là không giới hạn)."),
    ({"quotas": [("Dân vận", "de", 4), ("Pháp luật", "kho", 4)]},
     "Tổng số câu theo cơ cấu đề (8) phải bằng số câu hỏi mỗi đề (10)."),
    ({"quotas": [("Dân vận", "de", 5), ("dan van", "de", 5)]},
     "Cơ cấu đề bị lặp chủ đề và mức độ."),
])
def test_a_round_with_broken_rules_is_refused(session, contest, changes, message):
    with pytest.raises(InvalidInput) as refused:
        service.add_round(session=session, contest=contest, rules=rules(**changes),
                          actor_id=None, now=utcnow())

    assert refused.value.message == message


def test_rounds_are_numbered_in_order(session, contest, round_):
    added = service.add_round(session=session, contest=contest, rules=rules(), actor_id=None,
                              now=utcnow())

    assert (round_.number, added.number) == (1, 2)


def test_round_status_is_computed_from_the_clock(session, contest):
    now = utcnow()
    made = make_round(session, contest, opens_at=now + timedelta(hours=1),
                      closes_at=now + timedelta(days=1))

    assert [round_status(made, moment).label for moment in (
        now, now + timedelta(hours=1), now + timedelta(days=1))] == [
        "Chưa mở", "Đang mở", "Đã đóng"]


def test_subtrees_are_chosen_by_code_or_from_the_tree(session, tree):
    chosen = service.chosen_scope(session=session, codes=["q3", " TDOAN "],
                                  unit_ids=[tree["Q1"].id])

    assert chosen == [tree["Q1"].id, tree["Q3"].id, tree["TDOAN"].id]


def test_unknown_unit_codes_are_named_in_the_refusal(session, tree):
    with pytest.raises(InvalidInput) as refused:
        service.chosen_scope(session=session, codes=["Q1", "Q99", "HN"], unit_ids=[])

    assert refused.value.message == ("Không có đơn vị mang mã “Q99”, “HN” trong cây đơn vị; "
                                     "hãy kiểm tra lại mã.")


def test_choosing_no_unit_at_all_is_refused(session, tree):
    with pytest.raises(InvalidInput) as refused:
        service.chosen_scope(session=session, codes=[], unit_ids=[])

    assert refused.value.message == ("Hãy chọn ít nhất một đơn vị tham gia, hoặc chọn toàn bộ "
                                      "cây đơn vị.")


def test_question_counts_per_topic_and_difficulty_show_what_quotas_can_draw(session, contest):
    strata = queries.question_strata(session=session, contest_id=contest.id)

    assert sum(s.count for s in strata) == 30
    assert queries.available(strata, "dan van", "") == 10
    assert queries.available(strata, "Dân vận", "de") + queries.available(
        strata, "Dân vận", "trung_binh") + queries.available(strata, "Dân vận", "kho") == 10


def test_quota_warnings_say_where_the_bank_falls_short(session, contest):
    strata = queries.question_strata(session=session, contest_id=contest.id)

    warnings = queries.quota_warnings(strata, 40, [("Lịch sử", "kho", 11),
                                                   ("Pháp luật", "", 29)])

    assert warnings == [
        "Ngân hàng chỉ có 30 câu đang sử dụng, ít hơn 40 câu mỗi lượt thi.",
        "Chủ đề “Lịch sử”, khó: cần 11 câu nhưng chỉ có 10 câu đang sử dụng.",
        "Chủ đề “Pháp luật”, mọi mức độ: cần 29 câu nhưng chỉ có 10 câu đang sử dụng.",
    ]


def test_contest_summaries_count_rounds_open_rounds_and_contestants(session, contest, round_,
                                                                    tree):
    add_contestant(session, contest, tree["Q1-BN"])
    add_contestant(session, contest, tree["TD"])

    summary = queries.contest_summaries(session=session, now=utcnow())[0]

    assert (len(summary.rounds), len(summary.open_rounds), summary.contestants) == (1, 1, 2)
