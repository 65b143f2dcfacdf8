"""Faulty questions through the pages and the JSON API: the same service, the Vietnamese a
person sees, and bad input refused with nothing changed."""

import pytest
from sqlalchemy import select

from backend.attempts.models import Attempt
from backend.questions.models import QuestionOption
from backend.results.models import QuestionRuling
from tests.factories import visible_text

REASON = "Câu 2 không có phương án nào đúng"


@pytest.fixture
def four(scene, bank):
    """An wrong on question 2, Bình blank on it, Châu right, Dũng never had it."""
    people = scene.contestants(4)
    for person, letters in zip(people, ("BCBB", "B-BB", "BBBB", "B.BB"), strict=True):
        scene.sit(person, bank, letters)
    scene.session.commit()
    return people


@pytest.fixture
def base(scene) -> str:
    return f"/quan-ly/cuoc-thi/{scene.contest.id}/cau-hoi-loi"


@pytest.fixture
def api(scene) -> str:
    return f"/api/v1/contests/{scene.contest.id}/rulings"


def stored_scores(database) -> list[int]:
    with database.scope(write=False) as read:
        return list(read.execute(select(Attempt.score).order_by(Attempt.id)).scalars())


def rulings_kept(database) -> int:
    with database.scope(write=False) as read:
        return len(read.execute(select(QuestionRuling)).all())


def test_the_bank_offers_each_question_a_ruling_once_the_contest_has_attempts(
        organiser_client, scene, bank, four, base):
    page = organiser_client.get(f"/quan-ly/cuoc-thi/{scene.contest.id}/cau-hoi").text
    for question in bank:
        assert f'href="{base}/cau/{question.id}"' in page
    assert "chọn «Xử lý câu hỏi lỗi» ở câu đó" in visible_text(page)


def test_the_ruling_form_offers_the_three_ways(organiser_client, bank, four, base):
    page = visible_text(organiser_client.get(f"{base}/cau/{bank[1].id}").text)
    for choice in ("Hủy câu hỏi — mọi người đều được điểm", "Hủy câu hỏi — không tính câu này",
                   "Sửa đáp án đúng", "Câu 2. Câu hỏi số 2: nội dung về công tác dân vận?",
                   "Phương án B của câu 2 (đáp án hiện tại)"):
        assert choice in page


def test_voiding_on_the_page_shows_the_scores_it_changed(organiser_client, database, bank,
                                                         four, base):
    response = organiser_client.post(f"{base}/cau/{bank[1].id}", data={
        "csrf_token": organiser_client.csrf, "kind": "void_mark", "reason": REASON,
        "confirmed": "true"})

    page = visible_text(response.text)
    assert response.status_code == 200
    assert "Đã xử lý câu 2: chấm lại 3 bài thi có câu này, 2 bài thay đổi điểm." in page
    assert "Chưa có bảng kết quả nào có câu này được tổng hợp" in page
    assert f"{four[0].full_name} Phường Bến Nghé 1 3 4" in page
    assert f"{four[1].full_name} Phường Bến Thành 2 3 4" in page
    assert stored_scores(database) == [4, 4, 4, 3]

    listing = visible_text(organiser_client.get(base).text)
    assert "Câu 2 Hủy câu hỏi, mọi người đều được điểm câu này" in listing
    assert f"{REASON} Người dùng bantochuc 3 2" in listing


@pytest.mark.parametrize(("form", "message"), [
    ({"kind": "void_drop", "reason": "  ", "confirmed": "true"}, "Hãy ghi lý do"),
    ({"kind": "void_drop", "reason": REASON}, "Hãy đánh dấu ô xác nhận"),
    ({"kind": "", "reason": REASON, "confirmed": "true"}, "Hãy chọn cách xử lý câu hỏi"),
])
def test_an_incomplete_ruling_form_is_refused_and_changes_nothing(organiser_client, database,
                                                                  bank, four, base, form,
                                                                  message):
    response = organiser_client.post(f"{base}/cau/{bank[1].id}",
                                     data={"csrf_token": organiser_client.csrf, **form})
    assert response.status_code == 422
    assert message in visible_text(response.text)
    assert stored_scores(database) == [3, 3, 4, 3]
    assert rulings_kept(database) == 0


def test_a_unit_officer_may_not_rule_on_questions(officer_client, bank, four, base):
    assert officer_client.get(f"{base}/cau/{bank[1].id}").status_code == 403
    assert officer_client.post(f"{base}/cau/{bank[1].id}", data={
        "csrf_token": officer_client.csrf, "kind": "void_mark", "reason": REASON,
        "confirmed": "true"}).status_code == 403


def test_the_api_rekeys_and_lists_what_changed(client, organiser_api, database, scene, bank,
                                               four, api):
    with database.scope(write=False) as read:
        a_of_q2 = read.scalar(select(QuestionOption.id).where(
            QuestionOption.question_id == bank[1].id, QuestionOption.position == 0))

    response = client.post(f"{api}/rekey", headers=organiser_api, json={
        "question_id": bank[1].id, "correct_option_ids": [a_of_q2], "reason": REASON})

    body = response.json()
    assert response.status_code == 200, body
    assert (body["changed"], body["rescored"], body["changed_count"]) == (True, 3, 1)
    assert [(c["full_name"], c["before"], c["after"]) for c in body["changes"]] == [
        (four[2].full_name, 4, 3)]
    assert body["ruling"]["kind_label"] == "Sửa đáp án đúng"
    listed = client.get(api, headers=organiser_api).json()
    assert [(r["question_number"], r["reason"], r["actor_name"]) for r in listed] == [
        (2, REASON, "Người dùng bantochuc")]
    detail = client.get(f"{api}/{listed[0]['id']}?limit=1", headers=organiser_api).json()
    assert [c["attempt_id"] for c in detail["changes"]] == [3]


@pytest.mark.parametrize(("path", "change", "status", "detail"), [
    ("void", {"reason": ""}, 422, "Hãy ghi lý do xử lý câu hỏi"),
    ("void", {"question_id": 9999}, 404, "Không tìm thấy câu hỏi này trong ngân hàng"),
    ("rekey", {"correct_option_ids": [1]}, 422, "Phương án đúng phải là phương án của chính"),
    ("rekey", {"correct_option_ids": []}, 422, "Hãy chọn ít nhất một phương án đúng."),
])
def test_bad_input_to_the_api_is_refused_in_vietnamese_and_changes_nothing(
        client, organiser_api, database, bank, four, api, path, change, status, detail):
    body = {"question_id": bank[1].id, "reason": REASON, **change}
    response = client.post(f"{api}/{path}", headers=organiser_api, json=body)
    assert response.status_code == status
    assert response.json()["detail"].startswith(detail)
    assert stored_scores(database) == [3, 3, 4, 3]
    assert rulings_kept(database) == 0


def test_the_api_needs_a_staff_token_with_the_right(client, officer_api, bank, api):
    assert client.get(api).status_code == 401
    assert client.post(f"{api}/void", headers=officer_api, json={
        "question_id": bank[1].id, "reason": REASON}).status_code == 403
