"""The unit picker of the registration form: what it shows once a unit is picked, and when the
form comes back to be corrected."""

import re

from tests.contest_pages.conftest import post_registration
from tests.factories import visible_text

UNIT_RADIO = re.compile(r'<input type="radio" name="unit_id" value="(\d+)" required( checked)?>')


def unit_choices(html: str) -> list[tuple[int, bool]]:
    """The units offered, in order, each with whether it is picked."""
    return [(int(value), bool(checked)) for value, checked in UNIT_RADIO.findall(html)]


def test_a_refused_registration_shows_the_picked_unit_alone(client, contest, tree):
    answer = post_registration(client, contest, tree, q="ben nghe",
                               password_again="mat-khau-khac-han")

    text = visible_text(answer.text)
    assert answer.status_code == 422
    assert unit_choices(answer.text) == [(tree["Q1-BN"].id, True)]
    assert "Phường Bến Nghé · Quận 1" in text
    assert "Không tìm thấy" not in text
    assert 'id="unit-q" name="q" type="search" value=""' in answer.text


def test_a_refused_registration_drops_the_search_made_after_picking(client, contest, tree):
    answer = post_registration(client, contest, tree, q="thu duc", phone="12345")

    assert answer.status_code == 422
    assert unit_choices(answer.text) == [(tree["Q1-BN"].id, True)]
    assert "Thành phố Thủ Đức" not in answer.text
    assert "Tìm thấy" not in visible_text(answer.text)


def test_a_refused_registration_without_a_unit_keeps_the_search_results(client, contest, tree):
    answer = post_registration(client, contest, tree, unit_id="", q="ben nghe")

    assert answer.status_code == 422
    assert "Tìm thấy 1 đơn vị cho “ben nghe”." in visible_text(answer.text)
    assert unit_choices(answer.text) == [(tree["Q1-BN"].id, False)]


def test_searching_again_for_the_picked_unit_says_no_other_unit_matches(client, contest, tree):
    answer = client.get(f"/thi/{contest.id}/don-vi",
                        params={"q": "ben ngh", "unit_id": tree["Q1-BN"].id},
                        headers={"HX-Request": "true"})

    text = visible_text(answer.text)
    assert text.startswith("Không có đơn vị nào khác khớp với “ben ngh”.")
    assert "Không tìm thấy" not in text
    assert unit_choices(answer.text) == [(tree["Q1-BN"].id, True)]
