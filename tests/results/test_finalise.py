"""Finalising a round and the results workflow, on the stored attempts."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.clock import utcnow
from backend.errors import Conflict, InvalidInput
from backend.results import service as results
from backend.results.models import ResultChange, ResultEntry, ResultState
from tests.factories import add_contestants, add_finished_attempt


def test_a_closed_round_is_ranked_with_its_prediction_value_and_prizes(scene):
    a, b, c, d = scene.contestants(4)
    add_finished_attempt(scene.session, scene.round, a, score=5, prediction=2)
    add_finished_attempt(scene.session, scene.round, b, score=5, prediction=9)
    add_finished_attempt(scene.session, scene.round, c, score=3, prediction=1)
    add_finished_attempt(scene.session, scene.round, d, score=5, prediction=2, duration_s=100)
    board = scene.board()
    board.prizes = [{"tier": "Giải Nhất", "count": 1, "group": ""},
                    {"tier": "Giải Nhì", "count": 1, "group": ""}]
    scene.session.commit()

    outcome = scene.finalise(board)

    assert outcome.changed
    assert outcome.actual_value == 3
    assert scene.entries(board) == [(d.id, 1, "Giải Nhất", ""), (a.id, 2, "Giải Nhì", ""),
                                    (b.id, 3, None, ""), (c.id, 4, None, "")]
    board = scene.session.get(type(board), board.id)
    assert board.state is ResultState.FINALISED
    assert board.ranked == 4
    assert board.key_question_ids == [1, 2, 3, 4, 5]


def test_finalising_again_with_nothing_changed_gives_the_identical_list(scene):
    people = scene.contestants(12)
    for n, person in enumerate(people):
        add_finished_attempt(scene.session, scene.round, person, score=n % 6, prediction=n)
    board = scene.board()
    first = scene.finalise(board)
    listed = scene.entries(board)

    again = scene.finalise(board)

    assert not again.changed
    assert again.version == first.version
    assert scene.entries(board) == listed
    assert scene.session.scalar(select(func.count()).select_from(ResultChange)) == 1


def test_only_submitted_or_expired_attempts_count(scene):
    a, b = scene.contestants(2)
    add_finished_attempt(scene.session, scene.round, a, score=2, state="expired")
    add_finished_attempt(scene.session, scene.round, b, score=5)
    add_finished_attempt(scene.session, scene.round, a, score=5, attempt_no=2,
                         state="in_progress")
    board = scene.board()
    board.prizes = []
    scene.session.commit()
    scene.finalise(board)
    assert [(cid, rank) for cid, rank, _, _ in scene.entries(board)] == [(b.id, 1), (a.id, 2)]


def test_an_open_round_is_not_finalised(scene):
    board = scene.board()
    with pytest.raises(Conflict, match="Vòng thi chưa đóng"):
        scene.finalise(board, now=scene.round.closes_at - timedelta(seconds=1))


def test_a_prize_table_asking_for_more_winners_than_contestants_is_refused(scene):
    for person in scene.contestants(3):
        add_finished_attempt(scene.session, scene.round, person, score=4)
    board = scene.board()  # default table: 11 prizes
    with pytest.raises(InvalidInput, match="trao 11 giải nhưng chỉ có 3 thí sinh"):
        scene.finalise(board)
    assert scene.session.get(type(board), board.id).state is ResultState.NOT_FINALISED
    assert scene.entries(board) == []


def test_publishing_an_unfinalised_round_is_refused(scene):
    board = scene.board()
    with pytest.raises(Conflict, match="Chưa tổng hợp kết quả"):
        results.publish(session=scene.session, board=board, actor_id=None, now=utcnow())
    scene.session.rollback()
    assert scene.session.get(type(board), board.id).state is ResultState.NOT_FINALISED


def finalised_board(scene, count=6):
    for n, person in enumerate(scene.contestants(count)):
        add_finished_attempt(scene.session, scene.round, person, score=n % 5, prediction=n)
    board = scene.board()
    board.prizes = [{"tier": "Giải Nhất", "count": 1, "group": ""}]
    scene.session.commit()
    scene.finalise(board)
    return scene.session.get(type(board), board.id)


def test_published_results_are_provisional_until_the_complaint_window_ends(scene):
    board = finalised_board(scene)
    now = utcnow()
    results.publish(session=scene.session, board=board, actor_id=None, now=now)
    assert board.state is ResultState.PROVISIONAL
    assert board.complaints_until == now + timedelta(days=3)
    with pytest.raises(Conflict, match="Thời hạn khiếu nại chưa hết"):
        results.make_official(session=scene.session, board=board, actor_id=None, now=now)
    results.make_official(session=scene.session, board=board, actor_id=None,
                          now=now + timedelta(days=3))
    assert board.state is ResultState.OFFICIAL
    actions = [c.action for c in results.history(session=scene.session, board_id=board.id)]
    assert actions == ["finalise", "publish", "official"]


def official_board(scene):
    board = finalised_board(scene)
    now = utcnow()
    results.publish(session=scene.session, board=board, actor_id=None, now=now)
    results.make_official(session=scene.session, board=board, actor_id=None,
                          now=now + timedelta(days=3))
    return board


def test_a_change_to_official_results_without_a_reason_is_refused(scene):
    board = official_board(scene)
    listed = scene.entries(board)
    late = scene.contestants(7)[-1]
    add_finished_attempt(scene.session, scene.round, late, score=5, submitted_at=None)

    with pytest.raises(Conflict, match="phải ghi rõ lý do"):
        scene.finalise(board)
    assert scene.entries(board) == listed

    outcome = scene.finalise(board, reason="Bổ sung bài thi bị lỗi đường truyền, QĐ số 12")
    assert outcome.changed
    assert outcome.changes >= 1
    amend = results.history(session=scene.session, board_id=board.id)[-1]
    assert amend.action == "amend"
    assert amend.reason.startswith("Bổ sung")
    moved = {c["contestant_id"]: c for c in amend.details["changes"]}
    assert moved[late.id]["before"] is None
    assert moved[late.id]["after"]["rank"] == 1


def test_rules_cannot_change_once_published(scene):
    board = official_board(scene)
    with pytest.raises(Conflict, match="Kết quả đã công bố"):
        results.update_rules(
            session=scene.session, board=board, counted_attempt=board.counted_attempt,
            prediction_target=board.prediction_target, combine=board.combine,
            tie_breaks=["score"], prizes=[], max_winner_share=None, complaint_days=3,
            actor_id=None, now=utcnow())


def test_groups_are_ranked_with_their_own_prizes(scene):
    scene.contest.groups = ["Cán bộ, đảng viên", "Nhân dân"]
    scene.session.commit()
    people = scene.contestants(6, groups=scene.contest.groups)
    for n, person in enumerate(people):
        add_finished_attempt(scene.session, scene.round, person, score=n)
    board = scene.board()
    board.prizes = [{"tier": "Giải Nhất", "count": 1, "group": ""},
                    {"tier": "Giải lan tỏa", "count": 1, "group": "Nhân dân"}]
    scene.session.commit()
    scene.finalise(board)
    by_group = {}
    for cid, rank, prize, group in scene.entries(board):
        by_group.setdefault(group, []).append((cid, rank, prize))
    officials, citizens = by_group["Cán bộ, đảng viên"], by_group["Nhân dân"]
    assert [p for *_, p in officials] == ["Giải Nhất", None, None]
    assert [p for *_, p in citizens] == ["Giải Nhất", "Giải lan tỏa", None]
    assert [r for _, r, _ in citizens] == [1, 2, 3]


def test_one_prize_per_person_across_rounds_and_the_overall_ranking(scene):
    scene.contest.one_prize_per_person = True
    scene.session.commit()
    second = scene.add_round(2)
    a, b, c = scene.contestants(3)
    for round_, scores in ((scene.round, (5, 4, 1)), (second, (5, 2, 4))):
        for person, score in zip((a, b, c), scores, strict=True):
            add_finished_attempt(scene.session, round_, person, score=score)
    one_prize = [{"tier": "Giải Nhất", "count": 1, "group": ""}]
    for board in (scene.board(), scene.board(second), scene.board(False)):
        board.prizes = one_prize
    scene.session.commit()
    scene.finalise(scene.board())
    scene.finalise(scene.board(second))
    overall = scene.board(False)
    scene.finalise(overall)

    assert scene.entries(scene.board()) == [(a.id, 1, "Giải Nhất", ""), (b.id, 2, None, ""),
                                            (c.id, 3, None, "")]
    # Round 2: a won in round 1, so the prize passes to c, next in the ranking.
    assert scene.entries(scene.board(second)) == [(a.id, 1, None, ""), (c.id, 2, "Giải Nhất", ""),
                                                  (b.id, 3, None, "")]
    # Overall, by the sum of both rounds: a 10, b 6, c 5; a and c already won.
    assert scene.entries(overall) == [(a.id, 1, None, ""), (b.id, 2, "Giải Nhất", ""),
                                      (c.id, 3, None, "")]


def test_two_finalises_at_once_give_one_result(scene):
    for n, person in enumerate(scene.contestants(40)):
        add_finished_attempt(scene.session, scene.round, person, score=n % 5, prediction=n)
    board = scene.board()
    outcomes, errors = [], []

    def finalise():
        try:
            outcomes.append(scene.finalise(board))
        except Conflict as refused:
            errors.append(refused)

    threads = [threading.Thread(target=finalise) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) + len(errors) == 2
    assert outcomes
    board = scene.session.get(type(board), board.id)
    versions = scene.session.execute(select(ResultEntry.version).where(
        ResultEntry.board_id == board.id).distinct()).scalars().all()
    assert versions == [board.version]
    assert len(scene.entries(board)) == 40
    assert scene.session.scalar(select(func.count()).select_from(ResultChange)) == 1


def test_a_unit_that_joined_after_the_contest_froze_its_units_is_named_from_the_tree(scene):
    from backend.units.models import Unit

    newcomer = Unit(code="TD-LT", name="Phường Linh Trung", parent_id=scene.units[0].parent_id)
    scene.session.add(newcomer)
    scene.session.commit()
    (person,) = add_contestants(scene.session, scene.contest, [newcomer], 1)
    add_finished_attempt(scene.session, scene.round, person, score=3)
    board = scene.board()
    board.prizes = []
    scene.session.commit()

    scene.finalise(board)

    assert scene.session.execute(select(ResultEntry.unit_name)).scalars().all() == [
        "Phường Linh Trung"]
