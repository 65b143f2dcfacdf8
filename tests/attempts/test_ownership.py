"""Only the contestant whose live session sent the request may read, save or hand in an
attempt; the token is checked in the same query that reads the attempt."""


from backend.attempts.models import Attempt, AttemptState
from tests.attempts.conftest import bearer_of
from tests.factories import register_contestant


def requests_for(attempt):
    question = attempt["questions"][0]
    answers = {"answers": {str(question["id"]): [question["options"][0]["id"]]}}
    return [("GET", f"/api/v1/attempts/{attempt['id']}", None),
            ("GET", f"/api/v1/attempts/{attempt['id']}/result", None),
            ("PUT", f"/api/v1/attempts/{attempt['id']}/answers", answers),
            ("POST", f"/api/v1/attempts/{attempt['id']}/submit", answers)]


def stored(session, attempt_id):
    row = session.get(Attempt, attempt_id)
    session.refresh(row)
    state, answers = row.state, dict(row.answers)
    session.commit()
    return state, answers


def test_after_logout_the_old_token_gets_401_and_changes_nothing(client, bearer, attempt,
                                                                   session):
    assert client.post("/api/v1/contestant/logout", headers=bearer).status_code == 204
    for method, path, body in requests_for(attempt):
        answer = client.request(method, path, json=body, headers=bearer)
        assert answer.status_code == 401, (method, path, answer.text)
        assert answer.json()["detail"] == "Bạn cần đăng nhập để dự thi."
    assert stored(session, attempt["id"]) == (AttemptState.IN_PROGRESS, {})


def test_another_contestants_attempt_is_not_found_for_them(client, attempt, session, database,
                                                           contest, tree):
    register_contestant(session, database, contest, tree["Q1-BN"], phone="0987654321",
                        name="Trần Thị Bình")
    session.commit()
    other = bearer_of(client, contest, "0987654321")
    for method, path, body in requests_for(attempt):
        answer = client.request(method, path, json=body, headers=other)
        assert answer.status_code == 404, (method, path, answer.text)
    assert stored(session, attempt["id"]) == (AttemptState.IN_PROGRESS, {})


def test_a_made_up_token_gets_401(client, attempt):
    forged = {"Authorization": "Bearer " + "x" * 43}
    for method, path, body in requests_for(attempt):
        assert client.request(method, path, json=body, headers=forged).status_code == 401


def test_an_unknown_attempt_with_a_live_token_is_404(client, bearer):
    assert client.get("/api/v1/attempts/999999", headers=bearer).status_code == 404
