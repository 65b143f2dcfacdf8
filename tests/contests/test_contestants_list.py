"""The contestants list: personal data masked unless the account may see it, names found
without diacritics, a hundred to a page."""

from datetime import timedelta

import pytest

from backend.clock import utcnow
from backend.contests import queries
from tests.contests.conftest import add_contestant, take, visible_text

CCCD = "079090001234"


@pytest.fixture
def people(session, database, contest, round_, tree, clock):
    """Two contestants: An (CCCD, two attempts) registered before Bình (none)."""
    an = add_contestant(session, contest, tree["Q1-BN"], name="Nguyễn Văn An", id_number=CCCD,
                        phone="+84912345678",
                        registered_at=clock.now - timedelta(hours=2))
    binh = add_contestant(session, contest, tree["Q3"], name="Trần Thị Bình",
                          registered_at=clock.now - timedelta(hours=1))
    take(database, session, an, round_, started=clock.now - timedelta(minutes=30),
         submitted=clock.now - timedelta(minutes=25))
    take(database, session, an, round_, started=clock.now - timedelta(minutes=20),
         submitted=clock.now - timedelta(minutes=15))
    session.commit()
    return {"an": an, "binh": binh}


def test_without_the_permission_phone_and_cccd_are_masked(session, contest, people):
    page = queries.contestant_page(session=session, contest_id=contest.id, reveal=False)

    an = next(r for r in page.rows if r.contestant.id == people["an"].id)
    assert an.phone == "091****678"
    assert an.id_number == "079******234"


def test_with_the_permission_phone_and_cccd_are_shown_in_full(session, contest, people):
    page = queries.contestant_page(session=session, contest_id=contest.id, reveal=True)

    an = next(r for r in page.rows if r.contestant.id == people["an"].id)
    assert an.phone == "0912 345 678"
    assert an.id_number == CCCD


def test_rows_carry_the_frozen_unit_attempts_and_best_score_newest_first(session, contest,
                                                                          people):
    page = queries.contestant_page(session=session, contest_id=contest.id, reveal=False)

    assert [(r.contestant.full_name, r.unit_name, r.attempts, r.best_score is not None)
            for r in page.rows] == [("Trần Thị Bình", "Quận 3", 0, False),
                                    ("Nguyễn Văn An", "Phường Bến Nghé", 2, True)]


def test_names_are_found_without_diacritics(session, contest, people):
    page = queries.contestant_page(session=session, contest_id=contest.id, reveal=False,
                                   query="tran thi BINH")

    assert [r.contestant.full_name for r in page.rows] == ["Trần Thị Bình"]
    assert page.total == 1


def test_a_hundred_contestants_to_a_page(session, contest, tree):
    start = utcnow() - timedelta(days=1)
    for n in range(205):
        add_contestant(session, contest, tree["TD"], name="Lê Văn Cường",
                       registered_at=start + timedelta(minutes=n))

    third = queries.contestant_page(session=session, contest_id=contest.id, reveal=False,
                                    page=3)
    searched = queries.contestant_page(session=session, contest_id=contest.id, reveal=False,
                                       query="cuong", page=2)

    assert (third.total, third.pages, third.page, len(third.rows)) == (205, 3, 3, 5)
    assert (searched.total, searched.pages, len(searched.rows)) == (205, 3, 100)
    assert third.rows[-1].contestant.registered_at == start


def test_the_page_masks_for_an_organiser_without_the_permission(organiser_client, contest,
                                                                people):
    page = organiser_client.get(f"/quan-ly/cuoc-thi/{contest.id}/thi-sinh")

    text = visible_text(page.text)
    assert ("Số điện thoại và số CCCD được che một phần để bảo vệ dữ liệu cá nhân." in text)
    assert "2 thí sinh đã đăng ký." in text
    assert "Nguyễn Văn An Phường Bến Nghé 091****678 079******234" in text
    assert CCCD not in page.text
    assert "0912 345 678" not in text
    assert "84912345678" not in page.text


def test_the_page_shows_everything_to_an_organiser_with_the_permission(browser,
                                                                       privacy_organiser,
                                                                       contest, people):
    client = browser(privacy_organiser.username)

    page = client.get(f"/quan-ly/cuoc-thi/{contest.id}/thi-sinh")

    text = visible_text(page.text)
    assert "được che một phần" not in text
    assert f"Nguyễn Văn An Phường Bến Nghé 0912 345 678 {CCCD}" in text


def test_the_page_shows_registration_in_vietnam_time_and_searches(organiser_client, contest,
                                                                  people, clock):
    registered = people["binh"].registered_at + timedelta(hours=7)

    page = organiser_client.get(f"/quan-ly/cuoc-thi/{contest.id}/thi-sinh",
                                params={"q": "binh"})

    text = visible_text(page.text)
    assert "Tìm thấy 1 thí sinh cho “binh”." in text
    assert "Trần Thị Bình Quận 3" in text
    assert f"{registered:%H:%M %d/%m/%Y} 0 —" in text
    assert "Nguyễn Văn An" not in text


def test_the_api_masks_unless_permitted(client, contest, people, organiser, privacy_organiser):
    from tests.factories import api_token

    masked = client.get(f"/api/v1/manage/contests/{contest.id}/contestants",
                        headers=api_token(client, organiser.username)).json()
    full = client.get(f"/api/v1/manage/contests/{contest.id}/contestants",
                      headers=api_token(client, privacy_organiser.username)).json()

    assert (masked["personal_data_masked"], masked["items"][1]["id_number"]) == (
        True, "079******234")
    assert (full["personal_data_masked"], full["items"][1]["id_number"]) == (False, CCCD)
    assert masked["items"][1]["attempt_count"] == 2
    assert (masked["items"][1]["phone"], full["items"][1]["phone"]) == (
        "091****678", "0912 345 678")
