"""The writing competition's tally: essays by unit, format, block and city; forwarding, quotas,
judged and winners per level; and the checks the overview flags, in Vietnamese."""

import pytest

from backend.clock import utcnow
from backend.demo import load_units_and_staff
from backend.demo.writing_figures import load_writing_figures
from backend.units import service as units
from backend.writing import tally
from backend.writing.models import WritingMeasure, WritingReportedFigure
from tests.factories import make_writing_competition
from tests.writing.tally_scene import WritingScene


@pytest.fixture
def scene(session, tree):
    return WritingScene(session, tree)


def overview(session, scene, **kwargs):
    return tally.overview(session=session, competition_id=scene.competition.id, **kwargs)


def test_essays_add_up_by_unit_format_block_and_city(session, scene):
    scene.essays("Q1-BN", 3, "docx", withdrawn=1)
    scene.essays("Q1", 2, "pdf")
    scene.essays("Q3-VTS", 1, "odt")
    scene.essays("TDOAN", 4, "online")

    view = overview(session, scene)

    q1 = view.tally.node(scene.tree["Q1"].id).total
    assert (q1.received, q1.docx, q1.pdf, q1.withdrawn) == (4, 2, 2, 1)
    blocks = {g.name: g.total for g in view.tally.blocks}
    assert blocks["Khối Quận, huyện"].received == 5
    assert blocks["Khối Mặt trận, đoàn thể"].online == 4
    total = view.tally.total
    assert (total.received, total.docx, total.pdf, total.odt, total.online, total.withdrawn) == (
        9, 2, 2, 1, 4, 1)
    assert view.checks == []


def test_a_retired_unit_keeps_its_essays_in_the_tree(session, scene):
    scene.essays("Q1-BT", 2)
    units.retire_unit(session=session, unit=scene.tree["Q1-BT"], actor_id=None,
                      now=scene.competition.created_at)

    view = overview(session, scene)

    assert view.tally.node(scene.tree["Q1-BT"].id).total.received == 2
    assert view.tally.node(scene.tree["Q1"].id).total.received == 2
    assert view.tally.total.received == 2


def test_forwarding_over_quota_is_flagged_with_the_figures(session, scene):
    essays = scene.essays("Q1-BN", 5)
    scene.forward("Q1", essays[:5])
    scene.forward("Q3", [], signed=False)

    view = overview(session, scene)

    city = view.tally.total.level(scene.city.position)
    assert (city.forwarded, city.quota, city.forwarders) == (5, 6, 2)
    assert [c.text for c in view.checks] == [
        "Quận 1 chuyển lên Cấp thành phố 5 bài, vượt chỉ tiêu 3 bài (thừa 2)."]


def test_a_share_quota_is_taken_from_what_the_subtree_received(session, tree):
    scene = WritingScene(session, tree, quota=("share", 25))
    essays = scene.essays("Q1-BN", 7) + scene.essays("Q1-BT", 1, withdrawn=1)
    scene.forward("Q1", essays[:2])

    view = overview(session, scene)

    assert view.tally.node(tree["Q1"].id).own.level(scene.city.position).quota == 2
    assert view.checks == []


def test_judged_and_winners_are_checked_once_the_level_has_results(session, scene):
    essays = scene.essays("Q1", 3)
    scene.forward("Q1", essays)
    scene.result(essays[0], 80.5, 1, prize="Giải A")
    scene.result(essays[1], None, prize="Giải B")  # a prize without a score
    essays[2].withdrawn_at = essays[0].submitted_at
    session.commit()

    view = overview(session, scene)

    level = view.tally.total.level(scene.city.position)
    assert (level.forwarded, level.withdrawn, level.judged, level.winners) == (3, 1, 1, 2)
    assert [c.text for c in view.checks] == [
        "Cấp thành phố, Quận 1: đã chấm 1 bài, nhưng chuyển lên 3 bài, rút 1 bài (phải chấm 2).",
        "Cấp thành phố, Quận 1: 1 bài đạt giải nhưng không nằm trong số bài được chấm (đã rút "
        "hoặc chưa có điểm)."]


def report(session, scene, target, target_id, measure, value):
    session.add(WritingReportedFigure(competition_id=scene.competition.id, target=target,
                                      target_id=target_id, measure=measure, value=value))
    session.commit()


def test_reported_totals_that_drift_from_their_parts_are_flagged(session, scene, tree):
    blocks = {b.name: b.id for b in units.blocks(session=session)}
    report(session, scene, "block", blocks["Khối Quận, huyện"],
           WritingMeasure.GRASSROOTS_CONTESTANTS, 5639)
    report(session, scene, "block", blocks["Khối Mặt trận, đoàn thể"],
           WritingMeasure.GRASSROOTS_CONTESTANTS, 2230)
    report(session, scene, "unit", tree["HCM"].id, WritingMeasure.GRASSROOTS_CONTESTANTS, 7860)
    report(session, scene, "unit", tree["Q1"].id, WritingMeasure.ESSAYS_RECEIVED, 4)
    scene.essays("Q1-BN", 3)

    view = overview(session, scene)

    assert [c.text for c in view.checks] == [
        "Số người dự thi ở cơ sở của Thành phố Hồ Chí Minh: cộng các khối được 7.869, báo cáo "
        "7.860, lệch 9.",
        "Số bài đơn vị nhận của Quận 1: báo cáo 4, nền tảng đếm được 3, lệch 1."]
    assert view.reports.of_total(view.tally, WritingMeasure.GRASSROOTS_CONTESTANTS) == 7860
    group = next(g for g in view.tally.blocks if g.name == "Khối Quận, huyện")
    assert view.reports.of_block(group, WritingMeasure.GRASSROOTS_CONTESTANTS) == 5639


def test_drilling_into_a_unit_shows_its_units_and_where_it_stands(session, scene, tree):
    scene.essays("Q1-BN", 2)
    scene.essays("Q1", 1)

    view = overview(session, scene, unit_id=tree["Q1"].id)

    assert [n.name for n in view.place] == ["Quận 1"]
    assert [(n.name, n.total.received) for n in view.tally.top] == [
        ("Phường Bến Nghé", 2), ("Phường Bến Thành", 0), ("Quận 1 (trực thuộc)", 1)]
    assert view.tally.total.received == 3


def test_the_demo_reproduces_the_drift_of_the_seed_report(database, session):
    list(load_units_and_staff(database=database, now=utcnow()))
    competition_id = make_writing_competition(session)[0].id
    session.commit()  # the demo writes through connections of its own
    said = list(load_writing_figures(database=database, competition_id=competition_id,
                                     now=utcnow()))
    again = list(load_writing_figures(database=database, competition_id=competition_id,
                                      now=utcnow()))

    view = tally.overview(session=session, competition_id=competition_id)

    assert len(said) == 1
    assert again == []
    assert [c.text for c in view.checks] == [
        "Số bài dự thi ở cơ sở của Thành phố Hồ Chí Minh: cộng các khối được 7.869, báo cáo "
        "7.860, lệch 9."]
