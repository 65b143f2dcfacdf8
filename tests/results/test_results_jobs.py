"""The scheduler's results jobs: rounds finalised once over, the overall results once every
round is (again when one changed), provisional results made official after the complaint
window; each board on its own, idempotent, and one result from two schedulers."""

import threading
from datetime import timedelta

from sqlalchemy import update

from backend.clock import utcnow
from backend.results.models import ResultBoard, ResultState
from scheduled import jobs
from scheduled.registry import RESULTS_SWEEP_SECONDS, registered_jobs
from scheduled.runner import run_job
from tests.factories import add_finished_attempt
from tests.results.workflow import ONE_PRIZE, REASON_NEEDED, history, played, stored


def sweep(database, now=None) -> tuple[int, int, int]:
    swept = jobs.finalise_closed_rounds(database=database, now=now or utcnow())
    return swept.finalised, swept.unchanged, swept.failed


def boards(scene) -> tuple[int, int]:
    """The ids of round 1's board and the overall board, the overall awarding one prize."""
    round_board, overall = scene.board(), scene.board(False)
    overall.prizes = ONE_PRIZE
    scene.session.commit()
    return round_board.id, overall.id


def test_a_closed_round_gets_its_board_finalised_then_the_overall(database, scene):
    for n, person in enumerate(scene.contestants(12)):
        add_finished_attempt(scene.session, scene.round, person, score=n % 6, prediction=n)

    first = sweep(database)
    again = sweep(database)

    round_board, overall = scene.board(), scene.board(False)
    assert first == (2, 0, 0)
    assert again == (0, 0, 0)
    assert (stored(database, round_board.id).state, stored(database, round_board.id).ranked) \
        == (ResultState.FINALISED, 12)
    assert stored(database, overall.id).state is ResultState.FINALISED
    assert history(database, round_board.id) == [("finalise", None, "")]
    assert history(database, overall.id) == [("finalise", None, "")]


def test_a_failing_board_keeps_its_problem_and_the_others_go_on(database, scene):
    played(scene, [5, 3, 4], prizes=[{"tier": "Giải Nhất", "count": 11, "group": ""}])
    second = scene.add_round(2)
    played(scene, [2, 4], second)

    assert sweep(database) == (1, 0, 1)

    failed, done = stored(database, scene.board().id), stored(database, scene.board(second).id)
    assert failed.state is ResultState.NOT_FINALISED
    assert failed.problem.startswith("Cơ cấu giải thưởng trao 11 giải nhưng chỉ có 3 thí sinh "
                                     "được xếp hạng.")
    assert done.state is ResultState.FINALISED
    assert stored(database, scene.board(False).id).version == 0  # waits for round 1


def test_a_fixed_board_is_finalised_by_the_next_sweep_and_its_problem_cleared(database, scene):
    board = played(scene, [5, 3, 4], prizes=[{"tier": "Giải Nhất", "count": 11, "group": ""}])
    sweep(database)
    board.prizes = ONE_PRIZE
    scene.session.commit()

    sweep(database)

    assert (stored(database, board.id).state, stored(database, board.id).problem) == (
        ResultState.FINALISED, "")


def test_an_open_round_or_one_with_attempts_still_running_waits(database, scene):
    played(scene, [5, 3])
    running = scene.contestants(1)[0]
    add_finished_attempt(scene.session, scene.round, running, score=0, state="in_progress")
    board_id, overall_id = boards(scene)

    assert sweep(database) == (0, 0, 0)
    assert stored(database, board_id).version == 0
    assert stored(database, overall_id).version == 0


def test_the_overall_waits_for_every_round_to_close(database, scene):
    played(scene, [5, 3])
    later = scene.add_round(2)
    later.closes_at = utcnow() + timedelta(days=1)
    scene.session.commit()
    _, overall_id = boards(scene)
    scene.board(later).prizes = []  # no one took part
    scene.session.commit()

    assert sweep(database) == (1, 0, 0)
    assert stored(database, overall_id).version == 0
    assert sweep(database, utcnow() + timedelta(days=2)) == (2, 0, 0)
    assert stored(database, overall_id).ranked == 2


def test_the_overall_is_ranked_again_when_a_round_changed(database, scene):
    played(scene, [5, 3])
    _, overall_id = boards(scene)
    sweep(database)
    add_finished_attempt(scene.session, scene.round, scene.contestants(1)[0], score=4)
    scene.finalise(scene.board())

    assert sweep(database) == (1, 0, 0)
    assert stored(database, overall_id).ranked == 3
    assert [a for a, _, _ in history(database, overall_id)] == ["finalise", "finalise"]
    assert sweep(database) == (0, 0, 0)


def test_an_overall_ranked_again_to_the_same_list_is_left_alone_afterwards(database, scene):
    played(scene, [5, 3])
    board_id, overall_id = boards(scene)
    sweep(database)
    later = utcnow() + timedelta(minutes=5)
    scene.session.execute(update(ResultBoard).where(ResultBoard.id == board_id)
                          .values(finalised_at=later))
    scene.session.commit()

    assert sweep(database, later + timedelta(minutes=1)) == (0, 1, 0)
    assert stored(database, overall_id).finalised_at == later + timedelta(minutes=1)
    assert sweep(database, later + timedelta(minutes=2)) == (0, 0, 0)
    assert len(history(database, overall_id)) == 1


def test_official_overall_results_are_not_changed_without_a_reason(database, scene):
    played(scene, [5, 3])
    _, overall_id = boards(scene)
    sweep(database)
    scene.session.execute(update(ResultBoard).where(ResultBoard.id == overall_id)
                          .values(state=ResultState.OFFICIAL))
    scene.session.commit()
    add_finished_attempt(scene.session, scene.round, scene.contestants(1)[0], score=5)
    scene.finalise(scene.board())
    version = stored(database, overall_id).version

    assert sweep(database) == (0, 0, 1)
    assert stored(database, overall_id).version == version
    assert stored(database, overall_id).problem == REASON_NEEDED


def test_provisional_results_become_official_after_the_complaint_window(database, scene):
    played(scene, [5, 3])
    board_id, _ = boards(scene)
    sweep(database)
    published = utcnow()
    scene.session.execute(update(ResultBoard).where(ResultBoard.id == board_id).values(
        state=ResultState.PROVISIONAL, published_at=published,
        complaints_until=published + timedelta(days=3)))
    scene.session.commit()

    early = jobs.make_results_official(database=database, now=published + timedelta(days=2))
    due = jobs.make_results_official(database=database, now=published + timedelta(days=3))
    again = jobs.make_results_official(database=database, now=published + timedelta(days=4))

    assert (early, due, again) == (0, 1, 0)
    assert stored(database, board_id).state is ResultState.OFFICIAL
    assert history(database, board_id)[-1] == ("official", None, "")


def test_two_schedulers_at_once_give_one_result(database, scene):
    for n, person in enumerate(scene.contestants(40)):
        add_finished_attempt(scene.session, scene.round, person, score=n % 5, prediction=n)
    board_id, overall_id = boards(scene)
    scene.board().prizes = ONE_PRIZE
    scene.session.commit()
    job = next(j for j in registered_jobs(database.settings)
               if j.name == "finalise_closed_rounds")
    start = threading.Barrier(2)

    def scheduler(holder: str) -> None:
        start.wait()
        run_job(database=database, job=job, holder=holder)

    threads = [threading.Thread(target=scheduler, args=(h,)) for h in ("một", "hai")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert history(database, board_id) == [("finalise", None, "")]
    assert history(database, overall_id) == [("finalise", None, "")]
    assert stored(database, board_id).problem == ""


def test_two_sweeps_without_the_lease_still_give_one_result(database, scene):
    """Both find the round without boards, both create them, both finalise: the database
    keeps one of each, and one ranking."""
    for n, person in enumerate(scene.contestants(40)):
        add_finished_attempt(scene.session, scene.round, person, score=n % 5, prediction=n)
    start, failures = threading.Barrier(2), []

    def sweeper() -> None:
        start.wait()
        try:
            sweep(database)
        except Exception as failure:
            failures.append(failure)

    threads = [threading.Thread(target=sweeper) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    board_id, overall_id = boards(scene)
    assert history(database, board_id) == [("finalise", None, "")]
    assert history(database, overall_id) == [("finalise", None, "")]
    assert (stored(database, board_id).problem, stored(database, overall_id).problem) == ("", "")


def test_both_results_jobs_are_registered(settings):
    by_name = {job.name: job.every_seconds for job in registered_jobs(settings)}

    assert by_name["finalise_closed_rounds"] == RESULTS_SWEEP_SECONDS
    assert by_name["make_results_official"] == RESULTS_SWEEP_SECONDS
