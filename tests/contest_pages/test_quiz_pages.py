"""The quiz page: one scrolling paper, saved answers checked on reload, no hint of the key."""

import re
from datetime import timedelta

from backend.attempts.models import Attempt
from tests.contest_pages.conftest import checked_on, questions_on, start
from tests.factories import (
    add_questions,
    make_contest,
    make_round,
    register_contestant,
    visible_text,
)


def attempt_id(path: str) -> int:
    return int(path.rsplit("/", 1)[1])


def save(client, path: str, answers: dict, prediction: int | None = None):
    body = {"answers": {str(q): c for q, c in answers.items()}}
    if prediction is not None:
        body["prediction"] = prediction
    return client.put(f"/api/v1/attempts/{attempt_id(path)}/answers", json=body,
                      headers={"X-CSRF-Token": client.csrf})


def test_the_quiz_shows_every_question_as_a_numbered_fieldset_of_radio_buttons(
        browser, contest, round_):
    path = start(browser, contest, round_)
    page = browser.get(path)
    text = visible_text(page.text)
    assert page.status_code == 200
    assert "Tuần 1 · Lượt thi thứ 1" in text
    assert "5 câu hỏi. Hạn nộp bài:" in text
    assert "Mỗi câu chọn một phương án." in text
    assert "Còn lại 10:00" in text
    assert "Đã trả lời 0 / 5 câu" in text
    shown = questions_on(page.text)
    assert len(shown) == 5
    assert all(len(options) == 4 for _, options in shown)
    for number in range(1, 6):
        assert re.search(rf'<fieldset class="question" id="cau-{number}" data-question="\d+">\s*'
                         rf'<legend><span class="question-number">Câu {number}.</span> Câu hỏi số',
                         page.text)
    assert page.text.count('type="radio"') == 20
    assert 'type="checkbox"' not in page.text
    assert f'action="{path}/nop"' in page.text
    assert "Nộp bài" in text


def test_the_timer_counts_to_the_servers_deadline_on_the_servers_clock(
        browser, contest, round_, clock):
    path = start(browser, contest, round_)
    clock.advance(minutes=4, seconds=30)
    page = browser.get(path)
    deadline = int(re.search(r'data-deadline="(\d+)"', page.text).group(1))
    server_now = int(re.search(r'data-server-now="(\d+)"', page.text).group(1))
    assert deadline - server_now == 330_000
    assert "Còn lại 05:30" in visible_text(page.text)
    assert f'data-save-url="/api/v1/attempts/{attempt_id(path)}/answers"' in page.text
    assert f'data-submit-url="/api/v1/attempts/{attempt_id(path)}/submit"' in page.text


def test_a_reload_shows_the_saved_answers_checked(browser, contest, round_):
    path = start(browser, contest, round_)
    shown = questions_on(browser.get(path).text)
    (first, first_options), (third, third_options) = shown[0], shown[2]
    answer = save(browser, path, {first: [first_options[2][0]], third: [third_options[0][0]]})
    assert answer.status_code == 200
    page = browser.get(path)
    assert checked_on(page.text) == {first: [first_options[2][0]], third: [third_options[0][0]]}
    assert "Đã trả lời 2 / 5 câu" in visible_text(page.text)
    assert page.text.count('<p class="save-state saved" data-save-state aria-live="polite">'
                           'Đã lưu</p>') == 2
    assert questions_on(page.text) == shown
    assert page.headers["cache-control"] == "no-store"


def test_starting_again_resumes_the_same_paper(browser, contest, round_):
    path = start(browser, contest, round_)
    shown = questions_on(browser.get(path).text)
    assert start(browser, contest, round_) == path
    landing = visible_text(browser.get(f"/thi/{contest.id}").text)
    assert "Làm tiếp lượt đang làm dở" in landing
    assert questions_on(browser.get(path).text) == shown


def test_autosave_from_the_page_needs_its_csrf_token(browser, contest, round_):
    path = start(browser, contest, round_)
    first, options = questions_on(browser.get(path).text)[0]
    refused = browser.put(f"/api/v1/attempts/{attempt_id(path)}/answers",
                          json={"answers": {str(first): [options[0][0]]}})
    assert refused.status_code == 403
    assert checked_on(browser.get(path).text) == {}


def test_a_contest_with_several_correct_options_uses_check_boxes(
        client, session, database, tree):
    from tests.factories import sign_in_contestant

    contest = make_contest(session, title="Cuộc thi nhiều đáp án")
    add_questions(session, contest, 8, multi_every=2)
    round_ = make_round(session, contest, question_count=4)
    register_contestant(session, database, contest, tree["Q3-VTS"])
    session.commit()
    browser = sign_in_contestant(client, contest)
    page = browser.get(start(browser, contest, round_))
    assert page.text.count('type="checkbox"') == 16
    assert 'type="radio"' not in page.text
    assert "Mỗi câu có thể có một hoặc nhiều phương án đúng" in visible_text(page.text)


def test_the_prediction_question_is_asked_when_the_round_has_one(
        browser, session, contest, round_):
    round_.prediction_prompt = "Có bao nhiêu người trả lời đúng tất cả các câu trong tuần này?"
    session.add(round_)
    session.commit()
    path = start(browser, contest, round_)
    assert save(browser, path, {}, prediction=1234).status_code == 200
    page = browser.get(path)
    assert ("Câu hỏi dự đoán. Có bao nhiêu người trả lời đúng tất cả các câu trong tuần này?"
            in visible_text(page.text))
    assert re.search(r'<input id="prediction" name="prediction" type="number" inputmode="numeric"'
                     r'[^>]* required value="1234">', page.text)


def test_without_javascript_the_form_hands_in_the_ticked_answers(
        browser, contest, round_, database):
    path = start(browser, contest, round_)
    shown = questions_on(browser.get(path).text)
    right = {qid: next(o for o, t in options if t.startswith("Phương án B"))
             for qid, options in shown}
    form = {"csrf_token": browser.csrf, "cau": [str(q) for q, _ in shown],
            **{f"q-{qid}": str(right[qid]) for qid, _ in shown[:3]}}
    answer = browser.post(f"{path}/nop", data=form, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == path
    text = visible_text(browser.get(path).text)
    assert "Kết quả lượt thi" in text
    assert "3/5 câu đúng" in text
    with database.scope(write=False) as fresh:
        stored = fresh.get(Attempt, attempt_id(path))
        assert stored.answers == {**{str(q): [right[q]] for q, _ in shown[:3]},
                                  **{str(q): [] for q, _ in shown[3:]}}


def test_a_form_hand_in_without_the_prediction_asks_for_it_and_keeps_the_ticks(
        browser, session, contest, round_):
    round_.prediction_prompt = "Bao nhiêu người tham gia tuần này?"
    session.add(round_)
    session.commit()
    path = start(browser, contest, round_)
    shown = questions_on(browser.get(path).text)
    (qid, options) = shown[1]
    answer = browser.post(f"{path}/nop", data={
        "csrf_token": browser.csrf, "cau": [str(q) for q, _ in shown],
        f"q-{qid}": str(options[3][0])})
    assert answer.status_code == 422
    assert "Bạn chưa trả lời câu hỏi dự đoán." in visible_text(answer.text)
    assert checked_on(answer.text) == {qid: [options[3][0]]}
    assert "Kết quả lượt thi" not in answer.text


def test_a_round_not_open_yet_counts_down_and_cannot_be_started(
        client, session, contest, contestant, clock):
    from tests.factories import sign_in_contestant

    later = make_round(session, contest, opens_at=clock.now + timedelta(hours=2, minutes=5),
                       closes_at=clock.now + timedelta(days=7))
    browser = sign_in_contestant(client, contest)
    text = visible_text(browser.get(f"/thi/{contest.id}").text)
    assert "Sắp mở" in text
    assert "Mở sau 02:05:00" in text
    assert "Bắt đầu lượt thi" not in text
    answer = browser.post(f"/thi/{contest.id}/tuan-thi/{later.id}/bat-dau",
                          data={"csrf_token": browser.csrf})
    assert answer.status_code == 409
    assert "Tuần thi chưa mở. Vui lòng quay lại khi đến giờ mở." in visible_text(answer.text)


def test_another_contestants_attempt_is_not_found(client, browser, session, database, contest,
                                                  round_, tree):
    path = start(browser, contest, round_)
    register_contestant(session, database, contest, tree["Q3-VTS"], phone="0987654321",
                        name="Lê Văn Cường")
    session.commit()
    from tests.factories import sign_in_contestant

    other = sign_in_contestant(client, contest, phone="0987654321")
    answer = other.get(path)
    assert answer.status_code == 404
    assert "Không tìm thấy lượt thi này." in visible_text(answer.text)
