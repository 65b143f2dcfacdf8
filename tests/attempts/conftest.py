"""An attempt taken through the JSON API as a phone takes it: signed in, started, answered."""

import pytest

from tests.factories import PASSWORD, PHONE, UseCases


@pytest.fixture
def who(contestant):
    """The contestant as the attempt use cases know them: by their session token."""
    return contestant.who


def bearer_of(client, contest, phone: str = PHONE) -> dict:
    """The Authorization header of the contestant with `phone`, signed in through the API."""
    response = client.post(f"/api/v1/contests/{contest.id}/login",
                           json={"phone": phone, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture
def bearer(client, contest, contestant):
    return bearer_of(client, contest)


def start(client, bearer, round_id: int) -> dict:
    """A new attempt at the round, started through the API."""
    response = client.post(f"/api/v1/rounds/{round_id}/attempts", headers=bearer)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def attempt(client, bearer, round_) -> dict:
    """An attempt at `round_` just started through the API, as its JSON."""
    return start(client, bearer, round_.id)


def option_by_letter(question: dict, letter: str) -> int:
    """The id of the option whose text says which letter it was in the bank."""
    return next(o["id"] for o in question["options"]
                if o["text"].startswith(f"Phương án {letter}"))


def save(client, bearer, attempt: dict, question: dict, letter: str):
    """Save option `letter` of `question` as its answer, through the API."""
    return client.put(f"/api/v1/attempts/{attempt['id']}/answers", headers=bearer,
                      json={"answers": {str(question["id"]): [option_by_letter(question, letter)]}})


@pytest.fixture
def use(database) -> UseCases:
    return UseCases(database)
