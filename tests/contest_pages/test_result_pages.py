"""After hand-in: the result and the history, with no answer key anywhere on any page."""

import re
from zoneinfo import ZoneInfo

from backend.clock import utc_to_local
from tests.contest_pages.conftest import checked_on, questions_on, sign_in_contestant, start
from tests.factories import (
    add_questions,
    make_contest,
    make_round,
    register_contestant,
    visible_text,
)

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def local(moment) -> str:
    return utc_to_local(moment, ZONE).strftime("%H:%M:%S %d/%m/%Y")


def correct_of(shown) -> dict[int, int]:
    """The factories make option B correct; the test knows it, the page must not tell."""
    return {qid: next(o for o, text in options if text.startswith("Phương án B"))
            for qid, options in shown}


def hand_in(client, path: str, shown, picks: dict[int, int], **extra):
    data = {"csrf_token": client.csrf, "cau": [str(q) for q, _ in shown],
            **{f"q-{q}": str(o) for q, o in picks.items()}, **extra}
    return client.post(f"{path}/nop", data=data, follow_redirects=False)


def test_the_result_shows_score_state_times_duration_and_attempts_left(
        clock, browser, contest, round_):
    began = clock.now
    path = start(browser, contest, round_)
    shown = questions_on(browser.get(path).text)
    right = correct_of(shown)
    clock.advance(minutes=4, seconds=12)
    answer = hand_in(browser, path, shown, {q: right[q] for q, _ in shown[:2]})
    assert answer.headers["location"] == path
    text = visible_text(browser.get(path).text)
    assert "Kết quả lượt thi" in text
    assert "2/5 câu đúng" in text
    assert "Tuần thi Tuần 1 · lượt thứ 1" in text
    assert "Trạng thái Đã nộp" in text
    assert f"Bắt đầu {local(began)}" in text
    assert f"Nộp bài {local(clock.now)}" in text
    assert "Thời gian làm bài 4 phút 12 giây" in text
    assert "Đã dùng 1/3 lượt thi; còn 2 lượt." in text
    assert "Thi lượt mới" in text


def test_an_attempt_left_open_past_its_deadline_shows_as_handed_in_when_time_ran_out(
        clock, browser, contest, round_):
    path = start(browser, contest, round_)
    shown = questions_on(browser.get(path).text)
    qid, option = next(iter(correct_of(shown).items()))
    browser.put(f"/api/v1/attempts/{path.rsplit('/', 1)[1]}/answers",
                json={"answers": {str(qid): [option]}}, headers={"X-CSRF-Token": browser.csrf})
    clock.advance(minutes=11)
    text = visible_text(browser.get(path).text)
    assert "Đã hết giờ làm bài: bài được nộp với các câu trả lời đã lưu trước hạn chót." in text
    assert "1/5 câu đúng" in text
    assert "Trạng thái Tự nộp khi hết giờ" in text
    assert "Thời gian làm bài 10 phút 00 giây" in text


def test_a_form_handed_in_after_the_grace_counts_only_what_was_saved_in_time(
        clock, browser, contest, round_):
    path = start(browser, contest, round_)
    shown = questions_on(browser.get(path).text)
    clock.advance(minutes=10, seconds=30)
    answer = hand_in(browser, path, shown, correct_of(shown))
    assert answer.headers["location"] == f"{path}?het_gio=1"
    text = visible_text(browser.get(answer.headers["location"]).text)
    assert "Đã hết giờ làm bài" in text
    assert "0/5 câu đúng" in text


def test_the_history_lists_each_attempt_with_round_state_score_duration_and_time(
        clock, browser, contest, round_):
    first = start(browser, contest, round_)
    shown = questions_on(browser.get(first).text)
    clock.advance(minutes=2, seconds=5)
    hand_in(browser, first, shown, correct_of(shown))
    handed_in_at = clock.now
    second = start(browser, contest, round_)
    text = visible_text(browser.get(f"/thi/{contest.id}/lich-su").text)
    assert "Lượt thi của tôi" in text
    assert "Tuần 1 · lượt 2 Đang làm" in text
    assert (f"Tuần 1 · lượt 1 Đã nộp 5/5 câu đúng · 2 phút 05 giây Nộp lúc {local(handed_in_at)}"
            in text)
    assert text.index("lượt 2") < text.index("lượt 1")
    page = browser.get(f"/thi/{contest.id}/lich-su").text
    assert f'href="{second}"' in page
    assert f'href="{first}"' in page


def test_no_new_attempt_once_the_rounds_attempts_are_used_up(
        browser, session, contest, round_):
    round_.max_attempts = 1
    session.add(round_)
    session.commit()
    path = start(browser, contest, round_)
    hand_in(browser, path, questions_on(browser.get(path).text), {})
    text = visible_text(browser.get(path).text)
    assert "Đã dùng 1/1 lượt thi; còn 0 lượt." in text
    assert "Thi lượt mới" not in text
    landing = visible_text(browser.get(f"/thi/{contest.id}").text)
    assert "Bạn đã dùng hết số lượt thi của tuần thi này." in landing
    refused = browser.post(f"/thi/{contest.id}/tuan-thi/{round_.id}/bat-dau",
                           data={"csrf_token": browser.csrf})
    assert refused.status_code == 409
    assert "Bạn đã dùng hết 1 lượt thi của tuần thi này." in visible_text(refused.text)


def test_starting_again_from_the_result_gives_a_second_attempt(browser, contest, round_):
    first = start(browser, contest, round_)
    hand_in(browser, first, questions_on(browser.get(first).text), {})
    second = start(browser, contest, round_)
    assert second != first
    assert "Tuần 1 · Lượt thi thứ 2" in visible_text(browser.get(second).text)


def normalised_options(html: str, correct: dict[int, set[int]]) -> dict[tuple, set[str]]:
    """Each option's markup with its own id, text and letter blanked, grouped by whether it is
    correct and whether it is ticked: any difference between the groups would be a hint."""
    groups: dict[tuple, set[str]] = {}
    for qid, block in re.findall(r'data-question="(\d+)">(.*?)</fieldset>', html, re.S):
        for label in re.findall(r'<label class="option">.*?</label>', block, re.S):
            option = int(re.search(r'value="(\d+)"', label).group(1))
            text = re.search(r"<span>([^<]*)</span>", label).group(1)
            blank = (label.replace(f'value="{option}"', 'value="ID"').replace(text, "TEXT")
                     .replace(f'name="q-{qid}"', 'name="q-Q"'))
            blank = re.sub(r'aria-hidden="true">[A-H]<', 'aria-hidden="true">L<', blank)
            key = (option in correct[int(qid)], " checked" in label)
            groups.setdefault(key, set()).add(blank.replace(" checked", ""))
    return groups


def assert_no_hint_on_quiz(browser, contest, round_, multi: bool):
    path = start(browser, contest, round_)
    shown = questions_on(browser.get(path).text)
    right = correct_of(shown)
    correct = {qid: {o for o, text in options if text.startswith("Phương án B")
                     or (multi and text.startswith("Phương án D"))} for qid, options in shown}
    wrong = {qid: next(o for o, _ in options if o not in correct[qid]) for qid, options in shown}
    (q1, _), (q2, _) = shown[0], shown[1]
    browser.put(f"/api/v1/attempts/{path.rsplit('/', 1)[1]}/answers",
                json={"answers": {str(q1): [right[q1]], str(q2): [wrong[q2]]}},
                headers={"X-CSRF-Token": browser.csrf})
    page = browser.get(path).text
    assert checked_on(page) == {q1: [right[q1]], q2: [wrong[q2]]}
    groups = normalised_options(page, correct)
    assert set(groups) == {(True, False), (False, False), (True, True), (False, True)}
    # Right or wrong, ticked or not: once its own id, text and letter are blanked, every
    # option is the same markup.
    assert len(set().union(*groups.values())) == 1
    assert "<!--" not in page
    tags = " ".join(re.findall(r"<[^>]+>", page))
    assert not re.search(r"correct|right|dap.?an|đáp|đúng|(?<!noi-)dung", tags, re.I)
    fieldsets = {re.sub(r"<label.*?</label>|Câu hỏi số \d+|\d+", "", block, flags=re.S)
                 for block in re.findall(r"<fieldset class=\"question\".*?</fieldset>", page,
                                         re.S)}
    assert len(fieldsets) == 2  # answered or not: nothing else sets one question apart
    return path


def test_no_page_gives_any_hint_of_which_option_is_correct(browser, contest, round_, tree):
    path = assert_no_hint_on_quiz(browser, contest, round_, multi=False)
    hand_in(browser, path, questions_on(browser.get(path).text), {})
    for page in (path, f"/thi/{contest.id}", f"/thi/{contest.id}/lich-su", "/",
                 f"/thi/{contest.id}/don-vi?q=phuong", f"/thi/{contest.id}/dang-ky"):
        html = browser.get(page).text
        assert "Phương án" not in html, page
        assert not re.search(r"correct|đáp án", html, re.I), page


def test_check_box_quizzes_give_no_hint_either(client, session, database, tree):
    contest = make_contest(session, title="Cuộc thi nhiều đáp án")
    add_questions(session, contest, 10, multi_every=2)
    round_ = make_round(session, contest, question_count=6)
    register_contestant(session, database, contest, tree["Q1-BN"])
    session.commit()
    browser = sign_in_contestant(client, contest)
    assert_no_hint_on_quiz(browser, contest, round_, multi=True)
