"""The live monitor: attempts of the open rounds now, per unit and block, scoped for officers.

`taken` (conftest) at clock T: Bến Nghé: one handed in at T-1m, one in progress; Bến Thành:
one handed in at T-7m and a second in progress; Võ Thị Sáu: one expired at T-10m, one handed in
at T-30m; Thành Đoàn: one in progress.
"""

from datetime import timedelta

from backend.contests import queries
from backend.units.models import Unit
from tests.factories import NO_RIGHT, api_token, visible_text


def figures(f) -> tuple:
    return (f.in_progress, f.submitted, f.expired, f.submitted_5, f.expired_5, f.submitted_15,
            f.expired_15, f.contestants, f.total)


def open_monitor(session, contest, now, within=None):
    rounds = queries.watched_rounds(session=session, contest_id=contest.id, now=now)
    return queries.monitor(session=session, contest_id=contest.id, rounds=rounds, now=now,
                           within=within)


def test_monitor_counts_states_and_recent_finishes(session, contest, taken, clock):
    seen = open_monitor(session, contest, clock.now)

    assert figures(seen.totals) == (3, 3, 1, 1, 0, 2, 1, 6, 7)


def test_counts_by_unit_and_by_block_add_up_to_the_totals(session, contest, taken, clock):
    seen = open_monitor(session, contest, clock.now)

    rows = [row for block in seen.blocks for row in block.units]
    for position in range(9):
        assert sum(figures(r.figures)[position] for r in rows) == figures(seen.totals)[position]
        assert (sum(figures(b.figures)[position] for b in seen.blocks)
                == figures(seen.totals)[position])


def test_organisers_see_units_below_the_city_grouped_by_block(session, contest, taken, clock):
    seen = open_monitor(session, contest, clock.now)

    table = {b.name: {r.unit.name: figures(r.figures) for r in b.units} for b in seen.blocks}
    assert table == {
        "Khối Quận, huyện": {"Quận 1": (2, 2, 0, 1, 0, 2, 0, 3, 4),
                             "Quận 3": (0, 1, 1, 0, 0, 0, 1, 2, 2),
                             "Thành phố Thủ Đức": (0, 0, 0, 0, 0, 0, 0, 0, 0)},
        "Khối Mặt trận, đoàn thể": {"Thành Đoàn": (1, 0, 0, 0, 0, 0, 0, 1, 1)},
    }


def test_a_unit_officer_sees_only_the_wards_of_their_district(session, contest, taken, clock,
                                                              tree):
    quan_1 = session.get(Unit, tree["Q1"].id)

    seen = open_monitor(session, contest, clock.now, within=quan_1)

    names = [r.unit.name for b in seen.blocks for r in b.units]
    assert names == ["Phường Bến Nghé", "Phường Bến Thành"]
    assert figures(seen.totals) == (2, 2, 0, 1, 0, 2, 0, 3, 4)


def test_only_open_rounds_are_watched(session, contest, taken, clock):
    later = clock.now + timedelta(days=8)

    seen = open_monitor(session, contest, later)

    assert seen.rounds == []
    assert figures(seen.totals) == (0, 0, 0, 0, 0, 0, 0, 0, 0)


def test_monitor_page_shows_totals_and_refreshes_the_figures_every_5_seconds(
        organiser_client, contest, taken):
    page = organiser_client.get(f"/quan-ly/cuoc-thi/{contest.id}/theo-doi")

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Tất cả đơn vị tham gia" in text
    assert "Đang làm bài 3" in text
    assert "Nộp bài trong 5 phút qua 1 Tự nộp khi hết giờ: 0" in text
    assert "Nộp bài trong 15 phút qua 2 Tự nộp khi hết giờ: 1" in text
    assert "Tổng lượt thi 7 Đã nộp 3 · hết giờ 1 · 6 thí sinh" in text
    assert "Quận 1 2 1 / 0 2 / 0 2 0 3" in text
    assert "Khối Mặt trận, đoàn thể 1 0 / 0 0 / 0 0 0 1" in text
    assert "Tổng cộng 3 1 / 0 2 / 1 3 1 6" in text
    assert (f'hx-get="/quan-ly/cuoc-thi/{contest.id}/theo-doi/so-lieu" '
            'hx-trigger="every 5s"') in page.text


def test_the_refreshed_part_holds_only_the_figures(organiser_client, contest, taken):
    part = organiser_client.get(f"/quan-ly/cuoc-thi/{contest.id}/theo-doi/so-lieu")

    assert "<html" not in part.text
    assert "Đang làm bài 3" in visible_text(part.text)


def test_a_unit_officer_of_quan_1_sees_no_quan_3_unit(officer_client, contest, taken):
    page = officer_client.get(f"/quan-ly/cuoc-thi/{contest.id}/theo-doi")

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Phạm vi của bạn: Quận 1" in text
    assert "Phường Bến Nghé 1 1 / 0 1 / 0 1 0 2" in text
    assert "Phường Bến Thành 1 0 / 0 1 / 0 1 0 1" in text
    for outside in ["Quận 3", "Võ Thị Sáu", "Thành Đoàn", "Thủ Đức"]:
        assert outside not in text
    assert "Tổng cộng 2 1 / 0 2 / 0 2 0 3" in text


def test_monitor_api_gives_units_blocks_and_totals(client, organiser_api, contest, taken):
    response = client.get(f"/api/v1/manage/contests/{contest.id}/monitor",
                          headers=organiser_api)

    body = response.json()
    assert response.status_code == 200
    assert body["totals"] == {
        "in_progress": 3, "submitted": 3, "expired": 1, "submitted_last_5_min": 1,
        "expired_last_5_min": 0, "submitted_last_15_min": 2, "expired_last_15_min": 1,
        "contestants": 6, "total": 7}
    assert [(u["name"], u["block_name"], u["figures"]["total"]) for u in body["units"]] == [
        ("Thành Đoàn", "Khối Mặt trận, đoàn thể", 1), ("Quận 1", "Khối Quận, huyện", 4),
        ("Quận 3", "Khối Quận, huyện", 2), ("Thành phố Thủ Đức", "Khối Quận, huyện", 0)]
    assert [(b["name"], b["figures"]["total"]) for b in body["blocks"]] == [
        ("Khối Mặt trận, đoàn thể", 1), ("Khối Quận, huyện", 6)]
    assert [r["name"] for r in body["rounds"]] == ["Tuần 1"]


def test_monitor_api_for_an_officer_is_scoped_to_their_subtree(client, officer_api, contest,
                                                               taken):
    response = client.get(f"/api/v1/manage/contests/{contest.id}/monitor", headers=officer_api)

    body = response.json()
    assert [u["code"] for u in body["units"]] == ["Q1-BN", "Q1-BT"]
    assert body["totals"]["total"] == 4


def test_a_unit_officer_may_not_open_the_settings(officer_client, contest):
    settings = officer_client.get(f"/quan-ly/cuoc-thi/{contest.id}")

    assert settings.status_code == 403
    assert NO_RIGHT in settings.text


def test_a_closed_round_can_still_be_looked_at_by_choosing_it(client, organiser, contest,
                                                              round_, taken, clock):
    clock.now += timedelta(days=8)
    organiser_api = api_token(client, organiser.username)
    url = f"/api/v1/manage/contests/{contest.id}/monitor"

    watching_open = client.get(url, headers=organiser_api).json()
    chosen = client.get(url, headers=organiser_api, params={"round_id": round_.id}).json()

    assert (watching_open["rounds"], watching_open["totals"]["total"]) == ([], 0)
    assert (chosen["totals"]["submitted"], chosen["totals"]["submitted_last_15_min"]) == (3, 0)
    assert chosen["rounds"][0]["is_open"] is False


def test_the_monitor_page_says_when_no_round_is_open(browser, organiser, contest, round_,
                                                     clock):
    clock.now += timedelta(days=8)

    page = browser(organiser.username).get(f"/quan-ly/cuoc-thi/{contest.id}/theo-doi")

    assert "Hiện không có tuần thi nào đang mở." in visible_text(page.text)
