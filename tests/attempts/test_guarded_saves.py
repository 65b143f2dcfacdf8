"""A save is one statement guarded by the rules: in time, of answers on the paper, it is
written without reading the attempt first; only when it changes nothing is the attempt read,
to say why."""

import pytest
from sqlmodel import select

from backend.attempts import service
from backend.attempts.models import Attempt, AttemptEvent
from backend.questions.service import bump_bank_version


@pytest.fixture
def reads(monkeypatch):
    """The attempts read to explain a save that changed nothing."""
    read, seen = service._seen, []

    def reading(db, who, attempt_id, *args, **kwargs):
        seen.append(attempt_id)
        return read(db, who, attempt_id, *args, **kwargs)

    monkeypatch.setattr(service, "_seen", reading)
    return seen


def stored(session, attempt_id):
    session.commit()
    attempt = session.get(Attempt, attempt_id)
    session.refresh(attempt)
    saves = session.exec(select(AttemptEvent).where(AttemptEvent.attempt_id == attempt_id,
                                                    AttemptEvent.kind == "save")).all()
    session.commit()
    return attempt.answers, [event.payload["answers"] for event in saves]


def put_answer(client, bearer, attempt, question, option):
    return client.put(f"/api/v1/attempts/{attempt['id']}/answers", headers=bearer,
                      json={"answers": {str(question["id"]): [option["id"]]}})


def test_a_save_in_time_is_written_without_reading_the_attempt_first(
        client, bearer, attempt, session, reads):
    first, second = attempt["questions"][:2]

    put_answer(client, bearer, attempt, first, first["options"][0])
    answer = put_answer(client, bearer, attempt, second, second["options"][1])

    assert answer.status_code == 200, answer.text
    assert answer.json()["answered"] == 2
    assert reads == []
    expected = {str(first["id"]): [first["options"][0]["id"]],
                str(second["id"]): [second["options"][1]["id"]]}
    assert stored(session, attempt["id"]) == (
        expected, [{str(first["id"]): [first["options"][0]["id"]]},
                   {str(second["id"]): [second["options"][1]["id"]]}])


def test_a_one_option_save_does_not_depend_on_the_bank_and_is_not_read_when_it_changes(
        client, bearer, attempt, session, contest, reads):
    bump_bank_version(session=session, contest=contest)
    session.commit()
    question = attempt["questions"][0]

    answer = put_answer(client, bearer, attempt, question, question["options"][2])

    assert answer.status_code == 200, answer.text
    assert reads == []
    assert stored(session, attempt["id"])[0] == {
        str(question["id"]): [question["options"][2]["id"]]}


def test_an_answer_off_the_paper_is_refused_by_the_path_that_says_why(
        client, bearer, attempt, session, reads):
    first, second = attempt["questions"][:2]

    answer = put_answer(client, bearer, attempt, first, second["options"][0])

    assert answer.status_code == 422
    assert answer.json()["code"] == "off_paper"
    assert reads == [attempt["id"]]
    assert stored(session, attempt["id"]) == ({}, [])
