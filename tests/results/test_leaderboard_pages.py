"""Leaderboard pages: published results for anyone without personal data, the state and the
ranking chain in words, ties shown openly, the answer key; staff see every column."""

from datetime import timedelta

from backend.clock import utc_to_local
from backend.personaldata import display_phone, mask_phone
from backend.results import service as results
from backend.results.models import ResultState
from backend.results.tiebreaks import described
from tests.factories import add_finished_attempt, add_questions, visible_text
from tests.results.leaderboards import ranked

PRIZES = [{"tier": "Giải Nhất", "count": 1, "group": ""}]


def page(client, scene, board, query: str = ""):
    return client.get(f"/thi/{scene.contest.id}/ket-qua/{board.id}{query}")


def test_results_are_not_public_before_they_are_published(client, scene):
    people = scene.contestants(3)
    board = ranked(scene, [(p, 4) for p in people], publish=False)
    where = f"/thi/{scene.contest.id}/ket-qua"

    answers = [client.get(f"{where}/{board.id}"), client.get(f"{where}/{board.id}/dap-an")]

    assert [a.status_code for a in answers] == [404, 404]
    assert "Kết quả này chưa được công bố" in answers[0].text
    assert people[0].full_name not in answers[0].text
    assert "Ban tổ chức chưa công bố kết quả nào" in visible_text(client.get(where).text)


def test_the_public_leaderboard_lists_the_ranking_without_personal_data(client, scene):
    people = scene.contestants(3)
    board = ranked(scene, [(people[0], 3), (people[1], 5), (people[2], 4)], prizes=PRIZES)

    text = visible_text(page(client, scene, board).text)

    assert ("Hạng Họ và tên Đơn vị Điểm Dự đoán Thời gian làm bài Giải "
            f"1 {people[1].full_name} Phường Bến Thành 5/5 — 5 phút 00,000 giây Giải Nhất "
            f"2 {people[2].full_name} Phường Võ Thị Sáu 4/5 — 5 phút 00,000 giây "
            f"3 {people[0].full_name} Phường Bến Nghé 3/5") in text
    for person in people:
        assert person.phone not in text
        assert mask_phone(person.phone) not in text
        assert person.birth_date.strftime("%d/%m/%Y") not in text
    assert "Mã thí sinh" not in text


def test_contestants_equal_on_every_key_share_a_rank_openly(client, scene):
    a, b, c = scene.contestants(3)
    board = ranked(scene, [(a, 5, 200), (b, 5, 200), (c, 5, 250)])

    text = visible_text(page(client, scene, board).text)

    assert f"1 (đồng hạng) {a.full_name}" in text
    assert f"1 (đồng hạng) {b.full_name}" in text
    assert f"3 {c.full_name}" in text


def test_the_state_the_prediction_value_and_the_chain_are_written_out(client, scene, settings):
    people = scene.contestants(3)
    board = ranked(scene, [(people[0], 5), (people[1], 5), (people[2], 2)],
                   tie_breaks=["score", "duration", "started"])
    until = utc_to_local(board.complaints_until, settings.zone).strftime("%H:%M %d/%m/%Y")

    provisional = visible_text(page(client, scene, board).text)
    results.make_official(session=scene.session, board=board, actor_id=None,
                          now=board.complaints_until + timedelta(seconds=1))
    official = visible_text(page(client, scene, board).text)

    assert f"Kết quả tạm thời — thời hạn khiếu nại đến {until}" in provisional
    assert ("Con số thực tế của câu hỏi dự đoán: 2 (số người trả lời đúng tất cả các câu hỏi "
            "trong vòng).") in provisional
    assert described(["score", "duration", "started"]) in provisional
    assert "Xếp hạng theo: điểm cao hơn xếp trên; nếu vẫn bằng nhau, thời gian làm bài ngắn " \
           "hơn xếp trên" in provisional
    assert "Kết quả chính thức" in official
    assert "tạm thời" not in official


def test_the_search_box_finds_names_without_diacritics(client, scene):
    people = scene.contestants(12)
    board = ranked(scene, [(p, 3) for p in people])

    text = visible_text(page(client, scene, board, "?q=nguyen+van").text)

    assert "Tìm thấy 1 thí sinh cho “nguyen van”." in text
    assert "Nguyễn Văn An" in text
    assert "Trần Văn An" not in text


def test_the_answer_key_marks_the_correct_options_once_published(client, scene):
    questions = add_questions(scene.session, scene.contest, 4)  # B correct on each
    questions[1].voided = "drop"
    scene.session.commit()
    person, = scene.contestants(1)
    add_finished_attempt(scene.session, scene.round, person, score=2, question_count=3,
                         paper=[[q.id, []] for q in questions[:3]])
    board = ranked(scene, [], publish=False)
    key = f"/thi/{scene.contest.id}/ket-qua/{board.id}/dap-an"
    hidden = client.get(key)
    results.publish(session=scene.session, board=board, actor_id=None,
                    now=board.finalised_at + timedelta(minutes=5))

    text = visible_text(client.get(key).text)

    assert hidden.status_code == 404
    assert "Câu 1 Câu hỏi số 1: nội dung về công tác dân vận?" in text
    assert "A. Phương án A của câu 1 B. Phương án B của câu 1 (đáp án đúng) C." in text
    assert "Phương án A của câu 1 (đáp án đúng)" not in text
    assert "Câu 2 Đã hủy" in text
    assert "Câu hỏi bị hủy: câu này không được tính điểm." in text
    assert "Câu hỏi số 4" not in text


def test_the_landing_page_links_published_results_and_states_the_chain(client, scene):
    people = scene.contestants(2)
    landing = f"/thi/{scene.contest.id}"
    before = visible_text(client.get(landing).text)
    ranked(scene, [(p, 3) for p in people])

    after = visible_text(client.get(landing).text)

    assert "Xem kết quả và đáp án" not in before
    assert f"Cách xếp hạng {described(['score', 'prediction', 'duration', 'submitted'])}" \
        in before
    assert "Xem kết quả và đáp án" in after
    listing = visible_text(client.get(f"{landing}/ket-qua").text)
    assert "Tuần 1 Kết quả tạm thời" in listing
    assert "Xem bảng xếp hạng Xem đáp án" in listing


def staff_page(client, scene, board):
    return client.get(f"/quan-ly/cuoc-thi/{scene.contest.id}/ket-qua/{board.id}/bang-xep-hang")


def test_staff_see_a_finalised_board_with_every_column_and_the_phone_masked(
        organiser_client, scene):
    people = scene.contestants(2)
    board = ranked(scene, [(people[0], 4), (people[1], 5)], publish=False)

    text = visible_text(staff_page(organiser_client, scene, board).text)

    assert board.state is ResultState.FINALISED
    assert "Kết quả đã tổng hợp, chưa công bố" in text
    assert ("Hạng Họ và tên Thứ tự Bảng Đơn vị Khối Điểm Dự đoán Chênh lệch dự đoán Thời gian "
            "làm bài Bắt đầu Nộp bài Giải Số điện thoại Mã lượt thi Mã thí sinh") in text
    assert f"{people[1].full_name} 1 — Phường Bến Thành Khối Quận, huyện 5/5" in text
    assert mask_phone(people[1].phone) in text
    assert display_phone(people[1].phone) not in text
    assert f"{mask_phone(people[1].phone)} 2 {people[1].id}" in text


def test_staff_with_the_personal_data_right_see_the_phone(client, scene, settings):
    from backend.accounts.models import Role
    from tests.factories import make_user, sign_in
    make_user(scene.session, settings, role=Role.ORGANISER, username="xem.du.lieu",
              personal_data=True)
    person, = scene.contestants(1)
    board = ranked(scene, [(person, 4)])
    sign_in(client, "xem.du.lieu")

    text = visible_text(staff_page(client, scene, board).text)

    assert display_phone(person.phone) in text
    assert "được che một phần" not in text


def test_a_unit_officer_sees_only_their_subtree(officer_client, scene):
    people = scene.contestants(3)  # Bến Nghé, Bến Thành (Quận 1), Võ Thị Sáu (Quận 3)
    board = ranked(scene, [(p, 5 - n) for n, p in enumerate(people)])

    text = visible_text(staff_page(officer_client, scene, board).text)

    assert "Phạm vi của bạn: Quận 1 và các đơn vị trực thuộc" in text
    assert "2 thí sinh được xếp hạng." in text
    assert people[0].full_name in text
    assert people[1].full_name in text
    assert people[2].full_name not in text


def test_staff_find_no_leaderboard_for_a_board_not_yet_finalised(organiser_client, scene):
    board = scene.board()

    answer = staff_page(organiser_client, scene, board)

    assert answer.status_code == 404
    assert "Bảng kết quả này chưa được tổng hợp" in answer.text
    listing = organiser_client.get(f"/quan-ly/cuoc-thi/{scene.contest.id}/bang-xep-hang")
    assert "Chưa có kết quả nào được tổng hợp" in visible_text(listing.text)
