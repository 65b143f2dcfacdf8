"""`thidua results …` against the test database: the same use cases as the pages, messages in
Vietnamese, exit 1 on every refusal."""

from datetime import timedelta

import pytest

from backend.clock import utcnow
from backend.results.models import ResultState
from tests.factories import add_finished_attempt
from tests.results.workflow import PUBLISH_FIRST, REASON_NEEDED, history, official, played, stored


def test_list_shows_every_board_with_its_state_and_counts(thidua, scene):
    board = played(scene, [5, 3, 4])
    scene.finalise(board)
    contest_id = scene.contest.id
    scene.session.commit()

    result = thidua("results", "list", contest_id)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Tuần 1: Đã tổng hợp, chờ duyệt; 3 thí sinh xếp hạng; Số người trả lời đúng tất cả "
        "các câu hỏi trong vòng: 1",
        "Toàn cuộc thi: Chưa tổng hợp; chưa tổng hợp"]


@pytest.mark.parametrize(("second_round_open", "said"), [
    (True, ["Tuần 1: đã tổng hợp, 3 thí sinh xếp hạng, 3 thay đổi.",
            "Tuần 2: chưa đóng, bỏ qua.",
            "Toàn cuộc thi: còn tuần thi chưa đóng, bỏ qua."]),
    (False, ["Tuần 1: đã tổng hợp, 3 thí sinh xếp hạng, 3 thay đổi.",
             "Tuần 2: đã tổng hợp, 0 thí sinh xếp hạng, 0 thay đổi.",
             "Toàn cuộc thi: đã tổng hợp, 3 thí sinh xếp hạng, 3 thay đổi."]),
])
def test_finalise_without_a_choice_ranks_closed_rounds_then_the_overall_once_all_closed(
        thidua, scene, second_round_open, said):
    played(scene, [5, 3, 4])
    later = scene.add_round(2)
    if second_round_open:
        later.closes_at = utcnow() + timedelta(days=1)
    scene.board(later).prizes = scene.board(False).prizes = []
    scene.session.commit()
    contest_id = scene.contest.id

    result = thidua("results", "finalise", contest_id)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == said


def test_finalise_one_round_then_again_says_nothing_changed(thidua, scene):
    board_id = played(scene, [5, 3]).id
    contest_id = scene.contest.id

    first = thidua("results", "finalise", contest_id, "--round", 1)
    again = thidua("results", "finalise", contest_id, "--round", 1)

    assert first.stdout == "Tuần 1: đã tổng hợp, 2 thí sinh xếp hạng, 2 thay đổi.\n"
    assert again.stdout == "Tuần 1: kết quả không thay đổi.\n"
    assert [a for a, _, _ in history(scene.database, board_id)] == ["finalise"]


def test_a_prize_table_too_large_fails_with_exit_1_and_nothing_changes(thidua, scene):
    board_id = played(scene, [5], prizes=[{"tier": "Giải Nhất", "count": 2, "group": ""}]).id
    contest_id = scene.contest.id

    result = thidua("results", "finalise", contest_id, "--round", 1)

    assert result.exit_code == 1
    assert result.stderr.startswith("Tuần 1: Cơ cấu giải thưởng trao 2 giải nhưng chỉ có 1 "
                                    "thí sinh được xếp hạng.")
    assert stored(scene.database, board_id).version == 0


def test_publishing_an_unfinalised_round_fails_and_nothing_changes(thidua, scene):
    board_id = played(scene, [5, 3]).id
    contest_id = scene.contest.id

    result = thidua("results", "publish", contest_id, "--round", 1)

    assert result.exit_code == 1
    assert result.stderr == f"Tuần 1: {PUBLISH_FIRST}\n"
    assert stored(scene.database, board_id).state is ResultState.NOT_FINALISED


def test_publish_opens_the_complaint_window_and_official_waits_for_it(thidua, scene):
    board_id = played(scene, [5, 3]).id
    contest_id = scene.contest.id
    thidua("results", "finalise", contest_id, "--round", 1)

    published = thidua("results", "publish", contest_id, "--round", 1)
    early = thidua("results", "official", contest_id, "--round", 1)

    assert published.exit_code == 0, published.output
    assert published.stdout.startswith("Tuần 1: đã công bố tạm thời, hạn khiếu nại ")
    assert early.exit_code == 1
    assert early.stderr == ("Tuần 1: Thời hạn khiếu nại chưa hết: kết quả chỉ chính thức sau "
                            "thời hạn này.\n")
    assert stored(scene.database, board_id).state is ResultState.PROVISIONAL


def test_official_after_the_window(thidua, scene):
    board = played(scene, [5, 3])
    board.complaint_days = 0
    scene.session.commit()
    contest_id, board_id = scene.contest.id, board.id
    thidua("results", "finalise", contest_id, "--round", 1)
    thidua("results", "publish", contest_id, "--round", 1)

    result = thidua("results", "official", contest_id, "--round", 1)

    assert result.stdout == "Tuần 1: chính thức.\n"
    assert stored(scene.database, board_id).state is ResultState.OFFICIAL


def test_a_change_to_official_results_needs_a_reason(thidua, scene):
    board_id = official(scene, played(scene, [5, 3])).id
    add_finished_attempt(scene.session, scene.round, scene.contestants(1)[0], score=5)
    contest_id = scene.contest.id
    scene.session.commit()

    refused = thidua("results", "finalise", contest_id, "--round", 1)
    amended = thidua("results", "finalise", contest_id, "--round", 1,
                     "--reason", "Bổ sung bài thi lỗi đường truyền")

    assert refused.exit_code == 1
    assert refused.stderr == f"Tuần 1: {REASON_NEEDED}\n"
    assert amended.exit_code == 0, amended.output
    assert history(scene.database, board_id)[-1] == (
        "amend", None, "Bổ sung bài thi lỗi đường truyền")


def test_publish_needs_one_board_named(thidua, scene):
    contest_id = scene.contest.id
    scene.session.commit()

    neither = thidua("results", "publish", contest_id)
    both = thidua("results", "publish", contest_id, "--round", 1, "--overall")
    missing = thidua("results", "official", contest_id, "--round", 7)
    unknown = thidua("results", "list", 999_999)

    assert (neither.exit_code, neither.stderr) == (1, (
        "Hãy chọn kết quả cần xử lý: --round SỐ (một tuần thi) hoặc --overall (toàn cuộc "
        "thi).\n"))
    assert (both.exit_code, both.stderr) == (
        1, "Chỉ chọn một trong hai: --round SỐ hoặc --overall.\n")
    assert (missing.exit_code, missing.stderr) == (1, "Cuộc thi không có tuần thi thứ 7.\n")
    assert (unknown.exit_code, unknown.stderr) == (1, "Không tìm thấy cuộc thi này.\n")
