"""Excluding a flagged contestant from prizes: still ranked, no prize, everyone below moves up
for the prizes; logged, refused without a reason, lifted with one."""

import pytest
from sqlalchemy import func, select

from backend.audit.models import AuditEntry
from backend.errors import Conflict, InvalidInput, NotFound
from backend.flags.excluded import excluded_from_prizes
from backend.flags.models import PrizeExclusion
from backend.results.models import ResultChange, ResultState
from tests.factories import add_contestants, add_finished_attempt, make_contest

PRIZES = [{"tier": "Giải Nhất", "count": 1, "group": ""},
          {"tier": "Giải Nhì", "count": 1, "group": ""},
          {"tier": "Giải Ba", "count": 1, "group": ""}]


@pytest.fixture
def ranked(scene):
    """Four contestants scoring 5, 4, 3, 2 in a finalised round with three prizes."""
    people = scene.contestants(4)
    for score, person in zip((5, 4, 3, 2), people, strict=True):
        add_finished_attempt(scene.session, scene.round, person, score=score)
    board = scene.board()
    board.prizes = PRIZES
    scene.session.commit()
    scene.finalise(board)
    return people


def _count(scene, model) -> int:
    return scene.session.scalar(select(func.count()).select_from(model))


def test_excluding_the_first_prize_winner_moves_everyone_below_up(scene, ranked, organiser):
    first, second, third, fourth = ranked

    outcome = scene.exclude(first, actor_id=organiser.id)

    assert scene.entries(scene.board()) == [
        (first.id, 1, None, ""), (second.id, 2, "Giải Nhất", ""),
        (third.id, 3, "Giải Nhì", ""), (fourth.id, 4, "Giải Ba", "")]
    assert [(b.name, b.changed, b.moved) for b in outcome.boards] == [("Tuần 1", True, 4)]
    change = scene.session.execute(select(ResultChange).order_by(ResultChange.id.desc())
                                   .limit(1)).scalar_one()
    assert change.reason == f"Loại {first.full_name} khỏi giải. Lý do: Thi hộ, đã xác minh"
    assert change.actor_id == organiser.id
    entry = scene.session.execute(select(AuditEntry).where(
        AuditEntry.action == "flags.exclude")).scalar_one()
    assert (entry.actor_id, entry.target, entry.details["reason"]) == (
        organiser.id, f"contestant:{first.id}", "Thi hộ, đã xác minh")
    assert excluded_from_prizes(scene.session, scene.contest.id) == {first.id}


def test_an_official_board_accepts_the_exclusion_under_its_reason(scene, ranked):
    board = scene.board()
    board.state = ResultState.OFFICIAL
    scene.session.commit()

    scene.exclude(ranked[1], reason="  Quyết định   số 12/QĐ-BTC  ")

    assert [e[2] for e in scene.entries(scene.board())] == ["Giải Nhất", None, "Giải Nhì",
                                                             "Giải Ba"]
    assert scene.session.scalar(select(PrizeExclusion.reason)) == "Quyết định số 12/QĐ-BTC"


@pytest.mark.parametrize("reason", ["", "   ", "\u200b\u0007"])
def test_an_exclusion_without_a_reason_is_refused_and_changes_nothing(scene, ranked, reason):
    with pytest.raises(InvalidInput, match="Hãy ghi lý do"):
        scene.exclude(ranked[0], reason=reason)

    assert _count(scene, PrizeExclusion) == 0
    assert scene.session.scalar(select(func.count()).where(
        AuditEntry.action.startswith("flags."))) == 0
    assert scene.entries(scene.board())[0] == (ranked[0].id, 1, "Giải Nhất", "")


def test_a_reason_too_long_is_refused(scene, ranked):
    with pytest.raises(InvalidInput, match="2000 ký tự"):
        scene.exclude(ranked[0], reason="x" * 2001)
    assert _count(scene, PrizeExclusion) == 0


def test_excluding_twice_is_refused_and_the_first_reason_stands(scene, ranked):
    scene.exclude(ranked[0], reason="Lý do thứ nhất")

    with pytest.raises(Conflict, match="đã bị loại khỏi giải trước đó") as refused:
        scene.exclude(ranked[0], reason="Lý do thứ hai")

    assert refused.value.code == "already_excluded"
    assert scene.session.scalar(select(PrizeExclusion.reason)) == "Lý do thứ nhất"
    assert _count(scene, PrizeExclusion) == 1


def test_a_contestant_of_another_contest_is_not_found(scene, ranked, tree):
    other = make_contest(scene.session, title="Cuộc thi khác")
    stranger = add_contestants(scene.session, other, [tree["Q1-BN"]], 1)[0]

    with pytest.raises(NotFound):
        scene.exclude(stranger)
    assert _count(scene, PrizeExclusion) == 0


def test_lifting_restores_the_prizes_and_keeps_the_history(scene, ranked, organiser):
    first = ranked[0]
    scene.exclude(first)

    scene.lift(first, actor_id=organiser.id)

    assert [e[2] for e in scene.entries(scene.board())] == ["Giải Nhất", "Giải Nhì", "Giải Ba",
                                                             None]
    row = scene.session.execute(select(PrizeExclusion)).scalar_one()
    assert (row.reason, row.lift_reason, row.lifted_by) == (
        "Thi hộ, đã xác minh", "Đã xác minh lại, không vi phạm", organiser.id)
    assert row.lifted_at is not None
    assert [e.action for e in scene.session.execute(
        select(AuditEntry).where(AuditEntry.action.startswith("flags."))
        .order_by(AuditEntry.id)).scalars()] == ["flags.exclude", "flags.lift"]
    with pytest.raises(Conflict, match="không bị loại khỏi giải"):
        scene.lift(first)


def test_excluding_again_after_a_lift_reuses_the_row(scene, ranked):
    scene.exclude(ranked[0], reason="Lần một")
    scene.lift(ranked[0])

    scene.exclude(ranked[0], reason="Lần hai")

    row = scene.session.execute(select(PrizeExclusion)).scalar_one()
    assert (row.reason, row.lifted_at, row.lift_reason) == ("Lần hai", None, "")
    assert scene.entries(scene.board())[0][2] is None


def test_an_exclusion_before_finalising_is_applied_when_the_round_is_finalised(scene):
    people = scene.contestants(3)
    for score, person in zip((5, 4, 3), people, strict=True):
        add_finished_attempt(scene.session, scene.round, person, score=score)
    board = scene.board()
    board.prizes = PRIZES[:1]
    scene.session.commit()

    scene.exclude(people[0])
    scene.finalise(scene.board())

    assert scene.entries(scene.board())[:2] == [(people[0].id, 1, None, ""),
                                                (people[1].id, 2, "Giải Nhất", "")]


def test_the_entry_of_an_excluded_contestant_says_so_even_without_a_prize_at_stake(scene,
                                                                                   ranked):
    from backend.downloads.sources import result_lines
    from backend.results.models import ResultEntry

    scene.exclude(ranked[3])  # fourth: no prize to lose

    board = scene.board()
    marked = scene.session.execute(select(ResultEntry.contestant_id).where(
        ResultEntry.board_id == board.id, ResultEntry.version == board.version,
        ResultEntry.prize_excluded)).scalars().all()
    assert marked == [ranked[3].id]
    assert [e[2] for e in scene.entries(board)] == ["Giải Nhất", "Giải Nhì", "Giải Ba", None]
    where = {"board_id": board.id, "version": board.version, "units": None}
    scene.session.commit()
    with scene.database.read_engine.connect() as connection:
        lines = list(result_lines(connection, masked=True, groups=False, prizes_only=False,
                                  **where))
        winners = list(result_lines(connection, masked=True, groups=False, prizes_only=True,
                                    **where))
    assert [line.prize for line in lines] == ["Giải Nhất", "Giải Nhì", "Giải Ba",
                                              "Bị loại khỏi giải"]
    assert len(winners) == 3


def test_simultaneous_exclusions_of_one_contestant_store_one_and_refuse_the_rest(scene, ranked):
    import threading

    from backend.clock import utcnow
    from backend.flags import service

    contest_id, contestant_id = scene.contest_id, ranked[0].id
    scene.session.commit()
    barrier, outcomes = threading.Barrier(5), []

    def exclude(n: int) -> None:
        with scene.database.scope(write=False) as read, scene.database.scope() as write:
            barrier.wait()
            try:
                service.exclude_from_prizes(read=read, write=write, contest_id=contest_id,
                                            contestant_id=contestant_id, reason=f"Lần {n}",
                                            actor_id=None, now=utcnow())
                outcomes.append("excluded")
            except Conflict:
                outcomes.append("conflict")
    threads = [threading.Thread(target=exclude, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict"] * 4 + ["excluded"]
    assert _count(scene, PrizeExclusion) == 1
    assert scene.entries(scene.board())[0][2] is None
