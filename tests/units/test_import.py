"""Importing and exporting the unit tree as .xlsx: all rows or none, every error located."""

import io
import zipfile

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from backend.audit import service as audit
from backend.clock import utcnow
from backend.demo.units_2023 import unit_rows
from backend.units import service
from backend.units.models import Unit, UnitKind
from exports.units import HEADERS as EXPORT_HEADERS
from tests.factories import import_rows
from tests.units.conftest import (
    SHEET,
    export_bytes,
    fresh_units,
    import_file,
    rejected_texts,
    sheet_rows,
    stored,
    xlsx,
    zip_bytes,
)

WARDS = [
    ("Q1-DK", "Phường Đa Kao", "Q1", "", "Phường", 120, ""),
    ("Q1-TD", "Phường Tân Định", "Q1", "", "Phường", 160, "Cụm 5"),
]


def test_import_creates_units_blocks_and_clusters(session, database):
    data = xlsx([
        ("HCM", "Thành phố Hồ Chí Minh", "", "", "Tỉnh, thành phố", 0, ""),
        ("Q1", "Quận 1", "HCM", "Khối Quận, huyện", "Quận", 2400, "Cụm 1"),
        ("Q1-BN", "Phường Bến Nghé", "Q1", "", "Phường", 130, ""),
    ])

    summary = import_file(database, session, data)

    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    assert (summary.new_blocks, summary.new_clusters) == (["Khối Quận, huyện"], ["Cụm 1"])
    units = fresh_units(database)
    assert (units["Q1-BN"].name, units["Q1-BN"].kind, units["Q1-BN"].headcount) == (
        "Phường Bến Nghé", UnitKind.WARD, 130)
    assert units["Q1-BN"].parent_id == units["Q1"].id
    assert units["Q1-BN"].block_id == units["Q1"].block_id is not None
    assert units["Q1"].cluster_id is not None
    assert units["Q1-BN"].cluster_id is None
    entry = audit.recent(session=session, action_prefix="unit.import")[0]
    assert (entry.target, entry.details) == (
        "don-vi.xlsx", {"created": 3, "updated": 0, "unchanged": 0})


def test_import_upserts_by_code(session, database, tree):
    data = xlsx([
        ("q1", "Quận Một", "HCM", "Khối Quận, huyện", "Quận", 2500, "Cụm 1"),
        ("Q3", "Quận 3", "HCM", "Khối Quận, huyện", "Quận", 2100, "Cụm 1"),
        *WARDS,
    ])

    summary = import_file(database, session, data)

    assert (summary.created, summary.updated, summary.unchanged) == (2, 1, 1)
    assert summary.new_clusters == ["Cụm 5"]
    units = fresh_units(database)
    assert len(units) == 10
    assert (units["Q1"].name, units["Q1"].headcount) == ("Quận Một", 2500)
    assert units["Q1-DK"].path == f"{units['Q1'].path}{units['Q1-DK'].id}/"


def test_headers_match_in_any_case_without_diacritics_in_any_order(session, database):
    headers = ["SO LUONG THANH VIEN", "ten don vi", "cụm THI ĐUA", "MÃ ĐƠN VỊ CẤP TRÊN",
               "Loai", "  khoi ", "Ma Don Vi"]
    data = xlsx([
        (0, "Thành phố Hồ Chí Minh", "", "", "tinh, thanh pho", "", "HCM"),
        ("1.200", "Quận 1", "Cụm 1", "HCM", "quan", "Khối Quận, huyện", "Q1"),
    ], headers=headers)

    summary = import_file(database, session, data)

    assert summary.created == 2
    units = fresh_units(database)
    q1 = units["Q1"]
    assert (q1.name, q1.kind, q1.headcount) == ("Quận 1", UnitKind.URBAN_DISTRICT, 1200)
    assert q1.parent_id == units["HCM"].id
    assert None not in (q1.block_id, q1.cluster_id)


def test_header_row_below_title_lines_is_found_and_rows_are_numbered_as_excel_shows(
        session, database):
    data = xlsx([("Q1", "Quận 1", "KHONG-CO", "", "", "", "")],
                above=[("DANH SÁCH ĐƠN VỊ NĂM 2024",), ()])

    _, problems = rejected_texts(database, session, data)

    assert problems[0].startswith("Trang tính “Đơn vị”, dòng 4, cột “Mã đơn vị cấp trên (cột C)”")


def test_only_the_required_columns_are_needed(session, database):
    data = xlsx([("HCM", "Thành phố Hồ Chí Minh", ""), ("Q1", "Quận 1", "HCM")],
                headers=["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"])

    summary = import_file(database, session, data)

    assert summary.created == 2
    assert fresh_units(database)["Q1"].kind == UnitKind.OTHER


def test_missing_required_column_is_named_and_nothing_is_stored(session, database, tree):
    before = stored(database)
    data = xlsx([("Q1-DK", "Phường Đa Kao")], headers=["Mã đơn vị", "Tên đơn vị"])

    message, problems = rejected_texts(database, session, data)

    assert message.startswith("Tệp “don-vi.xlsx” có 1 lỗi, chưa có dòng nào được lưu.")
    assert problems == ["Trang tính “Đơn vị”: Không tìm thấy cột “Mã đơn vị cấp trên” "
                        "ở dòng tiêu đề (trong 10 dòng đầu)."]
    assert stored(database) == before


def test_import_with_unknown_parent_names_row_and_column_and_stores_nothing(
        session, database, tree):
    before = stored(database)
    data = xlsx([*WARDS, ("Q1-X", "Phường X", "Q99", "", "Phường", 10, "")])

    message, problems = rejected_texts(database, session, data)

    assert message == ("Tệp “don-vi.xlsx” có 1 lỗi, chưa có dòng nào được lưu. "
                       "Hãy sửa các lỗi dưới đây rồi tải lên lại.")
    assert problems == ["Trang tính “Đơn vị”, dòng 4, cột “Mã đơn vị cấp trên (cột C)”: "
                        "Không có đơn vị cấp trên mã “Q99” trong tệp hay trong hệ thống."]
    assert stored(database) == before


def test_import_with_cycle_in_the_file_names_row_and_column_and_stores_nothing(
        session, database, tree):
    before = stored(database)
    data = xlsx([
        ("A", "Đơn vị A", "B", "", "", 1, ""),
        ("B", "Đơn vị B", "C", "", "", 1, ""),
        ("C", "Đơn vị C", "A", "", "", 1, ""),
    ])

    _, problems = rejected_texts(database, session, data)

    assert problems[0] == ("Trang tính “Đơn vị”, dòng 2, cột “Mã đơn vị cấp trên (cột C)”: "
                           "Cấp trên tạo thành vòng lặp: A → B → C → A.")
    assert len(problems) == 3
    assert stored(database) == before


def test_import_with_cycle_through_units_already_stored_is_refused_and_stores_nothing(
        session, database, tree):
    before = stored(database)
    # Q1 is above Q1-BN in the database; the file puts Q1 below Q1-BN.
    data = xlsx([("Q1", "Quận 1", "Q1-BN", "", "Quận", 2400, "")])

    _, problems = rejected_texts(database, session, data)

    assert problems == ["Trang tính “Đơn vị”, dòng 2, cột “Mã đơn vị cấp trên (cột C)”: "
                        "Cấp trên tạo thành vòng lặp: Q1 → Q1-BN → Q1."]
    assert stored(database) == before


def test_import_of_a_unit_as_its_own_parent_is_refused_and_stores_nothing(
        session, database, tree):
    before = stored(database)

    _, problems = rejected_texts(database, session, xlsx([("Q1", "Quận 1", "q1", "", "", 1, "")]))

    assert problems == ["Trang tính “Đơn vị”, dòng 2, cột “Mã đơn vị cấp trên (cột C)”: "
                        "Đơn vị không thể là cấp trên của chính nó."]
    assert stored(database) == before


def test_import_with_duplicate_code_names_both_rows_and_stores_nothing(session, database, tree):
    before = stored(database)
    data = xlsx([*WARDS, ("q1-dk", "Phường Đa Kao (trùng)", "Q1", "", "Phường", 1, "")])

    _, problems = rejected_texts(database, session, data)

    assert problems == ["Trang tính “Đơn vị”, dòng 4, cột “Mã đơn vị (cột A)”: "
                        "Mã đơn vị “Q1-DK” bị trùng với dòng 2."]
    assert stored(database) == before


def test_import_with_negative_headcount_names_row_and_column_and_stores_nothing(
        session, database, tree):
    before = stored(database)
    data = xlsx([WARDS[0], ("Q1-TD", "Phường Tân Định", "Q1", "", "Phường", -160, "")])

    _, problems = rejected_texts(database, session, data)

    assert problems == ["Trang tính “Đơn vị”, dòng 3, cột “Số lượng thành viên (cột F)”: "
                        "Số lượng thành viên không được âm (đang là -160)."]
    assert stored(database) == before


@pytest.mark.parametrize("typed", ["mười", 12.5, "1,5"])
def test_import_with_headcount_that_is_not_a_whole_number_is_refused(
        session, database, tree, typed):
    before = stored(database)

    _, problems = rejected_texts(database, session, xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "",
                                                 typed, "")]))

    assert problems == [f"Trang tính “Đơn vị”, dòng 2, cột “Số lượng thành viên (cột F)”: "
                        f"Số lượng thành viên “{typed}” không phải số nguyên."]
    assert stored(database) == before


def test_import_with_implausibly_large_headcount_is_refused_and_stores_nothing(
        session, database, tree):
    before = stored(database)

    _, problems = rejected_texts(database, session, xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "",
                                                 99_999_999_999, "")]))

    assert problems == ["Trang tính “Đơn vị”, dòng 2, cột “Số lượng thành viên (cột F)”: "
                        "Số lượng thành viên quá lớn (đang là 99999999999); hãy kiểm tra lại."]
    assert stored(database) == before


def test_import_with_empty_name_names_row_and_column_and_stores_nothing(session, database, tree):
    before = stored(database)
    data = xlsx([WARDS[0], ("Q1-TD", "   ", "Q1", "", "Phường", 160, "")])

    _, problems = rejected_texts(database, session, data)

    assert problems == ["Trang tính “Đơn vị”, dòng 3, cột “Tên đơn vị (cột B)”: "
                        "Tên đơn vị đang để trống."]
    assert stored(database) == before


def test_import_with_empty_or_overlong_code_is_refused(session, database, tree):
    before = stored(database)
    data = xlsx([("", "Phường Đa Kao", "Q1", "", "", 1, ""),
                 ("X" * 41, "Phường Tân Định", "Q1", "", "", 1, "")])

    _, problems = rejected_texts(database, session, data)

    assert problems == [
        "Trang tính “Đơn vị”, dòng 2, cột “Mã đơn vị (cột A)”: Mã đơn vị đang để trống.",
        "Trang tính “Đơn vị”, dòng 3, cột “Mã đơn vị (cột A)”: Mã đơn vị dài quá 40 ký tự.",
    ]
    assert stored(database) == before


def test_import_with_unknown_kind_lists_the_kinds_allowed(session, database, tree):
    before = stored(database)

    _, problems = rejected_texts(database, session, xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "Ấp",
                                                 1, "")]))

    assert problems[0].startswith("Trang tính “Đơn vị”, dòng 2, cột “Loại (cột E)”: "
                                  "Loại “Ấp” không có trong danh sách: Tỉnh, thành phố, Quận,")
    assert stored(database) == before


@pytest.mark.parametrize("name", ["Khối " + "rất dài " * 30, "Cụm " + "rất dài " * 30])
def test_import_with_overlong_block_or_cluster_name_is_refused(session, database, tree, name):
    before = stored(database)
    is_block = name.startswith("Khối")
    row = ("Q9", "Quận 9", "HCM", name if is_block else "", "Quận", 1,
           "" if is_block else name)

    _, problems = rejected_texts(database, session, xlsx([row]))

    where = "“Khối (cột D)”: Tên khối" if is_block else "“Cụm thi đua (cột G)”: Tên cụm thi đua"
    assert problems == [f"Trang tính “Đơn vị”, dòng 2, cột {where} dài quá 200 ký tự."]
    assert stored(database) == before


def test_long_block_names_that_start_alike_become_two_blocks(session, database, tree):
    first = "Khối các cơ quan tham mưu, giúp việc Thành ủy - nhóm 1"
    second = "Khối các cơ quan tham mưu, giúp việc Thành ủy - nhóm 2"
    data = xlsx([("BTG", "Ban Tuyên giáo", "HCM", first, "Khác", 40, ""),
                 ("BDV", "Ban Dân vận", "HCM", second, "Khác", 30, "")])

    summary = import_file(database, session, data)

    assert summary.new_blocks == [first, second]
    units = fresh_units(database)
    blocks = {b.id: b.name for b in service.blocks(session=session)}
    assert (blocks[units["BTG"].block_id], blocks[units["BDV"].block_id]) == (first, second)


def test_import_with_block_contradicting_the_parents_block_is_refused(session, database, tree):
    before = stored(database)
    data = xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "Khối Mặt trận, đoàn thể", "Phường", 1, "")])

    _, problems = rejected_texts(database, session, data)

    assert problems == [
        "Trang tính “Đơn vị”, dòng 2, cột “Khối (cột D)”: Khối “Khối Mặt trận, đoàn thể” khác "
        "khối của đơn vị cấp trên; đơn vị cấp dưới thuộc khối của đơn vị cấp trên "
        "(để trống ô này là được)."]
    assert stored(database) == before


def test_block_matching_the_parents_block_or_left_empty_is_accepted(session, database, tree):
    data = xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "khoi quan, huyen", "Phường", 1, ""),
                 ("Q1-TD", "Phường Tân Định", "Q1", "", "Phường", 1, "")])

    import_file(database, session, data)

    units = fresh_units(database)
    assert units["Q1-DK"].block_id == units["Q1-TD"].block_id == units["Q1"].block_id


def test_new_unit_below_a_ward_follows_its_district_into_another_block(session, database, tree):
    front = "Khối Mặt trận, đoàn thể"
    data = xlsx([("Q1", "Quận 1", "HCM", front, "Quận", 2400, "Cụm 1"),
                 ("Q1-BN-KP1", "Khu phố 1", "Q1-BN", front, "Khác", 20, "")])

    import_file(database, session, data)

    units = fresh_units(database)
    assert units["Q1-BN-KP1"].block_id == units["Q1-BN"].block_id == units["TDOAN"].block_id


def test_new_unit_keeping_the_old_block_of_a_district_that_moved_block_is_refused(
        session, database, tree):
    before = stored(database)
    data = xlsx([("Q1", "Quận 1", "HCM", "Khối Mặt trận, đoàn thể", "Quận", 2400, "Cụm 1"),
                 ("Q1-BN-KP1", "Khu phố 1", "Q1-BN", "Khối Quận, huyện", "Khác", 20, "")])

    _, problems = rejected_texts(database, session, data)

    assert [p.split(":")[0] for p in problems] == [
        "Trang tính “Đơn vị”, dòng 3, cột “Khối (cột D)”"]
    assert stored(database) == before


def test_import_reports_every_bad_row_at_once(session, database, tree):
    before = stored(database)
    data = xlsx([
        ("Q1-DK", "", "Q1", "", "", 1, ""),
        ("Q1-TD", "Phường Tân Định", "Q1", "", "", -1, ""),
        ("Q1-NCT", "Phường Nguyễn Cư Trinh", "Q1", "", "Xóm", 1, ""),
    ])

    message, problems = rejected_texts(database, session, data)

    assert message.startswith("Tệp “don-vi.xlsx” có 3 lỗi")
    assert [p.split(":")[0] for p in problems] == [
        "Trang tính “Đơn vị”, dòng 2, cột “Tên đơn vị (cột B)”",
        "Trang tính “Đơn vị”, dòng 3, cột “Số lượng thành viên (cột F)”",
        "Trang tính “Đơn vị”, dòng 4, cột “Loại (cột E)”",
    ]
    assert stored(database) == before


def test_importing_a_retired_units_code_is_refused(session, database, tree):
    service.retire_unit(session=session, unit=tree["Q1-BN"], actor_id=None,
                        now=utcnow())
    before = stored(database)

    _, problems = rejected_texts(database, session, xlsx([("Q1-BN", "Phường Bến Nghé mới", "Q1", "",
                                                 "Phường", 1, "")]))

    assert problems == [
        "Trang tính “Đơn vị”, dòng 2, cột “Mã đơn vị (cột A)”: Mã “Q1-BN” thuộc đơn vị "
        "“Phường Bến Nghé” đã ngừng hoạt động; hãy dùng mã khác hoặc khôi phục đơn vị đó trước."]
    assert stored(database) == before


def test_importing_below_a_retired_parent_is_refused(session, database, tree):
    service.retire_unit(session=session, unit=tree["Q1"], actor_id=None,
                        now=utcnow())
    before = stored(database)

    data = xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "", 1, "")])

    _, problems = rejected_texts(database, session, data)

    assert problems == ["Trang tính “Đơn vị”, dòng 2, cột “Mã đơn vị cấp trên (cột C)”: "
                        "Đơn vị cấp trên “Quận 1” đã ngừng hoạt động."]
    assert stored(database) == before


NOT_XLSX = ("Đây không phải tệp Excel .xlsx hợp lệ. "
            "Hãy mở tệp bằng Excel và lưu lại dưới dạng “Excel Workbook (.xlsx)”.")


def test_random_bytes_are_refused_as_not_xlsx_and_nothing_is_stored(session, database, tree):
    before = stored(database)

    message, problems = rejected_texts(database, session, bytes(range(256)) * 40, "danh-sach.xlsx")

    assert message.startswith("Tệp “danh-sach.xlsx” có 1 lỗi, chưa có dòng nào được lưu.")
    assert problems == [NOT_XLSX]
    assert stored(database) == before


def test_a_docx_renamed_to_xlsx_is_refused_and_nothing_is_stored(session, database, tree):
    before = stored(database)
    docx = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})

    message, problems = rejected_texts(database, session, docx, "bao-cao.xlsx")

    assert message.startswith("Tệp “bao-cao.xlsx” có 1 lỗi")
    assert problems == ["Tệp nén này không phải bảng tính Excel .xlsx."]
    assert stored(database) == before


def test_an_empty_file_is_refused_and_nothing_is_stored(session, database, tree):
    before = stored(database)

    message, problems = rejected_texts(database, session, b"", "rong.xlsx")

    assert message.startswith("Tệp “rong.xlsx” có 1 lỗi")
    assert problems == ["Tệp rỗng."]
    assert stored(database) == before


def test_a_zip_bomb_is_refused_before_it_is_unpacked_and_nothing_is_stored(
        session, database, tree):
    before = stored(database)
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                      "xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024)})

    message, problems = rejected_texts(database, session, bomb, "bom.xlsx")

    assert len(bomb) < 100_000
    assert message.startswith("Tệp “bom.xlsx” có 1 lỗi")
    assert problems == ["Tệp giải nén ra quá lớn so với kích thước của nó; "
                        "đã từ chối để bảo vệ hệ thống."]
    assert stored(database) == before


def test_a_part_whose_directory_understates_its_size_is_never_unpacked_whole(
        session, database, tree):
    """[Content_Types].xml holds 60 MB of zeros but its directory entries say 1,000 bytes,
    with their checksum: every size check passes. Reading the part whole would unpack all
    60 MB; the guard reads a copy cut at 1,000 bytes, so the import costs a few MB."""
    import tracemalloc
    import zlib

    before = stored(database)
    big = 60 * 1024 * 1024
    bomb = zip_bytes({"[Content_Types].xml": bytes(big), "xl/workbook.xml": b"<workbook/>"})
    for old, new, width in [(big, 1000, 4), (zlib.crc32(bytes(big)), zlib.crc32(bytes(1000)),
                                             4)]:
        bomb = bomb.replace(old.to_bytes(width, "little"), new.to_bytes(width, "little"))
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("[Content_Types].xml").file_size == 1000

    tracemalloc.start()
    _, problems = rejected_texts(database, session, bomb, "lua.xlsx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert problems == ["Không đọc được tệp Excel (tệp hỏng hoặc sai định dạng)."]
    assert peak < 20 * 1024 * 1024
    assert stored(database) == before


def test_a_damaged_workbook_is_refused_and_nothing_is_stored(session, database, tree):
    before = stored(database)
    damaged = zip_bytes({"[Content_Types].xml": b"not xml", "xl/workbook.xml": b"not xml"})

    _, problems = rejected_texts(database, session, damaged)

    assert problems == ["Không đọc được tệp Excel (tệp hỏng hoặc sai định dạng)."]
    assert stored(database) == before


def test_a_workbook_with_a_damaged_sheet_is_refused_and_nothing_is_stored(
        session, database, tree):
    before = stored(database)
    good = xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "", 1, "")])
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet[: len(sheet) // 2]

    _, problems = rejected_texts(database, session, zip_bytes(members))

    assert problems == ["Trang tính “Đơn vị”: Không đọc được tệp Excel (tệp hỏng hoặc sai "
                        "định dạng)."]
    assert stored(database) == before


def test_export_writes_blocks_as_rows_each_followed_by_its_units(session, tree):
    data = export_bytes(session)

    rows = sheet_rows(data)
    assert rows[0] == tuple(EXPORT_HEADERS)
    assert rows[1:6] == [
        ("HCM", "Thành phố Hồ Chí Minh", None, "Tỉnh, thành phố", 0, None),
        ("KHỐI MẶT TRẬN, ĐOÀN THỂ", "Khối Mặt trận, đoàn thể", "HCM", "Khối", None, None),
        ("TDOAN", "Thành Đoàn", "KHỐI MẶT TRẬN, ĐOÀN THỂ", "Đoàn thể", 980, None),
        ("KHỐI QUẬN, HUYỆN", "Khối Quận, huyện", "HCM", "Khối", None, None),
        ("Q1", "Quận 1", "KHỐI QUẬN, HUYỆN", "Quận", 2400, "Cụm 1"),
    ]
    assert rows[6] == ("Q1-BN", "Phường Bến Nghé", "Q1", "Phường", 130, None)
    assert len(rows) == 11
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert (sheet.title, sheet.freeze_panes, sheet.auto_filter.ref) == (SHEET, "A2", "A1:F11")
    assert [sheet[c].font.bold for c in ("A1", "B2", "B3")] == [True, False, True]


def test_round_trip_export_then_import_changes_nothing(session, database, tree):
    import_rows(session, [("Q1-F", '=HYPERLINK("http://x")', "Q1", "", "Khác", 0, "")])
    data = export_bytes(session)
    before = stored(database)

    summary = import_file(database, session, data, filename="xuat.xlsx")

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 9)
    assert (summary.new_blocks, summary.new_clusters) == ([], [])
    after = stored(database)
    assert after["units"] == before["units"]
    assert (after["blocks"], after["clusters"]) == (before["blocks"], before["clusters"])
    assert load_workbook(io.BytesIO(data)).worksheets[0]["B4"].data_type == "s"


def test_round_trip_of_the_2023_city_tree_changes_nothing(session, database):
    import_rows(session, unit_rows())
    data = export_bytes(session)
    before = stored(database)

    summary = import_file(database, session, data, filename="xuat.xlsx")

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, len(unit_rows()))
    assert stored(database)["units"] == before["units"]


def test_moving_wards_to_another_district_between_years_recomputes_the_tree(
        session, database, tree):
    data = xlsx([
        ("Q1-BN", "Phường Bến Nghé", "TDOAN", "", "Phường", 130, ""),
        ("Q3-VTS", "Phường Võ Thị Sáu", "Q1", "", "Phường", 150, ""),
    ], sheet="Năm 2025")

    summary = import_file(database, session, data)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 0)
    units = fresh_units(database)
    assert units["Q1-BN"].path == f"{units['TDOAN'].path}{units['Q1-BN'].id}/"
    assert units["Q1-BN"].block_id == units["TDOAN"].block_id
    assert units["Q3-VTS"].path == f"{units['Q1'].path}{units['Q3-VTS'].id}/"
    assert units["Q3-VTS"].depth == 2
    with database.scope(write=False) as fresh:
        q1 = fresh.exec(select(Unit).where(Unit.code == "Q1")).one()
        assert [u.code for u in service.list_units(session=fresh, within=q1)] == [
            "Q1", "Q1-BT", "Q3-VTS"]
