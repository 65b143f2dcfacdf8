"""The flags page, its JSON API and `thidua flags`: the same rules through every entry."""

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from backend.flags.models import PrizeExclusion
from tests.factories import add_finished_attempt, visible_text
from tests.flags.test_exclusions import PRIZES


@pytest.fixture
def flagged(scene):
    """Three ranked contestants and a finalised round; the winner had full marks in 4 s."""
    people = scene.contestants(3)
    for score, seconds, person in zip((5, 4, 3), (4, 300, 300), people, strict=True):
        add_finished_attempt(scene.session, scene.round, person, score=score,
                             duration_s=seconds)
    board = scene.board()
    board.prizes = PRIZES[:2]
    scene.session.commit()
    scene.finalise(board)
    # Plain values: reading an expired row would hold SQLite's one writer in this session.
    flagged = [SimpleNamespace(id=p.id, full_name=p.full_name, unit=scene.units[0].name)
               for p in people]
    scene.session.commit()
    return flagged


def _api(scene) -> str:
    return f"/api/v1/manage/contests/{scene.contest_id}"


def _page(scene) -> str:
    return f"/quan-ly/cuoc-thi/{scene.contest_id}/nghi-van"


def _stored(scene) -> int:
    count = scene.session.scalar(select(func.count()).select_from(PrizeExclusion))
    scene.session.commit()  # SQLite has one writer: let go of it
    return count


def test_the_api_lists_flags_with_their_evidence(scene, flagged, client, organiser_api):
    answer = client.get(f"{_api(scene)}/flags", headers=organiser_api)

    assert answer.status_code == 200
    [flag] = answer.json()["flags"]
    assert flag["kind"] == "fast_full_marks"
    assert flag["evidence"] == "5/5 câu đúng trong 4 giây (ngưỡng: dưới 15 giây cho đề 5 câu)"
    assert flag["contestants"] == [{"contestant_id": flagged[0].id, "excluded": False,
                                    "full_name": flagged[0].full_name,
                                    "unit_name": flagged[0].unit}]
    assert answer.json()["rules"]["fast_seconds_per_question"] == 3


def test_the_api_excludes_refuses_twice_and_lifts(scene, flagged, client, organiser_api):
    url = f"{_api(scene)}/exclusions"
    body = {"contestant_id": flagged[0].id, "reason": "Thi hộ, đã xác minh"}

    made = client.post(url, json=body, headers=organiser_api)
    again = client.post(url, json=body, headers=organiser_api)

    assert made.status_code == 201, made.text
    assert made.json()["exclusion"]["active"] is True
    assert made.json()["boards"][0]["changed"] is True
    assert [e[2] for e in scene.entries(scene.board())] == [None, "Giải Nhất", "Giải Nhì"]
    assert again.status_code == 409
    assert "đã bị loại khỏi giải trước đó" in again.json()["detail"]
    listed = client.get(f"{_api(scene)}/flags", headers=organiser_api).json()
    assert listed["flags"][0]["contestants"][0]["excluded"] is True

    lifted = client.post(f"{url}/{flagged[0].id}/lift", json={"reason": "Xác minh lại"},
                         headers=organiser_api)

    assert lifted.status_code == 200
    assert lifted.json()["exclusion"]["lift_reason"] == "Xác minh lại"
    assert [e[2] for e in scene.entries(scene.board())] == ["Giải Nhất", "Giải Nhì", None]
    assert [e["active"] for e in client.get(url, headers=organiser_api).json()] == [False]


def test_the_api_refuses_an_exclusion_without_a_reason(scene, flagged, client, organiser_api):
    answer = client.post(f"{_api(scene)}/exclusions", headers=organiser_api,
                         json={"contestant_id": flagged[0].id, "reason": "  "})

    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("Hãy ghi lý do")
    assert _stored(scene) == 0
    assert scene.entries(scene.board())[0][2] == "Giải Nhất"


def test_the_api_refuses_thresholds_out_of_bounds(scene, client, organiser_api):
    url = f"{_api(scene)}/flags/rules"

    refused = client.put(url, json={"similar_percent": 101, "burst_count": 7},
                         headers=organiser_api)
    saved = client.put(url, json={"burst_count": 7}, headers=organiser_api)

    assert refused.status_code == 422
    assert refused.json()["detail"] == "«Tỷ lệ câu trả lời giống nhau (%)» phải từ 50 đến 100."
    assert saved.status_code == 200
    assert (saved.json()["burst_count"], saved.json()["similar_percent"]) == (7, 90)
    assert client.get(url, headers=organiser_api).json()["burst_count"] == 7


def test_a_round_of_another_contest_is_not_found(scene, client, organiser_api):
    answer = client.get(f"{_api(scene)}/flags", params={"round_id": 999},
                        headers=organiser_api)

    assert answer.status_code == 404
    assert answer.json()["detail"] == "Không tìm thấy tuần thi này trong cuộc thi."


def test_the_page_shows_flags_and_excludes_with_a_reason(scene, flagged, organiser_client):
    client = organiser_client
    results = client.get(f"/quan-ly/cuoc-thi/{scene.contest_id}/ket-qua")
    assert f'href="{_page(scene)}"' in results.text

    shown = visible_text(client.get(_page(scene)).text)
    assert "Điểm tuyệt đối trong thời gian quá ngắn (1)" in shown
    assert "5/5 câu đúng trong 4 giây" in shown
    assert "Chưa có thí sinh nào bị loại khỏi giải." in shown

    refused = client.post(f"{_page(scene)}/loai", data={
        "csrf_token": client.csrf, "contestant_id": flagged[0].id, "reason": ""})
    assert refused.status_code == 422
    assert "Hãy ghi lý do" in visible_text(refused.text)
    assert _stored(scene) == 0

    done = client.post(f"{_page(scene)}/loai", data={
        "csrf_token": client.csrf, "contestant_id": flagged[0].id,
        "reason": "Thi hộ, đã xác minh"})
    assert done.status_code == 200  # followed the redirect
    shown = visible_text(done.text)
    assert "Đã loại thí sinh khỏi giải" in shown
    assert "Lý do: Thi hộ, đã xác minh" in shown
    assert "Đã bị loại khỏi giải" in shown
    assert [e[2] for e in scene.entries(scene.board())] == [None, "Giải Nhất", "Giải Nhì"]
    board_id = scene.board().id
    ranking = visible_text(client.get(
        f"/quan-ly/cuoc-thi/{scene.contest_id}/ket-qua/{board_id}/bang-xep-hang").text)
    assert f"{flagged[0].full_name} 1" in ranking
    assert "Bị loại khỏi giải" in ranking

    lifted = client.post(f"{_page(scene)}/loai/{flagged[0].id}/khoi-phuc", data={
        "csrf_token": client.csrf, "reason": "Xác minh lại: không vi phạm"})
    assert "Đã khôi phục quyền nhận giải" in visible_text(lifted.text)
    assert [e[2] for e in scene.entries(scene.board())] == ["Giải Nhất", "Giải Nhì", None]


def test_the_page_refuses_thresholds_out_of_bounds(scene, organiser_client):
    client = organiser_client
    form = {"fast_seconds_per_question": "0", "burst_count": "5", "burst_minutes": "10",
            "similar_percent": "90", "similar_min_shared": "10",
            "similar_submit_seconds": "60", "similar_duration_seconds": "10"}

    refused = client.post(f"{_page(scene)}/nguong", data={**form, "csrf_token": client.csrf})

    assert refused.status_code == 422
    assert ("«Số giây tối thiểu cho mỗi câu khi đạt điểm tuyệt đối» phải từ 1 đến 600."
            in visible_text(refused.text))
    saved = client.post(f"{_page(scene)}/nguong", data={
        **form, "fast_seconds_per_question": "4", "csrf_token": client.csrf})
    assert "Đã lưu ngưỡng cảnh báo." in visible_text(saved.text)
    assert 'value="4"' in saved.text


def test_the_command_lists_flags_and_excludes(scene, flagged, thidua):
    listed = thidua("flags", "list", scene.contest_id)
    assert listed.exit_code == 0, listed.output
    assert "Điểm tuyệt đối trong thời gian quá ngắn: 1" in listed.output
    assert f"{flagged[0].full_name} ({flagged[0].unit}, mã {flagged[0].id})" in listed.output

    refused = thidua("flags", "exclude", scene.contest_id, "--contestant", flagged[0].id)
    assert refused.exit_code == 1
    assert "Hãy ghi lý do" in refused.output

    done = thidua("flags", "exclude", scene.contest_id, "--contestant", flagged[0].id,
                  "--reason", "Thi hộ, đã xác minh")
    assert done.exit_code == 0, done.output
    assert f"{flagged[0].full_name} đã bị loại khỏi giải." in done.output
    assert "Tuần 1: xếp hạng lại, 3 thí sinh thay đổi hạng, điểm hoặc giải." in done.output
    assert [e[2] for e in scene.entries(scene.board())] == [None, "Giải Nhất", "Giải Nhì"]
    assert "Lý do: Thi hộ, đã xác minh." in thidua("flags", "list", scene.contest_id).output


def test_the_page_says_why_an_unknown_contestant_cannot_be_excluded(scene, organiser_client):
    client = organiser_client

    refused = client.post(f"{_page(scene)}/loai", data={
        "csrf_token": client.csrf, "contestant_id": "999", "reason": "Thi hộ"})

    assert refused.status_code == 404
    assert "Không tìm thấy thí sinh này trong cuộc thi." in visible_text(refused.text)
    assert _stored(scene) == 0
