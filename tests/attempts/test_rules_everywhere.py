"""Each contestant rule holds the same through every entry point: the JSON API and the pages
call one service, which checks it once."""

from datetime import timedelta

import pytest

from backend.attempts.rules import PREDICTION_MAX
from backend.contests import service as contests
from tests.attempts.conftest import start
from tests.factories import make_round, sign_in_contestant

OUT_OF_RANGE = "Câu trả lời dự đoán phải là số nguyên từ 0 đến 2.147.483.647."


@pytest.fixture
def predicting(session, contest):
    return make_round(session, contest, question_count=5,
                      prediction_prompt="Bao nhiêu người đạt điểm tuyệt đối?")


@pytest.mark.parametrize("prediction", [PREDICTION_MAX + 1, 3_000_000_000, -1, 10**30])
def test_a_prediction_outside_what_the_column_holds_is_refused_on_save_and_submit(
        client, bearer, predicting, prediction):
    attempt = start(client, bearer, predicting.id)
    url = f"/api/v1/attempts/{attempt['id']}"

    saved = client.put(f"{url}/answers", headers=bearer, json={"prediction": prediction})
    submitted = client.post(f"{url}/submit", headers=bearer, json={"prediction": prediction})

    for answer in (saved, submitted):
        assert answer.status_code == 422, answer.text
        assert answer.json() == {"detail": OUT_OF_RANGE, "code": "invalid_prediction"}
    assert client.get(url, headers=bearer).json()["state"] == "in_progress"


def test_the_largest_prediction_the_column_holds_is_kept(client, bearer, predicting):
    attempt = start(client, bearer, predicting.id)

    done = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=bearer,
                       json={"prediction": PREDICTION_MAX})

    assert done.status_code == 200, done.text
    assert done.json()["prediction"] == PREDICTION_MAX


def test_the_quiz_page_refuses_an_out_of_range_prediction_with_the_same_message(
        client, contest, contestant, predicting):
    browser = sign_in_contestant(client, contest)
    started = browser.post(f"/thi/{contest.id}/tuan-thi/{predicting.id}/bat-dau",
                           data={"csrf_token": browser.csrf}, follow_redirects=False)
    quiz = started.headers["location"]

    answer = browser.post(f"{quiz}/nop", data={"csrf_token": browser.csrf,
                                               "prediction": "3000000000"})

    assert answer.status_code == 422
    assert OUT_OF_RANGE in answer.text


def test_an_unpublished_contest_hides_its_attempts_from_every_action(
        client, bearer, session, contest, round_):
    attempt = start(client, bearer, round_.id)
    contest.is_published = False
    session.add(contest)
    session.commit()
    url = f"/api/v1/attempts/{attempt['id']}"

    answers = [client.get(url, headers=bearer),
               client.get(f"{url}/result", headers=bearer),
               client.put(f"{url}/answers", headers=bearer, json={"answers": {}}),
               client.post(f"{url}/submit", headers=bearer),
               client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=bearer)]

    assert [a.status_code for a in answers] == [404] * 5


def test_a_prediction_question_added_mid_attempt_does_not_block_its_submit(
        client, bearer, session, round_):
    attempt = start(client, bearer, round_.id)
    contests.update_round(session=session, round_=round_, rules=contests.RoundRules(
        name=round_.name, opens_at=round_.opens_at, closes_at=round_.closes_at,
        question_count=round_.question_count, time_limit_seconds=round_.time_limit_seconds,
        max_attempts=round_.max_attempts, prediction_prompt="Bao nhiêu lượt thi tuần này?",
        quotas=[]), actor_id=None, now=round_.opens_at, override_reason="Thêm câu dự đoán")

    done = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=bearer)
    next_one = start(client, bearer, round_.id)

    assert done.status_code == 200, done.text
    assert done.json()["prediction_prompt"] is None
    assert next_one["prediction_prompt"] == "Bao nhiêu lượt thi tuần này?"


def test_closing_a_round_early_lets_attempts_in_progress_run_to_their_own_deadline(
        client, clock, bearer, session, round_):
    attempt = start(client, bearer, round_.id)
    question = attempt["questions"][0]
    round_.closes_at = clock.now + timedelta(minutes=1)
    session.add(round_)
    session.commit()
    clock.now += timedelta(minutes=5)  # the round has closed; the attempt has 5 minutes left
    url = f"/api/v1/attempts/{attempt['id']}"

    saved = client.put(f"{url}/answers", headers=bearer,
                       json={"answers": {str(question["id"]): [question["options"][0]["id"]]}})
    done = client.post(f"{url}/submit", headers=bearer)
    another = client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=bearer)

    assert saved.status_code == 200, saved.text
    assert done.json()["state"] == "submitted"
    assert another.status_code == 409
    assert another.json()["code"] == "round_closed"


def test_a_contestant_signs_out_of_the_api_with_the_browser_cookie(client, contest,
                                                                  contestant):
    browser = sign_in_contestant(client, contest)

    out = browser.post("/api/v1/contestant/logout", headers={"X-CSRF-Token": browser.csrf})
    me = browser.get("/api/v1/contestant/me")

    assert out.status_code == 204
    assert me.status_code == 401

