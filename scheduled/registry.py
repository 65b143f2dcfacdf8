"""Which jobs run, and how often."""

from collections.abc import Callable
from dataclasses import dataclass

from backend.config import Settings
from scheduled import jobs


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
        # Result spreadsheets (backend/downloads).
        Job("prepare_result_files", jobs.prepare_result_files, 300),
        Job("build_queued_exports", jobs.build_queued_exports, 60),
        Job("forget_superseded_exports", jobs.forget_superseded_exports, 3600),
    ]
