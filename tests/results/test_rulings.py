"""Faulty questions: voiding and re-keying re-score and re-rank exactly, on the stored
attempts, and refuse what they cannot do without changing anything."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from backend.attempts.models import Attempt
from backend.clock import utcnow
from backend.contests.models import Contest
from backend.errors import InvalidInput, NotFound
from backend.questions.models import Question, QuestionOption
from backend.results import rescoring, rulings
from backend.results import service as results
from backend.results.models import QuestionRuling, ResultChange, ResultEntry, ResultState
from tests.factories import add_questions, make_contest

REASON = "Câu 2 có hai phương án cùng đúng theo Văn kiện Đại hội XIII"


def rule(scene, action, *, reason: str = REASON, actor_id=None, **arguments):
    contest_id = scene.contest.id  # read before letting go: an expired contest would reload
    scene.session.commit()  # SQLite has one writer: let go of it
    with scene.database.scope(write=False) as read, scene.database.scope() as write:
        outcome = action(read=read, write=write, contest_id=contest_id, reason=reason,
                         actor_id=actor_id, now=utcnow(), **arguments)
    scene.session.expire_all()
    return outcome


def void(scene, question, *, drop=False, **kwargs):
    return rule(scene, rulings.void_question, question_id=question.id, drop=drop, **kwargs)


def rekey(scene, question, letters: str, **kwargs):
    ids = [option_ids(scene, question)[letter] for letter in letters]
    return rule(scene, rulings.rekey_question, question_id=question.id,
                correct_option_ids=ids, **kwargs)


def option_ids(scene, question) -> dict[str, int]:
    return {o.letter: o.id for o in scene.session.execute(
        select(QuestionOption).where(QuestionOption.question_id == question.id)).scalars()}


def scores(scene) -> dict[int, int]:
    return dict(scene.session.execute(select(Attempt.contestant_id, Attempt.score)).all())


def bank_version(scene) -> int:
    return scene.session.scalar(select(Contest.bank_version)
                                .where(Contest.id == scene.contest.id))


@pytest.fixture
def four(scene, bank):
    """a: all right; b: wrong on question 2 (C); c: left question 2 blank; d: never had it."""
    a, b, c, d = scene.contestants(4)
    scene.sit(a, bank, "BBBB")
    scene.sit(b, bank, "BCBB")
    scene.sit(c, bank, "B-BB")
    scene.sit(d, bank, "B.BB")
    return a, b, c, d


def test_voiding_with_the_mark_raises_exactly_the_scores_of_those_who_missed_it(scene, bank,
                                                                              four):
    a, b, c, d = four
    version = bank_version(scene)

    outcome = void(scene, bank[1])

    assert scores(scene) == {a.id: 4, b.id: 4, c.id: 4, d.id: 3}
    assert outcome.changed
    assert outcome.rescored == 3
    assert outcome.changes == [
        {"attempt_id": 2, "contestant_id": b.id, "before": 3, "after": 4},
        {"attempt_id": 3, "contestant_id": c.id, "before": 3, "after": 4}]
    ruling = scene.session.execute(select(QuestionRuling)).scalar_one()
    assert (ruling.kind.value, ruling.reason, ruling.rescored) == ("void_mark", REASON, 3)
    assert ruling.changes == outcome.changes
    assert scene.session.get(Question, bank[1].id).voided == "mark"
    assert bank_version(scene) == version + 1


def test_dropping_lowers_the_most_and_the_scores_of_those_who_had_it_right(scene, bank, four):
    a, b, c, d = four
    board = scene.board()
    board.prizes = []
    scene.session.commit()

    outcome = void(scene, bank[1], drop=True)

    assert scores(scene) == {a.id: 3, b.id: 3, c.id: 3, d.id: 3}
    assert [(x["contestant_id"], x["before"], x["after"]) for x in outcome.changes] == [
        (a.id, 4, 3)]
    scene.finalise(board)
    most = dict(scene.session.execute(select(ResultEntry.contestant_id, ResultEntry.max_score))
                .all())
    assert most == {a.id: 3, b.id: 3, c.id: 3, d.id: 3}


def test_rekeying_moves_the_mark_from_the_old_to_the_new_correct_option(scene, bank):
    q2 = bank[1]
    a, b, c, d = scene.contestants(4)
    for person, letter in ((a, "B"), (b, "A"), (c, "C"), (d, "-")):
        scene.sit(person, bank, f"B{letter}A.")

    outcome = rekey(scene, q2, "A")

    assert scores(scene) == {a.id: 1, b.id: 2, c.id: 1, d.id: 1}
    assert [(x["contestant_id"], x["before"], x["after"]) for x in outcome.changes] == [
        (a.id, 2, 1), (b.id, 1, 2)]
    assert {o.letter: o.is_correct for o in scene.session.execute(
        select(QuestionOption).where(QuestionOption.question_id == q2.id)).scalars()} == {
        "A": True, "B": False, "C": False, "D": False}


def test_a_finalised_board_is_ranked_again_and_the_prize_moves(scene, bank, organiser):
    q2 = bank[1]
    a, b, c = scene.contestants(3)
    scene.sit(a, bank, "BBB.", duration_s=100)  # 3
    scene.sit(b, bank, "BAB.", duration_s=200)  # 2
    scene.sit(c, bank, "BCA.", duration_s=50)  # 1
    board, overall = scene.board(), scene.board(False)
    for each in (board, overall):
        each.prizes = [{"tier": "Giải Nhất", "count": 1, "group": ""}]
    scene.session.commit()
    scene.finalise(board)
    scene.finalise(overall)
    assert scene.entries(board)[0] == (a.id, 1, "Giải Nhất", "")

    outcome = rekey(scene, q2, "A", actor_id=organiser.id)

    assert scene.entries(board) == [(b.id, 1, "Giải Nhất", ""), (a.id, 2, None, ""),
                                    (c.id, 3, None, "")]
    assert scene.entries(overall)[0] == (b.id, 1, "Giải Nhất", "")
    assert [(r.name, r.changed, r.moved) for r in outcome.boards] == [
        ("Tuần 1", True, 2), ("Kết quả chung cuộc", True, 2)]
    change = scene.session.execute(select(ResultChange).where(ResultChange.board_id == board.id)
                                   .order_by(ResultChange.id.desc()).limit(1)).scalar_one()
    assert change.actor_id == organiser.id
    assert change.reason == f"Câu hỏi số 2: Sửa đáp án đúng. Lý do: {REASON}"


def test_an_official_board_accepts_the_change_for_the_rulings_reason(scene, bank, organiser):
    q2 = bank[1]
    a, b = scene.contestants(2)
    scene.sit(a, bank, "BB..", duration_s=100)
    scene.sit(b, bank, "BD..", duration_s=90)
    board = scene.board()
    board.prizes, board.complaint_days = [{"tier": "Giải Nhất", "count": 1, "group": ""}], 0
    scene.session.commit()
    scene.finalise(board)
    now = utcnow()
    board = results.publish(session=scene.session, board=scene.session.get(type(board), board.id),
                            actor_id=None, now=now)
    results.make_official(session=scene.session, board=board, actor_id=None, now=now)

    void(scene, q2, actor_id=organiser.id)

    assert scene.entries(board) == [(b.id, 1, "Giải Nhất", ""), (a.id, 2, None, "")]
    board = scene.session.get(type(board), board.id)
    assert board.state is ResultState.OFFICIAL
    amend = scene.session.execute(select(ResultChange).where(ResultChange.action == "amend")
                                  ).scalar_one()
    assert amend.actor_id == organiser.id
    assert REASON in amend.reason
    assert {(x["contestant_id"], x["before"]["prize"], x["after"]["prize"])
            for x in amend.details["changes"]} == {(a.id, "Giải Nhất", None),
                                                   (b.id, None, "Giải Nhất")}


def test_ruling_twice_the_same_way_changes_nothing(scene, bank, four):
    board = scene.board()
    board.prizes = []
    scene.session.commit()
    scene.finalise(board)
    void(scene, bank[1])
    before = (scores(scene), bank_version(scene), scene.entries(board),
              scene.session.scalar(select(func.count()).select_from(ResultChange)))

    again = void(scene, bank[1], reason="Bấm lại lần nữa")

    assert not again.changed
    assert again.changes == []
    assert [r.changed for r in again.boards] == [False]
    assert again.ruling.reason == REASON
    assert (scores(scene), bank_version(scene), scene.entries(board),
            scene.session.scalar(select(func.count()).select_from(ResultChange))) == before
    assert scene.session.scalar(select(func.count()).select_from(QuestionRuling)) == 1


def test_re_scoring_again_writes_nothing(scene, bank, four):
    outcome = void(scene, bank[1])
    contest_id, question_id = scene.contest.id, bank[1].id
    scene.session.commit()
    with scene.database.scope(write=False) as read, scene.database.scope() as write:
        again = rescoring.rescore(read=read, write=write, ruling_id=outcome.ruling.id,
                                  contest_id=contest_id, question_id=question_id)
    assert (again.rescored, again.changes) == (3, [])


@pytest.mark.parametrize("reason", ["", "   ", "\u200b\t"])
def test_a_ruling_without_a_reason_is_refused_and_changes_nothing(scene, bank, four, reason):
    before = (scores(scene), bank_version(scene))
    with pytest.raises(InvalidInput, match="Hãy ghi lý do"):
        void(scene, bank[1], reason=reason)
    assert (scores(scene), bank_version(scene)) == before
    assert scene.session.get(Question, bank[1].id).voided == ""
    assert scene.session.scalar(select(func.count()).select_from(QuestionRuling)) == 0


def test_a_key_must_be_options_of_the_question_itself(scene, bank, four):
    before = (scores(scene), bank_version(scene))
    other = option_ids(scene, bank[0])["A"]
    with pytest.raises(InvalidInput, match="phương án của chính câu số 2"):
        rule(scene, rulings.rekey_question, question_id=bank[1].id, correct_option_ids=[other])
    with pytest.raises(InvalidInput, match="ít nhất một phương án đúng"):
        rule(scene, rulings.rekey_question, question_id=bank[1].id, correct_option_ids=[])
    assert (scores(scene), bank_version(scene)) == before
    assert {o.letter: o.is_correct for o in scene.session.execute(
        select(QuestionOption).where(QuestionOption.question_id == bank[1].id)).scalars()} == {
        "A": False, "B": True, "C": False, "D": False}


def test_a_question_of_another_contest_or_none_is_not_found(scene, bank):
    stranger = add_questions(scene.session, make_contest(scene.session, title="Cuộc thi khác"),
                             1)[0]
    for question_id in (stranger.id, 9999):
        with pytest.raises(NotFound, match="Không tìm thấy câu hỏi"):
            rule(scene, rulings.void_question, question_id=question_id, drop=False)
    assert scene.session.get(Question, stranger.id).voided == ""


def test_only_finished_attempts_are_re_scored(scene, bank):
    a, b = scene.contestants(2)
    scene.sit(a, bank, ".C..")
    scene.sit(b, bank, ".C..", state="in_progress",
              submitted_at=scene.round.opens_at + timedelta(minutes=2))
    outcome = void(scene, bank[1])
    assert [x["contestant_id"] for x in outcome.changes] == [a.id]


def planned_then(scene, bank, meanwhile):
    """Question 2 voided with the mark and the re-scoring planned; then `meanwhile` runs on
    the write session before the planned scores are written. What was not written."""
    scene.session.execute(update(Question).where(Question.id == bank[1].id).values(voided="mark"))
    scene.session.execute(update(Contest).where(Contest.id == scene.contest.id)
                          .values(bank_version=Contest.bank_version + 1))
    contest_id, question_id = scene.contest.id, bank[1].id
    scene.session.commit()
    with scene.database.scope(write=False) as read, scene.database.scope() as write:
        plan = rescoring._plan(read, contest_id, question_id, watched=set())
        assert sorted(c.attempt_id for c in plan.changes) == [2, 3]  # in no set order
        write.execute(meanwhile)
        write.commit()
        missed = rescoring._apply(write, contest_id, plan)
    scene.session.expire_all()
    return missed


def test_a_score_changed_since_it_was_read_is_not_overwritten(scene, bank, four):
    missed = planned_then(scene, bank, update(Attempt).where(Attempt.id == 3)
                          .values(score=0, revision=Attempt.revision + 1))

    assert missed == {3: 4}
    assert scores(scene) == {four[0].id: 4, four[1].id: 4, four[2].id: 0, four[3].id: 3}


def test_scores_planned_on_a_bank_changed_since_are_not_written(scene, bank, four):
    missed = planned_then(scene, bank, update(Contest).where(Contest.id == scene.contest.id)
                          .values(bank_version=Contest.bank_version + 1))

    assert missed == {2: 4, 3: 4}
    assert scores(scene) == {four[0].id: 4, four[1].id: 3, four[2].id: 3, four[3].id: 3}
