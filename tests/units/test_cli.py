"""`thidua units import` and `thidua units export`, run against the test database: the same
rules as the pages, every problem named by file, row and column."""

from tests.units.conftest import sheet_rows, stored, xlsx


def test_units_import_adds_units_and_prints_the_summary(thidua, tmp_path, database, tree):
    path = tmp_path / "don-vi-2025.xlsx"
    path.write_bytes(xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "Phường", 120, ""),
                           ("Q1", "Quận 1", "HCM", "Khối Quận, huyện", "Quận", 2500, "Cụm 1")]))

    result = thidua("units", "import", path)

    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: thêm 1, cập nhật 1, không đổi 0 đơn vị.\n"
    units = stored(database)["units"]
    assert units["Q1-DK"][0] == "Phường Đa Kao"
    assert units["Q1"][5] == 2500


def test_units_import_with_bad_rows_names_file_row_and_column_and_stores_nothing(
        thidua, tmp_path, database, tree):
    before = stored(database)
    path = tmp_path / "don-vi-loi.xlsx"
    path.write_bytes(xlsx([("Q1-DK", "Phường Đa Kao", "Q99", "", "Phường", 120, ""),
                           ("Q1-TD", "Phường Tân Định", "Q1", "", "Phường", -5, "")]))

    result = thidua("units", "import", path)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Tệp “don-vi-loi.xlsx” có 2 lỗi, chưa có dòng nào được lưu. "
        "Hãy sửa các lỗi dưới đây rồi tải lên lại.",
        f"{path}: Trang tính “Đơn vị”, dòng 2, cột “Mã đơn vị cấp trên (cột C)”: "
        "Không có đơn vị cấp trên mã “Q99” trong tệp hay trong hệ thống.",
        f"{path}: Trang tính “Đơn vị”, dòng 3, cột “Số lượng thành viên (cột F)”: "
        "Số lượng thành viên không được âm (đang là -5).",
    ]
    assert stored(database) == before


def test_units_import_with_unknown_parent_names_file_row_and_column(
        thidua, tmp_path, database, tree):
    before = stored(database)
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(xlsx([("Q1-DK", "Phường Đa Kao", "Q99", "", "Phường", 120, "")]))

    result = thidua("units", "import", path)

    assert result.exit_code == 1
    assert (f"{path}: Trang tính “Đơn vị”, dòng 2, cột “Mã đơn vị cấp trên (cột C)”: "
            "Không có đơn vị cấp trên mã “Q99” trong tệp hay trong hệ thống.") in result.stderr
    assert stored(database) == before


def test_units_import_of_a_file_that_is_not_xlsx_names_the_file(thidua, tmp_path, database, tree):
    before = stored(database)
    path = tmp_path / "danh-sach.xlsx"
    path.write_text("Mã đơn vị;Tên đơn vị\nQ1;Quận 1\n", encoding="utf-8")

    result = thidua("units", "import", path)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Tệp “danh-sach.xlsx” có 1 lỗi, chưa có dòng nào được lưu. "
        "Hãy sửa các lỗi dưới đây rồi tải lên lại.",
        f"{path}: Đây không phải tệp Excel .xlsx hợp lệ. "
        "Hãy mở tệp bằng Excel và lưu lại dưới dạng “Excel Workbook (.xlsx)”.",
    ]
    assert stored(database) == before


def test_units_import_of_a_missing_file_says_so(thidua, tmp_path, database_url):
    path = tmp_path / "khong-co.xlsx"

    result = thidua("units", "import", path)

    assert result.exit_code == 1
    assert result.stderr == f"Không tìm thấy tệp {path}.\n"


def test_units_export_then_import_changes_nothing(thidua, tmp_path, database, tree):
    path = tmp_path / "xuat.xlsx"

    exported = thidua("units", "export", path)
    before = stored(database)
    imported = thidua("units", "import", path)

    assert exported.stdout == f"Đã xuất 8 đơn vị và 2 khối ra {path}.\n"
    assert sheet_rows(path.read_bytes())[1][:3] == ("HCM", "Thành phố Hồ Chí Minh", None)
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == f"{path}: thêm 0, cập nhật 0, không đổi 8 đơn vị.\n"
    assert stored(database)["units"] == before["units"]
