"""The writing spreadsheets, reopened: essays per unit with block subtotals that add up and a
grand total under a merged title; the city round's scores by code only before ráp phách and
with the authors after; the prize list of individuals by tier and block, and collectives."""

import io

import pytest
from openpyxl import load_workbook

from backend.clock import utcnow
from backend.config import get_settings
from backend.errors import Forbidden
from backend.judging.models import Assignment, AssignmentKind, ScoreRecord
from backend.writing import collective, downloads
from tests.factories import make_judge
from tests.writing.tally_scene import WritingScene


@pytest.fixture
def scene(session, tree):
    return WritingScene(session, tree)


def build(session, scene, kind, user=None):
    built = downloads.build(session=session, competition_id=scene.competition.id, user=user,
                            kind=kind, zone=get_settings().zone, now=utcnow())
    return load_workbook(io.BytesIO(built.content))


def rows(sheet) -> list[tuple]:
    return [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]


def row_of(sheet, first: str) -> tuple:
    return next(r for r in rows(sheet) if first in r)


def merged_text(sheet) -> list[str]:
    return [sheet.cell(m.min_row, m.min_col).value for m in sheet.merged_cells.ranges]


def test_essays_per_unit_have_block_subtotals_and_a_grand_total(session, scene):
    scene.essays("Q1-BN", 3, "docx", withdrawn=1)
    scene.essays("Q3", 2, "pdf")
    scene.essays("TDOAN", 1, "odt")
    forwarded = scene.essays("TD", 4)
    scene.forward("TD", forwarded[:2])
    scene.result(forwarded[0], 90, 1, prize="Giải A")

    sheet = build(session, scene, "essays")["Số bài dự thi"]

    assert "TỔNG HỢP BÀI DỰ THI CUỘC THI VIẾT DÂN VẬN KHÉO" in merged_text(sheet)
    header = row_of(sheet, "Đơn vị")
    assert header == ("STT", "Đơn vị", "Số bài nhận", ".docx", ".pdf", ".odt", "Gõ trực tuyến",
                      "Rút", "Chuyển lên cấp TP", "Chỉ tiêu", "Đạt giải")
    assert row_of(sheet, "Quận 1")[2:] == (2, 2, 0, 0, 0, 1, 0, None, 0)
    assert row_of(sheet, "Thành phố Thủ Đức")[2:] == (4, 0, 0, 0, 4, 0, 2, 3, 1)
    districts = row_of(sheet, "Cộng Khối Quận, huyện")
    units = [row_of(sheet, name) for name in ("Quận 1", "Quận 3", "Thành phố Thủ Đức")]
    assert districts[2:] == tuple(sum(u[i] or 0 for u in units) for i in range(2, 11))
    front = row_of(sheet, "Cộng Khối Mặt trận, đoàn thể")
    total = row_of(sheet, "TỔNG CỘNG")
    assert total[2:] == tuple((districts[i] or 0) + (front[i] or 0) for i in range(2, 11))
    assert total[2] == 9


def test_an_officer_gets_the_essays_of_their_subtree_only(session, scene, officer):
    scene.essays("Q1-BN", 2)
    scene.essays("Q3", 5)

    sheet = build(session, scene, "so-bai", user=officer).active

    texts = [v for r in rows(sheet) for v in r if isinstance(v, str)]
    assert "Phường Bến Nghé" in texts
    assert "Quận 3" not in texts
    assert row_of(sheet, "TỔNG CỘNG")[2] == 2
    with pytest.raises(Forbidden):
        build(session, scene, "scores", user=officer)


def score(session, scene, judges, essay, kind, total):
    assignment = Assignment(level_id=scene.city.id, essay_id=essay.id, judge_id=judges[kind].id,
                            kind=kind)
    session.add(assignment)
    session.flush()
    session.add(ScoreRecord(assignment_id=assignment.id, level_id=scene.city.id,
                            essay_id=essay.id, judge_id=judges[kind].id, total=total))
    session.commit()


@pytest.fixture
def scored(session, settings, scene, tree):
    """Two essays at the city level, coded, each scored by two judges (one by three)."""
    judges = {kind: make_judge(session, settings, scene.competition, username=f"gk{n}",
                               unit=tree["TDOAN"])
              for n, kind in enumerate(AssignmentKind, start=1)}
    first, second = scene.essays("Q1-BN", 2)
    scene.forward("Q1", [first, second])
    scene.result(first, 88.5, 1, prize="Giải A", code="K7QX2")
    scene.result(second, 61, 2, code="M3PZ8")
    score(session, scene, judges, first, AssignmentKind.FIRST, 88)
    score(session, scene, judges, first, AssignmentKind.SECOND, 89)
    score(session, scene, judges, second, AssignmentKind.FIRST, 40)
    score(session, scene, judges, second, AssignmentKind.SECOND, 60)
    score(session, scene, judges, second, AssignmentKind.THIRD, 62)
    return first, second


def test_scores_before_ráp_phách_show_codes_and_no_author(session, scene, scored):
    sheet = build(session, scene, "scores").active

    assert row_of(sheet, "Mã phách") == ("Mã phách", "Điểm GK1", "Điểm GK2", "Điểm GK3",
                                         "Điểm cuối", "Xếp hạng", "Giải")
    assert row_of(sheet, "K7QX2") == ("K7QX2", 88, 89, None, 88.5, 1, "Giải A")
    assert row_of(sheet, "M3PZ8") == ("M3PZ8", 40, 60, 62, 61, 2, None)
    texts = " ".join(str(v) for r in rows(sheet) for v in r if v is not None)
    first = scored[0]
    for hidden in ("Phường Bến Nghé", "Quận 1", "Khối Quận, huyện", "Họ và tên",
                   session.get(type(first), first.id).title):
        assert hidden not in texts


def test_scores_after_ráp_phách_name_each_author(session, scene, scored):
    scene.city.revealed_at = utcnow()
    session.commit()

    sheet = build(session, scene, "scores").active

    assert row_of(sheet, "Mã phách")[:5] == ("Mã phách", "Họ và tên", "Năm sinh", "Đơn vị",
                                             "Khối")
    line = row_of(sheet, "K7QX2")
    assert line[3:5] == ("Phường Bến Nghé", "Khối Quận, huyện")
    assert line[5:] == (88, 89, None, 88.5, 1, "Giải A")


def test_the_prize_list_groups_individuals_by_tier_and_block_and_lists_collectives(
        session, scene, tree):
    a = scene.essays("Q3-VTS", 1)[0]
    b = scene.essays("TDOAN", 1)[0]
    c = scene.essays("Q1", 1)[0]
    scene.forward("Q3", [a])
    scene.forward("TDOAN", [b])
    scene.forward("Q1", [c])
    scene.result(a, 90, 1, prize="Giải A")
    scene.result(b, 85, 2, prize="Giải B")
    scene.result(c, 84, 3, prize="Giải B")
    collective.set_rules(session=session, competition_id=scene.competition.id,
                         mode="most_winners", per_block=1, minimum_essays=0,
                         count_reported=False, actor_id=None, now=utcnow())

    book = build(session, scene, "prizes")

    people = rows(book["Cá nhân"])
    start = people.index(row_of(book["Cá nhân"], "Họ và tên"))
    assert row_of(book["Cá nhân"], "Họ và tên") == (
        "STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Đơn vị", "Tên bài viết",
        "Điểm", "Giải")
    body = [r[0] if r[1] is None else (r[0], r[5], r[8]) for r in people[start + 1:start + 9]]
    assert body == ["Giải A", "Khối Quận, huyện", (1, "Phường Võ Thị Sáu", "Giải A"),
                    "Giải B", "Khối Mặt trận, đoàn thể", (2, "Thành Đoàn", "Giải B"),
                    "Khối Quận, huyện", (3, "Quận 1", "Giải B")]
    units = book["Tập thể"]
    assert row_of(units, "Tên đơn vị") == ("STT", "Tên đơn vị", "Khối", "Thành tích", "Giải")
    assert row_of(units, "Thành Đoàn")[2:] == (
        "Khối Mặt trận, đoàn thể", "1 bài dự thi; tỷ lệ tham gia 0,1%; 1 bài đạt giải",
        "Giải tập thể")
