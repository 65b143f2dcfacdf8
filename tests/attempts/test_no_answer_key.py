"""No response a contestant can receive says which option is correct."""

from collections import Counter

from backend.clock import utcnow
from backend.questions.models import QuestionOption
from tests.factories import register_contestant, vietnamese_name

KEY_WORDS = ("correct", "dap_an", "đáp án đúng", "answer_key", "is_right")


def test_every_contestant_response_is_free_of_the_key(client, bearer, contest, round_, session):
    responses = []
    get = lambda path: responses.append(client.get(path, headers=bearer)) or responses[-1]  # noqa: E731
    get("/api/v1/contests")
    get(f"/api/v1/contests/{contest.id}")
    get(f"/api/v1/contests/{contest.id}/units")
    get("/api/v1/contestant/me")
    started = client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=bearer)
    responses.append(started)
    attempt = started.json()
    question = attempt["questions"][0]
    responses.append(client.put(f"/api/v1/attempts/{attempt['id']}/answers", headers=bearer,
                                json={"answers": {str(question["id"]):
                                                  [question["options"][0]["id"]]}}))
    responses.append(client.put(f"/api/v1/attempts/{attempt['id']}/answers", headers=bearer,
                                json={"answers": {str(question["id"]): [123456789]}}))
    get(f"/api/v1/attempts/{attempt['id']}")
    responses.append(client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=bearer))
    get(f"/api/v1/attempts/{attempt['id']}/result")
    get("/api/v1/contestant/attempts")

    for response in responses:
        text = response.text.lower()
        assert not any(word in text for word in KEY_WORDS), response.request.url
    assert {frozenset(o) for q in attempt["questions"] for o in q["options"]} == {
        frozenset({"id", "text"})}


def test_the_correct_option_is_not_always_in_the_same_place(use, session, database, contest,
                                                            tree, round_):
    correct = set(session.exec(
        QuestionOption.__table__.select().where(QuestionOption.is_correct)).scalars())
    places = Counter()
    for n in range(12):
        person = register_contestant(session, database, contest, tree["Q1-BT"],
                                     phone=f"0913{n:06d}", name=vietnamese_name(n))
        view = use.start(who=person.who, round_id=round_.id, now=utcnow())
        for question in view.questions:
            ids = [o["id"] for o in question["options"]]
            places.update(i for i, oid in enumerate(ids) if oid in correct)

    assert len(places) == 4
