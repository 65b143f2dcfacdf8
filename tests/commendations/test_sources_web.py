"""The page, API and command picking nominees from the platform's records: candidates shown
with what the list needs, ticked ones added, an achievement already proposed with the form
shown and not selectable, another district's officer kept out."""

import pytest
from sqlalchemy import select

from backend.commendations.models import Nominee
from tests.commendations.scenes import CONTEST_PRIZE, prize_contest
from tests.factories import api_token, csrf_of, sign_in, visible_text


@pytest.fixture
def contest_scene(session, database, tree, forms, proposal):
    contest, board_id, mai, _ = prize_contest(session, database, tree)
    made = {"contest_id": contest.id, "key": f"contest_prize:{board_id}:{mai.id}",
            "page": f"/khen-thuong/de-nghi/{proposal.id}/chon",
            "api": f"/api/v1/commendations/proposals/{proposal.id}/candidates",
            "form_ids": [f.id for f in forms], "proposal_id": proposal.id}
    session.commit()  # end the read: on SQLite this session holds the write lock until then
    return made


def stored(database) -> list[tuple]:
    with database.scope(write=False) as read:
        return [(n.name, n.achievement, n.award_form_id) for n in read.execute(
            select(Nominee).order_by(Nominee.id)).scalars()]


def test_the_page_lists_the_contests_to_choose_from(officer_client, contest_scene):
    page = officer_client.get(contest_scene["page"])

    assert page.status_code == 200
    text = visible_text(page.text)
    assert "Giải cá nhân cuộc thi trực tuyến" in text
    assert f'<option value="{contest_scene["contest_id"]}">Tham mưu tốt - Dân vận khéo' in (
        page.text)


def test_ticked_candidates_are_added_and_then_shown_as_proposed(officer_client, database,
                                                                contest_scene):
    query = f"?nguon=contest_prize&ma={contest_scene['contest_id']}"
    shown = officer_client.get(contest_scene["page"] + query)
    added = officer_client.post(contest_scene["page"], data={
        "csrf_token": officer_client.csrf, "nguon": "contest_prize",
        "ma": contest_scene["contest_id"], "hinh_thuc": contest_scene["form_ids"][0],
        "chon": contest_scene["key"]}, follow_redirects=False)
    again = officer_client.get(contest_scene["page"] + query)

    assert "Trần Thị Mai" in shown.text
    assert CONTEST_PRIZE in visible_text(shown.text)
    assert f'value="{contest_scene["key"]}"' in shown.text
    assert added.status_code == 303
    assert added.headers["location"] == (
        f"/khen-thuong/de-nghi/{contest_scene['proposal_id']}?da_them=1")
    assert stored(database) == [("Trần Thị Mai", CONTEST_PRIZE, contest_scene["form_ids"][0])]
    assert "Đã đề nghị trong danh sách “Đề nghị khen thưởng Dân vận khéo 2023”" in again.text
    assert f'value="{contest_scene["key"]}"' not in again.text


def test_picking_twice_with_the_same_form_shows_why_on_the_page(officer_client, database,
                                                               contest_scene):
    data = {"csrf_token": officer_client.csrf, "nguon": "contest_prize",
            "ma": contest_scene["contest_id"], "hinh_thuc": contest_scene["form_ids"][0],
            "chon": contest_scene["key"]}
    officer_client.post(contest_scene["page"], data=data, follow_redirects=False)

    refused = officer_client.post(contest_scene["page"], data=data, follow_redirects=False)

    assert refused.status_code == 409
    assert "Một thành tích không được khen thưởng hai lần cùng một hình thức." in refused.text
    assert len(stored(database)) == 1


def test_the_api_lists_candidates_and_adds_the_keys_sent(client, officer, database,
                                                         contest_scene):
    headers = api_token(client, "canbo.q1")
    listed = client.get(contest_scene["api"], headers=headers, params={
        "source": "contest_prize", "ref": contest_scene["contest_id"],
        "award_form_id": contest_scene["form_ids"][1]})
    unknown = client.post(contest_scene["api"], headers=headers, json={
        "source": "contest_prize", "ref": contest_scene["contest_id"],
        "keys": ["contest_prize:1:999"], "award_form_id": contest_scene["form_ids"][1]})
    added = client.post(contest_scene["api"], headers=headers, json={
        "source": "contest_prize", "ref": contest_scene["contest_id"],
        "keys": [contest_scene["key"]], "award_form_id": contest_scene["form_ids"][1]})

    assert listed.status_code == 200
    assert listed.json() == [{
        "kind": "individual", "name": "Trần Thị Mai", "unit_id": listed.json()[0]["unit_id"],
        "unit_name": "Phường Bến Nghé", "birth_year": 1988, "gender": "nu",
        "position": "Phó Chủ tịch UBND phường", "achievement": CONTEST_PRIZE,
        "achievement_key": contest_scene["key"], "source": "contest_prize", "already": ""}]
    assert unknown.status_code == 422
    assert "Không có thành tích mã “contest_prize:1:999”" in unknown.json()["detail"]
    assert added.status_code == 201
    assert [(n["name"], n["achievement"], n["gender"]) for n in added.json()] == [
        ("Trần Thị Mai", CONTEST_PRIZE, "nu")]


def test_another_districts_officer_gets_404(client, q3_officer, contest_scene):
    headers = api_token(client, "canbo.q3")
    sign_in(client, "canbo.q3")
    csrf = csrf_of(client, "/don-vi")

    page = client.get(contest_scene["page"] + f"?nguon=contest_prize&ma="
                      f"{contest_scene['contest_id']}")
    posted = client.post(contest_scene["page"], data={
        "csrf_token": csrf, "nguon": "contest_prize", "ma": contest_scene["contest_id"],
        "hinh_thuc": contest_scene["form_ids"][0], "chon": contest_scene["key"]})
    listed = client.get(contest_scene["api"], headers=headers, params={
        "source": "contest_prize", "ref": contest_scene["contest_id"]})

    assert (page.status_code, posted.status_code, listed.status_code) == (404, 404, 404)
    assert "Không tìm thấy danh sách đề nghị khen thưởng này." in listed.json()["detail"]


def test_a_source_that_does_not_exist_is_said_on_the_page(officer_client, contest_scene):
    page = officer_client.get(contest_scene["page"] + "?nguon=giai_thuong&ma=1")

    assert page.status_code == 422
    assert "Nguồn phải là một trong: contest_prize" in page.text


def test_the_command_lists_then_adds_every_candidate(thidua, database, contest_scene):
    args = ("commendations", "nominate", "--proposal", contest_scene["proposal_id"],
            "--source", "contest_prize", "--ref", contest_scene["contest_id"], "--form",
            contest_scene["form_ids"][0])

    listed = thidua(*args)
    added = thidua(*args, "--all")
    again = thidua(*args, "--key", contest_scene["key"])

    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines() == [
        f"{contest_scene['key']}\tTrần Thị Mai\tPhường Bến Nghé\t{CONTEST_PRIZE}",
        "1 người, tập thể; thêm bằng --key MÃ hoặc --all."]
    assert added.exit_code == 0, added.output
    assert added.stdout.strip() == (
        f"Đã thêm 1 người, tập thể vào danh sách đề nghị số {contest_scene['proposal_id']}.")
    assert again.exit_code == 1
    assert "không được khen thưởng hai lần cùng một hình thức" in again.output
    assert len(stored(database)) == 1
