"""Leaderboards over JSON: the public page's rows, one object per contestant; the staff
leaderboard with every column, masked and scoped as the pages are; bounded parameters."""

from datetime import datetime, timedelta

import pytest

from backend.clock import utcnow
from backend.personaldata import display_phone, mask_phone
from backend.results import queries
from backend.results import service as results
from backend.results.board_pages import exact_duration
from tests.factories import (
    add_finished_attempt,
    add_questions,
    api_token,
    make_user,
    visible_text,
)
from tests.results.leaderboards import ranked

PRIZES = [{"tier": "Giải Nhất", "count": 1, "group": ""},
          {"tier": "Giải Nhì", "count": 2, "group": ""}]


def api(scene, board, query: str = "") -> str:
    return f"/api/v1/contests/{scene.contest.id}/results/{board.id}{query}"


def staff_api(scene, board, query: str = "") -> str:
    return f"/api/v1/manage/contests/{scene.contest.id}/results/{board.id}{query}"


def test_unpublished_results_are_not_in_the_public_json(client, scene):
    person, = scene.contestants(1)
    board = ranked(scene, [(person, 4)], publish=False)

    answer = client.get(api(scene, board))
    listed = client.get(f"/api/v1/contests/{scene.contest.id}/results").json()

    assert answer.status_code == 404
    assert answer.json()["detail"].startswith("Kết quả này chưa được công bố")
    assert listed == []


def test_the_json_rows_are_the_rows_of_the_public_page(client, scene):
    people = scene.contestants(5)
    board = ranked(scene, [(people[0], 5, 100), (people[1], 5, 100), (people[2], 4),
                           (people[3], 3), (people[4], 2)], prizes=PRIZES)

    body = client.get(api(scene, board, "?per_page=3&page=1")).json()
    text = visible_text(client.get(f"/thi/{scene.contest.id}/ket-qua/{board.id}").text)

    rows = [" ".join([f"{i['rank']}{' (đồng hạng)' if i['tied'] else ''}", i["full_name"],
                      i["unit"], f"{i['score']}/{i['max_score']}", "—",
                      exact_duration(i["duration_ms"]), i["prize"] or ""]).strip()
            for i in body["items"]]
    assert " ".join(rows) in text
    assert [(i["rank"], i["tied"], i["prize"]) for i in body["items"]] == [
        (1, True, "Giải Nhất"), (1, True, "Giải Nhất"), (3, False, "Giải Nhì")]
    assert (body["total"], body["pages"], body["page"], body["more"]) == (5, 2, 1, False)
    assert set(body["items"][0]) == {"rank", "tied", "full_name", "unit", "group", "score",
                                     "max_score", "prediction", "duration_ms", "submitted_at",
                                     "prize"}


def test_the_board_comes_with_its_state_actual_value_and_chain(client, scene):
    people = scene.contestants(2)
    board = ranked(scene, [(people[0], 5), (people[1], 1)])

    listed = client.get(f"/api/v1/contests/{scene.contest.id}/results").json()
    described = client.get(api(scene, board)).json()["board"]

    assert [b["id"] for b in listed] == [board.id]
    assert described["state"] == "provisional"
    assert described["state_text"].startswith("Kết quả tạm thời — thời hạn khiếu nại đến ")
    assert (described["actual_value"], described["prediction_target"]) == (1, "full_marks")
    assert described["tie_break_text"].startswith("Xếp hạng theo: điểm cao hơn xếp trên;")
    assert datetime.fromisoformat(described["complaints_until"]) == board.complaints_until


def test_times_carry_their_offset(client, scene):
    person, = scene.contestants(1)
    board = ranked(scene, [(person, 3)])

    item = client.get(api(scene, board)).json()["items"][0]

    submitted = datetime.fromisoformat(item["submitted_at"])
    assert submitted.utcoffset() is not None
    assert submitted == scene.round.opens_at + timedelta(minutes=1, seconds=300)
    assert item["duration_ms"] == 300_000


def test_a_search_without_diacritics_and_a_group_over_json(client, scene):
    scene.contest.groups = ["Cán bộ", "Nhân dân"]
    scene.session.commit()
    people = scene.contestants(12, groups=["Cán bộ", "Nhân dân"])
    board = ranked(scene, [(p, 3) for p in people])

    body = client.get(api(scene, board, "?group=Nh%C3%A2n+d%C3%A2n&q=tran+van")).json()

    assert [(i["full_name"], i["group"]) for i in body["items"]] == [("Trần Văn An", "Nhân dân")]
    assert [(g["name"], g["count"]) for g in body["groups"]] == [("Cán bộ", 6), ("Nhân dân", 6)]
    assert client.get(api(scene, board, "?group=Kh%C3%A1c")).status_code == 404


@pytest.mark.parametrize("query", ["?per_page=201", "?per_page=0", "?page=0",
                                   "?q=" + "a" * 101, "?group=" + "b" * 121])
def test_parameters_out_of_bounds_are_refused(client, scene, query):
    person, = scene.contestants(1)
    board = ranked(scene, [(person, 3)])

    answer = client.get(api(scene, board, query))

    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_input"


def test_staff_json_has_every_column_with_the_phone_masked(client, scene, organiser_api):
    a, b = scene.contestants(2)
    board = ranked(scene, [(a, 5), (b, 4)], publish=False)

    body = client.get(staff_api(scene, board), headers=organiser_api).json()

    first = body["items"][0]
    assert body["personal_data_masked"] is True
    assert body["board"]["state"] == "finalised"
    assert (first["full_name"], first["phone"], first["contestant_id"], first["position"],
            first["block"], first["unit_id"]) == (a.full_name, mask_phone(a.phone), a.id, 1,
                                                  "Khối Quận, huyện", a.unit_id)
    assert (first["attempt_id"], first["distance"]) == (1, None)
    assert datetime.fromisoformat(first["started_at"]) == scene.round.opens_at + timedelta(
        minutes=1)


def test_staff_json_shows_the_phone_to_those_given_the_right(client, scene, settings):
    from backend.accounts.models import Role
    make_user(scene.session, settings, role=Role.ORGANISER, username="du.lieu",
              personal_data=True)
    token = api_token(client, "du.lieu")
    person, = scene.contestants(1)
    board = ranked(scene, [(person, 5)])

    body = client.get(staff_api(scene, board), headers=token).json()

    assert body["personal_data_masked"] is False
    assert body["items"][0]["phone"] == display_phone(person.phone)


def test_a_unit_officers_json_holds_their_subtree_only(client, scene, officer_api, tree):
    people = scene.contestants(6)
    board = ranked(scene, [(p, 6 - n) for n, p in enumerate(people)])

    body = client.get(staff_api(scene, board, "?per_page=3&page=2"),
                      headers=officer_api).json()

    assert body["within_unit_id"] == tree["Q1"].id
    assert (body["total"], body["pages"]) == (4, 2)
    assert [(i["rank"], i["unit"]) for i in body["items"]] == [(5, "Phường Bến Thành")]


def test_the_staff_json_needs_the_right_to_view_results(client, scene, judge):
    token = api_token(client, judge.username)
    person, = scene.contestants(1)
    board = ranked(scene, [(person, 5)])

    anonymous = client.get(staff_api(scene, board))
    judged = client.get(staff_api(scene, board), headers=token)

    assert anonymous.status_code == 401
    assert judged.status_code == 403
    assert "không có quyền" in judged.json()["detail"]


def test_a_search_past_the_limit_says_so(client, scene, monkeypatch):
    people = scene.contestants(4)
    board = ranked(scene, [(p, 3) for p in people])
    monkeypatch.setattr(queries, "SEARCH_LIMIT", 2)

    body = client.get(api(scene, board, "?q=an")).json()

    assert (body["total"], body["more"], len(body["items"])) == (2, True, 2)


def test_the_answer_key_in_json_once_published_with_voided_questions_said_so(client, scene):
    questions = add_questions(scene.session, scene.contest, 3)  # B correct on each
    questions[0].voided = "mark"
    scene.session.commit()
    person, = scene.contestants(1)
    add_finished_attempt(scene.session, scene.round, person, score=2, question_count=2,
                         paper=[[q.id, []] for q in questions[:2]])
    board = ranked(scene, [], publish=False)
    hidden = client.get(api(scene, board, "/answer-key"))
    results.publish(session=scene.session, board=board, actor_id=None,
                    now=board.finalised_at + timedelta(minutes=5))

    key = client.get(api(scene, board, "/answer-key")).json()

    assert hidden.status_code == 404
    assert [q["number"] for q in key["questions"]] == [1, 2]
    first, second = key["questions"]
    assert (first["voided"], first["voided_text"]) == (
        "mark", "Câu hỏi bị hủy: mọi thí sinh đều được tính điểm câu này.")
    assert (second["voided"], second["voided_text"]) == ("", "")
    assert [(o["letter"], o["correct"]) for o in second["options"]] == [
        ("A", False), ("B", True), ("C", False), ("D", False)]
    assert second["options"][1]["text"] == "Phương án B của câu 2"


def test_the_overall_ranking_has_no_answer_key_of_its_own(client, scene):
    person, = scene.contestants(1)
    ranked(scene, [(person, 4)])
    overall = scene.board(False)
    overall.prizes = []
    scene.finalise(overall)
    results.publish(session=scene.session, board=scene.session.get(type(overall), overall.id),
                    actor_id=None, now=utcnow())
    scene.session.commit()

    answer = client.get(api(scene, overall, "/answer-key"))

    assert answer.status_code == 404
    assert "đáp án được công bố cùng kết quả của từng tuần thi" in answer.json()["detail"]
