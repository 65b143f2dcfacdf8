"""The figures pages: the dashboard with its charts and tables, drill-down, a unit officer's
subtree, the tally spreadsheet."""

import io

from openpyxl import load_workbook

from tests.factories import visible_text


def url(scene, rest: str = "") -> str:
    return f"/quan-ly/cuoc-thi/{scene.contest.id}/so-lieu{rest}"


def test_the_dashboard_shows_headline_figures_charts_and_the_tally(organiser_client, scene):
    people = scene.people("Q1-BN", 3)
    scene.sat(people[0], 5)
    scene.sat(people[1], 4)
    scene.sat(scene.people("Q3-VTS", 1)[0], 2)

    page = organiser_client.get(url(scene))

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Người tham gia 3 Đăng ký 4" in text
    assert page.text.count("<svg class=\"chart") == 6
    assert "Khối Quận, huyện" in text
    assert "Tổng cộng" in text
    assert f'href="{url(scene)}?don_vi={scene.tree["Q1"].id}"' in page.text


def test_drilling_into_a_district_lists_its_wards(organiser_client, scene):
    scene.sat(scene.people("Q1-BN", 1)[0], 5)

    page = organiser_client.get(url(scene, f"?don_vi={scene.tree['Q1'].id}"))

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Phường Bến Nghé" in text
    assert "Phường Bến Thành" in text
    assert "Quận 3" not in text.split("Số liệu theo")[1]


def test_a_unit_officer_sees_only_their_subtree(officer_client, scene, officer):
    scene.sat(scene.people("Q1-BN", 1)[0], 5)
    scene.sat(scene.people("Q3-VTS", 1)[0], 5)

    page = officer_client.get(url(scene))
    outside = officer_client.get(url(scene, f"?don_vi={scene.tree['Q3'].id}"))

    assert page.status_code == 200
    assert "Quận 3" not in visible_text(page.text)
    assert outside.status_code == 404


def test_the_tally_file_has_block_subtotals_and_a_total_equal_to_the_dashboard(
        organiser_client, scene):
    people = scene.people("Q1-BN", 3)
    scene.sat(people[0], 5)
    scene.sat(people[1], 4)
    scene.sat(scene.people("TDOAN", 1)[0], 2)

    answer = organiser_client.get(url(scene, "/tai-ve?loai=tong-hop"))

    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    totals = {r[0]: r for r in rows if isinstance(r[0], str) and (
        r[0].startswith("Cộng ") or r[0] == "TỔNG CỘNG")}
    assert totals["Cộng Khối Quận, huyện"][4] == 2  # participants
    assert totals["Cộng Khối Mặt trận, đoàn thể"][4] == 1
    assert totals["TỔNG CỘNG"][2:5] == (2400 + 130 + 140 + 2100 + 150 + 6800 + 980, 4, 3)
    # Every subtotal and the total, column by column, are the dashboard's own figures.
    tally = scene.tally(round_=None)

    def shown(c):
        return (c.headcount, c.registered, c.participants,
                None if c.rate is None else round(c.rate * 100, 2), c.attempts,
                None if c.average is None else round(c.average, 2), c.full_marks, c.winners)
    for group in tally.blocks:
        assert totals[f"Cộng {group.name}"][2:] == shown(group.total)
    assert totals["TỔNG CỘNG"][2:] == shown(tally.total)


def test_reported_figures_stand_under_the_counted_ones(organiser_client, scene):
    from backend.clock import utcnow
    from backend.tallies import reported
    from backend.tallies.models import Measure, Target
    scene.sat(scene.people("Q1-BN", 1)[0], 5)
    reported.record_figure(session=scene.session, contest_id=scene.contest.id, round_no=0,
                           target=Target.UNIT, target_id=scene.tree["Q1"].id,
                           measure=Measure.PARTICIPANTS, value=9, note="", actor=None,
                           within=None, now=utcnow())

    text = visible_text(organiser_client.get(url(scene)).text)

    assert "Quận 1 2.670 1 1 báo cáo 9 0,0% 1" in text
