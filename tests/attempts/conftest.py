import pytest

from tests.factories import PASSWORD, PHONE, UseCases


@pytest.fixture
def who(contestant):
    """The contestant as the attempt use cases know them: by their session token."""
    return contestant.who


@pytest.fixture
def bearer(client, contest, contestant):
    response = client.post(f"/api/v1/contests/{contest.id}/login",
                           json={"phone": PHONE, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def option_by_letter(question: dict, letter: str) -> int:
    """The id of the option whose text says which letter it was in the bank."""
    return next(o["id"] for o in question["options"]
                if o["text"].startswith(f"Phương án {letter}"))


@pytest.fixture
def use(database) -> UseCases:
    return UseCases(database)
