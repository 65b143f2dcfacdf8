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
        Job("forget_old_rate_counters", jobs.forget_old_rate_counters, 3600),
    ]
