"""Staff tables on a 375-pixel phone: readable cells, nothing pushed off the page, and the first
column kept in view while the rest scrolls sideways inside a box the keyboard can reach."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff import ORGANISER, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}
C = "/quan-ly/cuoc-thi/{contest_id}"
PAGES = {
    "theo-doi": C + "/theo-doi",
    "thi-sinh": C + "/thi-sinh",
    "cuoc-thi": "/quan-ly/cuoc-thi",
    "thiet-lap": C,  # its rounds and, unfolded, the units taking part
    "tuan-thi": C + "/tuan-thi/{round_id}",
    "cau-hoi": C + "/cau-hoi",
    "tai-khoan": "/tai-khoan",
    "don-vi": "/don-vi",
}

# What a reader on the phone would trip over, as sentences; an empty list when nothing.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const page = document.scrollingElement;
  if (page.scrollWidth > innerWidth) {
    problems.push(`the page is ${page.scrollWidth}px wide on a ${innerWidth}px screen`);
  }
  const lines = (cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = [...range.getClientRects()].filter(r => r.width > 0).map(r => r.top)
      .sort((a, b) => a - b);
    return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 8).length;
  };
  for (const table of document.querySelectorAll("table")) {
    const box = table.parentElement;
    if (!box.matches(".table-wrap[role=region][tabindex='0'][aria-label]")) {
      problems.push(`a table is not inside a labelled box the keyboard can focus`);
    }
    for (const cell of table.querySelectorAll("th, td")) {
      const words = cell.innerText.trim().split(/\\s+/).filter(Boolean).length;
      if (words > 1 && lines(cell) >= words) {
        problems.push(`“${cell.innerText.trim()}” is one word a line`);
      }
    }
  }
  return problems;
}"""

# Scrolls each overflowing table box to its far end and says whether the first column is still
# there, uncovered, and the last column reachable.
FIRST_COLUMN_PROBLEMS = """() => {
  const problems = [];
  for (const box of document.querySelectorAll(".table-wrap")) {
    if (box.scrollWidth <= box.clientWidth) continue;
    box.scrollIntoView({block: "start"});
    box.scrollLeft = box.scrollWidth;
    const edge = box.getBoundingClientRect();
    for (const row of [...box.querySelectorAll("tr")].slice(0, 3)) {
      const first = row.firstElementChild.getBoundingClientRect();
      const seen = document.elementFromPoint(first.left + first.width / 2,
                                             first.top + first.height / 2);
      if (Math.abs(first.left - edge.left) > 1 || !row.firstElementChild.contains(seen)) {
        problems.push(`“${row.firstElementChild.innerText.trim()}” scrolls out of view`);
      }
      if (row.lastElementChild.getBoundingClientRect().right > edge.right + 1) {
        problems.push(`the last column of “${row.innerText.trim()}” cannot be scrolled to`);
      }
    }
    box.scrollLeft = 0;
  }
  return problems;
}"""


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def unfold_tables(page: Page) -> None:
    folded = page.locator("details:not([open]):has(table) > summary")
    while folded.count():
        folded.first.click()


@pytest.mark.parametrize("name", list(PAGES))
def test_staff_tables_read_well_on_a_phone(name, contest_world, busy_server, phone, axe,
                                           shots):
    ids = {"contest_id": contest_world.contest_id, "round_id": contest_world.round_id}
    sign_in(phone, axe, busy_server, ORGANISER)
    phone.goto(busy_server + PAGES[name].format(**ids))
    unfold_tables(phone)
    axe.check()  # the tables folded away were not checked on load
    phone.screenshot(path=shots / f"dien-thoai-{name}.png", full_page=True)

    assert phone.evaluate(LAYOUT_PROBLEMS) == []
    assert phone.evaluate(FIRST_COLUMN_PROBLEMS) == []


def test_the_live_monitor_scrolls_by_keyboard_and_keeps_its_place_when_refreshed(
        contest_world, busy_server, phone, axe, shots):
    sign_in(phone, axe, busy_server, ORGANISER)
    phone.goto(f"{busy_server}/quan-ly/cuoc-thi/{contest_world.contest_id}/theo-doi")
    table = phone.get_by_role("region", name="Số liệu theo đơn vị và khối")
    unit = table.get_by_role("rowheader", name="Thành Đoàn")

    table.focus()
    for _ in range(8):
        phone.keyboard.press("ArrowRight")
    scrolled = table.evaluate("box => box.scrollLeft")
    phone.screenshot(path=shots / "dien-thoai-theo-doi-cuon-ngang.png")
    # The next refresh, as htmx makes it every five seconds, without waiting for it.
    phone.evaluate("""() => {
      const figures = document.getElementById("so-lieu");
      return htmx.ajax("GET", figures.getAttribute("hx-get"), {target: figures});
    }""")

    assert scrolled > 100
    expect(table).to_be_focused()
    assert table.evaluate("box => box.scrollLeft") == scrolled
    expect(unit).to_be_in_viewport()
