"""The bank's rules without HTTP: adding, editing, retiring, counting and previewing papers."""

import random
import unicodedata

import pytest
from sqlmodel import select

from backend.audit.models import AuditEntry
from backend.clock import utcnow
from backend.contests import service as contests
from backend.errors import Conflict, InvalidInput, NotFound
from backend.questions import service
from backend.questions.models import Difficulty
from tests.questions.conftest import stored, take_contest

EASY, MEDIUM, HARD = Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD


def draft(text: str, options=("Đúng", "Sai"), correct="A", topic="", difficulty=MEDIUM):
    return service.QuestionDraft(text=text, options=list(options),
                                 correct=service.parse_answer(correct), topic=topic,
                                 difficulty=difficulty)


def add(session, contest, text: str, **fields) -> service.BankQuestion:
    return service.add_question(session=session, contest=contest, draft=draft(text, **fields),
                                actor_id=None, now=utcnow())


@pytest.fixture
def bank(session, contest) -> list[service.BankQuestion]:
    """Six questions: history easy x3 (one of them retired later by tests), history hard,
    movement medium x2."""
    return [
        add(session, contest, "Bài báo “Dân vận” đăng năm nào?", options=("1945", "1949"),
            correct="B", topic="Lịch sử", difficulty=EASY),
        add(session, contest, "Ngày truyền thống dân vận?", options=("15/10", "3/2", "19/5"),
            topic="Lịch sử", difficulty=EASY),
        add(session, contest, "Ai viết bài “Dân vận”?", options=("Hồ Chí Minh", "Lê Duẩn"),
            topic="Lịch sử", difficulty=EASY),
        add(session, contest, "Năm thành lập Ban Dân vận Trung ương?",
            options=("1930", "1945", "1954", "1975"), topic="Lịch sử", difficulty=HARD),
        add(session, contest, "Mô hình dân vận khéo là gì?", options=("Cách làm", "Khẩu hiệu"),
            topic="Phong trào"),
        add(session, contest, "Giải pháp dân vận khéo gồm?", options=("a", "b", "c"),
            correct="A, C", topic="Phong trào"),
    ]


def test_adding_a_question_stores_clean_text_bumps_the_version_and_is_audited(
        session, database, contest):
    typed = unicodedata.normalize("NFD", "  Mặt trận   được thành lập năm nào? ")

    added = add(session, contest, typed, options=(" 1930 ", "1955", "", ""), correct="A",
                topic=" Lịch  sử ", difficulty=HARD)

    assert (added.question.number, added.question.text, added.question.topic) == (
        1, "Mặt trận được thành lập năm nào?", "Lịch sử")
    assert added.question.text_hash == service.text_hash("mặt trận được thành lập năm nào?")
    assert [(o.letter, o.text, o.is_correct) for o in added.options] == [
        ("A", "1930", True), ("B", "1955", False)]
    assert stored(database, contest.id)["version"] == 2
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "question.add")).one()
    assert entry.target == f"question:{added.question.id}"


@pytest.mark.parametrize(("options", "correct", "message"), [
    (("Chỉ một",), "A", "Câu hỏi cần ít nhất hai phương án (đang có 1)."),
    (("a", "b"), "", "Chưa có phương án đúng: hãy ghi chữ cái của phương án đúng, ví dụ “A” "
                     "hoặc “A, C”."),
    (("a", "b"), "C", "Đáp án C trỏ tới phương án C đang để trống."),
    (("a", "b", "c", "d", "e", "f", "g"), "A", "Mỗi câu hỏi có tối đa 6 phương án (A đến F)."),
    (("a", "", "c"), "A", "Phương án B đang để trống trong khi phương án C có nội dung; các "
                          "phương án phải liền nhau từ A."),
    (("Có", "có "), "A", "Phương án B trùng với phương án A."),
])
def test_a_question_that_breaks_the_option_rules_is_refused(session, database, contest, options,
                                                            correct, message):
    with pytest.raises(InvalidInput) as refused:
        add(session, contest, "Câu hỏi", options=options, correct=correct)

    assert refused.value.message == message
    assert stored(database, contest.id)["questions"] == []


def test_the_same_question_typed_differently_is_refused(session, database, bank, contest):
    before = stored(database, contest.id)

    with pytest.raises(Conflict) as refused:
        add(session, contest, "AI VIẾT  bài “Dân vận”?")

    assert refused.value.message.startswith("Ngân hàng đã có câu hỏi này (câu số 3).")
    assert stored(database, contest.id) == before


def test_editing_changes_text_options_and_key_keeping_option_ids(session, database, bank,
                                                                contest):
    target = bank[1]
    ids = [o.id for o in target.options]

    edited = service.edit_question(
        session=session, contest=contest, question_id=target.question.id,
        draft=draft("Ngày truyền thống công tác dân vận?", options=("3/2", "15/10"),
                    correct="B", topic="lịch sử", difficulty=MEDIUM),
        actor_id=None, now=utcnow())

    assert (edited.question.text, edited.question.topic, edited.question.difficulty) == (
        "Ngày truyền thống công tác dân vận?", "Lịch sử", MEDIUM)
    assert [(o.id, o.text, o.is_correct) for o in edited.options] == [
        (ids[0], "3/2", False), (ids[1], "15/10", True)]
    assert stored(database, contest.id)["version"] == 8
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "question.edit")).one()
    assert entry.details["before"]["options"] == ["15/10", "3/2", "19/5"]


def test_editing_into_a_copy_of_another_question_is_refused(session, bank, contest):
    with pytest.raises(Conflict) as refused:
        service.edit_question(session=session, contest=contest, question_id=bank[0].question.id,
                              draft=draft("ai viết bài “dân vận”?"), actor_id=None, now=utcnow())

    assert "câu số 3" in refused.value.message


def test_editing_is_refused_once_the_contest_has_attempts(session, database, bank, contest,
                                                         tree):
    take_contest(session, contest, tree["Q1"])
    before = stored(database, contest.id)

    with pytest.raises(Conflict) as refused:
        service.edit_question(session=session, contest=contest, question_id=bank[0].question.id,
                              draft=draft("Câu đã sửa"), actor_id=None, now=utcnow())

    assert refused.value.message == (
        "Cuộc thi đã có người thi nên không sửa được câu hỏi (bài đã làm phải được chấm đúng "
        "như lúc thi). Hãy cho câu này ngừng sử dụng rồi thêm một câu mới.")
    assert stored(database, contest.id) == before


def test_a_question_of_another_contest_is_not_found(session, bank, tree):
    other = contests.create_contest(session=session, title="Cuộc thi khác", rules_text="",
                                    requires_id_number=False, scope_unit_ids=[], actor_id=None,
                                    now=utcnow())

    with pytest.raises(NotFound):
        service.retire_question(session=session, contest=other,
                                question_id=bank[0].question.id, actor_id=None, now=utcnow())


def test_retiring_and_reactivating_work_even_after_attempts(session, database, bank, contest,
                                                           tree):
    take_contest(session, contest, tree["Q1"])
    qid = bank[0].question.id

    service.retire_question(session=session, contest=contest, question_id=qid, actor_id=None,
                            now=utcnow())
    retired = stored(database, contest.id)
    with pytest.raises(Conflict, match="đã ngừng sử dụng từ trước"):
        service.retire_question(session=session, contest=contest, question_id=qid,
                                actor_id=None, now=utcnow())
    service.reactivate_question(session=session, contest=contest, question_id=qid,
                                actor_id=None, now=utcnow())

    assert retired["questions"][0][5] is False
    assert retired["version"] == 8
    assert stored(database, contest.id)["questions"][0][5] is True
    assert stored(database, contest.id)["version"] == 9
    assert stored(database, contest.id)["audit"] == 6 + 2


def test_listing_filters_by_topic_difficulty_state_and_unaccented_search(session, bank, contest):
    service.retire_question(session=session, contest=contest, question_id=bank[2].question.id,
                            actor_id=None, now=utcnow())

    def numbers(**filters):
        found = service.list_questions(session=session, contest_id=contest.id, **filters)
        return [b.question.number for b in found]

    assert numbers() == [1, 2, 3, 4, 5, 6]
    assert numbers(topic="lich su", difficulty=EASY) == [1, 2, 3]
    assert numbers(topic="LỊCH SỬ", active=True) == [1, 2, 4]
    assert numbers(active=False) == [3]
    assert numbers(query="dan van kheo") == [5, 6]
    assert numbers(query="DÂN VẬN", difficulty=HARD) == [4]


def test_counts_are_per_topic_and_difficulty_of_questions_in_use(session, bank, contest):
    service.retire_question(session=session, contest=contest, question_id=bank[2].question.id,
                            actor_id=None, now=utcnow())

    counts = service.bank_counts(session=session, contest_id=contest.id)

    assert [(c.topic, c.difficulty, c.count) for c in counts] == [
        ("Lịch sử", EASY, 2), ("Lịch sử", HARD, 1), ("Phong trào", MEDIUM, 2)]


def test_preview_draws_the_asked_number_with_every_option_and_the_key(session, bank, contest):
    paper = service.preview_paper(session=session, contest=contest, question_count=6,
                                  rng=random.Random(7))

    assert sorted(p.number for p in paper) == [1, 2, 3, 4, 5, 6]
    for drawn in paper:
        original = next(b for b in bank if b.question.id == drawn.question_id)
        assert sorted((text, correct) for _, text, correct in drawn.options) == sorted(
            (o.text, o.is_correct) for o in original.options)


def test_preview_shuffles_the_options(session, bank, contest):
    orders = {tuple(text for _, text, _ in p.options)
              for seed in range(20)
              for p in service.preview_paper(session=session, contest=contest, question_count=6,
                                             rng=random.Random(seed))
              if p.number == 4}

    assert len(orders) > 1


def test_preview_follows_quotas_and_skips_retired_questions(session, bank, contest):
    service.retire_question(session=session, contest=contest, question_id=bank[0].question.id,
                            actor_id=None, now=utcnow())

    for seed in range(10):
        paper = service.preview_paper(
            session=session, contest=contest, question_count=3, rng=random.Random(seed),
            quotas=[("lich su", "de", 2), ("", "kho", 1)])
        assert sorted(p.number for p in paper) == [2, 3, 4]


def test_preview_explains_a_bank_too_small_for_the_quotas(session, bank, contest):
    with pytest.raises(Conflict) as refused:
        service.preview_paper(session=session, contest=contest, question_count=2,
                              quotas=[("Lịch sử", "kho", 2)])

    assert refused.value.message == (
        "Ngân hàng câu hỏi chỉ còn 1 câu chủ đề “Lịch sử”, mức độ khó đang dùng, cần 2. "
        "Ban tổ chức cần bổ sung câu hỏi hoặc sửa cơ cấu đề.")


def test_preview_refuses_quotas_that_do_not_add_up(session, bank, contest):
    with pytest.raises(InvalidInput) as refused:
        service.preview_paper(session=session, contest=contest, question_count=5,
                              quotas=[("Lịch sử", "", 2)])

    assert refused.value.message == (
        "Tổng số câu theo cơ cấu đề (2) phải bằng số câu hỏi mỗi đề (5).")
