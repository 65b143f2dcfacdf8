"""Which jobs run, and how often."""

from collections.abc import Callable
from dataclasses import dataclass

from backend.config import Settings
from scheduled import jobs, writing_results

# Results are looked at every five minutes: soon enough after a round closes, and a sweep
# that finds nothing due costs a few small queries.
RESULTS_SWEEP_SECONDS = 300


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable
    every_seconds: int


def registered_jobs(settings: Settings) -> list[Job]:
    return [
        Job("expire_overdue_attempts", jobs.expire_overdue_attempts,
            settings.expiry_sweep_seconds),
        Job("forget_old_rate_counters", jobs.forget_old_rate_counters, 3600),
        Job("forget_ended_sessions", jobs.forget_ended_sessions, 6 * 3600),
        Job("finalise_closed_rounds", jobs.finalise_closed_rounds, RESULTS_SWEEP_SECONDS),
        Job("make_results_official", jobs.make_results_official, RESULTS_SWEEP_SECONDS),
        # Result spreadsheets (backend/downloads).
        Job("prepare_result_files", jobs.prepare_result_files, 300),
        Job("build_queued_exports", jobs.build_queued_exports, 60),
        Job("forget_superseded_exports", jobs.forget_superseded_exports, 3600),
        # Essay texts (backend/essays/extraction.py): word counts a minute after an upload.
        Job("extract_essay_texts", jobs.extract_essay_texts, 60),
        # Writing competitions: final scores, ranks and prizes while judges score.
        Job("compute_writing_aggregates", writing_results.compute_aggregates,
            RESULTS_SWEEP_SECONDS),
        # Bulk essay batches (backend/essays/intake_worker.py).
        Job("take_essay_batches", jobs.take_essay_batches, 60),
        # Writing competitions: levels closed on their deadline (reminders of unsigned
        # forwarding batches are computed by the home pages at each request).
        Job("close_due_writing_levels", jobs.close_due_writing_levels, 60),
        # The movement: once a day as registration closes, which officers' units have
        # registered nothing yet (the reminders themselves are computed by the home pages).
        Job("note_movement_reminders", jobs.note_movement_reminders, 3600),
    ]
