"""Collective prizes: every mode ranks within each block, the qualifying rate leaves units
out with the reason, ties share a rank and the prize; the page saves rules and refuses bad
ones; the list downloads."""

import io

import pytest
from openpyxl import load_workbook

from backend.tallies.collective import Rules, rank_units
from backend.tallies.models import CollectiveMode
from backend.tallies.rollup import Counts, Member, roll_up
from tests.factories import visible_text

BLOCK = "Khối Quận, huyện"


def tally(*units):
    """(code, participants, headcount, attempts) directly under the city, all in BLOCK."""
    members = [Member(1, None, "HCM", "Thành phố", "", 0, "", 0)]
    own = {}
    for n, (code, people, members_count, attempts) in enumerate(units, start=2):
        members.append(Member(n, 1, code, code, BLOCK, 1, "", members_count))
        own[n] = Counts(participants=people, attempts=attempts)
    return roll_up(members, own)


def placed(ranked):
    return [(r.node.name, r.rank, r.prize, r.reason) for r in ranked]


PRIZES = (("Giải Nhất", 1), ("Giải Nhì", 1))


@pytest.mark.parametrize(("mode", "expected"), [
    (CollectiveMode.PARTICIPANTS, [("A", 1, "Giải Nhất", ""), ("B", 2, "Giải Nhì", ""),
                                   ("C", 3, "", "")]),
    (CollectiveMode.RATE, [("C", 1, "Giải Nhất", ""), ("B", 2, "Giải Nhì", ""),
                           ("A", 3, "", "")]),
])
def test_each_mode_ranks_by_its_own_key(mode, expected):
    units = tally(("A", 90, 1000, 90), ("B", 60, 100, 60), ("C", 30, 40, 30))

    assert placed(rank_units(units, Rules(mode, prizes=PRIZES), {})) == expected


def test_the_composite_adds_prize_points_to_the_rate():
    units = tally(("A", 50, 100, 50), ("B", 40, 100, 40))
    tiers = {3: {"Giải Nhất": 1}}  # B's people won a first prize: 40 % + 15 points

    ranked = rank_units(units, Rules(CollectiveMode.COMPOSITE, prizes=PRIZES,
                                     points={"Giải Nhất": 15}), tiers)

    assert placed(ranked) == [("B", 1, "Giải Nhất", ""), ("A", 2, "Giải Nhì", "")]
    assert [r.composite for r in ranked] == [55.0, 50.0]


def test_units_below_the_qualifying_rate_are_listed_apart_with_the_reason():
    units = tally(("A", 90, 1000, 90), ("B", 60, 100, 60), ("C", 0, 50, 0))

    ranked = rank_units(units, Rules(CollectiveMode.PARTICIPANTS, min_rate=50, prizes=PRIZES),
                        {})

    assert placed(ranked) == [
        ("B", 1, "Giải Nhất", ""),
        ("A", None, "", "Tỷ lệ tham gia 9,00% dưới mức tối thiểu 50%."),
        ("C", None, "", "Không có người tham gia.")]


def test_units_equal_on_every_key_share_the_rank_and_the_prize():
    units = tally(("A", 50, 100, 50), ("B", 50, 100, 50), ("C", 40, 100, 40))

    ranked = rank_units(units, Rules(CollectiveMode.RATE, prizes=PRIZES), {})

    assert placed(ranked) == [("A", 1, "Giải Nhất", ""), ("B", 1, "Giải Nhất", ""),
                              ("C", 3, "", "")]
    assert [r.tied for r in ranked] == [True, True, False]


def save(client, scene, **fields):
    return client.post(f"/quan-ly/cuoc-thi/{scene.contest.id}/giai-tap-the", data={
        "csrf_token": client.csrf, "mode": "participants", "min_rate": "",
        "prizes": "Giải Nhất: 1\nGiải Nhì: 1", "points": "", **fields}, follow_redirects=False)


def test_organisers_set_the_rules_and_see_and_download_the_ranking(organiser_client, scene):
    scene.sat(scene.people("Q1-BN", 1)[0], 5)
    scene.sat(scene.people("Q3-VTS", 2)[0], 5)
    scene.sat(scene.people("Q3-VTS", 1)[0], 4)

    saved = save(organiser_client, scene)
    page = visible_text(organiser_client.get(
        f"/quan-ly/cuoc-thi/{scene.contest.id}/giai-tap-the").text)
    file = organiser_client.get(
        f"/quan-ly/cuoc-thi/{scene.contest.id}/so-lieu/tai-ve?loai=giai-tap-the")

    assert saved.status_code == 303
    assert "1 Quận 3 2" in page
    assert "Giải Nhất" in page
    sheet = load_workbook(io.BytesIO(file.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "DANH SÁCH TẬP THỂ ĐẠT GIẢI CUỘC THI THAM MƯU TỐT - DÂN VẬN KHÉO" in values
    assert "Quận 3" in values


@pytest.mark.parametrize(("fields", "said"), [
    ({"mode": "popularity"}, "Cách xét giải tập thể không hợp lệ"),
    ({"min_rate": "120"}, "Tỷ lệ tham gia tối thiểu phải từ 0 đến 100 (%)."),
    ({"prizes": "Giải Nhất"}, "cần dạng “Tên giải: số”"),
    ({"prizes": "Giải Nhất: 1\ngiải nhất: 2"}, "được nêu hai lần"),
    ({"prizes": ""}, "Hãy nêu ít nhất một giải tập thể"),
])
def test_bad_rules_are_refused_and_nothing_is_saved(organiser_client, scene, fields, said):
    answer = save(organiser_client, scene, **fields)

    assert answer.status_code == 422
    assert said in visible_text(answer.text)
    from backend.tallies.models import CollectiveRules
    scene.session.expire_all()
    assert scene.session.get(CollectiveRules, scene.contest.id) is None
