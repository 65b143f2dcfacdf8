"""Contestant groups ("bảng") and one prize per person, set on the contest by organisers, on
the page and over the API: cleaned, bounded, and never taken from someone registered."""

from sqlalchemy import update
from sqlmodel import select

from backend.contests.models import Contest
from backend.results import service as results
from backend.results.models import ResultBoard
from tests.contests.conftest import RULES_LOCKED, add_contestant
from tests.factories import visible_text

API = "/api/v1/manage/contests"
GROUPS = ["Cán bộ, đảng viên", "Nhân dân"]


def settings_form(client, contest, **changes) -> dict:
    return {"csrf_token": client.csrf, "title": contest.title, "rules_text": contest.rules_text,
            "is_published": "1", **changes}


def stored(database, contest_id: int) -> tuple:
    with database.scope(write=False) as fresh:
        found = fresh.get(Contest, contest_id)
        return found.groups, found.one_prize_per_person


def with_groups(session, contest, groups=GROUPS):
    contest.groups = list(groups)
    session.add(contest)
    session.commit()


def test_groups_typed_one_a_line_are_cleaned_and_kept_in_order(organiser_client, database,
                                                                contest):
    url = f"/quan-ly/cuoc-thi/{contest.id}"
    saved = organiser_client.post(url, data=settings_form(
        organiser_client, contest, groups="  Cán bộ,  đảng viên \r\n\r\nNhân dân\n",
        one_prize_per_person="1"), follow_redirects=False)
    page = organiser_client.get(url).text

    assert saved.status_code == 303
    assert stored(database, contest.id) == (GROUPS, True)
    assert ">Cán bộ, đảng viên\nNhân dân</textarea>" in page
    assert 'name="one_prize_per_person" value="1" checked' in page
    assert "Mỗi người chỉ nhận tối đa một giải trong toàn cuộc thi" in visible_text(page)


def test_a_new_contest_can_be_created_with_its_groups_and_prize_rule(organiser_client,
                                                                    database):
    created = organiser_client.post("/quan-ly/cuoc-thi", data={
        "csrf_token": organiser_client.csrf, "title": "Tìm hiểu Luật Thi đua 2027",
        "scope": "all", "groups": "Cán bộ, đảng viên\nNhân dân", "one_prize_per_person": "1"},
        follow_redirects=False)

    assert created.status_code == 303
    contest_id = int(created.headers["location"].split("/")[3].split("?")[0])
    assert stored(database, contest_id) == (GROUPS, True)


def test_a_new_contest_naming_a_group_twice_is_refused_with_the_form_kept(organiser_client,
                                                                          database):
    page = organiser_client.post("/quan-ly/cuoc-thi", data={
        "csrf_token": organiser_client.csrf, "title": "Tìm hiểu Luật Thi đua 2027",
        "scope": "all", "groups": "Nhân dân\nNHÂN DÂN"})

    assert page.status_code == 422
    assert "được nêu hai lần." in visible_text(page.text)
    assert ">Nhân dân\nNHÂN DÂN</textarea>" in page.text
    with database.scope(write=False) as fresh:
        assert fresh.exec(select(Contest).where(
            Contest.title == "Tìm hiểu Luật Thi đua 2027")).first() is None


def test_a_group_named_twice_is_refused_and_nothing_changes(organiser_client, database,
                                                            contest):
    page = organiser_client.post(f"/quan-ly/cuoc-thi/{contest.id}", data=settings_form(
        organiser_client, contest, groups="Nhân dân\nnhân  dân", one_prize_per_person="1"))

    assert page.status_code == 422
    assert "Bảng “nhân dân” được nêu hai lần." in visible_text(page.text)
    assert ">Nhân dân\nnhân  dân</textarea>" in page.text
    assert stored(database, contest.id) == ([], False)


def test_more_than_ten_groups_are_refused(organiser_client, database, contest):
    page = organiser_client.post(f"/quan-ly/cuoc-thi/{contest.id}", data=settings_form(
        organiser_client, contest, groups="\n".join(f"Bảng {n}" for n in range(1, 12))))

    assert page.status_code == 422
    assert "Một cuộc thi chia tối đa 10 bảng (đang nêu 11)." in visible_text(page.text)
    assert stored(database, contest.id) == ([], False)


def test_a_group_someone_registered_in_cannot_be_removed(organiser_client, session, database,
                                                         contest, tree):
    with_groups(session, contest)
    person = add_contestant(session, contest, tree["Q1-BN"])
    session.execute(update(type(person)).where(type(person).id == person.id)
                    .values(group_name="Nhân dân"))
    session.commit()

    page = organiser_client.post(f"/quan-ly/cuoc-thi/{contest.id}", data=settings_form(
        organiser_client, contest, groups="Cán bộ, đảng viên\nQuần chúng"))

    assert page.status_code == 409
    assert ("Không đổi được danh sách bảng vì 1 thí sinh đã đăng ký vào bảng “Nhân dân”. Hãy "
            "giữ nguyên các bảng này (có thể thêm bảng mới)") in visible_text(page.text)
    assert stored(database, contest.id) == (GROUPS, False)


def test_a_contest_with_registrations_cannot_start_using_groups(organiser_client, session,
                                                                database, contest, tree):
    add_contestant(session, contest, tree["Q1-BN"])

    page = organiser_client.post(f"/quan-ly/cuoc-thi/{contest.id}", data=settings_form(
        organiser_client, contest, groups="Nhân dân"))

    assert page.status_code == 409
    assert "1 thí sinh đã đăng ký khi cuộc thi chưa chia bảng" in visible_text(page.text)
    assert stored(database, contest.id) == ([], False)


def test_a_group_a_prize_table_names_cannot_be_removed(organiser_client, session, database,
                                                       contest, round_):
    with_groups(session, contest)
    board = results.boards_of(session=session, contest_id=contest.id)[0]
    session.execute(update(ResultBoard).where(ResultBoard.id == board.id).values(prizes=[
        {"tier": "Giải lan tỏa", "count": 2, "group": "Nhân dân"}]))
    session.commit()

    page = organiser_client.post(f"/quan-ly/cuoc-thi/{contest.id}", data=settings_form(
        organiser_client, contest, groups="Cán bộ, đảng viên"))

    assert page.status_code == 409
    assert "cơ cấu giải thưởng có giải dành cho bảng “Nhân dân”" in visible_text(page.text)
    assert stored(database, contest.id) == (GROUPS, False)


def test_adding_a_group_keeps_the_groups_in_use(organiser_client, session, database, contest,
                                                tree):
    with_groups(session, contest)

    organiser_client.post(f"/quan-ly/cuoc-thi/{contest.id}", data=settings_form(
        organiser_client, contest, groups="Cán bộ, đảng viên\nNhân dân\nHọc sinh, sinh viên"))

    assert stored(database, contest.id) == ([*GROUPS, "Học sinh, sinh viên"], False)


def test_groups_change_after_attempts_only_with_a_reason(organiser_client, database, contest,
                                                         started):
    page = organiser_client.post(f"/quan-ly/cuoc-thi/{contest.id}", data=settings_form(
        organiser_client, contest, groups="Nhân dân"))

    assert page.status_code == 409
    assert RULES_LOCKED in visible_text(page.text)
    assert stored(database, contest.id) == ([], False)


def test_the_api_sets_groups_and_one_prize_per_person_and_leaves_them_when_not_sent(
        client, organiser_api, database, contest):
    set_ = client.patch(f"{API}/{contest.id}", headers=organiser_api,
                        json={"groups": GROUPS, "one_prize_per_person": True})
    kept = client.patch(f"{API}/{contest.id}", headers=organiser_api,
                        json={"title": "Tham mưu tốt - Dân vận khéo 2026"})

    assert set_.status_code == 200
    assert (set_.json()["groups"], set_.json()["one_prize_per_person"]) == (GROUPS, True)
    assert (kept.json()["groups"], kept.json()["one_prize_per_person"]) == (GROUPS, True)
    assert stored(database, contest.id) == (GROUPS, True)


def test_the_api_creates_a_contest_with_groups(client, organiser_api, database, tree):
    made = client.post(API, headers=organiser_api, json={
        "title": "Tìm hiểu Nghị quyết", "groups": ["Nhân dân", " Cán bộ "]})

    assert made.status_code == 201
    assert stored(database, made.json()["id"]) == (["Nhân dân", "Cán bộ"], False)


def test_the_api_refuses_removing_a_group_in_use_and_changes_nothing(
        client, organiser_api, session, database, contest, tree):
    with_groups(session, contest)
    person = add_contestant(session, contest, tree["Q1-BN"])
    session.execute(update(type(person)).where(type(person).id == person.id)
                    .values(group_name="Cán bộ, đảng viên"))
    session.commit()

    response = client.patch(f"{API}/{contest.id}", headers=organiser_api,
                            json={"groups": ["Nhân dân"], "one_prize_per_person": True})

    assert response.status_code == 409
    assert response.json()["code"] == "groups_in_use"
    assert "bảng “Cán bộ, đảng viên”" in response.json()["detail"]
    assert stored(database, contest.id) == (GROUPS, False)
