"""Item analysis: the figures of a small round against a computation by hand, which attempts
are read, and how rulings, several correct options and an empty round show."""

import pytest
from sqlalchemy import select, update

from backend.analysis.figures import point_biserial, upper_weights
from backend.analysis.items import Basis, item_analysis
from backend.attempts.models import Attempt
from backend.clock import utcnow
from backend.questions.models import QuestionOption
from backend.results import rulings
from tests.analysis.conftest import sit_sets
from tests.factories import add_finished_attempt, add_questions


def analyse(scene, round_=None):
    round_id = (round_ or scene.round).id
    scene.session.commit()
    with scene.database.scope(write=False) as read:
        return item_analysis(session=read, contest_id=scene.contest.id, round_id=round_id)


def by_number(found) -> dict:
    return {q.number: q for q in found.questions}


def picks(question) -> str:
    return " ".join(f"{o.letter}{'*' if o.correct else ''}{o.picks}" for o in question.options)


def codes(question) -> list[str]:
    return [f.code for f in question.flags]


def test_figures_match_the_hand_computation(scene, six):
    """Answers (B is the key of every question; "-" blank), right = 1:

        contestant  Q1 Q2 Q3 Q4   right      score
        1           B  B  A  B    1 1 0 1    3
        2           B  B  A  B    1 1 0 1    3
        3           B  B  A  C    1 1 0 0    2
        4           B  C  C  D    1 0 0 0    1
        5           B  A  B  A    1 0 1 0    2
        6           B  D  D  -    1 0 0 0    1      mean 12 / 6 = 2.000

    r is Pearson's between x (right) and y = score - x, over n = 6:
    r = (n·Σxy - Σx·Σy) / √((n·Σx - (Σx)²)(n·Σy² - (Σy)²)).
    Q1: x all 1, p = 6/6 = 1.000; x does not vary, so no r.
    Q2: x 111000, y 2 2 1 1 2 1: Σx 3, Σy 9, Σy² 15, Σxy 5;
        r = (30 - 27) / √(9 · 9) = 0.333; p = 3/6 = 0.500.
    Q3: x 000010, y 3 3 2 1 1 1: Σx 1, Σy 11, Σy² 25, Σxy 1;
        r = (6 - 11) / √(5 · 29) = -0.415; p = 1/6 = 0.167.
    Q4: x 110000, y 2 2 2 1 2 1: Σx 2, Σy 10, Σy² 18, Σxy 4;
        r = (24 - 20) / √(8 · 8) = 0.500; p = 2/6 = 0.333.
    Top 27 %: 0.27 · 6 = 1.62 attempts, all from score 3 (contestants 1 and 2, 0.81 each);
    on Q3 both picked A, so A is picked more than the key B by the top group (1.00 vs 0.00).
    """
    found = analyse(scene)
    q = by_number(found)

    assert (found.basis, found.attempts, found.mean_score) == (Basis.FINISHED, 6, 2.0)
    assert [x.number for x in found.questions] == [3, 1, 2, 4]  # suspect, flagged, the rest
    assert [(x.shown, x.answered, x.blank, x.right) for x in (q[1], q[2], q[3], q[4])] == [
        (6, 6, 0, 6), (6, 6, 0, 3), (6, 6, 0, 1), (6, 5, 1, 2)]
    assert [round(x.facility, 3) for x in (q[1], q[2], q[3], q[4])] == [1.0, 0.5, 0.167, 0.333]
    assert q[1].discrimination is None
    assert [round(x.discrimination, 3) for x in (q[2], q[3], q[4])] == [0.333, -0.415, 0.5]
    assert [picks(x) for x in (q[1], q[2], q[3], q[4])] == [
        "A0 B*6 C0 D0", "A1 B*3 C1 D1", "A3 B*1 C1 D1", "A1 B*2 C1 D1"]
    assert [round(o.share, 3) for o in q[3].options] == [0.5, 0.167, 0.167, 0.167]
    assert [o.upper_share for o in q[3].options] == [1.0, 0.0, 0.0, 0.0]
    assert codes(q[3]) == ["negative_discrimination", "distractor_above_key", "too_hard"]
    assert q[3].flags[1].text == ("Nhóm 27% điểm cao nhất chọn phương án A nhiều hơn đáp án, "
                                  "có thể sai đáp án.")
    assert q[3].suspect
    assert not q[1].suspect
    assert codes(q[1]) == ["too_easy"]
    assert codes(q[2]) == codes(q[4]) == []
    assert q[2].note == "Chỉ 6 lượt thi có câu này: các chỉ số mới chỉ là gợi ý."


def test_finalised_results_are_analysed_on_their_counted_attempts(scene, bank):
    """Contestant a sat twice (4 right, then 1), b once (0), c is still answering. Before the
    results are finalised all three finished attempts count; after, each contestant's
    counted attempt (the best): 4 and 0."""
    a, b, c = scene.contestants(3)
    scene.sit(a, bank, "BBBB")
    scene.sit(a, bank, "BCCC", attempt_no=2)
    scene.sit(b, bank, "CCCC")
    add_finished_attempt(scene.session, scene.round, c, score=0, state="in_progress",
                         paper=[[bank[0].id, []]], answers={})

    before = analyse(scene)
    board = scene.board()
    board.prizes = []
    scene.finalise(board)
    after = analyse(scene)

    assert (before.basis, before.board_version, before.attempts) == (Basis.FINISHED, None, 3)
    assert round(before.mean_score, 3) == round(5 / 3, 3)
    assert [picks(q) for q in before.questions if q.number == 1] == ["A0 B*2 C1 D0"]
    assert (after.basis, after.board_version, after.attempts, after.mean_score) == (
        Basis.COUNTED, 1, 2, 2.0)
    assert [picks(q) for q in after.questions if q.number == 1] == ["A0 B*1 C1 D0"]
    assert after.basis.label == "Các lượt thi được tính trong kết quả đã tổng hợp"


def test_stale_stored_scores_do_not_change_the_figures(scene, six):
    """A ruling still re-scoring leaves stored scores behind the bank: the counts that went
    to an attempt's stored score are moved to the score the bank gives."""
    fresh = analyse(scene)
    scene.session.execute(update(Attempt).values(score=Attempt.id % 4))

    stale = analyse(scene)

    assert stale == fresh


def test_a_cleared_answer_is_blank(scene, bank):
    """An answer saved and then cleared is stored as []: blank, as a question never
    answered."""
    paper = [[q.id, []] for q in bank]
    add_finished_attempt(scene.session, scene.round, scene.contestants(1)[0], score=3,
                         paper=paper, answers={str(bank[0].id): []}, question_count=4)

    found = analyse(scene)

    assert [(q.shown, q.answered, q.blank, q.right) for q in found.questions] == [
        (1, 0, 1, 0)] * 4
    assert found.mean_score == 0


def rule(scene, action, **arguments):
    contest_id = scene.contest.id
    scene.session.commit()
    with scene.database.scope(write=False) as read, scene.database.scope() as write:
        action(read=read, write=write, contest_id=contest_id, reason="Đáp án sai",
               actor_id=None, now=utcnow(), **arguments)
    scene.session.expire_all()


def test_a_voided_question_is_shown_voided_and_not_flagged(scene, six):
    """Q3 voided "mark": everyone who had it is right, so every score but contestant 5's
    (who was right already) gains one: 4 4 3 2 2 2, mean 17/6."""
    rule(scene, rulings.void_question, question_id=six[2].id, drop=False)

    found = analyse(scene)
    q3 = by_number(found)[3]

    assert round(found.mean_score, 3) == round(17 / 6, 3)
    assert (q3.voided, q3.facility, q3.discrimination, q3.flags) == ("mark", None, None, [])
    assert q3.voided_label == "Đã hủy: mọi người có câu này đều được điểm"
    assert picks(q3) == "A3 B*1 C1 D1"  # what was picked stays visible, and the bank's key
    assert [q.number for q in found.questions][-1] == 4


def test_a_rekeyed_question_is_scored_by_its_new_key(scene, six):
    """Q3 re-keyed to A: x 111000, scores 4 4 3 1 1 1, y 3 3 2 1 1 1: Σx 3, Σy 11,
    Σy² 25, Σxy 8; r = (48 - 33) / √(9 · 29) = 0.928; p = 0.500."""
    option_a = scene.session.scalar(select(QuestionOption.id).where(
        QuestionOption.question_id == six[2].id, QuestionOption.position == 0))
    rule(scene, rulings.rekey_question, question_id=six[2].id, correct_option_ids=[option_a])

    q3 = by_number(analyse(scene))[3]

    assert (q3.facility, round(q3.discrimination, 3), q3.flags) == (0.5, 0.928, [])
    assert picks(q3) == "A*3 B1 C1 D1"


def test_several_correct_options_must_all_and_only_be_picked(scene):
    """Q2's key is B and D. Picked: {B, D} right; {B} wrong; {D, B} right; {B, C, D} wrong.
    Q1 (key B): B, B, A, blank. Scores 2 1 1 0.
    Q2: x 1010, y 1 1 0 0: Σx 2, Σy 2, Σy² 2, Σxy 1: r = (4 - 4) / √(4 · 4) = 0.000,
    p = 0.500; option picks A0 B4 C1 D3 (an attempt may pick several)."""
    questions = add_questions(scene.session, scene.contest, 2, multi_every=2)
    for contestant, choices in zip(scene.contestants(4), [
            ["B", "BD"], ["B", "B"], ["A", "DB"], ["", "BCD"]], strict=True):
        sit_sets(scene, contestant, questions, choices)

    q = by_number(analyse(scene))

    assert (q[2].right, q[2].facility, q[2].discrimination) == (2, 0.5, 0.0)
    assert picks(q[2]) == "A0 B*4 C1 D*3"
    assert [o.share for o in q[2].options] == [0.0, 1.0, 0.25, 0.75]
    assert codes(q[2]) == ["weak_discrimination"]
    assert (q[1].answered, q[1].blank, q[1].right) == (3, 1, 2)


def test_a_round_without_attempts_gives_an_empty_analysis(scene, bank):
    found = analyse(scene, scene.add_round(2))

    assert (found.attempts, found.mean_score, found.questions, found.basis) == (
        0, None, [], Basis.FINISHED)
    assert found.round_name == "Tuần 2"


def test_a_round_of_another_contest_is_not_found(scene, bank):
    from backend.errors import NotFound
    from tests.factories import make_contest, make_round

    other = make_round(scene.session, make_contest(scene.session, title="Cuộc thi khác"))

    with pytest.raises(NotFound, match=r"Không tìm thấy tuần thi này\."):
        analyse(scene, other)


def test_point_biserial_and_the_upper_group_from_counts_by_score():
    # Scores 0..3 held by 1, 0, 2, 1 attempts, right: one of those scoring 2, the one scoring
    # 3. (x, y = score - x): (0, 0) (1, 1) (0, 2) (1, 2): Σx 2, Σy 5, Σy² 9, Σxy 3;
    # r = (4·3 - 2·5) / √((4·2 - 4)(4·9 - 25)) = 2 / √44 = 0.302.
    assert round(point_biserial([1, 0, 2, 1], [0, 0, 1, 1]), 3) == 0.302
    assert point_biserial([0, 0, 3], [0, 0, 3]) is None  # everyone right: nothing to correlate
    weights, size = upper_weights([1, 0, 2, 1])
    # 0.27 · 4 = 1.08: the one scoring 3, and 0.08 of the two scoring 2 (0.04 each).
    assert (round(size, 2), [round(w, 3) for w in weights]) == (1.08, [0.0, 0.0, 0.04, 1.0])


def test_a_finalised_round_is_analysed_once_until_a_ruling_changes_the_bank(scene, six):
    """The analysis of finalised results is kept; a ruling (a new bank version, re-ranked
    results) gives a fresh one."""
    board = scene.board()
    board.prizes = []
    scene.finalise(board)
    first = analyse(scene)

    again = analyse(scene)
    rule(scene, rulings.void_question, question_id=six[2].id, drop=False)
    ruled = analyse(scene)

    assert again is first
    assert ruled is not first
    assert by_number(ruled)[3].voided == "mark"
    assert by_number(first)[3].voided == ""
