"""The official layout around the table: letterhead, titles, header rows, signature block,
and the settings a clerk prints with."""

from datetime import date

import pytest

from exports.official import Column, Heading, Kind, date_line
from tests.exports.conftest import STATE, document, merged, row_of, written

ROW = (1, "Nguyễn Thị Thu Hà", "Phường Bến Nghé", 9.5, 754_300, None, None, "0912345678")


def test_party_letterhead_left_and_right():
    sheet = written(document(), [ROW])

    assert [sheet[f"A{row}"].value for row in range(1, 5)] == [
        "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH", "BAN DÂN VẬN THÀNH ỦY", "*", "Số 127-QĐ/BDVTU"]
    assert sheet["A1"].font.name == "Times New Roman"
    assert not sheet["A1"].font.b
    assert sheet["A2"].font.b
    assert sheet["A2"].font.sz == 13
    assert sheet["D1"].value == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert (sheet["D1"].font.b, sheet["D1"].font.u, sheet["D1"].font.sz) == (True, "single", 14)
    assert sheet["D3"].value == "TP. Hồ Chí Minh, ngày 06 tháng 12 năm 2026"
    assert sheet["D3"].font.i
    assert {"A1:C1", "A2:C2", "A3:C3", "D1:H1", "D3:H3"} <= merged(sheet)


def test_state_letterhead_has_national_heading_and_motto_and_no_star():
    sheet = written(document(letterhead=STATE), [ROW])

    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"
    assert sheet["A2"].value == "SỞ NỘI VỤ"
    assert sheet["A3"].value == "Số 127-QĐ/BDVTU"
    assert sheet["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert sheet["D1"].font.b
    assert sheet["D2"].value == "Độc lập - Tự do - Hạnh phúc"
    assert sheet["D2"].font.b
    assert sheet["D2"].font.u == "single"
    assert "*" not in [cell.value for row in sheet.iter_rows(max_row=5) for cell in row]


@pytest.mark.parametrize(("day", "line"), [
    (date(2026, 12, 6), "TP. Hồ Chí Minh, ngày 06 tháng 12 năm 2026"),
    (date(2026, 2, 15), "TP. Hồ Chí Minh, ngày 15 tháng 02 năm 2026"),
    (date(2026, 3, 1), "TP. Hồ Chí Minh, ngày 01 tháng 3 năm 2026"),
    (None, "TP. Hồ Chí Minh, ngày ... tháng ... năm ..."),
])
def test_date_line_pads_days_below_ten_and_january_february(day, line):
    assert date_line("TP. Hồ Chí Minh", day) == line


def test_titles_are_merged_across_the_table():
    sheet = written(document(), [ROW])

    assert sheet["A6"].value == ("KẾT QUẢ CUỘC THI TRẮC NGHIỆM TÌM HIỂU LỊCH SỬ ĐẢNG BỘ "
                                 "THÀNH PHỐ")
    assert (sheet["A6"].font.b, sheet["A6"].font.sz) == (True, 14)
    assert sheet["A7"].value == "Tuần thi thứ nhất"
    assert sheet["A7"].font.b
    assert sheet["A8"].value.startswith("(Kèm theo Quyết định số 127-QĐ/BDVTU")
    assert sheet["A8"].font.i
    assert not sheet["A8"].font.b
    assert {"A6:H6", "A7:H7", "A8:H8"} <= merged(sheet)
    assert sheet["A6"].alignment.horizontal == "center"


def test_missing_title_lines_take_no_rows():
    doc = document(heading=Heading(title="Danh sách thí sinh"))

    sheet = written(doc, [ROW])

    assert [sheet[f"A{row}"].value for row in range(3, 8)] == [
        "*", None, "DANH SÁCH THÍ SINH", None, "STT"]
    assert (sheet.freeze_panes, sheet.print_title_rows) == ("A8", "$7:$7")


def test_single_header_row_is_bold_bordered_wrapped_and_printed_on_every_page():
    sheet = written(document(), [ROW])

    headers = [cell.value for cell in sheet[10]]
    assert headers == ["STT", "Họ và tên", "Đơn vị", "Điểm", "Thời gian làm bài", "Nộp bài lúc",
                       "Ngày sinh", "Số điện thoại"]
    for cell in sheet[10]:
        assert cell.font.b
        assert cell.font.name == "Times New Roman"
        assert cell.alignment.wrap_text
        assert {cell.border.left.style, cell.border.right.style, cell.border.top.style,
                cell.border.bottom.style} == {"thin"}
    assert sheet.print_title_rows == "$10:$10"
    assert sheet.freeze_panes == "A11"


def test_two_row_header_merges_the_group_across_and_the_others_down():
    columns = (Column("STT", 6, Kind.INTEGER), Column("Họ và tên", 24),
               Column("Nam", 7, Kind.INTEGER, group="Năm sinh"),
               Column("Nữ", 7, Kind.INTEGER, group="Năm sinh"), Column("Chức vụ", 20),
               Column("Đơn vị", 24))

    sheet = written(document(columns=columns), [(1, "Trần Văn Minh", 1969, None, "Bí thư", "Q1")])

    assert [cell.value for cell in sheet[10]] == ["STT", "Họ và tên", "Năm sinh", None,
                                                  "Chức vụ", "Đơn vị"]
    assert [sheet.cell(11, column).value for column in (3, 4)] == ["Nam", "Nữ"]
    assert {"A10:A11", "B10:B11", "C10:D10", "E10:E11", "F10:F11"} <= merged(sheet)
    assert sheet.print_title_rows == "$10:$11"
    assert sheet.freeze_panes == "A12"
    assert sheet["C12"].value == 1969
    assert sheet["D12"].value is None
    assert sheet["D11"].border.bottom.style == "thin"
    assert sheet["D11"].font.b


def test_page_is_a4_landscape_one_page_wide():
    sheet = written(document(), [ROW])

    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.page_margins.left == pytest.approx(0.6)
    assert "&P" in sheet.oddFooter.center.text
    assert [sheet.column_dimensions[letter].width for letter in "ABC"] == [6, 26, 26]


def test_signature_block_recipients_left_signer_right():
    sheet = written(document(), [ROW, ROW])

    first = row_of(sheet, "Nơi nhận:")
    assert first == 14  # the table ends on row 12, then one blank row
    assert sheet[f"A{first}"].font.b
    assert sheet[f"A{first}"].font.i
    assert [sheet[f"A{first + n}"].value for n in (1, 2, 3)] == [
        "- Ban Dân vận Trung ương (để báo cáo),", "- Các đơn vị có tên,", "- Lưu Văn phòng."]
    assert sheet[f"D{first}"].value == "T/M BAN THƯỜNG VỤ"
    assert sheet[f"D{first + 1}"].value == "TRƯỞNG BAN"
    name = row_of(sheet, "Nguyễn Văn Minh")
    assert name - (first + 1) == 5  # room for signature and seal
    assert sheet[f"D{name}"].font.b
    assert sheet[f"D{name}"].alignment.horizontal == "center"
    assert f"D{first}:H{first}" in merged(sheet)


def test_sheet_title_drops_characters_a_sheet_name_cannot_hold():
    heading = Heading(title="Kết quả", sheet_title="Tuần 1/2: [kết quả] và *giải*?")

    sheet = written(document(heading=heading), [ROW])

    assert sheet.title == "Tuần 12 kết quả và giải"


def test_a_table_needs_two_columns():
    with pytest.raises(ValueError, match="hai cột"):
        written(document(columns=(Column("STT"),)), [])


def test_two_groups_side_by_side_each_merge_over_their_own_columns():
    columns = (Column("STT", 6, Kind.INTEGER), Column("Nam", 7, group="Năm sinh"),
               Column("Nữ", 7, group="Năm sinh"), Column("Vòng 1", 8, group="Điểm"),
               Column("Vòng 2", 8, group="Điểm"), Column("Vòng 3", 8, group="Điểm"))

    sheet = written(document(columns=columns), [(1, "1990", None, 8, 9, 10)])

    assert [cell.value for cell in sheet[10]] == ["STT", "Năm sinh", None, "Điểm", None, None]
    assert [cell.value for cell in sheet[11]] == [None, "Nam", "Nữ", "Vòng 1", "Vòng 2", "Vòng 3"]
    assert {"A10:A11", "B10:C10", "D10:F10"} <= merged(sheet)
    assert "B10:B11" not in merged(sheet)
