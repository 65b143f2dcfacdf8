"""A question dropped after the round: the contestant's result and history count it out of
the questions that still score, as the leaderboard does."""

from backend.clock import utcnow
from backend.results import rulings
from tests.attempts.conftest import save, start


def test_a_dropped_question_leaves_the_result_and_the_history_out_of_one_less(
        client, bearer, database, contest, round_):
    attempt = start(client, bearer, round_.id)
    for question in attempt["questions"]:
        save(client, bearer, attempt, question, "B")
    client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=bearer)
    contest_id = contest.id
    with database.scope(write=False) as read, database.scope() as write:
        rulings.void_question(read=read, write=write, contest_id=contest_id,
                              question_id=attempt["questions"][0]["id"], drop=True,
                              reason="Câu hỏi có hai đáp án đúng", actor_id=None, now=utcnow())

    result = client.get(f"/api/v1/attempts/{attempt['id']}/result", headers=bearer).json()
    history = client.get("/api/v1/contestant/attempts", headers=bearer).json()

    assert (result["score"], result["question_count"]) == (4, 4)
    assert [(a["score"], a["question_count"]) for a in history] == [(4, 4)]
