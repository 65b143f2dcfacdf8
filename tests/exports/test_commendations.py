"""The commendation list of a decision and a proposal list, reopened and read cell by cell:
the official layout with section I. TẬP THỂ and section II. CÁ NHÂN on one sheet."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from exports.commendations import (
    CollectiveLine,
    IndividualLine,
    section_title,
    write_commendation_list,
    write_proposal_list,
)
from exports.official import Column, Document, Heading, Section, write_document
from tests.exports.conftest import PARTY, STATE, merged, row_of

SUBJECT = "trong phong trào thi đua “Dân vận khéo” năm 2023"
COLLECTIVES = [
    CollectiveLine("Quận 1", "Ủy ban nhân dân Phường Bến Nghé", "Phường Bến Nghé",
                   "Mô hình “Tổ dân phố văn minh”", "Giấy khen"),
    CollectiveLine("Quận 3", "Hội Liên hiệp Phụ nữ Phường Võ Thị Sáu", "Phường Võ Thị Sáu",
                   "Giải pháp hỗ trợ vốn cho 85 phụ nữ khởi nghiệp", "Giấy khen"),
    CollectiveLine("Quận 3", "Đoàn Thanh niên Phường 5", "Phường 5",
                   "Mô hình “Chủ nhật xanh”", "Bằng khen", "Đề nghị lần đầu"),
]
INDIVIDUALS = [
    IndividualLine("Quận 1", "Nguyễn Thị Thu Hà", 1978, "nu", "Chủ tịch UBMTTQ Phường",
                   "Phường Bến Nghé", "Vận động 300 hộ hiến đất", "Giấy khen"),
    IndividualLine("Đảng ủy Khối Doanh nghiệp", "Trần Văn Minh", 1969, "nam",
                   "Phó Bí thư Đảng ủy", "Công ty Mẫu", "Giải pháp tiếp nhận phản ánh",
                   "Giấy khen"),
    IndividualLine("Đảng ủy Khối Doanh nghiệp", "Lê Hoàng Nam", 1990, None, "Bí thư Chi đoàn",
                   "Công ty Gia Định", "Mô hình “Thắp sáng đường quê”", "Giấy khen"),
]


def decision_list(letterhead=PARTY, collectives=COLLECTIVES, individuals=INDIVIDUALS):
    buffer = io.BytesIO()
    count = write_commendation_list(
        buffer, letterhead, subject=SUBJECT, number="127-QĐ/BDVTU",
        signed_date=date(2023, 10, 15), issuing_body="Ban Thường vụ Thành ủy",
        collectives=iter(collectives), collective_count=len(collectives),
        individuals=iter(individuals), individual_count=len(individuals))
    return load_workbook(io.BytesIO(buffer.getvalue())).active, count


@pytest.fixture(scope="module")
def sheet():
    return decision_list()[0]


def test_every_group_and_person_is_written():
    assert decision_list()[1] == 3 + 2 + 3 + 2  # rows and unit heading rows of each section


def test_letterhead_is_the_party_one(sheet):
    assert (sheet["A1"].value, sheet["A2"].value, sheet["A3"].value) == (
        "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH", "BAN DÂN VẬN THÀNH ỦY", "*")
    assert (sheet["A1"].font.b, sheet["A2"].font.b) == (False, True)
    assert sheet["F1"].value == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert (sheet["F1"].font.b, sheet["F1"].font.u, sheet["F1"].font.sz) == (True, "single", 14)
    assert sheet["F3"].value == "TP. Hồ Chí Minh, ngày 15 tháng 10 năm 2023"
    assert sheet["F3"].font.i


def test_titles_are_merged_across_both_tables(sheet):
    assert sheet["A5"].value == "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
    assert sheet["A6"].value == SUBJECT
    assert sheet["A7"].value == ("(Kèm theo Quyết định số 127-QĐ/BDVTU ngày 15/10/2023 của "
                                 "Ban Thường vụ Thành ủy)")
    assert {"A5:I5", "A6:I6", "A7:I7"} <= merged(sheet)
    assert [(sheet[c].font.b, sheet[c].font.i, sheet[c].font.sz) for c in ("A5", "A6", "A7")] \
        == [(True, False, 14), (True, False, 14), (False, True, 13)]
    assert {sheet[c].font.name for c in ("A1", "F1", "A5", "A7")} == {"Times New Roman"}


def test_section_one_lists_collectives_with_its_count_and_six_columns(sheet):
    assert sheet["A9"].value == "I. TẬP THỂ (03 tập thể)"
    assert (sheet["A9"].font.b, sheet["A9"].font.sz) == (True, 13)
    assert "A9:I9" in merged(sheet)
    header = [(cell.coordinate, cell.value) for cell in sheet[10] if cell.value]
    assert header == [("A10", "STT"), ("B10", "Tên tập thể"), ("E10", "Đơn vị"),
                      ("G10", "Thành tích"), ("H10", "Hình thức khen thưởng"),
                      ("I10", "Ghi chú")]
    assert {"B10:D10", "E10:F10"} <= merged(sheet)
    assert all(cell.border.top.style == "thin" for cell in sheet[10])
    assert all(cell.font.b for cell in sheet[10] if cell.value)


def test_section_two_has_the_year_of_birth_under_nam_and_nu(sheet):
    top = row_of(sheet, "II. CÁ NHÂN (03 cá nhân)")
    header, under = top + 1, top + 2
    assert [cell.value for cell in sheet[header]] == [
        "STT", "Họ và tên", "Năm sinh", None, "Chức vụ", "Đơn vị", "Thành tích",
        "Hình thức khen thưởng", "Ghi chú"]
    assert (sheet[f"C{under}"].value, sheet[f"D{under}"].value) == ("Nam", "Nữ")
    assert f"C{header}:D{header}" in merged(sheet)
    assert {f"{c}{header}:{c}{under}" for c in "ABEFGHI"} <= merged(sheet)


def test_rows_stand_under_their_unit_numbered_on_across_units(sheet):
    assert [(sheet[f"A{r}"].value, sheet[f"B{r}"].value) for r in range(11, 16)] == [
        ("Quận 1", None), (1, "Ủy ban nhân dân Phường Bến Nghé"), ("Quận 3", None),
        (2, "Hội Liên hiệp Phụ nữ Phường Võ Thị Sáu"), (3, "Đoàn Thanh niên Phường 5")]
    assert [sheet[f"{c}15"].value for c in "BEGHI"] == [
        "Đoàn Thanh niên Phường 5", "Phường 5", "Mô hình “Chủ nhật xanh”", "Bằng khen",
        "Đề nghị lần đầu"]
    assert {"A11:I11", "A13:I13", "B12:D12", "E12:F12", "B15:D15", "E15:F15"} <= merged(sheet)
    group = sheet["A13"]
    assert (group.font.b, group.font.i, group.font.sz, group.border.left.style) == (
        True, True, 12, "thin")
    value = sheet["B12"]
    assert (value.font.b, value.font.sz, value.alignment.wrap_text) == (False, 12, True)


def test_numbering_starts_again_in_section_two(sheet):
    first = row_of(sheet, "II. CÁ NHÂN (03 cá nhân)") + 3
    assert [sheet[f"A{r}"].value for r in range(first, first + 5)] == [
        "Quận 1", 1, "Đảng ủy Khối Doanh nghiệp", 2, 3]


def test_the_year_of_birth_goes_in_the_column_of_the_persons_gender(sheet):
    first = row_of(sheet, "Nguyễn Thị Thu Hà")
    woman, man, unknown = first, first + 2, first + 3
    assert (sheet[f"C{woman}"].value, sheet[f"D{woman}"].value) == (None, 1978)
    assert (sheet[f"C{man}"].value, sheet[f"D{man}"].value) == (1969, None)
    assert [sheet[f"{c}{man}"].value for c in "BEFGH"] == [
        "Trần Văn Minh", "Phó Bí thư Đảng ủy", "Công ty Mẫu", "Giải pháp tiếp nhận phản ánh",
        "Giấy khen"]
    assert (sheet[f"C{unknown}"].value, sheet[f"D{unknown}"].value) == (None, None)
    assert sheet[f"I{unknown}"].value == "Năm sinh 1990, chưa rõ giới tính"


def test_signature_block_under_the_tables(sheet):
    recipients = row_of(sheet, "Nơi nhận:")
    last_row = row_of(sheet, "Lê Hoàng Nam")
    assert recipients == last_row + 2
    assert (sheet[f"A{recipients}"].font.b, sheet[f"A{recipients}"].font.i) == (True, True)
    assert sheet[f"A{recipients + 1}"].value == "- Ban Dân vận Trung ương (để báo cáo),"
    assert (sheet[f"F{recipients}"].value, sheet[f"F{recipients + 1}"].value) == (
        "T/M BAN THƯỜNG VỤ", "TRƯỞNG BAN")
    assert sheet[f"F{recipients + 6}"].value == "Nguyễn Văn Minh"
    assert sheet[f"F{recipients + 6}"].font.b
    assert f"F{recipients}:I{recipients}" in merged(sheet)


def test_printed_a4_landscape_one_page_wide_with_the_individuals_header_repeated(sheet):
    top = row_of(sheet, "II. CÁ NHÂN (03 cá nhân)")
    assert sheet.print_title_rows == f"${top + 1}:${top + 2}"
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert [sheet.column_dimensions[c].width for c in "ABCDEFGHI"] == [
        6, 24, 7, 7, 20, 22, 40, 18, 10]


def test_a_state_body_heads_the_list_with_the_national_heading():
    sheet, _ = decision_list(letterhead=STATE)
    assert sheet["F1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert sheet["F2"].value == "Độc lập - Tự do - Hạnh phúc"


def test_an_empty_section_keeps_its_title_and_header():
    sheet, count = decision_list(collectives=[])
    assert count == 5
    assert sheet["A9"].value == "I. TẬP THỂ (00 tập thể)"
    assert sheet["A12"].value == "II. CÁ NHÂN (03 cá nhân)"


@pytest.mark.parametrize(("count", "title"), [
    (3, "I. TẬP THỂ (03 tập thể)"), (12, "I. TẬP THỂ (12 tập thể)"),
    (6439, "I. TẬP THỂ (6.439 tập thể)")])
def test_section_counts_read_as_in_official_documents(count, title):
    assert section_title("I", "TẬP THỂ", count, "tập thể") == title


def test_proposal_list_is_titled_for_its_unit_and_has_both_sections():
    buffer = io.BytesIO()
    write_proposal_list(buffer, PARTY, subject="Đề nghị khen thưởng năm 2023",
                        proposer="Quận 1", collectives=COLLECTIVES[:1], collective_count=1,
                        individuals=INDIVIDUALS[:1], individual_count=1)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active

    assert sheet["A5"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    assert sheet["A6"].value == "Đề nghị khen thưởng năm 2023"
    assert sheet["A7"].value == "(Kèm theo Tờ trình số ... ngày ... của Quận 1)"
    assert sheet["F3"].value == "TP. Hồ Chí Minh, ngày ... tháng ... năm ..."
    assert sheet["A9"].value == "I. TẬP THỂ (01 tập thể)"
    assert sheet["H10"].value == "Hình thức khen thưởng"
    assert sheet["H12"].value == "Giấy khen"
    assert sheet.title == "Danh sách đề nghị"


def test_sections_of_different_total_widths_share_the_sheet_columns_in_proportion():
    document = Document(PARTY, Heading("Danh sách"), sections=(
        Section("I. Phần một", (Column("A", 10), Column("B", 10))),
        Section("II. Phần hai", (Column("C", 10), Column("D", 20), Column("E", 10)))))
    buffer = io.BytesIO()
    write_document(buffer, document, [[("a", "b")], [("c", "d", "e")]])
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active

    assert [sheet.column_dimensions[c].width for c in "ABCD"] == [10, 10, 10, 10]
    first = row_of(sheet, "a")
    assert {f"A{first}:B{first}", f"C{first}:D{first}", f"B{first + 4}:C{first + 4}"} \
        <= merged(sheet)


def test_a_document_needs_its_columns_or_its_sections_not_both():
    with pytest.raises(ValueError, match="không cả hai"):
        Document(PARTY, Heading("Danh sách"), columns=(Column("A"), Column("B")),
                 sections=(Section("", (Column("A"), Column("B"))),))


def test_rows_for_each_section_are_needed():
    document = Document(PARTY, Heading("Danh sách"), sections=(
        Section("I", (Column("A"), Column("B"))), Section("II", (Column("A"), Column("B")))))
    with pytest.raises(ValueError, match="2 phần mà nhận 1 bảng"):
        write_document(io.BytesIO(), document, [[("a", "b")]])
