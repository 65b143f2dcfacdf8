"""A contestant on a phone-sized Chromium: registers, takes the quiz, reloads, hands in."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import add_questions, make_contest, make_round, small_tree

pytestmark = pytest.mark.browser
PASSWORD = "mat-khau-cua-binh"


@pytest.fixture
def contest_id(database) -> int:
    """A published contest with an open round of five questions, ten minutes each attempt."""
    with database.scope() as session:
        small_tree(session)
        contest = make_contest(session)
        add_questions(session, contest, 12)
        make_round(session, contest, question_count=5, time_limit_seconds=600, max_attempts=3)
        return contest.id


def register(page: Page, axe, base_url: str, shots=None) -> None:
    page.goto(base_url)
    page.get_by_role("button", name="Vào thi").click()
    expect(page.get_by_role("button", name="Đăng ký dự thi")).to_be_visible()
    axe.check()
    page.get_by_role("button", name="Đăng ký dự thi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đăng ký dự thi")
    axe.check()
    page.get_by_label("Họ và tên").fill("Trần Thị Bình")
    page.get_by_label("Ngày sinh").fill("1992-04-30")
    page.get_by_label("Nữ").check()
    page.get_by_label("Số điện thoại di động").fill("0987 654 321")
    page.get_by_label("Tìm đơn vị (gõ không dấu cũng được)").press_sequentially("ben nghe")
    expect(page.locator("#unit-status")).to_have_text("Tìm thấy 1 đơn vị cho “ben nghe”.")
    unit = page.get_by_label("Phường Bến Nghé · Quận 1")
    expect(unit).to_be_visible()
    unit.check()
    # Searching again keeps the unit already picked, checked, above the new matches.
    search = page.get_by_label("Tìm đơn vị (gõ không dấu cũng được)")
    search.fill("")
    search.press_sequentially("thu duc")
    expect(page.get_by_label("Thành phố Thủ Đức")).to_be_visible()
    expect(unit).to_be_checked()
    axe.check()
    page.get_by_label("Mật khẩu (ít nhất 8 ký tự)").fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_label("Tôi đã đọc thông báo trên và đồng ý").check()
    if shots:
        page.screenshot(path=shots / "dang-ky.png", full_page=True)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("status")).to_contain_text("Đăng ký thành công.")
    expect(page.get_by_text("Xin chào, Trần Thị Bình.")).to_be_visible()
    axe.check()
    if shots:
        page.screenshot(path=shots / "trang-cuoc-thi.png", full_page=True)


def question(page: Page, number: int):
    return page.locator(f"#cau-{number}")


def pick_right(page: Page, number: int):
    """Pick the option the factories made correct (its text starts "Phương án B")."""
    option = question(page, number).get_by_role("radio", name=re.compile(r"Phương án B của"))
    option.check()
    return option


def test_contestant_registers_answers_reloads_and_hands_in_on_a_phone(
        contest_id, live_server, page, axe, shots):
    problems = []  # script errors and CSP refusals would show here
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda line: problems.append(f"{line.text} {line.location['url']}")
            if line.type == "error" else None)
    register(page, axe, live_server, shots)
    page.get_by_role("button", name="Bắt đầu lượt thi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tuần 1 · Lượt thi thứ 1")
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^(10:00|09:\d\d)$"))
    axe.check()
    page.screenshot(path=shots / "bai-thi-dau-trang.png")

    first, second = pick_right(page, 1), pick_right(page, 2)
    expect(question(page, 1).get_by_text("Đã lưu")).to_be_visible()
    expect(question(page, 2).get_by_text("Đã lưu")).to_be_visible()
    expect(page.get_by_text("Đã trả lời 2 / 5 câu")).to_be_visible()

    # Offline, a pick waits in the queue and says so; back online, it is saved.
    page.context.set_offline(True)
    third = pick_right(page, 3)
    expect(question(page, 3).get_by_text("Chưa lưu được, đang thử lại")).to_be_visible()
    page.context.set_offline(False)
    expect(question(page, 3).get_by_text("Đã lưu")).to_be_visible()
    page.screenshot(path=shots / "bai-thi.png", full_page=True)
    page.screenshot(path=shots / "bai-thi-man-hinh.png")

    page.reload()
    for option in (first, second, third):
        expect(option).to_be_checked()
    expect(page.get_by_text("Đã trả lời 3 / 5 câu")).to_be_visible()

    page.get_by_role("button", name="Nộp bài").click()
    dialog = page.get_by_role("dialog", name="Nộp bài?")
    expect(dialog).to_contain_text("Bạn còn 2 câu chưa trả lời (Câu 4, Câu 5).")
    axe.check()
    page.screenshot(path=shots / "xac-nhan-nop.png")
    dialog.get_by_role("button", name="Nộp bài").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả lượt thi")
    expect(page.locator(".result-score")).to_have_text("3/5 câu đúng")
    expect(page.get_by_text("Đã dùng 1/3 lượt thi; còn 2 lượt.")).to_be_visible()
    axe.check()
    page.screenshot(path=shots / "ket-qua.png", full_page=True)

    page.get_by_role("link", name="Lượt thi của tôi").first.click()
    expect(page.locator(".attempt-list li")).to_have_count(1)
    expect(page.locator(".attempt-list")).to_contain_text("Tuần 1 · lượt 1 Đã nộp")
    page.screenshot(path=shots / "lich-su.png", full_page=True)
    assert problems == []


def test_the_timer_warns_at_one_minute_and_hands_in_at_zero(
        contest_id, live_server, page, axe, shots):
    # The phone's clock is driven by the test; the server's deadline does not move.
    page.clock.install()
    register(page, axe, live_server)
    page.get_by_role("button", name="Bắt đầu lượt thi").click()
    expect(page.get_by_role("timer")).to_be_visible()
    axe.check()
    pick_right(page, 1)
    expect(question(page, 1).get_by_text("Đã lưu")).to_be_visible()

    page.clock.fast_forward("09:05")
    warning = page.get_by_role("alert").filter(has_text="Chỉ còn chưa đầy 1 phút!")
    expect(warning).to_be_visible()
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^00:[0-5]\d$"))
    axe.check()
    page.screenshot(path=shots / "bai-thi-sap-het-gio.png")

    page.clock.fast_forward("01:00")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả lượt thi")
    expect(page.locator(".result-score")).to_have_text("1/5 câu đúng")
