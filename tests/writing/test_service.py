"""Setting up a writing competition: levels, quotas, rubric, prize tiers and the panel."""

from datetime import timedelta

import pytest

from backend.clock import utcnow
from backend.errors import Conflict, InvalidInput
from backend.writing import service as writing
from backend.writing.models import LevelKind, QuotaKind, Scoring
from tests.factories import make_judge, make_writing_competition


def spec(kind, days, **kwargs):
    now = utcnow()
    return writing.LevelSpec(kind=LevelKind(kind), name=LevelKind(kind).label,
                             opens_at=now + timedelta(days=days - 7),
                             closes_at=now + timedelta(days=days), **kwargs)


def test_a_new_competition_has_its_levels_in_order_and_the_default_rubric(session, tree):
    competition, levels = make_writing_competition(session, kinds=("grassroots", "unit", "city"))

    assert [(lv.position, lv.kind) for lv in levels] == [
        (1, LevelKind.GRASSROOTS), (2, LevelKind.UNIT), (3, LevelKind.CITY)]
    assert [(c.name, c.max_points) for c in writing.rubric_of(
        session=session, competition_id=competition.id)] == [
        ("Nội dung", 50), ("Tính thực tiễn", 20), ("Tính sáng tạo", 15), ("Hình thức", 10),
        ("Minh họa", 5)]
    assert levels[2].scoring is Scoring.BLIND


@pytest.mark.parametrize(("kinds", "message"), [
    (("city",), "ít nhất hai cấp"),
    (("city", "unit"), "Cấp cuối cùng của cuộc thi phải là cấp thành phố."),
    (("unit", "grassroots", "city"), "Cấp cơ sở phải là cấp đầu tiên."),
])
def test_levels_must_lead_from_the_grassroots_up_to_the_city(session, kinds, message):
    with pytest.raises(InvalidInput) as refused:
        writing.create_competition(session=session, title="Cuộc thi viết",
                                   levels=[spec(k, 7 * (i + 1)) for i, k in enumerate(kinds)],
                                   actor_id=None, now=utcnow())

    assert message in refused.value.message


def test_a_level_must_end_after_the_one_below_it(session):
    with pytest.raises(InvalidInput) as refused:
        writing.create_competition(session=session, title="Cuộc thi viết",
                                   levels=[spec("unit", 14), spec("city", 7)],
                                   actor_id=None, now=utcnow())

    assert refused.value.message == "Cấp thành phố phải kết thúc sau Cấp đơn vị."


def test_a_quota_is_a_fixed_number_or_a_share_rounded_up(session):
    _, (first, city) = make_writing_competition(session, quota=("share", 25))

    assert writing.quota_for(city, 10) == 3
    assert writing.quota_for(city, 0) == 0
    city.quota_kind, city.quota_value = QuotaKind.FIXED, 5
    assert writing.quota_for(city, 1000) == 5
    assert writing.quota_for(first, 1000) is None


def test_the_rubric_is_fixed_once_judging_starts(session):
    competition, _ = make_writing_competition(session)
    writing.set_rubric(session=session, competition_id=competition.id,
                       criteria=[("Nội dung", 60), ("Hình thức", 40)], actor_id=None,
                       now=utcnow())
    writing.lock_rubric(session=session, competition=competition, now=utcnow())
    session.commit()

    with pytest.raises(Conflict) as refused:
        writing.set_rubric(session=session, competition_id=competition.id,
                           criteria=[("Nội dung", 100)], actor_id=None, now=utcnow())

    assert refused.value.message == "Việc chấm đã bắt đầu nên thang điểm không thể thay đổi nữa."
    assert [c.max_points for c in writing.rubric_of(
        session=session, competition_id=competition.id)] == [60, 40]


def test_prize_tiers_are_numbered_within_each_block(session, tree):
    _, (_, city) = make_writing_competition(session)
    block = tree["Q1"].block_id

    tiers = writing.set_prize_tiers(
        session=session, level_id=city.id,
        tiers=[("Giải A", 1, None), ("Giải B", 2, None), ("Giải A", 1, block)],
        actor_id=None, now=utcnow())

    assert [(t.name, t.position, t.block_key) for t in tiers] == [
        ("Giải A", 1, 0), ("Giải B", 2, 0), ("Giải A", 1, block)]


def test_only_judge_accounts_join_the_panel_and_only_once(session, settings, tree):
    competition, _ = make_writing_competition(session)
    judge = make_judge(session, settings, competition, username="gk1", unit=tree["Q1"])

    with pytest.raises(Conflict):
        writing.add_judge(session=session, competition_id=competition.id,
                          user_id=judge.user_id, unit_id=None, block_id=None, cap=None,
                          actor_id=None, now=utcnow())

    assert judge.unit_id == tree["Q1"].id
