"""The group ("bảng") a contestant registers in: required and checked against the contest's
groups where it has them, ignored where it has none; through the service and over JSON."""

import pytest

from backend.errors import InvalidInput
from tests.contestants.conftest import contestant_count, payload, register, stored_contestants

GROUPS = ["Cán bộ, đảng viên", "Nhân dân"]
CHOOSE = "Hãy chọn bảng dự thi của bạn trong danh sách."
NO_SUCH = "Cuộc thi không có bảng “Thanh niên”; hãy chọn lại trong danh sách."


@pytest.fixture
def grouped(session, contest):
    contest.groups = list(GROUPS)
    session.add(contest)
    session.commit()
    return contest


def test_a_contestant_is_stored_in_the_group_chosen(session, database, grouped, ben_nghe):
    register(session, database, grouped, ben_nghe, group="Nhân dân")

    assert [c.group_name for c in stored_contestants(database)] == ["Nhân dân"]


@pytest.mark.parametrize(("group", "said"), [("", CHOOSE), ("Thanh niên", NO_SUCH)])
def test_no_group_or_one_the_contest_lacks_is_refused_and_nothing_stored(
        session, database, grouped, ben_nghe, group, said):
    with pytest.raises(InvalidInput) as refused:
        register(session, database, grouped, ben_nghe, group=group)

    assert (refused.value.message, refused.value.code) == (said, "invalid_group")
    assert contestant_count(database) == 0


def test_a_contest_without_groups_ignores_the_group_sent(session, database, contest,
                                                         ben_nghe):
    register(session, database, contest, ben_nghe, group="Nhân dân")

    assert [c.group_name for c in stored_contestants(database)] == [""]


def post(client, contest, body: dict):
    return client.post(f"/api/v1/contests/{contest.id}/register", json=body)


def test_the_api_registers_in_a_group(client, database, grouped, ben_nghe):
    response = post(client, grouped, payload(ben_nghe, group="Cán bộ, đảng viên"))

    assert response.status_code == 201, response.text
    assert [c.group_name for c in stored_contestants(database)] == ["Cán bộ, đảng viên"]


def test_the_api_refuses_a_registration_without_a_group_with_422(client, database, grouped,
                                                                  ben_nghe):
    response = post(client, grouped, payload(ben_nghe))

    assert response.status_code == 422
    assert (response.json()["detail"], response.json()["code"]) == (CHOOSE, "invalid_group")
    assert contestant_count(database) == 0


def test_the_api_refuses_an_unknown_group_with_422(client, database, grouped, ben_nghe):
    response = post(client, grouped, payload(ben_nghe, group="Thanh niên"))

    assert response.status_code == 422
    assert response.json()["detail"] == NO_SUCH
    assert contestant_count(database) == 0
