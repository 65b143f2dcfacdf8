"""The organiser's results pages on a phone: every board, the rules form and the history read
without sideways scrolling of the page, and pass the accessibility checks."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page

from backend.clock import utcnow
from backend.contests.models import Contest
from backend.results import service as results
from backend.results.finalise import finalise_board
from backend.units.models import Unit
from tests.browser.staff import ORGANISER, sign_in
from tests.browser.test_phone_tables_browser import LAYOUT_PROBLEMS, PHONE, unfold_tables
from tests.factories import add_contestants, add_finished_attempt, make_round

pytestmark = pytest.mark.browser
GROUPS = ["Cán bộ, đảng viên", "Nhân dân"]


@pytest.fixture
def official_round(database, contest_world) -> tuple[int, int]:
    """A closed round of twelve, in two groups, ranked, published, made official and then
    amended with a reason; the contest's id and the round board's."""
    now = utcnow()
    with database.scope() as session:
        contest = session.get(Contest, contest_world.contest_id)
        contest.groups = GROUPS
        closed = make_round(session, contest, opens_at=now - timedelta(days=9),
                            closes_at=now - timedelta(days=8))
        units = [session.get(Unit, contest_world.units[c]) for c in ("Q1-BN", "Q3-VTS")]
        people = add_contestants(session, contest, units, 13, groups=GROUPS)
        for n, person in enumerate(people[:12]):
            add_finished_attempt(session, closed, person, score=n % 6, prediction=n)
        board = next(b for b in results.boards_of(session=session, contest_id=contest.id)
                     if b.round_id == closed.id)
        board.prizes = [{"tier": "Giải Nhất", "count": 1, "group": ""},
                        {"tier": "Giải lan tỏa", "count": 1, "group": "Nhân dân"}]
        session.commit()
        board_id = board.id
    finalise(database, board_id, now - timedelta(days=7))
    with database.scope() as session:
        board = results.get_board(session=session, board_id=board_id)
        results.publish(session=session, board=board, actor_id=None, now=now - timedelta(days=7))
        results.make_official(session=session, board=board, actor_id=None,
                              now=now - timedelta(days=4))
        add_finished_attempt(session, closed, people[12], score=5, prediction=3)
    finalise(database, board_id, now, reason="Bổ sung bài thi lỗi đường truyền, QĐ số 12")
    return contest_world.contest_id, board_id


def finalise(database, board_id: int, now, reason: str = "") -> None:
    with database.scope(write=False) as read, database.scope() as write:
        finalise_board(read=read, write=write, board_id=board_id, now=now, reason=reason)


@pytest.mark.parametrize("path", ["", "/{board}/thiet-lap", "/{board}/lich-su"])
def test_results_pages_read_well_on_a_phone(path, official_round, live_server, page: Page,
                                            axe, shots):
    contest_id, board_id = official_round
    page.set_viewport_size(PHONE)
    sign_in(page, axe, live_server, ORGANISER)
    page.goto(f"{live_server}/quan-ly/cuoc-thi/{contest_id}/ket-qua"
              + path.format(board=board_id))
    unfold_tables(page)
    axe.check()
    name = path.strip("/").replace("/", "-").replace("{board}", "bang") or "ket-qua"
    page.screenshot(path=shots / f"dien-thoai-{name}.png", full_page=True)

    assert page.evaluate(LAYOUT_PROBLEMS) == []
