"""The form setting how a board ranks and awards: what it offers, what it saves, and every
refusal shown on the form with nothing changed."""

from backend.results.models import CountedAttempt, PredictionTarget
from tests.factories import visible_text
from tests.results.workflow import LOCKED, UNKNOWN_KEY, official, played, rules_of, stored

CHAIN_OF_FOUR = ("Xếp hạng theo: điểm cao hơn xếp trên; nếu vẫn bằng nhau, dự đoán gần với con "
                 "số thực tế hơn xếp trên (không dự đoán xếp sau); nếu vẫn bằng nhau, thời gian "
                 "làm bài ngắn hơn xếp trên; nếu vẫn bằng nhau, nộp bài sớm hơn xếp trên. Chỉ "
                 "những người bằng nhau ở mọi tiêu chí mới đồng hạng.")


def form(client, **changes) -> dict:
    """A complete form as the page sends it: best attempt, full marks, a chain of two, two
    prizes and two blank rows, no cap, three days."""
    return {"csrf_token": client.csrf, "counted_attempt": "best",
            "prediction_target": "full_marks", "tie_break": ["score", "duration", "", ""],
            "prize_tier": ["Giải Nhất", "Giải Khuyến khích", "", ""],
            "prize_count": ["1", "2", "", ""], "max_winner_share": "",
            "complaint_days": "3", **changes}


def url_of(scene, board) -> str:
    return f"/quan-ly/cuoc-thi/{scene.contest.id}/ket-qua/{board.id}/thiet-lap"


def test_the_form_shows_the_rules_their_labels_and_the_chain_as_a_sentence(organiser_client,
                                                                          scene):
    board = scene.board()

    page = organiser_client.get(url_of(scene, board))

    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Lượt có điểm cao nhất (bằng điểm thì lượt nộp sớm hơn)" in text
    assert "Số người tham gia vòng thi" in text
    assert "Tiêu chí 6" in text
    assert page.text.count('<option value="has_prediction"') == 6
    assert "Thí sinh không trả lời câu dự đoán xếp sau" in text
    assert page.text.count('name="prize_tier"') == 4 + 3
    assert 'value="Giải Khuyến khích"' in page.text
    assert "Cách xếp hạng đang áp dụng " + CHAIN_OF_FOUR in text


def test_saving_changes_the_rules_and_the_sentence(organiser_client, scene):
    board = scene.board()
    url = url_of(scene, board)

    saved = organiser_client.post(url, data=form(
        organiser_client, counted_attempt="first", prediction_target="participants",
        max_winner_share="50", complaint_days="5"), follow_redirects=False)
    page = organiser_client.get(saved.headers["location"])

    assert saved.status_code == 303
    assert "Đã lưu thiết lập." in visible_text(page.text)
    assert ("Xếp hạng theo: điểm cao hơn xếp trên; nếu vẫn bằng nhau, thời gian làm bài ngắn "
            "hơn xếp trên.") in visible_text(page.text)
    assert rules_of(stored(scene.database, board.id)) == (
        CountedAttempt.FIRST, PredictionTarget.PARTICIPANTS, board.combine,
        ["score", "duration"], [{"tier": "Giải Nhất", "count": 1, "group": ""},
                                {"tier": "Giải Khuyến khích", "count": 2, "group": ""}],
        50, 5)


def test_an_unknown_tie_break_key_is_refused_with_422_and_nothing_changes(organiser_client,
                                                                          scene):
    board = scene.board()
    before = rules_of(stored(scene.database, board.id))

    page = organiser_client.post(url_of(scene, board), data=form(
        organiser_client, tie_break=["score", "may_man"]))

    assert page.status_code == 422
    assert UNKNOWN_KEY in visible_text(page.text)
    assert '<option value="may_man"' not in page.text
    assert rules_of(stored(scene.database, board.id)) == before


def test_groups_get_a_select_and_a_custom_tier_for_one_group_is_kept(organiser_client, scene):
    scene.contest.groups = ["Cán bộ, đảng viên", "Nhân dân"]
    scene.session.commit()
    board = scene.board()
    url = url_of(scene, board)

    shown = organiser_client.get(url).text
    organiser_client.post(url, data=form(
        organiser_client, prize_tier=["Giải Nhất", "Giải lan tỏa", ""],
        prize_count=["1", "3", ""], prize_group=["", "Nhân dân", ""]))

    assert '<option value="Nhân dân">Nhân dân</option>' in shown
    assert "Mọi bảng" in shown
    assert stored(scene.database, board.id).prizes == [
        {"tier": "Giải Nhất", "count": 1, "group": ""},
        {"tier": "Giải lan tỏa", "count": 3, "group": "Nhân dân"}]


def test_a_prize_for_a_group_the_contest_lacks_is_refused(organiser_client, scene):
    board = scene.board()
    before = rules_of(stored(scene.database, board.id))

    page = organiser_client.post(url_of(scene, board), data=form(
        organiser_client, prize_tier=["Giải Nhất"], prize_count=["1"],
        prize_group=["Thanh niên"]))

    assert page.status_code == 422
    assert ("«Giải Nhất» dành cho bảng «Thanh niên», nhưng cuộc thi không có bảng này."
            in visible_text(page.text))
    assert rules_of(stored(scene.database, board.id)) == before


def test_a_prize_row_with_a_number_but_no_name_is_refused_keeping_what_was_typed(
        organiser_client, scene):
    board = scene.board()
    before = rules_of(stored(scene.database, board.id))

    page = organiser_client.post(url_of(scene, board), data=form(
        organiser_client, prize_tier=["Giải Nhất", ""], prize_count=["1", "4"],
        complaint_days="7"))

    assert page.status_code == 422
    assert ("Dòng 2 của cơ cấu giải có số lượng nhưng chưa có tên giải; hãy điền tên giải hoặc "
            "xóa số lượng.") in visible_text(page.text)
    assert 'name="complaint_days" type="number" min="0" max="60" required value="7"' in page.text
    assert rules_of(stored(scene.database, board.id)) == before


def test_numbers_out_of_range_are_refused_in_vietnamese(organiser_client, scene):
    board = scene.board()
    before = rules_of(stored(scene.database, board.id))

    share = organiser_client.post(url_of(scene, board), data=form(
        organiser_client, max_winner_share="150"))
    days = organiser_client.post(url_of(scene, board), data=form(
        organiser_client, complaint_days="ba"))

    assert share.status_code == 422
    assert "Tỷ lệ tối đa người đoạt giải phải từ 1 đến 100 (%)." in visible_text(share.text)
    assert days.status_code == 422
    assert "Thời hạn khiếu nại phải là một số nguyên." in visible_text(days.text)
    assert rules_of(stored(scene.database, board.id)) == before


def test_the_overall_board_chooses_how_rounds_combine_not_a_prediction(organiser_client,
                                                                       scene):
    overall = scene.board(False)

    page = organiser_client.get(url_of(scene, overall))
    organiser_client.post(url_of(scene, overall), data=form(
        organiser_client, combine="best", prediction_target="attempts"))

    assert "Lấy kết quả vòng tốt nhất" in page.text
    assert 'name="prediction_target"' not in page.text
    saved = stored(scene.database, overall.id)
    assert (saved.combine.value, saved.prediction_target) == ("best", overall.prediction_target)


def test_published_rules_are_locked(organiser_client, scene):
    board = official(scene, played(scene, [5, 3]))
    before = rules_of(stored(scene.database, board.id))

    shown = organiser_client.get(url_of(scene, board)).text
    page = organiser_client.post(url_of(scene, board), data=form(organiser_client))

    assert "<fieldset disabled" in shown
    assert page.status_code == 409
    assert LOCKED in visible_text(page.text)
    assert rules_of(stored(scene.database, board.id)) == before
