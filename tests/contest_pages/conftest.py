"""Contest pages through the app: a published contest, its open round, a contestant's browser."""

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from tests.factories import csrf_of, make_round, sign_in_contestant

FORM = {"full_name": "Trần Thị Bình", "birth_date": "1992-04-30", "gender": "nu",
        "phone": "0987 654 321", "email": "binh@example.vn", "position": "Chuyên viên",
        "password": "mat-khau-cua-binh", "password_again": "mat-khau-cua-binh", "consent": "1"}


@pytest.fixture
def bank_size() -> int:
    """A bank of twelve, from which the pages draw five-question papers."""
    return 12


@pytest.fixture
def round_(session, contest):
    """The pages count what is left of three attempts."""
    return make_round(session, contest, question_count=5, time_limit_seconds=600, max_attempts=3)


@pytest.fixture
def browser(client, contest, contestant, round_) -> TestClient:
    return sign_in_contestant(client, contest)


def post_registration(client, contest, tree, **changes):
    """Trần Thị Bình's registration form for Phường Bến Nghé, `changes` applied (None leaves a
    field out), as the browser posts it."""
    data = {**FORM, "unit_id": str(tree["Q1-BN"].id), "q": "ben nghe",
            "csrf_token": csrf_of(client, f"/thi/{contest.id}/dang-ky"), **changes}
    return client.post(f"/thi/{contest.id}/dang-ky",
                       data={k: v for k, v in data.items() if v is not None},
                       follow_redirects=False)


def start(client: TestClient, contest, round_) -> str:
    """Start (or resume) an attempt through the landing page's button; the quiz page's path."""
    answer = client.post(f"/thi/{contest.id}/tuan-thi/{round_.id}/bat-dau",
                         data={"csrf_token": client.csrf}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


def questions_on(html: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """(question id, [(option id, option text)]) in the order the quiz page shows them."""
    found = []
    fieldsets = re.findall(
        r'<fieldset class="question" [^>]*data-question="(\d+)">(.*?)</fieldset>', html, re.S)
    for qid, block in fieldsets:
        options = re.findall(r'name="q-\d+" value="(\d+)"[^>]*>.*?<span>([^<]*)</span>', block)
        found.append((int(qid), [(int(o), unescape(t)) for o, t in options]))
    return found


def checked_on(html: str) -> dict[int, list[int]]:
    picked: dict[int, list[int]] = {}
    for qid, oid in re.findall(r'name="q-(\d+)" value="(\d+)" checked', html):
        picked.setdefault(int(qid), []).append(int(oid))
    return picked
