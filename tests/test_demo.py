"""`thidua demo load`: what a newcomer finds after `make run`, loaded once however often it runs."""

import unicodedata
from collections import Counter

from sqlmodel import func, select

from backend.clock import utcnow
from backend.contestants.models import Contestant
from backend.contests import service as contests
from backend.contests.models import Contest, Round, RoundQuota
from backend.demo import DEMO_PASSWORD, load_demo, load_units_and_staff
from backend.demo.online_contest import CONTESTANT_PHONE, RULES, TITLE
from backend.demo.quiz_bank import QUESTIONS, TOPICS
from backend.demo.units_2023 import DISTRICTS_BLOCK
from backend.essays.models import Essay, EssayAuthor, EssayVersion
from backend.forwarding.models import ForwardBatch, ForwardedEssay
from backend.judging.models import Assignment, BlindCode, EssayResult, ScoreRecord
from backend.questions import service as questions
from backend.questions.models import Difficulty, Question, QuestionOption
from backend.results.models import PredictionTarget, ResultBoard, ResultEntry, ResultState
from backend.units.models import Block, Unit
from backend.writing.models import (
    PrizeTier,
    WritingCompetition,
    WritingJudge,
    WritingLevel,
    WritingReportedFigure,
)
from tests.factories import api_token

WRITING_MODELS = (WritingCompetition, WritingLevel, PrizeTier, WritingJudge, EssayAuthor, Essay,
                  EssayVersion, EssayResult, ForwardBatch, ForwardedEssay, BlindCode, Assignment,
                  ScoreRecord, WritingReportedFigure)
# The demo's closed round, smaller than `make run` loads, so that every test here stays quick.
ATTEMPTS = 200


def loaded(database, *, writing: bool = False, movement: bool = False) -> list[str]:
    """The demo loaded; with `writing`, its writing competitions too, with `movement` the
    “Dân vận khéo” movement (a few seconds more each; tests/test_demo_movement.py loads it)."""
    return list(load_demo(database=database, now=utcnow(), results_attempts=ATTEMPTS,
                          writing=writing, movement=movement))


def open_round(session) -> Round:
    return session.exec(select(Round).where(Round.name == "Tuần thi thứ hai")).one()


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
    for username in ("bantochuc", "quan1", "phuong.bennghe", "giamkhao"):
        assert api_token(client, username, DEMO_PASSWORD)


def test_the_demo_contest_is_published_with_100_nfc_questions(database, session):
    loaded(database)
    contest = session.exec(select(Contest)).one()
    assert contest.is_published
    texts = session.exec(select(Question.text).where(Question.contest_id == contest.id,
                                                     Question.is_active)).all()
    assert len(texts) == 100
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)


def test_the_bank_mixes_option_counts_and_does_not_always_key_a(database, session):
    loaded(database)
    options = session.exec(select(QuestionOption.question_id, QuestionOption.position,
                                  QuestionOption.is_correct)).all()
    per_question = Counter(qid for qid, _, _ in options)
    keys = Counter(qid for qid, _, correct in options if correct)
    assert set(per_question.values()) == {2, 3, 4, 5, 6}
    assert sum(1 for n in keys.values() if n > 1) >= 8
    assert len({position for _, position, correct in options if correct}) >= 4


def test_its_second_round_is_open_now_for_a_week_with_20_questions_in_10_minutes(database,
                                                                                  session):
    now = utcnow()
    loaded(database)
    round_ = open_round(session)
    assert round_.is_open(now)
    assert 6.9 < (round_.closes_at - now).total_seconds() / 86_400 <= 7.001
    assert (round_.question_count, round_.time_limit_seconds, round_.max_attempts) == (20, 600, 3)
    assert round_.prediction_prompt == "Dự đoán có bao nhiêu lượt người tham gia tuần thi này?"
    quotas = session.exec(select(RoundQuota).where(RoundQuota.round_id == round_.id)).all()
    assert sum(q.count for q in quotas) == 20


def test_the_demo_contestant_signs_in_and_draws_a_paper_by_the_quotas(database, session,
                                                                      client):
    loaded(database)
    contest, round_ = session.exec(select(Contest)).one(), open_round(session)
    stratum = {qid: (topic, difficulty.value) for qid, topic, difficulty in
               session.exec(select(Question.id, Question.topic, Question.difficulty)).all()}
    session.commit()  # end the read: the app writes through connections of its own
    signed_in = client.post(f"/api/v1/contests/{contest.id}/login",
                            json={"phone": CONTESTANT_PHONE, "password": DEMO_PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    auth = {"Authorization": f"Bearer {signed_in.json()['token']}"}
    paper = client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=auth)
    assert paper.status_code == 201, paper.text
    ids = [q["id"] for q in paper.json()["questions"]]
    assert Counter(stratum[i] for i in ids) == {
        (topic, difficulty): count for topic in TOPICS
        for difficulty, count in (("de", 2), ("trung_binh", 2), ("kho", 1))}


def test_loading_again_adds_nothing(database, session):
    loaded(database, writing=True)
    models = (Unit, Contest, Question, QuestionOption, Round, RoundQuota, Contestant,
              *WRITING_MODELS)
    before = [count(session, model) for model in models]
    session.commit()
    again = loaded(database, writing=True)
    session.rollback()
    assert [count(session, model) for model in models] == before
    assert not any(line.startswith("Đã") for line in again)


def test_a_database_loaded_before_the_demo_contest_gets_it(database, session):
    list(load_units_and_staff(database=database, now=utcnow()))

    lines = loaded(database)

    assert "Cây đơn vị mẫu đã có sẵn." in lines
    assert any(line.startswith("Đã nạp cuộc thi mẫu tại /thi/") for line in lines)
    assert count(session, Question) == 100
    assert count(session, Contestant) == 1 + ATTEMPTS * 3 // 5  # the closed round's too


def test_a_load_cut_short_is_finished_without_doubling_the_bank(database, session):
    now = utcnow()
    list(load_units_and_staff(database=database, now=now))
    contest = contests.create_contest(session=session, title=TITLE, rules_text=RULES,
                                      requires_id_number=False, scope_unit_ids=[],
                                      actor_id=None, now=now, is_published=True)
    for topic, difficulty, text, options, _ in QUESTIONS[:3]:
        questions.add_question(session=session, contest=contest, actor_id=None, now=now,
                               draft=questions.QuestionDraft(text=text, options=options,
                                                             correct={0}, topic=topic,
                                                             difficulty=Difficulty(difficulty)))

    loaded(database)

    session.rollback()
    assert count(session, Contest) == 1
    assert count(session, Question) == 100
    assert count(session, Round) == 2


def test_its_first_round_is_closed_ranked_with_prizes_and_published(database, session):
    loaded(database)
    closed = session.exec(select(Round).where(Round.name == "Tuần thi thứ nhất")).one()
    assert not closed.is_open(utcnow())
    board = session.exec(select(ResultBoard).where(ResultBoard.round_id == closed.id)).one()
    assert board.state is ResultState.PROVISIONAL
    assert board.prediction_target is PredictionTarget.ATTEMPTS
    assert board.actual_value == ATTEMPTS
    entries = session.exec(select(ResultEntry).where(ResultEntry.board_id == board.id,
                                                     ResultEntry.version == board.version)
                           .order_by(ResultEntry.position)).all()
    assert len(entries) == ATTEMPTS * 3 // 5
    assert [e.prize for e in entries[:6]] == ["Giải Nhất", "Giải Nhì", "Giải Nhì", "Giải Ba",
                                              "Giải Ba", "Giải Ba"]
    assert sum(1 for e in entries if e.prize) == 16
    assert len({e.unit_id for e in entries}) > 10


def test_its_figures_show_a_reported_count_and_a_total_that_disagree(database, session):
    from backend.tallies import service as tallies
    from backend.tallies.models import ReportedFigure

    loaded(database)
    contest = session.exec(select(Contest).where(Contest.title == TITLE)).one()

    found = tallies.reconciliation(session=session, contest_id=contest.id)
    rules, ranked = tallies.collective_ranking(session=session, contest_id=contest.id)

    texts = [d.text for d in found]
    assert ("Số người dự thi ngoài nền tảng (trên giấy, ở cơ sở) của Thành phố Hồ Chí Minh "
            "(toàn cuộc thi): báo cáo 7.860, nhưng cộng các phần được 7.869 (lệch -9).") in texts
    assert any(t.startswith("Số người tham gia của Quận 1 (tuần thi thứ nhất): báo cáo ")
               and t.endswith("(lệch 12).") for t in texts)
    assert len(found) == 2
    assert rules.mode.value == "participants"
    assert {r.prize for r in ranked if r.prize} == {"Giải Nhất", "Giải Nhì", "Giải Ba"}
    figures = count(session, ReportedFigure)
    session.commit()  # let the second load have the database
    loaded(database)
    assert count(session, ReportedFigure) == figures == 5
