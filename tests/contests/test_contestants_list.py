"""The contestants list: personal data masked unless the account may see it, names found
without diacritics, a hundred to a page; a unit officer sees their own subtree, and nothing
else, in the list and in the counts."""

from datetime import timedelta

import pytest

from backend.accounts.models import Role
from backend.clock import utcnow
from backend.contests import queries, roster
from backend.policy import may_see_personal_data
from tests.contests.conftest import add_contestant, take
from tests.factories import NO_RIGHT, api_token, make_contest, make_user, visible_text

CCCD = "079090001234"


@pytest.fixture
def people(session, database, contest, round_, tree, clock):
    """Two contestants: An (CCCD, two attempts) registered before Bình (none)."""
    an = add_contestant(session, contest, tree["Q1-BN"], name="Nguyễn Văn An", id_number=CCCD,
                        phone="+84912345678", email="an.nguyen@example.vn",
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
    page = roster.contestant_page(session=session, contest_id=contest.id, reveal=False)

    an = next(r for r in page.rows if r.contestant.id == people["an"].id)
    assert an.phone == "091****678"
    assert an.id_number == "079******234"


def test_with_the_permission_phone_and_cccd_are_shown_in_full(session, contest, people):
    page = roster.contestant_page(session=session, contest_id=contest.id, reveal=True)

    an = next(r for r in page.rows if r.contestant.id == people["an"].id)
    assert an.phone == "0912 345 678"
    assert an.id_number == CCCD


def test_rows_carry_the_frozen_unit_attempts_and_best_score_newest_first(session, contest,
                                                                          people):
    page = roster.contestant_page(session=session, contest_id=contest.id, reveal=False)

    assert [(r.contestant.full_name, r.unit_name, r.attempts, r.best_score is not None)
            for r in page.rows] == [("Trần Thị Bình", "Quận 3", 0, False),
                                    ("Nguyễn Văn An", "Phường Bến Nghé", 2, True)]


def test_names_are_found_without_diacritics(session, contest, people):
    page = roster.contestant_page(session=session, contest_id=contest.id, reveal=False,
                                   query="tran thi BINH")

    assert [r.contestant.full_name for r in page.rows] == ["Trần Thị Bình"]
    assert page.total == 1


def test_a_hundred_contestants_to_a_page(session, contest, tree):
    start = utcnow() - timedelta(days=1)
    for n in range(205):
        add_contestant(session, contest, tree["TD"], name="Lê Văn Cường",
                       registered_at=start + timedelta(minutes=n))

    third = roster.contestant_page(session=session, contest_id=contest.id, reveal=False,
                                    page=3)
    searched = roster.contestant_page(session=session, contest_id=contest.id, reveal=False,
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
    assert [(page["items"][1]["email"], page["items"][1]["birth_date"])
            for page in (masked, full)] == [("a***@example.vn", "1990-**-**"),
                                            ("an.nguyen@example.vn", "1990-05-17")]


# --- Unit officers: their own subtree, masked unless they hold the permission -------------

WARDS_OF_Q1 = {"Q1": "Lê Văn Quận", "Q1-BN": "Nguyễn Văn An", "Q1-BT": "Phạm Thị Thành"}
ELSEWHERE = {"Q3": "Trần Thị Bình", "Q3-VTS": "Võ Thị Sáu Em", "TDOAN": "Hoàng Văn Đoàn",
             "TD": "Đặng Thị Thủ"}
OTHER_UNITS = ("Quận 3", "Võ Thị Sáu", "Thành Đoàn", "Thủ Đức")


@pytest.fixture
def city(session, contest, tree, clock):
    """One contestant in Quận 1, one in each of its two wards, and four elsewhere."""
    people = {code: add_contestant(session, contest, tree[code], name=name,
                                   phone=f"+8498765{n:04d}", email=f"nguoi{n}@example.vn",
                                   registered_at=clock.now - timedelta(minutes=n))
              for n, (code, name) in enumerate({**WARDS_OF_Q1, **ELSEWHERE}.items())}
    session.commit()
    return people


@pytest.fixture
def privacy_officer(session, settings, tree):
    return make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q1.dlcn",
                     unit=tree["Q1"], personal_data=True)


def test_an_officer_of_quan_1_sees_its_wards_contestants_only_masked(officer_client, contest,
                                                                    city):
    page = officer_client.get(f"/quan-ly/cuoc-thi/{contest.id}/thi-sinh")

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Phạm vi của bạn: Quận 1 và các đơn vị trực thuộc" in text
    assert "3 thí sinh đã đăng ký." in text
    assert [name for name in WARDS_OF_Q1.values() if name not in text] == []
    assert [name for name in ELSEWHERE.values() if name in text] == []
    assert [unit for unit in OTHER_UNITS if unit in text] == []
    assert "Nguyễn Văn An Phường Bến Nghé 098****001" in text
    assert "0987 650 001" not in text
    assert "được che một phần" in text


def test_an_officer_never_finds_another_units_contestant_by_name(officer_client, contest,
                                                                 city):
    page = officer_client.get(f"/quan-ly/cuoc-thi/{contest.id}/thi-sinh",
                              params={"q": "tran thi binh"})

    text = visible_text(page.text)
    assert "Tìm thấy 0 thí sinh cho “tran thi binh”." in text
    assert "Trần Thị Bình" not in text


def test_the_api_gives_an_officer_their_subtree_masked(client, officer_api, contest, city,
                                                        tree):
    body = client.get(f"/api/v1/manage/contests/{contest.id}/contestants",
                      headers=officer_api).json()

    assert (body["total"], body["personal_data_masked"]) == (3, True)
    assert {item["full_name"] for item in body["items"]} == set(WARDS_OF_Q1.values())
    assert {item["unit_id"] for item in body["items"]} == {
        tree[code].id for code in WARDS_OF_Q1}
    assert {(item["phone"][:3], item["phone"][-3:], item["email"][:4], item["birth_date"])
            for item in body["items"]} == {
        ("098", f"{n:03d}", "n***", "1990-**-**") for n in range(3)}


def test_an_officer_with_the_permission_sees_personal_data_of_their_subtree_only(
        client, privacy_officer, contest, city):
    body = client.get(f"/api/v1/manage/contests/{contest.id}/contestants",
                      headers=api_token(client, privacy_officer.username)).json()

    assert (body["total"], body["personal_data_masked"]) == (3, False)
    assert sorted((item["phone"], item["email"]) for item in body["items"]) == [
        (f"0987 650 00{n}", f"nguoi{n}@example.vn") for n in range(3)]


def test_a_judge_may_not_open_the_contestants(client, session, settings, contest, city):
    make_user(session, settings, role=Role.JUDGE, username="giamkhao")

    answer = client.get(f"/api/v1/manage/contests/{contest.id}/contestants",
                        headers=api_token(client, "giamkhao"))

    assert (answer.status_code, answer.json()["detail"]) == (403, NO_RIGHT)


def test_an_officer_cannot_list_contestants_of_an_unpublished_contest(client, session,
                                                                      officer_api, tree):
    draft = make_contest(session, title="Cuộc thi nháp", published=False)

    answer = client.get(f"/api/v1/manage/contests/{draft.id}/contestants", headers=officer_api)

    assert answer.status_code == 404


def test_counts_add_up_to_the_subtree_seen(session, contest, city, tree, clock):
    def registered(within) -> tuple[int, int]:
        [summary] = queries.contest_summaries(session=session, now=clock.now, within=within)
        listed = roster.contestant_page(session=session, contest_id=contest.id, reveal=False,
                                        within=within)
        return summary.contestants, listed.total

    assert registered(None) == registered(tree["HCM"]) == (7, 7)
    assert registered(tree["Q1"]) == (3, 3)
    assert registered(tree["Q1-BN"]) == (1, 1)
    assert registered(tree["Q3"]) == (2, 2)
    parts = [registered(tree[code])[0] for code in ("Q1", "Q3", "TD", "TDOAN")]
    assert sum(parts) == 7


def test_the_contest_list_shows_an_officer_the_count_of_their_subtree(
        officer_client, organiser_client, contest, city):
    officer = visible_text(officer_client.get("/quan-ly/cuoc-thi").text)
    organiser = visible_text(organiser_client.get("/quan-ly/cuoc-thi").text)

    assert "Tham mưu tốt - Dân vận khéo Đã công bố 0 3 Theo dõi · Thí sinh" in officer
    assert "số thí sinh chỉ tính trong phạm vi này" in officer
    assert "Tham mưu tốt - Dân vận khéo Đã công bố 0 7 Theo dõi · Thí sinh" in organiser


@pytest.mark.parametrize(("role", "permission", "active", "sees"), [
    (Role.ORGANISER, True, True, True), (Role.UNIT_OFFICER, True, True, True),
    (Role.ORGANISER, False, True, False), (Role.UNIT_OFFICER, False, True, False),
    (Role.JUDGE, True, True, False), (Role.UNIT_OFFICER, True, False, False)])
def test_personal_data_in_full_takes_the_permission_and_a_role_that_sees_contestants(
        session, settings, tree, role, permission, active, sees):
    user = make_user(session, settings, role=role, username="nguoi.xem", personal_data=permission,
                     unit=tree["Q1"] if role == Role.UNIT_OFFICER else None)
    user.is_active = active

    assert may_see_personal_data(user) is sees
