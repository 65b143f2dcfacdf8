"""The table's cells: real numbers, dates and durations; text that never turns into a formula;
group and total rows; streaming, progress and what a failure leaves behind."""

import io
import os
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet import _writer

from exports.official import Group, Total, write_document
from tests.exports.conftest import document, merged, sheet_xml, written, written_bytes

NAME = "Nguyễn Thị Thu Hà"
ROW = (1, NAME, "Phường Bến Nghé", 9.5, 754_300, datetime(2026, 12, 6, 10, 0, 5),
       date(1990, 2, 3), "0912345678")
FIRST = 11  # the first row of the table's body


def test_values_keep_their_types_and_formats():
    sheet = written(document(), [ROW])

    stt, name, unit, score, duration, submitted, born, phone = sheet[FIRST]
    assert (stt.value, stt.data_type, stt.number_format) == (1, "n", "0")
    assert (name.value, unit.value) == (NAME, "Phường Bến Nghé")
    assert isinstance(score.value, float)
    assert score.value == 9.5
    assert score.number_format == "0.00"
    assert duration.value == timedelta(milliseconds=754_300)
    assert duration.number_format == "[mm]:ss.0"
    assert submitted.value == datetime(2026, 12, 6, 10, 0, 5)  # local time, not shifted
    assert submitted.number_format == "dd/mm/yyyy hh:mm:ss"
    assert born.value == datetime(1990, 2, 3)
    assert born.number_format == "dd/mm/yyyy"
    assert (phone.value, phone.data_type, phone.number_format) == ("0912345678", "s", "@")


def test_durations_are_numbers_in_days_in_the_file():
    xml = sheet_xml(written_bytes(document(), [ROW]))

    assert f'<c r="E{FIRST}"' in xml
    cell = xml.split(f'<c r="E{FIRST}"', 1)[1].split("</c>", 1)[0]
    assert f"<v>{754_300 / 86_400_000!r}"[:14] in cell


def test_body_cells_are_times_new_roman_12_bordered_and_wrapped():
    sheet = written(document(), [ROW])

    for cell in sheet[FIRST]:
        assert (cell.font.name, cell.font.sz, cell.font.b) == ("Times New Roman", 12, False)
        assert cell.alignment.wrap_text
        assert {cell.border.left.style, cell.border.right.style, cell.border.top.style,
                cell.border.bottom.style} == {"thin"}


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+84912345678", "-1",
                                  "@SUM(A1)", "\tx", "\r=1+1"])
def test_text_that_looks_like_a_formula_stays_quoted_text(text):
    data = written_bytes(document(), [(1, text, text, None, None, None, None, text)])

    sheet = load_workbook(io.BytesIO(data)).active
    for cell in sheet[FIRST][1:3] + sheet[FIRST][7:8]:
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert "<f>" not in sheet_xml(data)


def test_ordinary_text_has_no_quote_prefix():
    sheet = written(document(), [ROW])

    assert sheet[f"B{FIRST}"].quotePrefix is False


def test_text_that_looks_like_an_error_code_stays_text():
    sheet = written(document(), [(1, "#N/A", "#REF!", None, None, None, None, None)])

    assert (sheet[f"B{FIRST}"].value, sheet[f"B{FIRST}"].data_type) == ("#N/A", "s")


def test_characters_a_workbook_cannot_hold_are_dropped_and_the_file_still_opens():
    sheet = written(document(), [(1, "Lê\x07 Hoàng\x00 Nam\x1f", "Quận\x0b 1\ud800\uffff",
                                  None, None, None, None, "09\ufffe12")])

    assert sheet[f"B{FIRST}"].value == "Lê Hoàng Nam"
    assert sheet[f"C{FIRST}"].value == "Quận 1"
    assert sheet[f"H{FIRST}"].value == "0912"


def test_decomposed_vietnamese_is_written_composed():
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" typed as letters and combining marks

    sheet = written(document(), [(1, decomposed, "", None, None, None, None, None)])

    assert sheet[f"B{FIRST}"].value == "Nguyễn"


def test_code_column_keeps_digits_as_text():
    sheet = written(document(), [(1, NAME, "", None, None, None, None, 79201234567)])

    assert (sheet[f"H{FIRST}"].value, sheet[f"H{FIRST}"].data_type) == ("79201234567", "s")


def test_empty_cells_keep_the_table_border():
    sheet = written(document(), [(None, NAME, None, None, None, None, None, None)])

    assert sheet[f"A{FIRST}"].value is None
    assert sheet[f"A{FIRST}"].border.left.style == "thin"
    assert sheet[f"F{FIRST}"].border.bottom.style == "thin"


def test_group_rows_are_bold_italic_and_merged_across():
    sheet = written(document(), [Group("Giải Nhất"), ROW, Group("Giải Nhì"), ROW])

    assert sheet[f"A{FIRST}"].value == "Giải Nhất"
    assert sheet[f"A{FIRST}"].font.b
    assert sheet[f"A{FIRST}"].font.i
    assert sheet[f"A{FIRST}"].border.top.style == "thin"
    assert {f"A{FIRST}:H{FIRST}", f"A{FIRST + 2}:H{FIRST + 2}"} <= merged(sheet)
    assert sheet[f"B{FIRST + 1}"].value == NAME


def test_total_rows_are_bold_with_the_label_over_its_span():
    sheet = written(document(), [ROW, ROW, Total("Tổng cộng", (None, 19.0), span=2)])

    total = FIRST + 2
    assert sheet[f"A{total}"].value == "Tổng cộng"
    assert sheet[f"A{total}"].font.b
    assert f"A{total}:B{total}" in merged(sheet)
    assert sheet[f"C{total}"].value is None
    assert sheet[f"D{total}"].value == 19.0
    assert sheet[f"D{total}"].font.b
    assert sheet[f"D{total}"].number_format == "0.00"
    assert sheet[f"H{total}"].border.right.style == "thin"


def test_rows_stream_from_a_generator_with_progress():
    seen = []

    count = write_document(io.BytesIO(), document(),
                           ((n, NAME, "", n / 2, None, None, None, None) for n in range(1, 8)),
                           progress=seen.append, progress_every=3)

    assert count == 7
    assert seen == [3, 6, 7]


def test_writes_to_a_path(tmp_path):
    path = tmp_path / "ket-qua.xlsx"

    assert write_document(path, document(), [ROW, ROW]) == 2

    assert load_workbook(path).active[f"B{FIRST + 1}"].value == NAME


@pytest.mark.parametrize(("row", "error"), [
    ((1, NAME), ValueError),
    ((1, NAME, "", True, None, None, None, None), TypeError),
    ((1, NAME, "", None, None, datetime(2026, 12, 6, tzinfo=UTC), None, None),
     ValueError),
    (Total("Tổng", (1,) * 8), ValueError),
])
def test_a_bad_row_stops_the_export_and_leaves_no_temporary_file(row, error):
    before = set(_writer.ALL_TEMP_FILES)

    with pytest.raises(error):
        write_document(io.BytesIO(), document(), [ROW] * 3 + [row])

    assert [path for path in set(_writer.ALL_TEMP_FILES) - before if os.path.exists(path)] == []


def test_a_target_that_cannot_be_written_leaves_no_temporary_file(tmp_path):
    before = set(_writer.ALL_TEMP_FILES)

    with pytest.raises(FileNotFoundError):
        write_document(tmp_path / "missing" / "ket-qua.xlsx", document(), [ROW])

    assert [path for path in set(_writer.ALL_TEMP_FILES) - before if os.path.exists(path)] == []


def test_a_row_with_text_longer_than_its_column_is_given_room_for_it():
    long_unit = "Đảng ủy Khối Dân - Chính - Đảng Thành phố Hồ Chí Minh"  # 54 characters
    sheet = written(document(), [ROW, (2, NAME, long_unit, None, None, None, None, None), ROW])

    heights = [sheet.row_dimensions[row].height for row in (FIRST, FIRST + 1, FIRST + 2)]
    assert heights[0] is None
    assert heights[2] is None
    assert heights[1] == pytest.approx(3 * 12 * 1.35)  # 26 units hold 26 characters a line
