"""A movement year's statistics and report through the app and the command line: the page by
block with units, subtotals and the city total, drilled down to a district's wards; an
officer's page and file of their subtree; the JSON equivalent; the table in the terminal."""

import io

import pytest
from openpyxl import load_workbook

from tests.factories import visible_text
from tests.movement.stats_scene import build_scene


@pytest.fixture
def scene(session, tree, register):
    return build_scene(session, tree, register)


def url(movement_year, rest: str = "") -> str:
    return f"/phong-trao/{movement_year.id}{rest}"


def api(movement_year, rest: str) -> str:
    return f"/api/v1/movement/years/{movement_year.id}{rest}"


def test_the_page_shows_blocks_with_their_units_subtotals_and_the_city_total(
        organiser_client, movement_year, scene, tree):
    page = organiser_client.get(url(movement_year, "/thong-ke"))

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Thống kê phong trào năm 2023" in text
    assert "Mọi số liệu đều khớp" in text
    assert "Khối Quận, huyện 7 4 2 1 2 1 1 Quận 1 6 4 2 1 2 1 1 Quận 3 1 0 0 0 0 0 0" in text
    assert "Khối Mặt trận, đoàn thể 1 1 0 0 0 0 0 Thành Đoàn 1 1 0 0 0 0 0" in text
    assert "Tổng cộng 8 5 2 1 2 1 1" in text
    assert "Mô hình 3 Giải pháp 3 Điển hình tập thể 1 Điển hình cá nhân 1" in text
    assert f'href="{url(movement_year, "/thong-ke")}?don_vi={tree["Q1"].id}"' in page.text
    assert f'href="{url(movement_year, "/bao-cao.xlsx")}"' in page.text


def test_drilling_into_a_district_lists_its_wards(organiser_client, movement_year, scene,
                                                  tree):
    page = organiser_client.get(url(movement_year, f"/thong-ke?don_vi={tree['Q1'].id}"))

    text = visible_text(page.text).split("Số liệu theo")[1]
    assert "Phường Bến Nghé 3 2 1 1 0 1 0" in text
    assert "Quận 1 (trực thuộc) 1 1 0 0 1 0 0" in text
    assert "Tổng cộng Quận 1 6 4 2 1 2 1 1" in text
    assert "Quận 3" not in text


def test_an_officer_sees_their_subtree_and_not_another_district(officer_client,
                                                                 movement_year, scene, tree):
    page = officer_client.get(url(movement_year, "/thong-ke"))
    other = officer_client.get(url(movement_year, f"/thong-ke?don_vi={tree['Q3'].id}"))

    text = visible_text(page.text)
    assert "Phường Bến Thành 2 1 1 0 1 0 1" in text
    assert "Tổng cộng Quận 1 6 4 2 1 2 1 1" in text
    assert "Quận 3" not in text
    assert "Khối" not in text.split("Số liệu theo")[1]
    assert other.status_code == 404
    assert "nằm ngoài phạm vi của bạn" in visible_text(other.text)


def test_the_api_gives_the_same_figures_and_checks(client, organiser_api, officer_api,
                                                   movement_year, scene):
    answer = client.get(api(movement_year, "/statistics"), headers=organiser_api).json()
    mine = client.get(api(movement_year, "/statistics"), headers=officer_api).json()

    districts = next(b for b in answer["blocks"] if b["name"] == "Khối Quận, huyện")
    assert districts["figures"]["registered"] == 7
    assert [u["name"] for u in districts["units"]] == ["Quận 1", "Quận 3", "Thành phố Thủ Đức"]
    assert districts["units"][0]["has_units"] is True
    assert answer["total"]["figures"]["recognised"] == 5
    assert answer["total"]["figures"]["kinds"]["mo_hinh"] == 3
    assert sorted(answer["fields"].values())[0] == "Kinh tế"
    assert answer["checks"] == []
    [group] = mine["blocks"]
    assert group["name"] == ""
    assert mine["total"]["figures"]["registered"] == 6


def test_the_report_downloads_as_an_attachment(client, organiser_api, movement_year, scene):
    whole = client.get(api(movement_year, "/report.xlsx"), headers=organiser_api)

    assert whole.headers["content-disposition"].startswith(
        'attachment; filename="bao-cao-phong-trao-2023.xlsx"')
    total = [r for r in load_workbook(io.BytesIO(whole.content)).active.iter_rows(
        values_only=True) if r[0] == "TỔNG CỘNG"]
    assert total[0][-1] == 8


def test_an_officers_report_holds_their_subtree(officer_client, movement_year, scene):
    mine = officer_client.get(url(movement_year, "/bao-cao.xlsx"))

    texts = [c for r in load_workbook(io.BytesIO(mine.content)).active.iter_rows(
        values_only=True) for c in r if isinstance(c, str)]
    assert "Phường Bến Nghé" in texts
    assert "Quận 3" not in texts


def test_the_command_prints_the_table_and_writes_the_report(thidua, movement_year, scene,
                                                            tmp_path):
    target = tmp_path / "bao-cao.xlsx"

    shown = thidua("movement", "stats", "--year-id", movement_year.id)
    written = thidua("movement", "report", "--year-id", movement_year.id, "--output", target)
    missing = thidua("movement", "stats", "--year-id", 999)

    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert lines[0] == "Phong trào thi đua “Dân vận khéo” năm 2023 · Toàn thành phố"
    assert lines[1].split() == ["Đơn", "vị", "Đăng", "ký", "CN", "đơn", "vị", "CN", "TP",
                                "Tiêu", "biểu", "Không", "CN", "Khen", "TT", "Khen", "CN"]
    assert "  Quận 1" in shown.output
    assert next(ln for ln in lines if ln.startswith("Tổng cộng")).split()[2:] == [
        "8", "5", "2", "1", "2", "1", "1"]
    assert lines[-1] == "Mọi số liệu của đợt đều khớp."
    assert written.exit_code == 0, written.output
    assert written.output.startswith(f"Đã ghi {target} (")
    assert load_workbook(target).active.title == "Báo cáo năm 2023"
    assert missing.exit_code != 0
    assert "Không tìm thấy đợt phong trào này." in missing.output
