"""Every page, as each kind of visitor reaches it, passes axe-core's WCAG 2.0/2.1 A and AA rules.

The `page` fixture runs axe-core on every page loaded (see accessibility.py); these tests make
sure each page is loaded at least once, with data in it, and is the page it claims to be.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.staff import JUDGE, OFFICER, ORGANISER, sign_in

pytestmark = pytest.mark.browser
TITLE = "Cuộc thi trắc nghiệm trực tuyến “Tham mưu tốt - Dân vận khéo” 2026"
C = "/quan-ly/cuoc-thi/{contest_id}"

# Each role's pages: (address, status, the page's main heading).
STAFF_PAGES = {
    ORGANISER: [
        ("/", 200, "Xin chào, Người dùng bantochuc"),
        ("/quan-ly/cuoc-thi", 200, "Cuộc thi trực tuyến"),
        (C, 200, TITLE),
        (C + "/tuan-thi/{round_id}", 200, "Tuần 1"),
        (C + "/tuan-thi/moi", 200, "Thêm tuần thi"),
        (C + "/cau-hoi", 200, "Ngân hàng câu hỏi"),
        (C + "/cau-hoi/them", 200, "Thêm câu hỏi"),
        (C + "/cau-hoi/{question_id}/sua", 200, "Sửa câu số 1"),
        (C + "/cau-hoi/nhap", 200, "Nhập câu hỏi từ Excel"),
        (C + "/cau-hoi/xem-thu", 200, "Xem thử đề ngẫu nhiên"),
        (C + "/theo-doi", 200, "Theo dõi trực tiếp"),
        (C + "/thi-sinh", 200, "Thí sinh"),
        ("/don-vi", 200, "Đơn vị"),
        ("/don-vi/{Q1}", 200, "Quận 1"),
        ("/don-vi/nhap", 200, "Nhập đơn vị từ Excel"),
        ("/tai-khoan", 200, "Tài khoản cán bộ"),
        ("/doi-mat-khau", 200, "Đổi mật khẩu"),
    ],
    OFFICER: [
        ("/", 200, "Xin chào, Người dùng canbo.q1"),
        ("/quan-ly/cuoc-thi", 200, "Cuộc thi trực tuyến"),
        (C + "/theo-doi", 200, "Theo dõi trực tiếp"),
        ("/don-vi", 200, "Đơn vị"),
        ("/don-vi/{Q1-BN}", 200, "Phường Bến Nghé"),
    ],
    JUDGE: [
        ("/", 200, "Xin chào, Người dùng giamkhao"),
        ("/doi-mat-khau", 200, "Đổi mật khẩu"),
        ("/don-vi", 403, "Không có quyền truy cập"),
    ],
}


@pytest.mark.parametrize("role", list(STAFF_PAGES))
def test_staff_pages_pass_axe(role, contest_world, busy_server, page, axe):
    ids = {"contest_id": contest_world.contest_id, "round_id": contest_world.round_id,
           "question_id": contest_world.question_id, **contest_world.units}
    sign_in(page, axe, busy_server, role)

    for address, status, heading in STAFF_PAGES[role]:
        response = page.goto(busy_server + address.format(**ids))

        assert response.status == status, address
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_public_and_contestant_sign_in_pages_pass_axe(contest_world, busy_server, page, axe):
    contest = f"{busy_server}/thi/{contest_world.contest_id}"

    page.goto(busy_server)
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    page.goto(contest)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.goto(f"{contest}/dang-ky")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký dự thi")
    page.goto(f"{contest}/dang-nhap")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập dự thi")
    page.get_by_label("Số điện thoại đã đăng ký").fill("0987000000")
    page.get_by_label("Mật khẩu").fill("khong-dung-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe.check()
    page.goto(f"{busy_server}/dang-nhap")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập cho cán bộ")
    missing = page.goto(f"{busy_server}/khong-co-trang-nay")
    assert missing.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy")
