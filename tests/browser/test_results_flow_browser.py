"""An organiser on a phone finalises and publishes a closed round, reads its leaderboard, and
downloads the results file, which opens with the ranked contestants in it."""

from datetime import timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from backend.clock import utcnow
from backend.contests.models import Contest
from backend.results import service as results
from backend.units.models import Unit
from tests.browser.staff import ORGANISER, sign_in
from tests.browser.test_phone_tables_browser import LAYOUT_PROBLEMS, PHONE
from tests.factories import add_contestants, add_finished_attempt, make_round

pytestmark = pytest.mark.browser


@pytest.fixture
def closed_round(database, contest_world) -> tuple[int, int, str]:
    """A round that closed yesterday with twenty finished attempts, not yet finalised; the
    contest's id, the round board's id and the winner's name."""
    now = utcnow()
    with database.scope() as session:
        contest = session.get(Contest, contest_world.contest_id)
        closed = make_round(session, contest, opens_at=now - timedelta(days=3),
                            closes_at=now - timedelta(days=1))
        units = [session.get(Unit, contest_world.units[c]) for c in ("Q1-BN", "Q3-VTS")]
        people = add_contestants(session, contest, units, 20)
        for n, person in enumerate(people):
            add_finished_attempt(session, closed, person, score=n % 5, prediction=n,
                                 duration_s=100 + n)
        board = next(b for b in results.boards_of(session=session, contest_id=contest.id)
                     if b.round_id == closed.id)
        board.prizes = [{"tier": "Giải Nhất", "count": 1, "group": ""},
                        {"tier": "Giải Nhì", "count": 2, "group": ""}]
        session.commit()
        return contest.id, board.id, people[4].full_name  # 4 of 5, the fastest of those


def test_an_organiser_finalises_publishes_and_downloads_on_a_phone(
        closed_round, live_server, page: Page, axe, tmp_path):
    contest_id, board_id, winner = closed_round
    page.set_viewport_size(PHONE)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, axe, live_server, ORGANISER)

    page.goto(f"{live_server}/quan-ly/cuoc-thi/{contest_id}/ket-qua")
    page.locator(f"form[action$='/{board_id}/tong-hop'] button").click()
    axe.check()
    page.locator(f"form[action$='/{board_id}/cong-bo'] button").click()
    expect(page.locator(f"form[action$='/{board_id}/cong-bo']")).to_have_count(0)
    axe.check()

    page.goto(f"{live_server}/thi/{contest_id}/ket-qua/{board_id}")
    expect(page.get_by_text("Kết quả tạm thời").first).to_be_visible()
    first = page.locator("table tbody tr").first
    expect(first).to_contain_text(winner)
    expect(first).to_contain_text("Giải Nhất")
    assert page.evaluate(LAYOUT_PROBLEMS) == []
    axe.check()

    page.goto(f"{live_server}/quan-ly/cuoc-thi/{contest_id}/ket-qua")
    page.locator(f"form[action$='/tai-ve/{board_id}'] button[value='results']").click()
    page.wait_for_url("**/quan-ly/xuat-file/*")
    axe.check()  # the progress page, which reloads itself until the file is ready
    link = page.locator("a[download]")
    expect(link).to_be_visible(timeout=60_000)
    axe.check()
    with page.expect_download() as downloading:
        link.click()
    saved = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(saved)

    sheet = load_workbook(saved).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    titled = [row for row in rows if any(isinstance(c, str) and "KẾT QUẢ" in c for c in row)]
    assert titled
    ranked = [row for row in rows if winner in row]
    assert ranked
    assert ranked[0][0] == 1
    assert "Giải Nhất" in ranked[0]
