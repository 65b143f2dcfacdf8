"""Each file as a person opens it: the letterhead and titles, the table's values and their
types, the print settings, user text that never becomes a formula, personal data masked."""

import io
import zipfile
from datetime import datetime, timedelta

from openpyxl import load_workbook

from backend.clock import utc_to_local, utcnow
from backend.downloads.models import ExportKind
from backend.letterhead import service as letterhead
from backend.letterhead.models import Heading
from backend.units import service as units
from tests.downloads.conftest import FORMULA_NAMES, table_rows
from tests.exports.conftest import merged, row_of


def test_results_list_every_counted_attempt_in_rank_order_with_real_numbers(scene):
    sheet = scene.sheet()

    rows = table_rows(sheet)
    assert [r[0] for r in rows] == list(range(1, 16))
    first = rows[0]
    assert first[1:5] == ("Huỳnh Văn An", "Phường Võ Thị Sáu", "Khối Quận, huyện", 5)
    assert first[6:8] == (50, "Giải Nhất")
    header = row_of(sheet, "STT")
    assert [c.value for c in sheet[header]] == [
        "STT", "Họ và tên", "Đơn vị", "Khối", "Điểm", "Thời gian làm bài", "Dự đoán", "Giải",
        "Số điện thoại", "Ngày sinh", "Số CCCD"]
    cells = sheet[header + 1]
    assert (cells[0].data_type, cells[4].data_type) == ("n", "n")
    assert isinstance(cells[4].value, int)
    # A number of days, shown as minutes: openpyxl reads it back as the duration it is.
    assert cells[5].value == timedelta(seconds=105)
    assert cells[5].number_format == "[mm]:ss.0"
    assert [r[7] for r in rows].count("Giải Khuyến khích") == 5
    assert rows[-1][7] is None


def test_the_official_layout_heads_and_signs_with_the_stored_letterhead(scene):
    with scene.database.scope() as session:
        letterhead.update_letterhead(
            session=session, governing_body="Ủy ban nhân dân Thành phố Hồ Chí Minh",
            issuing_body="Sở Nội vụ", heading=Heading.STATE, place="TP. Hồ Chí Minh",
            signer_titles="KT. Giám đốc\nPhó Giám đốc", signer_name="Trần Thị Lan",
            recipients="- Như trên;\n- Lưu: VT.", actor_id=None, now=utcnow())

    sheet = scene.sheet()

    today = utc_to_local(utcnow(), scene.database.settings.zone).date()
    texts = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert texts[:2] == ["ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert "Độc lập - Tự do - Hạnh phúc" in texts
    assert f"TP. Hồ Chí Minh, ngày {today.day:02d} tháng " in next(
        t for t in texts if str(t).startswith("TP. Hồ Chí Minh, ngày"))
    title = row_of(sheet, "KẾT QUẢ CUỘC THI TÌM HIỂU CÔNG TÁC DÂN VẬN 2026")
    assert sheet.cell(title + 1, 1).value == "Tuần 1 – Kết quả tạm thời, chưa công bố"
    assert sheet.cell(title + 2, 1).value.startswith("(Xếp hạng theo: điểm cao hơn xếp trên")
    assert f"A{title}:K{title}" in merged(sheet)
    assert (sheet.cell(title, 1).font.name, sheet.cell(title, 1).font.b) == (
        "Times New Roman", True)
    assert {"Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
            "Trần Thị Lan"} <= set(texts)
    assert all(c.font.name == "Times New Roman" for row in sheet.iter_rows() for c in row
               if c.value is not None)


def test_printed_on_a4_landscape_one_page_wide_with_the_header_on_every_page(scene):
    sheet = scene.sheet()

    header = row_of(sheet, "STT")
    assert sheet.print_title_rows == f"${header}:${header}"
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.freeze_panes == f"A{header + 1}"


def test_names_that_look_like_formulas_are_text_and_never_formulas(scene):
    data = scene.file_bytes(scene.built())

    sheet = load_workbook(io.BytesIO(data)).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value in FORMULA_NAMES}
    assert set(cells) == set(FORMULA_NAMES)
    assert {c.data_type for c in cells.values()} == {"s"}
    assert all(c.quotePrefix for c in cells.values())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert "<f " not in xml


def test_phone_birth_date_and_cccd_masked_for_a_reader_without_the_permission(scene):
    rows = table_rows(scene.sheet(masked=True))

    assert rows[0][8:] == ("090****005", "1985-**-**", "079******005")
    assert rows[1][10] is None  # no CCCD given: an empty cell
    assert not any(secret in str(value) for row in rows for value in row
                   for secret in ("0900000005", "079085000005"))


def test_phone_and_cccd_as_text_and_birth_date_as_a_real_date_for_one_with_the_permission(
        scene):
    sheet = scene.sheet(masked=False)

    header = row_of(sheet, "STT")
    phone, born, cccd = (sheet.cell(header + 1, column) for column in (9, 10, 11))
    assert (phone.value, phone.data_type, phone.number_format) == ("0900 000 005", "s", "@")
    assert (cccd.value, cccd.data_type, cccd.number_format) == ("079085000005", "s", "@")
    assert born.value == datetime(1985, 6, 6)
    assert (born.data_type, born.number_format) == ("d", "dd/mm/yyyy")


def test_a_unit_officers_file_holds_only_their_subtree(scene):
    quan_1 = units.get_unit(session=scene.session, unit_id=scene.tree["Q1"].id)
    scene.session.commit()

    sheet = scene.sheet(within=quan_1)

    rows = table_rows(sheet)
    assert len(rows) == 10
    assert {r[2] for r in rows} == {"Phường Bến Nghé", "Phường Bến Thành"}
    assert [r[0] for r in rows][:3] == [3, 4, 5]  # the contest's ranks, not renumbered
    assert any(str(c.value).endswith("– Quận 1") for row in sheet.iter_rows() for c in row)


def test_prize_list_groups_winners_under_each_prize_numbered_on(scene):
    sheet = scene.sheet(kind=ExportKind.PRIZES)

    rows = table_rows(sheet)
    assert [r[0] for r in rows] == list(range(1, 12))
    assert row_of(sheet, "Giải Nhất") < row_of(sheet, "Giải Nhì") < row_of(
        sheet, "Giải Khuyến khích")
    assert row_of(sheet, "DANH SÁCH THÍ SINH ĐOẠT GIẢI CUỘC THI TÌM HIỂU CÔNG TÁC DÂN VẬN 2026")
    header = [c.value for c in sheet[row_of(sheet, "STT")]]
    assert "Giải" not in header


def test_attempts_audit_holds_every_attempt_with_real_local_times(scene):
    sheet = scene.sheet(kind=ExportKind.ATTEMPTS)

    rows = table_rows(sheet)
    assert len(rows) == 18
    header = [c.value for c in sheet[row_of(sheet, "STT")]]
    first = dict(zip(header, rows[0], strict=True))
    zone = scene.database.settings.zone
    started = utc_to_local(scene.round.opens_at + timedelta(minutes=1), zone)
    # Excel keeps times to the millisecond.
    assert abs(first["Bắt đầu"] - started.replace(tzinfo=None)) < timedelta(milliseconds=1)
    assert isinstance(first["Nộp bài"], datetime)
    assert (first["Lượt"], first["Trạng thái"], first["Được tính"]) == (1, "Đã nộp", "Có")
    second = dict(zip(header, rows[1], strict=True))
    assert (second["Lượt"], second["Được tính"]) == (2, "Không")
    cell = sheet.cell(row_of(sheet, "STT") + 1, header.index("Bắt đầu") + 1)
    assert (cell.data_type, cell.number_format) == ("d", "dd/mm/yyyy hh:mm:ss")


def test_file_names_say_what_and_which_round_without_diacritics(scene):
    quan_1 = scene.tree["Q1"]

    names = [scene.request(kind=ExportKind.RESULTS).export.file_name,
             scene.request(kind=ExportKind.RESULTS, masked=False).export.file_name,
             scene.request(kind=ExportKind.PRIZES, within=quan_1).export.file_name,
             scene.request(kind=ExportKind.ATTEMPTS).export.file_name]

    assert names == ["ket-qua-tuan-1.xlsx", "ket-qua-tuan-1-day-du.xlsx",
                     "danh-sach-doat-giai-tuan-1-q1.xlsx", "luot-thi-tuan-1.xlsx"]


def test_the_overall_board_is_titled_for_the_whole_contest(scene):
    overall = scene.finalise()

    sheet = scene.sheet(board=overall)

    assert row_of(sheet, "Chung cuộc – Kết quả tạm thời, chưa công bố")
    assert len(table_rows(sheet)) == 15
