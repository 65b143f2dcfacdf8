"""Registration sent back to be corrected, in Chromium: the unit picked stays, alone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SEARCH = "Tìm đơn vị (gõ không dấu cũng được)"


def test_after_a_refused_submit_the_picker_shows_only_the_unit_picked(
        contest_world, live_server, page, axe, shots):
    page.goto(f"{live_server}/thi/{contest_world.contest_id}/dang-ky")
    page.get_by_label("Họ và tên").fill("Trần Thị Bình")
    page.get_by_label("Ngày sinh").fill("1992-04-30")
    page.get_by_label("Nữ").check()
    page.get_by_label("Số điện thoại di động").fill("0987 654 321")
    page.get_by_label(SEARCH).press_sequentially("ben nghe")
    page.get_by_label("Phường Bến Nghé · Quận 1").check()
    page.get_by_label("Mật khẩu (ít nhất 8 ký tự)").fill("mat-khau-cua-binh")
    page.get_by_label("Nhập lại mật khẩu").fill("mat-khau-go-nham")
    page.get_by_label("Tôi đã đọc thông báo trên và đồng ý").check()
    page.get_by_role("button", name="Đăng ký").click()

    expect(page.get_by_role("alert")).to_contain_text("Hai lần nhập mật khẩu không khớp.")
    axe.check()
    page.screenshot(path=shots / "dang-ky-sua-loi.png", full_page=True)
    options = page.locator("#unit-options").get_by_role("radio")
    expect(options).to_have_count(1)
    expect(page.get_by_label("Phường Bến Nghé · Quận 1")).to_be_checked()
    expect(page.locator("#unit-status")).to_have_text("")
    expect(page.get_by_label(SEARCH)).to_have_value("")

    # Typing the picked unit's name again finds no other; it is not "nothing found".
    page.get_by_label(SEARCH).press_sequentially("ben ngh")
    expect(page.locator("#unit-status")).to_have_text(
        "Không có đơn vị nào khác khớp với “ben ngh”.")
    expect(options).to_have_count(1)
    expect(page.get_by_label("Phường Bến Nghé · Quận 1")).to_be_checked()

    page.get_by_label("Mật khẩu (ít nhất 8 ký tự)").fill("mat-khau-cua-binh")
    page.get_by_label("Nhập lại mật khẩu").fill("mat-khau-cua-binh")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("status")).to_contain_text("Đăng ký thành công.")
