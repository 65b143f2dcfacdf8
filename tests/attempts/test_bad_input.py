"""Bad input to the attempt API: a clear 4xx in Vietnamese, and nothing stored changes."""

from sqlmodel import select

from backend.attempts.models import Attempt, AttemptEvent
from tests.factories import make_contest, make_round


def stored_state(session, attempt_id):
    session.commit()
    attempt = session.get(Attempt, attempt_id)
    session.refresh(attempt)
    events = session.exec(select(AttemptEvent).where(AttemptEvent.attempt_id == attempt_id)).all()
    state = (attempt.state, dict(attempt.answers), attempt.answers_saved_at, len(events))
    session.commit()
    return state


def test_malformed_json_is_refused_in_vietnamese(client, bearer, attempt, session):
    before = stored_state(session, attempt["id"])

    response = client.put(f"/api/v1/attempts/{attempt['id']}/answers", content=b'{"answers": {',
                          headers={**bearer, "Content-Type": "application/json"})

    assert response.status_code == 400
    assert "không phải JSON hợp lệ" in response.json()["detail"]
    assert stored_state(session, attempt["id"]) == before


OFF_PAPER = "Có câu hỏi hoặc phương án không thuộc đề thi của bạn."


def test_an_unknown_option_id_is_refused(client, bearer, attempt, session):
    before = stored_state(session, attempt["id"])
    question = attempt["questions"][0]

    response = client.put(f"/api/v1/attempts/{attempt['id']}/answers", headers=bearer,
                          json={"answers": {str(question["id"]): [999_999]}})

    assert response.status_code == 422
    assert response.json()["detail"] == OFF_PAPER
    assert stored_state(session, attempt["id"]) == before


def test_an_option_of_another_question_is_refused(client, bearer, attempt, session):
    before = stored_state(session, attempt["id"])
    first, second = attempt["questions"][:2]

    response = client.put(f"/api/v1/attempts/{attempt['id']}/answers", headers=bearer,
                          json={"answers": {str(first["id"]): [second["options"][0]["id"]]}})

    assert response.status_code == 422
    assert stored_state(session, attempt["id"]) == before


def test_an_answer_to_a_question_not_in_the_paper_is_refused(client, bearer, attempt, session,
                                                             contest):
    before = stored_state(session, attempt["id"])
    on_paper = {q["id"] for q in attempt["questions"]}
    elsewhere = next(qid for qid in range(1, 100) if qid not in on_paper)

    response = client.put(f"/api/v1/attempts/{attempt['id']}/answers", headers=bearer,
                          json={"answers": {str(elsewhere): [1]}})

    assert response.status_code == 422
    assert response.json()["detail"] == OFF_PAPER
    assert stored_state(session, attempt["id"]) == before


def test_two_options_on_a_single_answer_bank_are_refused(client, bearer, attempt, session):
    before = stored_state(session, attempt["id"])
    question = attempt["questions"][0]

    response = client.put(f"/api/v1/attempts/{attempt['id']}/answers", headers=bearer,
                          json={"answers": {str(question["id"]):
                                            [o["id"] for o in question["options"][:2]]}})

    assert response.status_code == 422
    assert response.json()["detail"] == "Mỗi câu chỉ được chọn một phương án."
    assert stored_state(session, attempt["id"]) == before


def test_wrong_types_name_the_field(client, bearer, attempt, session):
    before = stored_state(session, attempt["id"])

    response = client.put(f"/api/v1/attempts/{attempt['id']}/answers", headers=bearer,
                          json={"answers": {"abc": "B"}})

    assert response.status_code == 422
    assert "Trường “answers" in response.json()["detail"]
    assert stored_state(session, attempt["id"]) == before


def test_an_oversized_body_is_refused_before_it_is_read(client, bearer, attempt, session):
    before = stored_state(session, attempt["id"])
    huge = b'{"answers": {}, "x": "' + b"a" * 300_000 + b'"}'

    response = client.put(f"/api/v1/attempts/{attempt['id']}/answers", content=huge,
                          headers={**bearer, "Content-Type": "application/json"})

    assert response.status_code == 413
    assert "quá lớn" in response.json()["detail"]
    assert stored_state(session, attempt["id"]) == before


def test_another_contestants_attempt_is_not_found(client, bearer, attempt, session, database,
                                                  contest, tree):
    from tests.factories import PASSWORD, register_contestant

    register_contestant(session, database, contest, tree["Q3-VTS"], phone="0987654321",
                        name="Trần Thị Bích")
    other = client.post(f"/api/v1/contests/{contest.id}/login",
                        json={"phone": "0987654321", "password": PASSWORD}).json()["token"]
    before = stored_state(session, attempt["id"])

    seen = client.get(f"/api/v1/attempts/{attempt['id']}",
                      headers={"Authorization": f"Bearer {other}"})
    submitted = client.post(f"/api/v1/attempts/{attempt['id']}/submit",
                            headers={"Authorization": f"Bearer {other}"})

    assert seen.status_code == submitted.status_code == 404
    assert seen.json()["detail"] == "Không tìm thấy lượt thi này."
    assert stored_state(session, attempt["id"]) == before


def test_a_round_of_another_contest_is_not_found(client, bearer, session, tree):
    other_contest = make_contest(session, title="Cuộc thi khác")
    foreign = make_round(session, other_contest)

    response = client.post(f"/api/v1/rounds/{foreign.id}/attempts", headers=bearer)

    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy tuần thi này."


def test_without_a_token_the_api_answers_401_in_vietnamese(client, round_):
    response = client.post(f"/api/v1/rounds/{round_.id}/attempts")

    assert response.status_code == 401
    assert response.json()["detail"] == "Bạn cần đăng nhập để dự thi."
