"""An organiser imports the unit tree from Excel in a real Chromium, then browses and searches."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from backend.accounts.models import Role
from backend.units.models import Unit
from tests.browser.staff import sign_in
from tests.factories import UNIT_HEADERS, XLSX, make_user, small_tree, xlsx_bytes

pytestmark = pytest.mark.browser

CITY = [
    ("HCM", "Thành phố Hồ Chí Minh", "", "", "Tỉnh, thành phố", 0, ""),
    ("Q1", "Quận 1", "HCM", "Khối Quận, huyện", "Quận", 2400, "Cụm 1"),
    ("Q1-BN", "Phường Bến Nghé", "Q1", "", "Phường", 130, ""),
    ("Q1-DK", "Phường Đa Kao", "Q1", "", "Phường", 120, ""),
    ("TD", "Thành phố Thủ Đức", "HCM", "Khối Quận, huyện", "Thành phố thuộc TP", 6800, "Cụm 2"),
    ("TD-LT", "Phường Linh Trung", "TD", "", "Phường", 210, ""),
    ("TD-TNPA", "Phường Tăng Nhơn Phú A", "TD", "", "Phường", 185, ""),
    ("BC", "Huyện Bình Chánh", "HCM", "Khối Quận, huyện", "Huyện", 3100, "Cụm 2"),
    ("BC-TT", "Thị trấn Tân Túc", "BC", "", "Thị trấn", 95, ""),
]


def units_file(name: str, rows: list[tuple]) -> dict:
    """An .xlsx with the import headers and `rows`, as Playwright's file payload."""
    return {"name": name, "mimeType": XLSX,
            "buffer": xlsx_bytes(UNIT_HEADERS, rows, sheet="Đơn vị")}


def stored_units(database) -> dict[str, tuple]:
    with database.scope(write=False) as fresh:
        return {u.code: (u.name, u.parent_id, u.headcount, u.is_active)
                for u in fresh.exec(select(Unit))}


@pytest.fixture
def organiser(database, settings):
    with database.scope() as session:
        return make_user(session, settings, role=Role.ORGANISER, username="bantochuc").username


def open_import_page(page: Page, axe) -> None:
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đơn vị").click()
    expect(page.get_by_role("heading", name="Đơn vị", exact=True)).to_be_visible()
    axe.check()
    page.get_by_role("button", name="Nhập từ Excel").click()
    expect(page.get_by_role("heading", name="Nhập đơn vị từ Excel")).to_be_visible()
    axe.check()


def upload(page: Page, axe, payload: dict) -> None:
    page.get_by_label("Chọn tệp Excel (.xlsx)").set_input_files(payload)
    page.get_by_role("button", name="Nhập đơn vị").click()
    expect(page.get_by_role("heading", name="Nhập đơn vị từ Excel")).to_be_visible()
    expect(page.locator(".notice")).to_be_visible()
    axe.check()


def test_organiser_imports_units_then_finds_thu_duc_typing_without_diacritics(
        organiser, live_server, page, axe, shots):
    sign_in(page, axe, live_server, organiser)
    open_import_page(page, axe)

    upload(page, axe, units_file("don-vi-tphcm.xlsx", CITY))

    summary = page.get_by_role("status")
    expect(summary).to_contain_text("Đã nhập xong tệp “don-vi-tphcm.xlsx”.")
    expect(summary).to_contain_text("Thêm mới: 9 đơn vị")
    expect(summary).to_contain_text("Khối mới: Khối Quận, huyện")
    expect(summary).to_contain_text("Cụm thi đua mới: Cụm 1, Cụm 2")

    page.get_by_role("link", name="Xem cây đơn vị").click()
    expect(page.get_by_text("9 đơn vị đang hoạt động.")).to_be_visible()
    axe.check()
    tree = page.locator("ul.tree")
    for name in ("Thành phố Hồ Chí Minh", "Quận 1", "Thành phố Thủ Đức", "Huyện Bình Chánh"):
        expect(tree.get_by_role("link", name=name, exact=True)).to_be_visible()
    # Districts start folded; the keyboard opens one to show its wards.
    ward = tree.get_by_role("link", name="Phường Tăng Nhơn Phú A")
    expect(ward).to_be_hidden()
    tree.locator("summary", has_text="Thành phố Thủ Đức").focus()
    page.keyboard.press("Enter")
    expect(ward).to_be_visible()
    page.screenshot(path=shots / "don-vi-cay.png", full_page=True)

    page.get_by_label("Tìm đơn vị (gõ không dấu cũng được)").press_sequentially("thu duc")

    results = page.locator("#search-results")
    expect(results).to_contain_text("Tìm thấy 1 đơn vị cho “thu duc”.")
    expect(results.get_by_role("link")).to_have_text(["Thành phố Thủ Đức"])
    expect(page).to_have_url(re.compile(r"/don-vi\?q=thu(\+|%20)duc$"))
    page.screenshot(path=shots / "don-vi-tim-kiem.png", full_page=True)
    # The address htmx pushed serves the same results as a whole page.
    page.reload()
    expect(results.get_by_role("link")).to_have_text(["Thành phố Thủ Đức"])


def test_bad_file_lists_row_and_column_in_vietnamese_and_changes_nothing(
        organiser, database, live_server, page, axe, shots):
    with database.scope() as session:
        small_tree(session)
    before = stored_units(database)
    sign_in(page, axe, live_server, organiser)
    open_import_page(page, axe)

    upload(page, axe, units_file("don-vi-loi.xlsx", [
        ("Q1", "Quận Một", "HCM", "Khối Quận, huyện", "Quận", 2500, "Cụm 1"),
        ("Q1-NTB", "Phường Nguyễn Thái Bình", "Q1", "", "Phường", "nhiều", ""),
        ("Q1-CK", "", "Q1", "", "Phường", 90, ""),
    ]))

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        "Tệp “don-vi-loi.xlsx” có 2 lỗi, chưa có dòng nào được lưu. "
        "Hãy sửa các lỗi dưới đây rồi tải lên lại.")
    expect(alert.get_by_role("listitem")).to_have_text([
        "Trang tính “Đơn vị”, dòng 3, cột “Số lượng thành viên (cột F)”: "
        "Số lượng thành viên “nhiều” không phải số nguyên.",
        "Trang tính “Đơn vị”, dòng 4, cột “Tên đơn vị (cột B)”: Tên đơn vị đang để trống.",
    ])
    page.screenshot(path=shots / "nhap-don-vi-loi.png", full_page=True)

    page.goto(f"{live_server}/don-vi")
    expect(page.get_by_text("8 đơn vị đang hoạt động.")).to_be_visible()
    expect(page.get_by_role("link", name="Quận 1", exact=True)).to_be_visible()
    expect(page.get_by_text("Quận Một")).to_have_count(0)
    assert stored_units(database) == before
