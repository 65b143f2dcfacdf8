"""The writing figures through the app and the command line: the organisers' overview with its
checks and drill-down, the JSON equivalent, reported figures entered by an officer, collective
prize rules, and the spreadsheets as attachments."""

import io

import pytest
from openpyxl import load_workbook

from backend.units import service as units
from backend.writing.models import WritingMeasure, WritingReportedFigure
from tests.factories import visible_text
from tests.writing.tally_scene import WritingScene


@pytest.fixture
def scene(session, tree):
    return WritingScene(session, tree)


def url(scene, rest: str = "") -> str:
    return f"/quan-ly/cuoc-thi-viet/{scene.competition.id}{rest}"


def api(scene, rest: str = "") -> str:
    return f"/api/v1/manage/writing/{scene.competition.id}{rest}"


def the_issue_s_report(session, scene, tree):
    """Blocks reported 5,639 and 2,230 grassroots contestants, the city 7,860."""
    blocks = {b.name: b.id for b in units.blocks(session=session)}
    for target, target_id, value in (("block", blocks["Khối Quận, huyện"], 5639),
                                     ("block", blocks["Khối Mặt trận, đoàn thể"], 2230),
                                     ("unit", tree["HCM"].id, 7860)):
        session.add(WritingReportedFigure(
            competition_id=scene.competition.id, target=target, target_id=target_id,
            measure=WritingMeasure.GRASSROOTS_CONTESTANTS, value=value))
    session.commit()


def test_the_overview_shows_the_tally_and_flags_every_check(organiser_client, session, scene,
                                                             tree):
    scene.forward("Q1", scene.essays("Q1-BN", 4, "docx"))
    scene.essays("TDOAN", 2, "pdf")
    the_issue_s_report(session, scene, tree)

    page = organiser_client.get(url(scene, "/so-lieu"))

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Quận 1 chuyển lên Cấp thành phố 4 bài, vượt chỉ tiêu 3 bài (thừa 1)." in text
    assert ("Số người dự thi ở cơ sở của Thành phố Hồ Chí Minh: cộng các khối được 7.869, báo "
            "cáo 7.860, lệch 9.") in text
    assert "Khối Quận, huyện 4 4 0 0 0 0 4 3 0 0 5.639" in text
    assert "Tổng cộng 6 4 2 0 0 0 4 3 0 0 7.860" in text
    assert f'href="{url(scene, "/so-lieu")}?don_vi={tree["Q1"].id}"' in page.text
    assert f'href="{url(scene, "/so-lieu/tai-ve")}?loai=diem"' in page.text


def test_drilling_into_a_district_lists_its_wards(organiser_client, scene, tree):
    scene.essays("Q1-BN", 2)

    page = organiser_client.get(url(scene, f"/so-lieu?don_vi={tree['Q1'].id}"))

    text = visible_text(page.text).split("Số liệu theo")[1]
    assert "Phường Bến Nghé 2" in text
    assert "Quận 3" not in text


def test_the_api_gives_the_same_figures_and_checks(client, organiser_api, session, scene,
                                                   tree):
    scene.essays("Q3-VTS", 3, "odt", withdrawn=1)
    the_issue_s_report(session, scene, tree)

    answer = client.get(api(scene, "/tallies"), headers=organiser_api).json()

    districts = next(b for b in answer["blocks"] if b["name"] == "Khối Quận, huyện")
    assert districts["figures"]["received"] == 2
    assert districts["figures"]["odt"] == 2
    assert districts["reported"]["grassroots_contestants"] == 5639
    assert answer["total"]["figures"]["withdrawn"] == 1
    assert answer["total"]["reported"]["grassroots_contestants"] == 7860
    assert [c["kind"] for c in answer["checks"]] == ["parts"]


def test_an_officer_reports_for_a_ward_and_cannot_see_the_overview(officer_client, session,
                                                                   scene, tree):
    ids = {code: unit.id for code, unit in tree.items()}
    session.commit()  # the ids read: SQLite's write lock given back before the app writes

    def enter(unit: str, value: str):
        return officer_client.post(url(scene, "/so-lieu/bao-cao"), data={
            "csrf_token": officer_client.csrf, "target": "unit", "target_id": ids[unit],
            "measure": "grassroots_contestants", "value": value, "note": "Báo cáo giấy"},
            follow_redirects=True)

    saved = enter("Q1-BN", "120")
    refused = enter("Q3", "5")

    assert "Đã lưu số liệu báo cáo." in visible_text(saved.text)
    assert "Phường Bến Nghé Số người dự thi ở cơ sở 120 Báo cáo giấy" in visible_text(saved.text)
    assert refused.status_code == 403
    assert "nằm ngoài phạm vi của bạn" in visible_text(refused.text)
    assert officer_client.get(url(scene, "/so-lieu")).status_code == 403


def test_collective_rules_are_set_on_the_page_and_ranked(organiser_client, scene):
    scene.essays("Q3", 2)
    scene.essays("Q1", 1)

    page = organiser_client.post(url(scene, "/giai-tap-the"), data={
        "csrf_token": organiser_client.csrf, "mode": "most_essays", "per_block": "1",
        "minimum_essays": "0"}, follow_redirects=True)

    text = visible_text(page.text)
    assert "Đã lưu cách xét giải tập thể." in text
    assert "1 Quận 3 Khối Quận, huyện 2 bài dự thi" in text
    assert "Giải tập thể" in text


def test_files_download_as_attachments_and_officers_get_only_their_essays(
        client, organiser_api, officer_api, scene):
    scene.essays("Q1-BN", 1)
    scene.essays("Q3", 1)

    essays = client.get(api(scene, "/tallies/export?kind=essays"), headers=organiser_api)
    scores = client.get(api(scene, "/tallies/export?kind=scores"), headers=officer_api)
    mine = client.get(api(scene, "/tallies/export"), headers=officer_api)

    assert essays.headers["content-disposition"].startswith('attachment; filename="so-bai')
    sheet = load_workbook(io.BytesIO(essays.content)).active
    assert next(r for r in sheet.iter_rows(values_only=True) if r[0] == "TỔNG CỘNG")[2] == 2
    assert scores.status_code == 403
    assert "Chỉ ban tổ chức tải được bảng điểm" in scores.json()["detail"]
    texts = [c for r in load_workbook(io.BytesIO(mine.content)).active.iter_rows(
        values_only=True) for c in r if isinstance(c, str)]
    assert "Phường Bến Nghé" in texts
    assert "Quận 3" not in texts


def test_the_command_writes_a_file_and_lists_the_checks(thidua, session, scene, tree,
                                                        tmp_path):
    scene.forward("Q1", scene.essays("Q1", 4))
    target = tmp_path / "so-bai.xlsx"

    written = thidua("writing", "export", "--competition", scene.competition.id, "--kind",
                     "essays", "--out", target)
    checked = thidua("writing", "checks", "--competition", scene.competition.id)
    wrong = thidua("writing", "export", "--competition", scene.competition.id, "--kind", "x")

    assert written.exit_code == 0, written.output
    assert written.output.startswith(f"Đã ghi {target} (")
    assert load_workbook(target).active["A1"].value is not None
    assert checked.exit_code == 1
    assert checked.output == ("Quận 1 chuyển lên Cấp thành phố 4 bài, vượt chỉ tiêu 3 bài "
                              "(thừa 1).\n")
    assert wrong.exit_code != 0
    assert "Loại tệp không hợp lệ" in wrong.output
