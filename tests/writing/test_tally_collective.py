"""Collective prizes for units and the figures units report: ranked within each block, ties
sharing a place; reported figures replaced with the old value in the audit log, officers
limited to their subtree."""

import pytest
from sqlalchemy import select

from backend.audit.models import AuditEntry
from backend.clock import utcnow
from backend.errors import Forbidden, InvalidInput, NotFound
from backend.writing import collective, reported
from tests.writing.tally_scene import WritingScene


@pytest.fixture
def scene(session, tree):
    return WritingScene(session, tree)


def rules(session, scene, mode, **kwargs):
    values = {"per_block": 1, "minimum_essays": 0, "count_reported": False, **kwargs}
    return collective.set_rules(session=session, competition_id=scene.competition.id,
                                mode=mode, actor_id=None, now=utcnow(), **values)


def ranked(session, scene):
    return [(r.node.name, r.rank, r.tied, r.prize, r.reason) for r in collective.ranking(
        session=session, competition_id=scene.competition.id)[1]]


def test_most_essays_ranks_within_each_block_and_ties_share_the_prize(session, scene, tree):
    tree["Q3"].headcount = 2520  # with its ward, as many members as Quận 1 with its two
    session.commit()
    scene.essays("Q1-BN", 3)
    scene.essays("Q3", 3)
    scene.essays("TD", 1)
    scene.essays("TDOAN", 2)
    rules(session, scene, "most_essays")

    assert ranked(session, scene) == [
        ("Thành Đoàn", 1, False, "Giải tập thể", ""),
        ("Quận 1", 1, True, "Giải tập thể", ""),
        ("Quận 3", 1, True, "Giải tập thể", ""),
        ("Thành phố Thủ Đức", 3, False, "", "")]


def test_participation_rate_can_count_reported_grassroots_contestants(session, scene, tree):
    scene.essays("Q1", 24)  # 1% of 2,400
    scene.essays("Q3", 42)  # 2% of 2,100
    reported.record_figure(session=session, competition_id=scene.competition.id,
                           target="unit", target_id=tree["Q1"].id,
                           measure="grassroots_contestants", value=96, note="", actor=None,
                           within=None, now=utcnow())
    rules(session, scene, "participation_rate", minimum_essays=10)
    without = ranked(session, scene)
    rules(session, scene, "participation_rate", minimum_essays=10, count_reported=True)

    assert [r[:2] for r in without if r[1]] == [("Quận 3", 1), ("Quận 1", 2)]
    assert [r[:2] for r in ranked(session, scene) if r[1]] == [("Quận 1", 1), ("Quận 3", 2)]
    assert ("Thành phố Thủ Đức", None, False, "", "Không có bài dự thi.") in without
    described = collective.described(collective.rules_of(
        session=session, competition_id=scene.competition.id))
    assert ("xếp trong từng khối: tỷ lệ tham gia cao hơn; bằng nhau thì nhiều bài dự thi hơn; "
            "bằng nhau thì nhiều bài đạt giải hơn xếp trên") in described
    assert "Chỉ xét đơn vị có từ 10 bài trở lên." in described


def test_without_rules_there_are_no_collective_prizes(session, scene):
    with pytest.raises(NotFound):
        collective.ranking(session=session, competition_id=scene.competition.id)
    with pytest.raises(InvalidInput):
        rules(session, scene, "most_people")


def test_a_reported_figure_entered_again_replaces_it_and_logs_the_old_one(session, scene,
                                                                         tree):
    def enter(value):
        return reported.record_figure(
            session=session, competition_id=scene.competition.id, target="unit",
            target_id=tree["Q1-BN"].id, measure="grassroots_essays", value=value,
            note="Báo cáo giấy", actor=None, within=tree["Q1"], now=utcnow())

    enter(40)
    figure = enter(45)

    assert figure.value == 45
    entry = session.execute(select(AuditEntry).where(AuditEntry.action == "writing.report")
                            .order_by(AuditEntry.id.desc())).scalars().first()
    assert entry.details["before"] == {"value": 40, "note": "Báo cáo giấy"}
    views = reported.figures_of(session=session, competition_id=scene.competition.id,
                                within=tree["Q1"])
    assert [(v.target_name, v.figure.value) for v in views] == [("Phường Bến Nghé", 45)]


def test_an_officer_reports_only_for_units_of_their_subtree(session, scene, tree):
    def enter(target, target_id):
        reported.record_figure(
            session=session, competition_id=scene.competition.id, target=target,
            target_id=target_id, measure="grassroots_contestants", value=5, note="",
            actor=None, within=tree["Q1"], now=utcnow())

    with pytest.raises(Forbidden) as outside:
        enter("unit", tree["Q3"].id)
    with pytest.raises(Forbidden) as block:
        enter("block", 1)

    assert "nằm ngoài phạm vi của bạn" in outside.value.message
    assert block.value.message == "Chỉ ban tổ chức mới nhập số liệu báo cáo của cả khối."
