"""`thidua demo load`: what a newcomer finds after `make run`, loaded once however often it runs."""

import unicodedata
from collections import Counter

from sqlmodel import func, select

from backend.clock import utcnow
from backend.contests.models import Contest, Round, RoundQuota
from backend.demo import DEMO_PASSWORD, load_demo
from backend.demo.online_contest import CONTESTANT_PHONE
from backend.demo.units_2023 import DISTRICTS_BLOCK
from backend.questions.models import Question
from backend.units.models import Block, Unit
from tests.factories import api_token


def loaded(database) -> list[str]:
    return list(load_demo(database=database, now=utcnow()))


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_the_city_has_22_district_level_units_and_the_wards_of_two(database, session):
    loaded(database)
    block = session.exec(select(Block).where(Block.name == DISTRICTS_BLOCK)).one()
    districts = session.exec(select(Unit).where(Unit.block_id == block.id,
                                                Unit.code != "TPHCM")).all()
    top = [u for u in districts if u.path.count("/") == 3]
    assert len(top) == 22
    with_wards = {u.parent_id for u in districts if u.path.count("/") == 4}
    assert len(with_wards) == 2


def test_every_demo_login_works(database, client):
    loaded(database)
    for username in ("bantochuc", "quan1", "giamkhao"):
        assert api_token(client, username, DEMO_PASSWORD)


def test_the_demo_contest_is_published_with_100_nfc_questions(database, session):
    loaded(database)
    contest = session.exec(select(Contest)).one()
    assert contest.is_published
    texts = session.exec(select(Question.text).where(Question.contest_id == contest.id,
                                                     Question.is_active)).all()
    assert len(texts) == 100
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)


def test_its_round_is_open_now_for_a_week_with_20_questions_in_10_minutes(database, session):
    now = utcnow()
    loaded(database)
    round_ = session.exec(select(Round)).one()
    assert round_.is_open(now)
    assert 6.9 < (round_.closes_at - now).total_seconds() / 86_400 <= 7.001
    assert (round_.question_count, round_.time_limit_seconds) == (20, 600)
    quotas = session.exec(select(RoundQuota).where(RoundQuota.round_id == round_.id)).all()
    assert sum(q.count for q in quotas) == 20


def test_the_demo_contestant_signs_in_and_draws_a_paper_by_the_quotas(database, session,
                                                                      client):
    loaded(database)
    contest, round_ = session.exec(select(Contest)).one(), session.exec(select(Round)).one()
    difficulty = dict(session.exec(select(Question.id, Question.difficulty)).all())
    session.commit()  # end the read: the app writes through connections of its own
    signed_in = client.post(f"/api/v1/contests/{contest.id}/login",
                            json={"phone": CONTESTANT_PHONE, "password": DEMO_PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    auth = {"Authorization": f"Bearer {signed_in.json()['token']}"}
    paper = client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=auth)
    assert paper.status_code == 201, paper.text
    ids = [q["id"] for q in paper.json()["questions"]]
    assert Counter(difficulty[i].value for i in ids) == {"de": 8, "trung_binh": 8, "kho": 4}


def test_loading_again_adds_nothing(database, session):
    loaded(database)
    before = [count(session, model) for model in (Unit, Contest, Question, Round)]
    session.commit()
    again = loaded(database)
    session.rollback()
    assert [count(session, model) for model in (Unit, Contest, Question, Round)] == before
    assert not any(line.startswith("Đã") for line in again)
