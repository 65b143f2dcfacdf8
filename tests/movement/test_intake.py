"""Registering entries from an .xlsx file: all rows or none, every bad row named by sheet,
row and column, the same rules as registering one entry (reach, window, kind, field, title)."""

import io
import zipfile
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from backend.clock import utcnow
from backend.errors import Conflict, ImportRejected
from backend.movement import intake
from backend.movement.models import EntryKind, EntryStatus, MovementEntry
from exports.movement_intake import HEADERS
from tests.factories import XLSX, xlsx_bytes
from tests.movement.conftest import CLOSES, DURING
from tests.uploads.builders import zip_bomb_docx

GOOD = ("Q1-BN", "Mô hình", "Dân vận khéo trong chỉnh trang đô thị", "Kinh tế", "Tổ dân phố 3",
        "Vận động người dân hiến đất.", "Mở rộng 2 km hẻm.")


def sheet(*rows, headers=HEADERS) -> bytes:
    return xlsx_bytes(headers, rows, sheet="Đăng ký")


def stored_count(session) -> int:
    count = session.scalar(select(func.count()).select_from(MovementEntry))
    session.commit()
    return count


def run(session, year, data: bytes, *, actor=None, now=DURING, filename="dang-ky.xlsx"):
    return intake.import_entries(session=session, year_id=year.id, content=data,
                                 filename=filename, actor=actor, now=now)


def problems_of(session, year, data: bytes, **kwargs) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        run(session, year, data, **kwargs)
    session.rollback()
    return [str(p) for p in rejected.value.problems]


def where(row: int, column: str) -> str:
    letter = "ABCDEFG"[HEADERS.index(column)]
    return f"Trang tính “Đăng ký”, dòng {row}, cột “{column} (cột {letter})”: "


def test_a_good_file_registers_every_row(session, movement_year, officer, tree):
    data = sheet(GOOD,
                 ("Q1", "giai phap", "Số hóa hồ sơ hộ nghèo", "văn hóa - xã hội", "", "", ""),
                 ("q1-bt", "ĐIỂN HÌNH CÁ NHÂN", "Người tổ trưởng tận tụy", "Kinh tế",
                  "Nguyễn Thị Hoa", "Mô tả\ntừng dòng", "Kết quả"))

    assert run(session, movement_year, data, actor=officer) == 3

    entries = session.scalars(select(MovementEntry).order_by(MovementEntry.id)).all()
    assert [(e.unit_id, e.kind, e.title, e.people, e.status) for e in entries] == [
        (tree["Q1-BN"].id, EntryKind.MODEL, GOOD[2], "Tổ dân phố 3", EntryStatus.REGISTERED),
        (tree["Q1"].id, EntryKind.SOLUTION, "Số hóa hồ sơ hộ nghèo", "", EntryStatus.REGISTERED),
        (tree["Q1-BT"].id, EntryKind.EXEMPLARY_INDIVIDUAL, "Người tổ trưởng tận tụy",
         "Nguyễn Thị Hoa", EntryStatus.REGISTERED)]
    assert entries[2].description == "Mô tả\ntừng dòng"
    assert {e.created_by for e in entries} == {officer.id}


def test_headers_are_matched_without_case_diacritics_or_order(session, movement_year):
    headers = ["LOAI", "ma don vi", "Linh vuc", "Tên mô hình/giải pháp"]
    data = sheet(("Giải pháp", "Q3", "Kinh tế", "Chợ không tiền mặt"), headers=headers)

    assert run(session, movement_year, data) == 1


def test_every_bad_row_is_reported_and_nothing_is_stored(session, movement_year, officer,
                                                         register):
    register("Q1-BN", "Đã đăng ký từ trước")
    before = stored_count(session)
    data = sheet(
        GOOD,
        ("Q99", "Mô hình", "Đơn vị không có", "Kinh tế", "", "", ""),
        ("Q3-VTS", "Mô hình", "Ngoài phạm vi", "Kinh tế", "", "", ""),
        ("Q1-BN", "Sáng kiến", "Loại lạ", "Kinh tế", "", "", ""),
        ("Q1-BN", "Mô hình", "Lĩnh vực lạ", "Thể thao", "", "", ""),
        ("Q1-BN", "Mô hình", "", "Kinh tế", "", "", ""),
        ("Q1-BN", "Mô hình", "T" * 301, "Kinh tế", "", "", ""),
        ("Q1-BN", "Mô hình", "dân vận KHÉO trong  chỉnh trang đô thị", "Kinh tế", "", "", ""),
        ("Q1-BN", "Giải pháp", "đã đăng ký từ trước", "Kinh tế", "", "", ""),
        ("Q1-BN", "Điển hình cá nhân", "Không ghi người", "Kinh tế", "", "", ""),
    )

    problems = problems_of(session, movement_year, data, actor=officer)

    assert problems == [
        where(3, "Mã đơn vị") + "Không có đơn vị mã “Q99”.",
        where(4, "Mã đơn vị") + "Không tìm thấy đơn vị này, hoặc đơn vị nằm ngoài phạm vi "
                                "của bạn.",
        where(5, "Loại") + "Loại “Sáng kiến” không hợp lệ; chỉ dùng: Mô hình, Giải pháp, "
                           "Điển hình tập thể, Điển hình cá nhân.",
        where(6, "Lĩnh vực") + "Lĩnh vực “Thể thao” không có trong năm 2023; chọn một trong: "
                               "Kinh tế; Văn hóa - xã hội; Quốc phòng - an ninh; Xây dựng Đảng "
                               "và hệ thống chính trị.",
        where(7, "Tên mô hình, giải pháp") + "Tên mô hình, giải pháp không được để trống.",
        where(8, "Tên mô hình, giải pháp") + "Tên mô hình, giải pháp dài quá 300 ký tự.",
        where(9, "Tên mô hình, giải pháp") + "“dân vận KHÉO trong chỉnh trang đô thị” của cùng "
        "đơn vị trùng với dòng 2 (chỉ khác chữ hoa hay khoảng trắng cũng là trùng).",
        where(10, "Tên mô hình, giải pháp") + "Đơn vị đã đăng ký “đã đăng ký từ trước” trong "
        "năm 2023; mỗi mô hình, giải pháp chỉ đăng ký một lần.",
        where(11, "Người, tập thể thực hiện") + "Điển hình cá nhân cần ghi họ và tên người "
                                                "được đăng ký.",
    ]
    assert stored_count(session) == before


def test_the_rejection_counts_the_problems(session, movement_year):
    data = sheet(("", "", "Thiếu mã và loại", "Kinh tế", "", "", ""))

    with pytest.raises(ImportRejected) as rejected:
        run(session, movement_year, data)

    assert rejected.value.message == ("Tệp “dang-ky.xlsx” có 2 lỗi, chưa có dòng nào được lưu. "
                                      "Hãy sửa các lỗi dưới đây rồi tải lên lại.")
    assert [p.message for p in rejected.value.problems] == [
        "Hãy ghi mã đơn vị.",
        "Hãy ghi loại: Mô hình, Giải pháp, Điển hình tập thể, Điển hình cá nhân."]


def test_an_officer_cannot_import_after_registration_closes(session, movement_year, officer):
    with pytest.raises(Conflict) as refused:
        run(session, movement_year, sheet(GOOD), actor=officer,
            now=CLOSES + timedelta(minutes=1))

    assert "đăng ký đã hết hạn" in refused.value.message
    assert stored_count(session) == 0


def test_an_organiser_imports_after_registration_closes(session, movement_year, organiser):
    assert run(session, movement_year, sheet(GOOD), actor=organiser,
               now=CLOSES + timedelta(days=30)) == 1


def test_a_file_that_is_not_xlsx_is_refused(session, movement_year):
    problems = problems_of(session, movement_year, b"Ma don vi;Loai\nQ1;Mo hinh\n")

    assert problems == ["Đây không phải tệp Excel .xlsx hợp lệ. Hãy mở tệp bằng Excel và lưu "
                        "lại dưới dạng “Excel Workbook (.xlsx)”."]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(session, movement_year):
    problems = problems_of(session, movement_year, zip_bomb_docx(30))

    assert problems == ["Tệp nén này không phải bảng tính Excel .xlsx."]


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(session, movement_year):
    buffer = io.BytesIO(sheet(GOOD))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.png", bytes(30 * 1024 * 1024))

    problems = problems_of(session, movement_year, buffer.getvalue())

    assert problems == ["Tệp giải nén ra quá lớn so với kích thước của nó; đã từ chối để bảo "
                        "vệ hệ thống."]


def test_a_file_without_rows_says_so(session, movement_year):
    assert problems_of(session, movement_year, sheet()) == [
        "Trang tính “Đăng ký”: Tệp không có dòng nào dưới dòng tiêu đề."]


# The command line ------------------------------------------------------------------------

def test_the_command_registers_a_file(thidua, tmp_path, session, movement_year):
    path = tmp_path / "dang-ky.xlsx"
    path.write_bytes(sheet(GOOD))

    result = thidua("movement", "import", path, "--year-id", movement_year.id)

    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: đã đăng ký 1 mô hình, giải pháp.\n"
    assert stored_count(session) == 1


def test_the_command_names_file_row_and_column(thidua, tmp_path, session, movement_year,
                                                officer):
    movement_year.registration_closes_at = utcnow() + timedelta(days=1)  # the command's now
    session.add(movement_year)
    session.commit()
    path = tmp_path / "dang-ky-loi.xlsx"
    path.write_bytes(sheet(GOOD, ("Q3", "Mô hình", "Ngoài phạm vi", "Kinh tế", "", "", "")))

    result = thidua("movement", "import", path, "--year-id", movement_year.id, "--as",
                    "canbo.q1")

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Tệp “dang-ky-loi.xlsx” có 1 lỗi, chưa có dòng nào được lưu. Hãy sửa các lỗi dưới đây "
        "rồi tải lên lại.",
        f"{path}: " + where(3, "Mã đơn vị") + "Không tìm thấy đơn vị này, hoặc đơn vị nằm "
                                              "ngoài phạm vi của bạn."]
    assert stored_count(session) == 0


def test_the_command_refuses_an_unknown_account(thidua, tmp_path, movement_year):
    path = tmp_path / "dang-ky.xlsx"
    path.write_bytes(sheet(GOOD))

    result = thidua("movement", "import", path, "--year-id", movement_year.id, "--as", "ai.do")

    assert result.exit_code == 1
    assert "Không có tài khoản đang hoạt động tên “ai.do”." in result.stderr


# Pages and API ---------------------------------------------------------------------------

def test_the_page_registers_a_file_and_says_how_many(officer_client, clock, movement_year,
                                                     session):
    clock.now = DURING
    answer = officer_client.post(
        f"/phong-trao/{movement_year.id}/nhap-excel", data={"csrf_token": officer_client.csrf},
        files={"file": ("dang-ky.xlsx", sheet(GOOD), XLSX)})

    assert answer.status_code == 200
    assert "Đã đăng ký 1 mô hình, giải pháp từ tệp “dang-ky.xlsx”." in answer.text
    assert stored_count(session) == 1


def test_the_page_lists_every_problem_with_row_and_column(officer_client, clock, movement_year,
                                                          session):
    clock.now = DURING
    bad = sheet(GOOD, ("Q1-BN", "Mô hình", "Khác", "Thể thao", "", "", ""))
    answer = officer_client.post(
        f"/phong-trao/{movement_year.id}/nhap-excel", data={"csrf_token": officer_client.csrf},
        files={"file": ("dang-ky.xlsx", bad, XLSX)})

    assert answer.status_code == 422
    assert "chưa có dòng nào được lưu" in answer.text
    assert "dòng 3, cột “Lĩnh vực (cột D)”: Lĩnh vực “Thể thao” không có" in answer.text
    assert stored_count(session) == 0


def test_the_api_answers_201_with_the_count_or_422_with_the_problems(
        client, officer_api, clock, movement_year):
    clock.now = DURING
    url = f"/api/v1/movement/years/{movement_year.id}/import"

    bad = client.post(url, headers=officer_api, files={"file": ("a.xlsx", sheet(
        ("Q1-BN", "Mô hình", "", "Kinh tế")), XLSX)})
    good = client.post(url, headers=officer_api, files={"file": ("a.xlsx", sheet(GOOD), XLSX)})

    assert bad.status_code == 422
    assert bad.json()["code"] == "import_rejected"
    assert [(p["row"], p["column"], p["message"]) for p in bad.json()["problems"]] == [
        (2, "Tên mô hình, giải pháp (cột C)", "Tên mô hình, giải pháp không được để trống.")]
    assert (good.status_code, good.json()) == (201, {"registered": 1})


def test_the_template_lists_the_years_fields_and_the_officers_units(officer_client,
                                                                     movement_year):
    answer = officer_client.get(f"/phong-trao/{movement_year.id}/mau-nhap.xlsx")

    assert answer.status_code == 200
    assert answer.headers["content-type"] == XLSX
    workbook = load_workbook(io.BytesIO(answer.content))
    main, lists = workbook.worksheets
    assert [c.value for c in main[1]] == HEADERS
    assert [c.value for c in main[2]][:4] == ["Q1", "Mô hình",
                                              "Dân vận khéo trong chỉnh trang đô thị", "Kinh tế"]
    assert [c.value for c in lists["A"]][1:] == ["Mô hình", "Giải pháp", "Điển hình tập thể",
                                                 "Điển hình cá nhân"]
    assert [c.value for c in lists["B"]][1:5] == ["Kinh tế", "Văn hóa - xã hội",
                                                  "Quốc phòng - an ninh",
                                                  "Xây dựng Đảng và hệ thống chính trị"]
    assert [c.value for c in lists["C"] if c.value][1:] == ["Q1", "Q1-BN", "Q1-BT"]


def test_the_template_fills_in_and_imports_as_it_is(session, movement_year, officer_client,
                                                     officer):
    template = officer_client.get(f"/phong-trao/{movement_year.id}/mau-nhap.xlsx").content

    assert run(session, movement_year, template, actor=officer) == 1
