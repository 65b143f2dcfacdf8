"""Resume, idempotent submit, two devices, and the append-only record of every action."""

import pytest
from sqlalchemy import delete, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from backend.attempts.models import Attempt, AttemptEvent, AttemptState
from tests.attempts.conftest import bearer_of, option_by_letter, save, start
from tests.factories import make_round


def test_reloading_shows_the_same_paper_with_saved_answers_and_server_time(
        client, clock, bearer, round_):
    attempt = start(client, bearer, round_.id)
    question = attempt["questions"][2]
    save(client, bearer, attempt, question, "C")

    again = client.get(f"/api/v1/attempts/{attempt['id']}", headers=bearer).json()

    assert again["questions"] == attempt["questions"]
    assert again["answers"] == {str(question["id"]): [option_by_letter(question, "C")]}
    assert again["deadline_at"] == attempt["deadline_at"]
    assert again["server_now"] >= attempt["server_now"]


def test_starting_again_while_an_attempt_is_open_resumes_it(client, bearer, round_):
    first = client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=bearer)
    second = client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=bearer)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["resumed"] is True


def test_another_phone_signed_in_as_the_same_contestant_sees_the_same_attempt(
        client, bearer, round_, contest):
    attempt = start(client, bearer, round_.id)
    save(client, bearer, attempt, attempt["questions"][0], "A")
    other = bearer_of(client, contest, "+84 912 345 678")

    seen = client.get(f"/api/v1/attempts/{attempt['id']}", headers=other).json()

    assert seen["questions"] == attempt["questions"]
    assert len(seen["answers"]) == 1


def test_the_later_save_of_a_question_wins_and_others_are_kept(client, bearer, round_, session):
    attempt = start(client, bearer, round_.id)
    first, second = attempt["questions"][:2]
    save(client, bearer, attempt, first, "A")
    save(client, bearer, attempt, second, "D")
    save(client, bearer, attempt, first, "B")

    stored = session.get(Attempt, attempt["id"])

    assert stored.answers == {str(first["id"]): [option_by_letter(first, "B")],
                              str(second["id"]): [option_by_letter(second, "D")]}


def test_a_double_click_and_a_retry_store_one_result_with_the_same_answer(
        client, bearer, round_, session):
    attempt = start(client, bearer, round_.id)
    question = attempt["questions"][0]
    save(client, bearer, attempt, question, "B")
    key = {"Idempotency-Key": "bam-nop-1"}

    replies = [client.post(f"/api/v1/attempts/{attempt['id']}/submit",
                           headers={**bearer, **key}) for _ in range(3)]

    assert {r.status_code for r in replies} == {200}
    assert len({r.json()["finished_at"] for r in replies}) == 1
    assert {r.json()["score"] for r in replies} == {1}
    submits = session.exec(select(AttemptEvent).where(AttemptEvent.attempt_id == attempt["id"],
                                                      AttemptEvent.kind == "submitted")).all()
    assert len(submits) == 1
    assert session.get(Attempt, attempt["id"]).submit_key == "bam-nop-1"


def test_nothing_saved_after_hand_in_counts(client, bearer, round_, session):
    attempt = start(client, bearer, round_.id)
    question = attempt["questions"][0]
    client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=bearer)

    late = save(client, bearer, attempt, question, "B")

    assert late.status_code == 409
    assert late.json()["detail"] == "Bài thi này đã được nộp; câu trả lời mới không được ghi nhận."
    assert session.get(Attempt, attempt["id"]).answers == {}


def test_duration_is_measured_by_the_server(client, clock, bearer, round_):
    from datetime import timedelta

    attempt = start(client, bearer, round_.id)
    clock.now += timedelta(seconds=95, milliseconds=250)

    done = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=bearer).json()

    assert done["duration_ms"] == 95_250


def test_multi_answer_questions_score_all_or_nothing(use, session, database, tree):
    from backend.attempts import service
    from backend.clock import utcnow
    from tests.factories import add_questions, make_contest, register_contestant

    contest = make_contest(session, title="Cuộc thi nhiều đáp án")
    add_questions(session, contest, 10, multi_every=1)  # B and D are both correct everywhere
    multi_round = make_round(session, contest, question_count=5)
    who = register_contestant(session, database, contest, tree["Q1-BN"]).who
    view = use.start(who=who, round_id=multi_round.id, now=utcnow())
    q = view.questions
    picks = [["B", "D"], ["B"], ["A", "B", "D"], ["D", "B"], []]
    answers = {q[i]["id"]: [option_by_letter(q[i], letter) for letter in letters]
               for i, letters in enumerate(picks)}

    done = use(service.submit_attempt, attempt_id=view.id, who=who, answers=answers,
               prediction=None, idempotency_key=None, now=utcnow(), grace_seconds=10)

    assert view.multiple_answers is True
    assert done.score == 2


def test_a_round_with_a_prediction_question_requires_the_prediction(client, bearer, session,
                                                                    contest):
    predicted = make_round(session, contest,
                           prediction_prompt="Có bao nhiêu người trả lời đúng tất cả các câu?")
    attempt = start(client, bearer, predicted.id)

    missing = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=bearer)
    given = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=bearer,
                        json={"prediction": 1234})

    assert attempt["prediction_prompt"] == "Có bao nhiêu người trả lời đúng tất cả các câu?"
    assert missing.status_code == 422
    assert missing.json()["detail"] == "Bạn chưa trả lời câu hỏi dự đoán."
    assert given.json()["prediction"] == 1234
    assert given.json()["state"] == "submitted"


def test_every_save_and_the_submit_are_kept_with_the_servers_time(client, clock, bearer, round_,
                                                                   session):
    attempt = start(client, bearer, round_.id)
    question = attempt["questions"][0]
    save(client, bearer, attempt, question, "A")
    save(client, bearer, attempt, question, "B")
    client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=bearer)

    events = session.exec(select(AttemptEvent).where(AttemptEvent.attempt_id == attempt["id"])
                          .order_by(AttemptEvent.id)).all()

    assert [e.kind for e in events] == ["save", "save", "submitted"]
    assert {e.at for e in events} == {clock.now}
    assert events[0].payload["answers"] == {str(question["id"]): [option_by_letter(question, "A")]}


def test_the_event_log_refuses_changes_and_deletions(client, bearer, round_, database):
    attempt = start(client, bearer, round_.id)
    save(client, bearer, attempt, attempt["questions"][0], "A")

    for statement in (update(AttemptEvent).values(accepted=False), delete(AttemptEvent)):
        with database.scope() as session, pytest.raises(DBAPIError, match="append-only"):
            session.execute(statement)


def test_attempt_states_are_the_three_of_the_lifecycle():
    assert [s.value for s in AttemptState] == ["in_progress", "submitted", "expired"]


def test_quotas_changed_by_an_override_apply_to_the_next_attempt(
        use, session, database, contest, tree, who):
    from backend.clock import utcnow
    from backend.contests import service as contests
    from backend.questions.pool import pool_for
    from backend.usecase import Reads
    from tests.factories import register_contestant

    round_ = make_round(session, contest, question_count=5, quotas=[("Dân vận", "", 5)])
    first = use.start(who=who, round_id=round_.id, now=utcnow())
    rules = contests.RoundRules(
        name=round_.name, opens_at=round_.opens_at, closes_at=round_.closes_at,
        question_count=5, time_limit_seconds=round_.time_limit_seconds, max_attempts=None,
        prediction_prompt=None, quotas=[("Lịch sử", "", 5)])
    contests.update_round(session=session, round_=round_, rules=rules, actor_id=None,
                          now=utcnow(), override_reason="Đổi cơ cấu đề theo chỉ đạo mới")
    other = register_contestant(session, database, contest, tree["Q1-BN"],
                                phone="0987654321", name="Trần Thị Bình")
    second = use.start(who=other.who, round_id=round_.id, now=utcnow())

    pool = pool_for(db=Reads(session), contest_id=contest.id, version=contest.bank_version)
    topics = [{pool.questions[q["id"]].topic for q in view.questions} for view in (first, second)]
    assert topics == [{"Dân vận"}, {"Lịch sử"}]
