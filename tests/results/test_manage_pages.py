"""The organiser's results pages, as a person sees them: every board with its state and the
next step, the buttons of the workflow, and each board's history."""

from datetime import timedelta

from sqlalchemy import update

from backend.clock import utcnow
from backend.results.models import ResultBoard, ResultState
from tests.factories import add_finished_attempt, visible_text
from tests.results.workflow import (
    PUBLISH_FIRST,
    REASON_NEEDED,
    finalised,
    history,
    official,
    played,
    stored,
)


def page_of(scene) -> str:
    return f"/quan-ly/cuoc-thi/{scene.contest.id}/ket-qua"


def post(client, url: str, **fields):
    return client.post(url, data={"csrf_token": client.csrf, **fields}, follow_redirects=False)


def test_every_round_and_the_overall_results_are_listed_with_their_state(
        organiser_client, scene):
    board = played(scene, [5, 3, 4])
    finalised(scene, board)
    scene.add_round(2)

    page = organiser_client.get(page_of(scene))

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Tuần 1 Đã tổng hợp, chờ duyệt" in text
    assert "Số thí sinh được xếp hạng 3" in text
    assert "Câu dự đoán Số người trả lời đúng tất cả các câu hỏi trong vòng: 1" in text
    assert "Tuần 2 Chưa tổng hợp" in text
    assert "Toàn cuộc thi Chưa tổng hợp" in text
    assert f'href="{page_of(scene)}/{board.id}/bang-xep-hang"' in page.text
    assert f'href="{page_of(scene)}/{board.id}/lich-su"' in page.text
    contest = f"/quan-ly/cuoc-thi/{scene.contest.id}"
    assert f'href="{contest}/cau-hoi-loi"' in page.text
    assert f'href="{contest}/tai-ve"' in page.text


def test_a_unit_officer_may_not_manage_results(officer_client, scene):
    page = officer_client.get(page_of(scene))

    assert page.status_code == 403
    assert "Tài khoản của bạn không có quyền thực hiện việc này." in visible_text(page.text)


def test_finalising_ranks_the_round_and_shows_the_next_step(organiser_client, scene, organiser):
    board = played(scene, [5, 3, 4])

    done = post(organiser_client, f"{page_of(scene)}/{board.id}/tong-hop")
    page = organiser_client.get(done.headers["location"])

    assert done.status_code == 303
    text = visible_text(page.text)
    assert "Đã tổng hợp kết quả." in text
    assert "Công bố tạm thời sẽ mở thời hạn khiếu nại 3 ngày, đến" in text
    assert stored(scene.database, board.id).ranked == 3
    assert history(scene.database, board.id) == [("finalise", organiser.id, "")]


def test_publishing_an_unfinalised_round_is_refused_and_nothing_changes(organiser_client,
                                                                        scene):
    board = played(scene, [5, 3])

    page = post(organiser_client, f"{page_of(scene)}/{board.id}/cong-bo")

    assert page.status_code == 409
    assert PUBLISH_FIRST in visible_text(page.text)
    assert stored(scene.database, board.id).state is ResultState.NOT_FINALISED
    assert history(scene.database, board.id) == []


def test_a_prize_table_larger_than_the_field_is_refused_on_finalising(organiser_client,
                                                                      scene):
    board = played(scene, [5, 3], prizes=[{"tier": "Giải Nhất", "count": 1, "group": ""},
                                          {"tier": "Giải Nhì", "count": 2, "group": ""}])

    page = post(organiser_client, f"{page_of(scene)}/{board.id}/tong-hop")

    assert page.status_code == 422
    assert ("Cơ cấu giải thưởng trao 3 giải nhưng chỉ có 2 thí sinh được xếp hạng. Hãy giảm "
            "số giải trong phần cài đặt kết quả rồi tổng hợp lại.") in visible_text(page.text)
    assert stored(scene.database, board.id).version == 0
    assert history(scene.database, board.id) == []


def test_publishing_opens_the_complaint_window_and_official_waits_for_its_end(
        organiser_client, scene, clock):
    board_id = finalised(scene, played(scene, [5, 3])).id
    base = page_of(scene)
    url = f"{base}/{board_id}"
    clock.advance(days=-4)  # published four days ago, still signed in today

    post(organiser_client, f"{url}/cong-bo")
    early = post(organiser_client, f"{url}/chinh-thuc")
    waiting = visible_text(organiser_client.get(base).text)
    clock.advance(days=3)
    listed = organiser_client.get(base).text
    late = post(organiser_client, f"{url}/chinh-thuc")

    assert early.status_code == 409
    assert "Thời hạn khiếu nại chưa hết" in visible_text(early.text)
    assert "Đang trong thời hạn khiếu nại: công bố chính thức được sau" in waiting
    assert f'action="{url}/chinh-thuc"' in listed
    assert late.status_code == 303
    assert stored(scene.database, board_id).state is ResultState.OFFICIAL
    assert [a for a, _, _ in history(scene.database, board_id)] == [
        "finalise", "publish", "official"]


def test_changing_official_results_needs_a_written_reason(organiser_client, scene, organiser):
    board = official(scene, played(scene, [5, 3, 4]))
    late = scene.contestants(1)[0]
    add_finished_attempt(scene.session, scene.round, late, score=5, prediction=1)
    listed = visible_text(organiser_client.get(page_of(scene)).text)

    refused = post(organiser_client, f"{page_of(scene)}/{board.id}/tong-hop")
    version = stored(scene.database, board.id).version
    amended = post(organiser_client, f"{page_of(scene)}/{board.id}/tong-hop",
                   reason="Bổ sung bài thi lỗi đường truyền, QĐ số 12")

    assert "Lý do tổng hợp lại (bắt buộc)" in listed
    assert "phải ghi rõ lý do" in listed
    assert refused.status_code == 409
    assert REASON_NEEDED in visible_text(refused.text)
    assert version == board.version
    assert amended.status_code == 303
    assert history(scene.database, board.id)[-1] == (
        "amend", organiser.id, "Bổ sung bài thi lỗi đường truyền, QĐ số 12")


def test_the_history_names_who_when_why_and_whom_a_change_moved(organiser_client, scene,
                                                                 organiser):
    board = official(scene, played(scene, [5, 3, 4]))
    late = scene.contestants(1)[0]
    add_finished_attempt(scene.session, scene.round, late, score=5, prediction=1)
    post(organiser_client, f"{page_of(scene)}/{board.id}/tong-hop",
         reason="Bổ sung bài thi lỗi đường truyền")

    text = visible_text(organiser_client.get(f"{page_of(scene)}/{board.id}/lich-su").text)

    assert text.index("Sửa kết quả đã chính thức") < text.index("Công bố chính thức") < \
        text.index("Công bố tạm thời") < text.index("Tổng hợp kết quả")
    assert f"· {organiser.full_name} Lý do: Bổ sung bài thi lỗi đường truyền" in text
    assert f"{late.full_name} — hạng 1, 5 điểm, Giải Nhất" in text
    assert "hạng 1, 5 điểm, Giải Nhất hạng 2, 5 điểm" in text
    assert "Hệ thống (dòng lệnh hoặc tác vụ tự động)" in text


def test_a_failed_scheduled_finalise_shows_its_problem(organiser_client, scene):
    board = scene.board()
    scene.session.execute(update(ResultBoard).where(ResultBoard.id == board.id).values(
        problem="Cơ cấu giải thưởng trao 11 giải nhưng chỉ có 0 thí sinh được xếp hạng."))
    scene.session.commit()

    text = visible_text(organiser_client.get(page_of(scene)).text)

    assert ("Lần tổng hợp tự động gần nhất chưa thành công: Cơ cấu giải thưởng trao 11 giải "
            "nhưng chỉ có 0 thí sinh được xếp hạng.") in text


def test_an_open_round_cannot_be_finalised_yet(organiser_client, scene):
    open_round = scene.add_round(2)
    open_round.closes_at = utcnow() + timedelta(days=2)
    scene.session.add(open_round)
    scene.session.commit()
    board = scene.board(open_round)

    text = visible_text(organiser_client.get(page_of(scene)).text)
    refused = post(organiser_client, f"{page_of(scene)}/{board.id}/tong-hop")

    assert "Vòng thi chưa đóng: tổng hợp kết quả được sau" in text
    assert refused.status_code == 409
    assert "Vòng thi chưa đóng" in visible_text(refused.text)
    assert stored(scene.database, board.id).version == 0


def test_publishing_twice_is_refused_and_the_first_publication_stands(organiser_client,
                                                                      scene):
    board_id = finalised(scene, played(scene, [5, 3])).id
    url = f"{page_of(scene)}/{board_id}"
    post(organiser_client, f"{url}/cong-bo")
    first = stored(scene.database, board_id).complaints_until

    again = post(organiser_client, f"{url}/cong-bo")

    assert again.status_code == 409
    assert "«Đã công bố tạm thời», không chuyển sang «Đã công bố tạm thời»" in again.text
    assert stored(scene.database, board_id).complaints_until == first
    assert [a for a, _, _ in history(scene.database, board_id)] == ["finalise", "publish"]
