"""The results workflow over JSON: the same use cases as the pages, refusals in Vietnamese
with nothing changed."""

from backend.results.models import ResultState
from tests.factories import NO_RIGHT, add_finished_attempt
from tests.results.workflow import (
    LOCKED,
    PUBLISH_FIRST,
    REASON_NEEDED,
    UNKNOWN_KEY,
    finalised,
    history,
    official,
    played,
    rules_of,
    stored,
)


def api_of(scene) -> str:
    return f"/api/v1/manage/contests/{scene.contest.id}/results"


def test_boards_are_listed_with_their_state(client, organiser_api, scene):
    board = played(scene, [5, 3, 4])
    finalised(scene, board)
    url = api_of(scene)

    listed = client.get(url, headers=organiser_api).json()

    assert [(b["title"], b["state"], b["state_label"], b["ranked"]) for b in listed] == [
        ("Tuần 1", "finalised", "Đã tổng hợp, chờ duyệt", 3),
        ("Toàn cuộc thi", "not_finalised", "Chưa tổng hợp", 0)]
    assert listed[0]["actual_value"] == 1
    assert listed[0]["prediction_target_label"] == (
        "Số người trả lời đúng tất cả các câu hỏi trong vòng")
    assert listed[1]["round_id"] is None


def test_a_unit_officer_gets_403_in_vietnamese(client, officer_api, scene):
    response = client.get(api_of(scene), headers=officer_api)

    assert (response.status_code, response.json()["detail"]) == (403, NO_RIGHT)


def test_rules_are_read_and_replaced_field_by_field(client, organiser_api, scene):
    board = scene.board()
    url = f"{api_of(scene)}/{board.id}/rules"

    put = client.put(url, headers=organiser_api, json={
        "counted_attempt": "last", "tie_breaks": ["score", "started"], "max_winner_share": 40,
        "prizes": [{"tier": "Giải Nhất", "count": 1}, {"tier": "Giải lan tỏa", "count": 2}]})
    got = client.get(url, headers=organiser_api).json()

    assert put.status_code == 200, put.text
    assert got == put.json()
    assert (got["counted_attempt"], got["counted_attempt_label"]) == ("last",
                                                                     "Lượt thi cuối cùng")
    assert got["tie_breaks_described"] == (
        "Xếp hạng theo: điểm cao hơn xếp trên; nếu vẫn bằng nhau, bắt đầu làm bài sớm hơn xếp "
        "trên. Chỉ những người bằng nhau ở mọi tiêu chí mới đồng hạng.")
    assert got["prizes"] == [{"tier": "Giải Nhất", "count": 1, "group": ""},
                             {"tier": "Giải lan tỏa", "count": 2, "group": ""}]
    assert (got["max_winner_share"], got["complaint_days"], got["locked"]) == (40, 3, False)


def test_an_unknown_tie_break_key_gets_422_and_nothing_changes(client, organiser_api, scene):
    board = scene.board()
    before = rules_of(stored(scene.database, board.id))

    response = client.put(f"{api_of(scene)}/{board.id}/rules", headers=organiser_api,
                          json={"tie_breaks": ["score", "may_man"], "complaint_days": 9})

    assert (response.status_code, response.json()["detail"]) == (422, UNKNOWN_KEY)
    assert rules_of(stored(scene.database, board.id)) == before


def test_an_unknown_counted_attempt_gets_422_in_vietnamese(client, organiser_api, scene):
    board = scene.board()

    response = client.put(f"{api_of(scene)}/{board.id}/rules", headers=organiser_api,
                          json={"counted_attempt": "luot_dep_nhat"})

    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Trường “counted_attempt” không thuộc các giá trị cho phép.")


def test_rules_of_published_results_are_locked(client, organiser_api, scene):
    board = official(scene, played(scene, [5, 3]))
    before = rules_of(stored(scene.database, board.id))

    response = client.put(f"{api_of(scene)}/{board.id}/rules", headers=organiser_api,
                          json={"complaint_days": 10})

    assert (response.status_code, response.json()["detail"]) == (409, LOCKED)
    assert rules_of(stored(scene.database, board.id)) == before


def test_finalise_publish_and_history(client, organiser_api, scene, organiser):
    board = played(scene, [5, 3, 4])
    url = f"{api_of(scene)}/{board.id}"

    finalised = client.post(f"{url}/finalise", headers=organiser_api)
    published = client.post(f"{url}/publish", headers=organiser_api)
    early = client.post(f"{url}/official", headers=organiser_api)
    lines = client.get(f"{url}/history", headers=organiser_api).json()

    assert finalised.status_code == 200, finalised.text
    assert (finalised.json()["changed"], finalised.json()["changes"]) == (True, 3)
    assert finalised.json()["board"]["state"] == "finalised"
    assert published.json()["state"] == "provisional"
    assert published.json()["complaints_until"] is not None
    assert (early.status_code, early.json()["detail"]) == (
        409, "Thời hạn khiếu nại chưa hết: kết quả chỉ chính thức sau thời hạn này.")
    assert [(c["action"], c["action_label"], c["actor_name"]) for c in lines] == [
        ("publish", "Công bố tạm thời", organiser.full_name),
        ("finalise", "Tổng hợp kết quả", organiser.full_name)]
    assert lines[1]["details"]["ranked"] == 3


def test_publishing_an_unfinalised_round_gets_409_and_nothing_changes(client, organiser_api,
                                                                     scene):
    board = played(scene, [5, 3])

    response = client.post(f"{api_of(scene)}/{board.id}/publish", headers=organiser_api)

    assert (response.status_code, response.json()["detail"]) == (409, PUBLISH_FIRST)
    assert stored(scene.database, board.id).state is ResultState.NOT_FINALISED
    assert history(scene.database, board.id) == []


def test_more_prizes_than_contestants_gets_422_and_nothing_changes(client, organiser_api,
                                                                   scene):
    board = played(scene, [5, 3], prizes=[{"tier": "Giải Nhất", "count": 3, "group": ""}])

    response = client.post(f"{api_of(scene)}/{board.id}/finalise", headers=organiser_api)

    assert response.status_code == 422
    assert response.json()["detail"].startswith(
        "Cơ cấu giải thưởng trao 3 giải nhưng chỉ có 2 thí sinh được xếp hạng.")
    assert stored(scene.database, board.id).version == 0
    assert history(scene.database, board.id) == []


def test_a_change_to_official_results_needs_a_reason(client, organiser_api, scene, organiser):
    board = official(scene, played(scene, [5, 3, 4]))
    add_finished_attempt(scene.session, scene.round, scene.contestants(1)[0], score=5)
    url = f"{api_of(scene)}/{board.id}/finalise"

    refused = client.post(url, headers=organiser_api)
    version = stored(scene.database, board.id).version
    amended = client.post(url, headers=organiser_api,
                          json={"reason": "Phúc khảo theo đơn ngày 12/12, QĐ số 15"})

    assert (refused.status_code, refused.json()["detail"]) == (409, REASON_NEEDED)
    assert version == board.version
    assert amended.status_code == 200
    assert amended.json()["board"]["state"] == "official"
    assert history(scene.database, board.id)[-1] == (
        "amend", organiser.id, "Phúc khảo theo đơn ngày 12/12, QĐ số 15")


def test_a_board_of_another_contest_is_not_found(client, organiser_api, scene):
    from tests.factories import make_contest

    other = make_contest(scene.session, title="Cuộc thi khác")
    board = scene.board()

    response = client.get(f"/api/v1/manage/contests/{other.id}/results/{board.id}/rules",
                          headers=organiser_api)

    assert (response.status_code, response.json()["detail"]) == (
        404, "Không tìm thấy bảng kết quả này.")
