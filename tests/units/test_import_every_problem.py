"""One unit file with every kind of mistake gets all of them in one answer, each located by row
and column, the same through the service, the page, the API and the command line; nothing is
stored."""

import html

from tests.factories import XLSX
from tests.units.conftest import import_file, rejected_texts, stored, xlsx

PARENT = "cột “Mã đơn vị cấp trên (cột C)”"
MISTAKES = xlsx([
    ("Q1-DK", "Phường Đa Kao", "Q99", "", "Phường", 120, ""),
    ("A", "Đơn vị A", "B", "", "", 1, ""),
    ("B", "Đơn vị B", "A", "", "", 1, ""),
    ("Q1-TD", "Phường Tân Định", "Q1", "", "Phường", -160, ""),
    ("Q1-NCT", "", "Q1", "", "Xóm", 1, ""),
    ("q1-dk", "Phường Đa Kao (trùng)", "Q1", "", "Phường", 1, ""),
    ("Q1-BN-KP1", "Khu phố 1", "Q1-BN", "Khối Mặt trận, đoàn thể", "Khác", 20, ""),
])
EXPECTED = [
    f"dòng 2, {PARENT}: Không có đơn vị cấp trên mã “Q99” trong tệp hay trong hệ thống.",
    f"dòng 3, {PARENT}: Cấp trên tạo thành vòng lặp: A → B → A.",
    f"dòng 4, {PARENT}: Cấp trên tạo thành vòng lặp: B → A → B.",
    "dòng 5, cột “Số lượng thành viên (cột F)”: Số lượng thành viên không được âm "
    "(đang là -160).",
    "dòng 6, cột “Tên đơn vị (cột B)”: Tên đơn vị đang để trống.",
    "dòng 6, cột “Loại (cột E)”: Loại “Xóm” không có trong danh sách: Tỉnh, thành phố, Quận, "
    "Huyện, Thành phố thuộc TP, Đảng ủy cấp trên cơ sở, Đoàn thể, Phường, Xã, Thị trấn, "
    "Chi bộ, Khác, Khối.",
    "dòng 7, cột “Mã đơn vị (cột A)”: Mã đơn vị “Q1-DK” bị trùng với dòng 2.",
    "dòng 8, cột “Khối (cột D)”: Khối “Khối Mặt trận, đoàn thể” khác khối của đơn vị cấp "
    "trên; đơn vị cấp dưới thuộc khối của đơn vị cấp trên (để trống ô này là được).",
]
LOCATED = [f"Trang tính “Đơn vị”, {line}" for line in EXPECTED]
HEADLINE = ("Tệp “don-vi.xlsx” có 8 lỗi, chưa có dòng nào được lưu. "
            "Hãy sửa các lỗi dưới đây rồi tải lên lại.")


def test_the_service_lists_every_kind_of_problem_at_once(session, database, tree):
    before = stored(database)

    message, problems = rejected_texts(database, session, MISTAKES)

    assert (message, problems) == (HEADLINE, LOCATED)
    assert stored(database) == before


def test_the_import_page_shows_every_problem_at_once(organiser_client, database):
    before = stored(database)

    page = organiser_client.post("/don-vi/nhap", data={"csrf_token": organiser_client.csrf},
                                 files={"file": ("don-vi.xlsx", MISTAKES, XLSX)})

    assert page.status_code == 422
    text = html.unescape(page.text)
    assert HEADLINE in text
    assert [line for line in LOCATED if line not in text] == []
    assert stored(database) == before


def test_the_api_answers_every_problem_with_its_row_and_column(client, organiser_api, database):
    before = stored(database)

    response = client.post("/api/v1/units/import", headers=organiser_api,
                           files={"file": ("don-vi.xlsx", MISTAKES, XLSX)})

    body = response.json()
    assert (response.status_code, body["detail"], body["problem_count"]) == (422, HEADLINE, 8)
    assert [(p["row"], p["column"]) for p in body["problems"]] == [
        (2, "Mã đơn vị cấp trên (cột C)"), (3, "Mã đơn vị cấp trên (cột C)"),
        (4, "Mã đơn vị cấp trên (cột C)"), (5, "Số lượng thành viên (cột F)"),
        (6, "Tên đơn vị (cột B)"), (6, "Loại (cột E)"), (7, "Mã đơn vị (cột A)"),
        (8, "Khối (cột D)")]
    assert [p["text"] for p in body["problems"]] == LOCATED
    assert stored(database) == before


def test_the_command_line_prints_file_row_and_column_of_every_problem(
        thidua, tmp_path, database, tree):
    before = stored(database)
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(MISTAKES)

    result = thidua("units", "import", path)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [HEADLINE, *(f"{path}: {line}" for line in LOCATED)]
    assert stored(database) == before


def test_a_file_without_mistakes_after_them_imports(session, database, tree):
    fixed = xlsx([("Q1-DK", "Phường Đa Kao", "Q1", "", "Phường", 120, ""),
                  ("Q1-TD", "Phường Tân Định", "Q1", "", "Phường", 160, "")])

    summary = import_file(database, session, fixed)

    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
