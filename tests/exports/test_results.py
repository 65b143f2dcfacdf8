"""Result workbooks: round and contest results, the prize list, every attempt for audit."""

import io
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from exports.official import Heading
from exports.results import (
    AttemptLine,
    ResultLine,
    write_attempts,
    write_prize_list,
    write_results,
)
from tests.exports.conftest import PARTY, merged

HEADING = Heading(title="Kết quả cuộc thi trắc nghiệm “Tìm hiểu 95 năm Đảng bộ Thành phố”",
                  subtitle="Tuần thi thứ 3", date=date(2026, 12, 6))
PRIZES = Heading(title="Danh sách thí sinh đoạt giải", subtitle="Tuần thi thứ 3",
                 date=date(2026, 12, 6))
HEADER_ROW = 8  # three letterhead rows, a blank, two title lines, a blank, then the table
FIRST = HEADER_ROW + 1


def line(rank, name, prize="", **more) -> ResultLine:
    values = {"unit": "Phường Bến Nghé", "block": "Khối Quận, huyện", "score": 9.5,
              "duration_ms": 754_300, "prediction": 1234, **more}
    return ResultLine(rank, name, prize=prize, **values)


def reopened(write, *args, **options):
    buffer = io.BytesIO()
    count = write(buffer, PARTY, *args, **options)
    return count, load_workbook(buffer).active


def headers(sheet, row=HEADER_ROW) -> list:
    return [cell.value for cell in sheet[row]]


def test_results_show_rank_score_time_prediction_and_prize():
    count, sheet = reopened(write_results, HEADING, [
        line(1, "Nguyễn Văn An", "Giải Nhất"), line(2, "Trần Thị Bích", score=9, prediction=1300.5),
        line(None, "Lê Văn Cường", score=None, duration_ms=None, prediction=None)])

    assert count == 3
    assert sheet["A5"].value == "KẾT QUẢ CUỘC THI TRẮC NGHIỆM “TÌM HIỂU 95 NĂM ĐẢNG BỘ THÀNH PHỐ”"
    assert headers(sheet) == ["STT", "Họ và tên", "Đơn vị", "Khối", "Điểm", "Thời gian làm bài",
                              "Dự đoán", "Giải"]
    assert [cell.value for cell in sheet[FIRST]] == [
        1, "Nguyễn Văn An", "Phường Bến Nghé", "Khối Quận, huyện", 9.5,
        timedelta(milliseconds=754_300), 1234, "Giải Nhất"]
    assert (sheet[f"E{FIRST + 1}"].value, sheet[f"G{FIRST + 1}"].value) == (9, 1300.5)
    assert isinstance(sheet[f"E{FIRST + 1}"].value, int)
    assert [cell.value for cell in sheet[FIRST + 2]][4:] == [None, None, None, None]
    assert sheet[f"A{FIRST + 2}"].value is None
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_results_with_group_and_personal_columns_as_the_caller_gives_them():
    _, sheet = reopened(write_results, HEADING, [
        line(1, "Nguyễn Văn An", "Giải Nhất", group="Bảng A", phone="0912345678",
             birth_date=date(1990, 3, 4), id_number="079090001234"),
        line(2, "Trần Thị Bích", group="Bảng B", phone="09******78", birth_date="**/**/1992",
             id_number="079******234")],
        groups=True, personal=True)

    assert headers(sheet) == ["STT", "Họ và tên", "Đơn vị", "Khối", "Bảng", "Điểm",
                              "Thời gian làm bài", "Dự đoán", "Giải", "Số điện thoại",
                              "Ngày sinh", "Số CCCD"]
    phone, born, id_number = sheet[f"J{FIRST}"], sheet[f"K{FIRST}"], sheet[f"L{FIRST}"]
    assert (phone.value, phone.data_type) == ("0912345678", "s")
    assert (id_number.value, id_number.data_type) == ("079090001234", "s")
    assert (born.value, born.number_format) == (datetime(1990, 3, 4), "dd/mm/yyyy")
    assert [cell.value for cell in sheet[FIRST + 1]][8:] == [None, "09******78", "**/**/1992",
                                                            "079******234"]
    assert sheet[f"E{FIRST + 1}"].value == "Bảng B"


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")', "+84912345678", "-1",
                                  "@SUM(A1)", "\tx"])
def test_a_contestant_named_like_a_formula_is_listed_as_text(name):
    _, sheet = reopened(write_results, HEADING, [line(1, name, unit=name)])

    for cell in (sheet[f"B{FIRST}"], sheet[f"C{FIRST}"]):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (name, "s", True)


def test_a_name_with_a_bell_character_still_exports():
    _, sheet = reopened(write_results, HEADING, [line(1, "Phạm\x07 Minh Châu")])

    assert sheet[f"B{FIRST}"].value == "Phạm Minh Châu"


def test_prize_list_groups_by_prize_and_numbers_on():
    winners = [line(1, "Nguyễn Văn An", "Giải Nhất"), line(2, "Trần Thị Bích", "Giải Nhì"),
               line(3, "Lê Văn Cường", "Giải Nhì"), line(5, "Phạm Minh Châu", "Giải Ba")]

    count, sheet = reopened(write_prize_list, PRIZES, winners)

    assert count == 7
    assert sheet["A5"].value == "DANH SÁCH THÍ SINH ĐOẠT GIẢI"
    assert headers(sheet) == ["STT", "Họ và tên", "Đơn vị", "Khối", "Điểm", "Thời gian làm bài",
                              "Dự đoán"]
    body = [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=FIRST,
                                                                     max_row=FIRST + 6)]
    assert body == [("Giải Nhất", None), (1, "Nguyễn Văn An"), ("Giải Nhì", None),
                    (2, "Trần Thị Bích"), (3, "Lê Văn Cường"), ("Giải Ba", None),
                    (4, "Phạm Minh Châu")]
    assert {f"A{FIRST}:G{FIRST}", f"A{FIRST + 2}:G{FIRST + 2}"} <= merged(sheet)
    assert sheet[f"A{FIRST + 2}"].font.b
    assert sheet[f"A{FIRST + 2}"].font.i


def test_attempts_list_every_attempt_with_its_times_and_whether_it_counts():
    started = datetime(2026, 12, 6, 20, 15, 3)
    attempts = [
        AttemptLine("Nguyễn Văn An", "Quận 1", 1, "Đã nộp", started,
                    started + timedelta(minutes=9, seconds=12), 552_000, 8, 1200, False),
        AttemptLine("Nguyễn Văn An", "Quận 1", 2, "Đã nộp", started + timedelta(hours=1),
                    started + timedelta(hours=1, minutes=7), 420_500, 10, 1250, True),
        AttemptLine("Trần Thị Bích", "Quận 3", 1, "Đang làm", started, None, None, None, None,
                    False),
    ]
    seen = []

    count, sheet = reopened(write_attempts, HEADING, attempts, progress=seen.append)

    assert (count, seen) == (3, [3])
    assert headers(sheet) == ["STT", "Họ và tên", "Đơn vị", "Lượt", "Trạng thái", "Bắt đầu",
                              "Nộp bài", "Thời gian làm bài", "Điểm", "Dự đoán", "Được tính"]
    assert [cell.value for cell in sheet[FIRST + 1]] == [
        2, "Nguyễn Văn An", "Quận 1", 2, "Đã nộp", datetime(2026, 12, 6, 21, 15, 3),
        datetime(2026, 12, 6, 21, 22, 3), timedelta(milliseconds=420_500), 10, 1250, "Có"]
    assert sheet[f"F{FIRST}"].number_format == "dd/mm/yyyy hh:mm:ss"
    assert sheet[f"K{FIRST}"].value == "Không"
    assert [cell.value for cell in sheet[FIRST + 2]][5:8] == [started, None, None]
