"""Leaderboards on a 375-pixel phone: the public table and the staff table with every column
read well (no cell one word a line, the name kept in view while the rest scrolls), and every
results page passes the accessibility checks."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page

from backend.clock import utcnow
from backend.contests.models import Contest
from backend.results import service as results
from backend.results.finalise import finalise_board
from backend.units.models import Unit
from tests.browser.staff import ORGANISER, sign_in
from tests.browser.test_phone_tables_browser import FIRST_COLUMN_PROBLEMS, LAYOUT_PROBLEMS
from tests.factories import add_contestants, add_finished_attempt, make_round

pytestmark = pytest.mark.browser
WORKPLACES = ["Q1-BN", "Q1-BT", "Q3-VTS", "TD", "TDOAN"]


@pytest.fixture
def published(contest_world, database) -> str:
    """A second round, closed a week ago: twelve contestants ranked (two tied) and published, its
    three questions in the answer key. Returns the board's public address."""
    with database.scope() as session:
        contest = session.get(Contest, contest_world.contest_id)
        now = utcnow()
        round_ = make_round(session, contest, opens_at=now - timedelta(days=8),
                            closes_at=now - timedelta(days=7), question_count=3)
        units = [session.get(Unit, contest_world.units[code]) for code in WORKPLACES]
        paper = [[contest_world.question_id + n, []] for n in range(3)]
        for n, person in enumerate(add_contestants(session, contest, units, 12)):
            add_finished_attempt(session, round_, person, score=3 - n // 4, question_count=3,
                                 duration_s=200 + n * (n != 1) * 7, paper=paper)
        board = results.boards_of(session=session, contest_id=contest.id)[-2]
        board.prizes = [{"tier": "Giải Nhất", "count": 1, "group": ""},
                        {"tier": "Giải Khuyến khích", "count": 2, "group": ""}]
        session.commit()
    with database.scope(write=False) as read, database.scope() as write:
        finalise_board(read=read, write=write, board_id=board.id, now=utcnow())
    with database.scope() as session:
        board = session.get(type(board), board.id)
        results.publish(session=session, board=board, actor_id=None, now=utcnow())
        return f"/thi/{contest_world.contest_id}/ket-qua/{board.id}"


def problems(page: Page) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS) + page.evaluate(FIRST_COLUMN_PROBLEMS)


def test_the_public_leaderboard_reads_well_on_a_phone(published, live_server, page, shots):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server + published)
    page.screenshot(path=shots / "bang-xep-hang-cong-khai.png", full_page=True)

    assert page.get_by_role("cell", name="1 (đồng hạng)").count() == 2
    assert problems(page) == []


def test_the_results_list_and_answer_key_pass_the_checks(published, live_server, page):
    contest_page = published.rsplit("/ket-qua", 1)[0]
    page.goto(live_server + contest_page + "/ket-qua")
    page.goto(live_server + published + "/dap-an")

    assert page.get_by_text("(đáp án đúng)").count() == 3


def test_the_staff_leaderboard_reads_well_on_a_phone(published, live_server, page, axe, shots):
    board_id = published.rsplit("/", 1)[1]
    contest_id = published.split("/")[2]
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, axe, live_server, ORGANISER)
    page.goto(f"{live_server}/quan-ly/cuoc-thi/{contest_id}/ket-qua/{board_id}/bang-xep-hang")
    page.screenshot(path=shots / "bang-xep-hang-can-bo.png", full_page=True)

    assert problems(page) == []
