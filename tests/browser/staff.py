"""What staff pages stand on in the browser tests: a contest with attempts under way across the
tree, an account for each role, and signing in through the form."""

from dataclasses import dataclass

import httpx2 as httpx
from playwright.sync_api import Page, expect

from backend.accounts.models import Role
from tests.factories import (
    PASSWORD,
    add_questions,
    make_contest,
    make_round,
    make_user,
    small_tree,
    vietnamese_name,
)

ORGANISER, OFFICER, JUDGE = "bantochuc", "canbo.q1", "giamkhao"
# Where contestants work: wards and district bodies, so that every block has figures.
WORKPLACES = ["Q1-BN", "Q1-BT", "Q3-VTS", "TD", "TDOAN", "Q1-BN", "Q3", "Q1-BT", "TDOAN"]


@dataclass(frozen=True)
class ContestWorld:
    contest_id: int
    round_id: int
    question_id: int
    units: dict[str, int]  # unit code -> id


def build_contest_world(database, settings) -> ContestWorld:
    """The small tree; an organiser, Quận 1's unit officer and a judge; a published contest
    with twelve questions and a round open now."""
    with database.scope() as session:
        units = small_tree(session)
        make_user(session, settings, role=Role.ORGANISER, username=ORGANISER)
        make_user(session, settings, role=Role.UNIT_OFFICER, username=OFFICER, unit=units["Q1"])
        make_user(session, settings, role=Role.JUDGE, username=JUDGE)
        contest = make_contest(
            session, title="Cuộc thi trắc nghiệm trực tuyến “Tham mưu tốt - Dân vận khéo” 2026")
        questions = add_questions(session, contest, 12)
        stage = make_round(session, contest, question_count=5, time_limit_seconds=600)
        return ContestWorld(contest_id=contest.id, round_id=stage.id,
                            question_id=questions[0].id,
                            units={code: unit.id for code, unit in units.items()})


def take_attempts(base_url: str, world: ContestWorld) -> None:
    """Contestants register and start through the JSON API; every other one hands in."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        for n, code in enumerate(WORKPLACES):
            registered = client.post(f"/api/v1/contests/{world.contest_id}/register", json={
                "full_name": vietnamese_name(n * 37), "birth_date": f"19{70 + n}-04-30",
                "gender": "nu", "phone": f"09870000{n:02d}", "unit_id": world.units[code],
                "password": "mat-khau-thi-sinh", "consent": True})
            assert registered.status_code == 201, registered.text
            bearer = {"Authorization": f"Bearer {registered.json()['token']}"}
            started = client.post(f"/api/v1/rounds/{world.round_id}/attempts", headers=bearer)
            assert started.status_code == 201, started.text
            if n % 2 == 0:
                done = client.post(f"/api/v1/attempts/{started.json()['id']}/submit",
                                   headers=bearer, json={"answers": {}})
                assert done.status_code == 200, done.text


def sign_in(page: Page, axe, base_url: str, username: str) -> None:
    """Through the staff sign-in form, landing on the home page."""
    page.goto(f"{base_url}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xin chào, Người dùng {username}")
    axe.check()
