"""The dashboard on a phone: its charts are drawn (each SVG has bars with a size), the tables
fit, nothing fails the accessibility check; a unit officer sees only their subtree."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff import OFFICER, ORGANISER, sign_in
from tests.browser.test_phone_tables_browser import LAYOUT_PROBLEMS, PHONE

pytestmark = pytest.mark.browser

DRAWN = """() => Array.from(document.querySelectorAll('svg.chart')).map(svg => ({
    width: svg.getBoundingClientRect().width,
    marks: Array.from(svg.querySelectorAll('rect')).filter(
        r => r.getBBox().width > 0 && r.getBBox().height > 0).length}))"""


def test_the_dashboard_draws_its_charts_on_a_phone(busy_server, contest_world, page: Page,
                                                   axe, tmp_path):
    page.set_viewport_size(PHONE)
    sign_in(page, axe, busy_server, ORGANISER)

    page.goto(f"{busy_server}/quan-ly/cuoc-thi/{contest_world.contest_id}/so-lieu")

    expect(page.get_by_role("heading", name="Số liệu và biểu đồ")).to_be_visible()
    charts = page.evaluate(DRAWN)
    assert len(charts) == 6
    assert all(chart["width"] > 200 for chart in charts)
    assert all(chart["marks"] > 0 for chart in charts), charts
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    assert (tmp_path / "dashboard.png").stat().st_size > 10_000
    assert page.evaluate(LAYOUT_PROBLEMS) == []
    axe.check()
    page.get_by_role("link", name="Quận 1").first.click()
    expect(page.locator("table#bang-tong-hop, #bang-tong-hop table")).to_contain_text(
        "Phường Bến Nghé")
    axe.check()


def test_a_unit_officer_sees_only_their_subtree(busy_server, contest_world, page: Page, axe):
    page.set_viewport_size(PHONE)
    sign_in(page, axe, busy_server, OFFICER)

    page.goto(f"{busy_server}/quan-ly/cuoc-thi/{contest_world.contest_id}/so-lieu")

    table = page.locator("#bang-tong-hop")
    expect(table).to_contain_text("Phường Bến Nghé")
    expect(table).not_to_contain_text("Quận 3")
    expect(table).not_to_contain_text("Thành Đoàn")
    axe.check()
