"""The yearly movement report, reopened cell by cell: the title lines, a two-row header
grouping the columns by type, by field and by level, units under their block with a subtotal
per block equal to the sum of its units, the city total, numbers as numbers, fonts; an
officer's file holds their subtree only; the pure writer refuses a line that does not fit."""

import io

import pytest
from openpyxl import load_workbook

from backend.audit import service as audit
from backend.clock import utcnow
from backend.config import get_settings
from backend.movement import report
from exports import movement as sheets
from exports.official import Heading, Letterhead
from exports.tallies import BlockLines
from tests.movement.stats_scene import build_scene

FIELDS = ("Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh",
          "Xây dựng Đảng và hệ thống chính trị")
# STT, Đơn vị, 4 types, 4 fields, 4 levels, Tổng
WIDTH = 15


@pytest.fixture
def scene(session, tree, register):
    return build_scene(session, tree, register)


def built(session, movement_year, user=None):
    made = report.build(session=session, year_id=movement_year.id, user=user,
                        zone=get_settings().zone, now=utcnow())
    return made, load_workbook(io.BytesIO(made.content)).active


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def row_of(sheet, text: str) -> tuple:
    return next(r for r in rows(sheet) if text in r)


def number_of(sheet, text: str) -> int:
    return next(n for n, r in enumerate(sheet.iter_rows(values_only=True), start=1)
                if text in r)


def test_the_report_has_its_titles_and_a_header_grouped_by_way_of_counting(
        session, movement_year, scene):
    made, sheet = built(session, movement_year)

    merged = {sheet.cell(m.min_row, m.min_col).value for m in sheet.merged_cells.ranges}
    assert {"BÁO CÁO TỔNG HỢP MÔ HÌNH, GIẢI PHÁP, ĐIỂN HÌNH",
            "Phong trào thi đua “Dân vận khéo” năm 2023", report.NOTE} <= merged
    top = number_of(sheet, "Theo loại")
    assert rows(sheet)[top - 1] == ("STT", "Đơn vị", "Theo loại", None, None, None,
                                    "Theo lĩnh vực", None, None, None, "Theo cấp công nhận",
                                    None, None, None, "Tổng")
    assert rows(sheet)[top] == (None, None, "Mô hình", "Giải pháp", "Điển hình tập thể",
                                "Điển hình cá nhân", *FIELDS, "Đăng ký",
                                "Công nhận cấp đơn vị", "Công nhận cấp thành phố",
                                "Tiêu biểu", None)
    assert made.file_name == "bao-cao-phong-trao-2023.xlsx"
    assert sheet.title == "Báo cáo năm 2023"


def test_units_are_grouped_by_block_and_each_block_is_the_sum_of_its_units(
        session, movement_year, scene):
    _, sheet = built(session, movement_year)

    q1 = row_of(sheet, "Quận 1")
    # Types: 2 models, 2 solutions, 1 exemplary collective, 1 exemplary individual; fields;
    # levels: registered, recognised at the unit level, at the city level, exemplary; total.
    assert q1[2:] == (2, 2, 1, 1, 3, 1, 1, 1, 6, 4, 2, 1, 6)
    assert row_of(sheet, "Thành phố Thủ Đức")[2:] == (0,) * 13
    units = [row_of(sheet, n) for n in ("Quận 1", "Quận 3", "Thành phố Thủ Đức")]
    districts = row_of(sheet, "Cộng Khối Quận, huyện")
    assert districts[2:] == tuple(sum(u[i] for u in units) for i in range(2, WIDTH))
    front = row_of(sheet, "Cộng Khối Mặt trận, đoàn thể")
    assert front[2:] == row_of(sheet, "Thành Đoàn")[2:]
    total = row_of(sheet, "TỔNG CỘNG")
    assert total[2:] == tuple(districts[i] + front[i] for i in range(2, WIDTH))
    assert total[2:] == (3, 3, 1, 1, 4, 2, 1, 1, 8, 5, 2, 1, 8)
    # Numbered on across blocks, each block under its heading row.
    numbered = [(r[0], r[1]) for r in rows(sheet) if isinstance(r[0], int)]
    assert [n for n, _ in numbered] == [1, 2, 3, 4]
    assert row_of(sheet, "Khối Quận, huyện")[1:] == (None,) * (WIDTH - 1)


def test_figures_are_numbers_in_times_new_roman_and_totals_are_bold(session, movement_year,
                                                                    scene):
    _, sheet = built(session, movement_year)

    unit = sheet[number_of(sheet, "Quận 1")]
    assert [(c.data_type, c.font.name, c.font.b) for c in unit[2:]] == [
        ("n", "Times New Roman", False)] * (WIDTH - 2)
    total = sheet[number_of(sheet, "TỔNG CỘNG")]
    assert total[0].font.b
    assert all(c.font.b for c in total[2:])
    assert total[WIDTH - 1].value == 8


def test_an_officer_gets_their_subtree_with_its_own_total(session, tree, movement_year,
                                                          scene, officer):
    _, sheet = built(session, movement_year, user=officer)

    texts = {v for r in rows(sheet) for v in r if isinstance(v, str)}
    assert {"Phường Bến Nghé", "Phường Bến Thành", "Quận 1 (trực thuộc)"} <= texts
    assert "Quận 3" not in texts
    assert "Thành Đoàn" not in texts
    assert not any(t.startswith("Cộng ") for t in texts)
    assert "Phong trào thi đua “Dân vận khéo” năm 2023 – Quận 1" in texts
    assert row_of(sheet, "TỔNG CỘNG")[2:] == (2, 2, 1, 1, 3, 1, 1, 1, 6, 4, 2, 1, 6)


def test_every_download_is_logged(session, movement_year, scene, officer):
    built(session, movement_year, user=officer)

    [entry] = audit.recent(session=session, action_prefix="movement.report")
    assert (entry.actor_id, entry.target, entry.details["within"]) == (
        officer.id, f"movement_year:{movement_year.id}", officer.unit_id)


def test_the_writer_refuses_a_line_whose_figures_do_not_fit_the_fields(tmp_path):
    line = sheets.EntryFigures((1, 0, 0, 0), (1,), (1, 0, 0, 0), 1)

    with pytest.raises(ValueError, match="giá trị cho"):
        sheets.write_report(tmp_path / "x.xlsx", Letterhead("Đảng bộ", "Ban Dân vận"),
                            Heading("BÁO CÁO"), ["Kinh tế", "Văn hóa"],
                            [BlockLines("Khối A", [("Quận 1", line)], line)], line)
