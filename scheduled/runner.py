"""Running registered jobs with APScheduler; a lease makes a second scheduler process harmless."""

import contextlib
import logging
import os
import socket
import uuid
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from backend import leases
from backend.clock import utcnow
from backend.config import Settings
from backend.db import Database
from scheduled.registry import Job, registered_jobs

log = logging.getLogger("thidua.scheduler")
HOLDER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_job(*, database: Database, job: Job, holder: str = HOLDER) -> object | None:
    """Run `job` once if this process can take its lease; returns what the job returned."""
    lease_seconds = max(60, job.every_seconds * 4)
    if not leases.acquire(database=database, name=job.name, holder=holder,
                          seconds=lease_seconds, now=utcnow()):
        log.info("Bỏ qua %s: tiến trình khác đang chạy.", job.name)
        return None
    try:
        result = job.run(database=database, now=utcnow())
        log.info("Đã chạy %s: %s", job.name, result)
        return result
    finally:
        leases.release(database=database, name=job.name, holder=holder, now=utcnow())


def _schedule(scheduler, settings: Settings, database: Database) -> None:
    for job in registered_jobs(settings):
        # Every job also runs at once on start, so work missed while stopped is caught up.
        scheduler.add_job(run_job, "interval", seconds=job.every_seconds, id=job.name,
                          kwargs={"database": database, "job": job}, coalesce=True,
                          max_instances=1, misfire_grace_time=job.every_seconds,
                          next_run_time=datetime.now(UTC))


def start_background(settings: Settings) -> BackgroundScheduler:
    """Run the jobs on a thread of this process (used by `thidua serve --scheduler`)."""
    scheduler = BackgroundScheduler(timezone="UTC")
    _schedule(scheduler, settings, Database(settings))
    scheduler.start()
    return scheduler


def run_forever(settings: Settings) -> None:
    """Run the jobs in the foreground until interrupted (`thidua scheduler`)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    scheduler = BlockingScheduler(timezone="UTC")
    _schedule(scheduler, settings, Database(settings))
    log.info("Bộ lập lịch %s đã khởi động.", HOLDER)
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()

