"""The jobs themselves: each calls the same service the pages and API call."""

from datetime import datetime

from backend import ratelimit
from backend.accounts import service as accounts
from backend.attempts import service as attempts
from backend.db import Database
from backend.downloads import upkeep as downloads
from backend.essays import extraction as essay_texts
from backend.essays import intake_worker
from backend.forwarding import service as forwarding
from backend.movement import reminders as movement_reminders
from backend.results import sweeps as results


def expire_overdue_attempts(*, database: Database, now: datetime) -> int:
    """Hand in, as at their deadline, attempts left open past the deadline and its grace."""
    finished = 0
    with database.writes() as db:
        while batch := attempts.expire_overdue(
                db=db, now=now, grace_seconds=database.settings.answer_grace_seconds):
            finished += batch
    return finished


def forget_ended_sessions(*, database: Database, now: datetime) -> int:
    """Delete sign-in sessions that ended a month ago or more."""
    with database.scope() as session:
        return accounts.forget_ended_sessions(session=session, now=now)


def forget_old_rate_counters(*, database: Database, now: datetime) -> int:
    """Drop request counters whose window closed more than a day ago."""
    return ratelimit.forget_old_counters(database=database, now=now)


def finalise_closed_rounds(*, database: Database, now: datetime) -> results.Swept:
    """Finalise the results of rounds that are over, and each contest's overall results once
    all its rounds are (again when a round's results changed)."""
    with database.scope(write=False) as read, database.scope() as write:
        return results.finalise_closed_rounds(read=read, write=write, now=now)


def make_results_official(*, database: Database, now: datetime) -> int:
    """Make provisional results official once their complaint window has passed."""
    with database.scope() as session:
        return results.make_results_official(session=session, now=now)
# --- Result spreadsheets ------------------------------------------------------------------


def prepare_result_files(*, database: Database, now: datetime) -> int:
    """Queue and build the results and prize lists (masked and in full) of every ranked
    board whose current version has none yet, so that they download at once."""
    with database.scope() as session:
        downloads.queue_board_files(session=session, now=now)
    return downloads.build_pending(database=database)


def build_queued_exports(*, database: Database, now: datetime) -> int:
    """Build the files people asked for that no app process is building (one stopped or
    died), so that nothing asked for is lost."""
    return downloads.build_pending(database=database)


def forget_superseded_exports(*, database: Database, now: datetime) -> int:
    """Delete the files of board versions that have been replaced by a new ranking."""
    return downloads.forget_superseded(database=database, now=now)


# --- Essays ---------------------------------------------------------------------------------


def extract_essay_texts(*, database: Database, now: datetime) -> essay_texts.ExtractionRun:
    """Read the text and word count of uploaded essay versions that wait for them, for two
    minutes at most (well inside the job's lease of four)."""
    return essay_texts.extract_pending_texts(database=database, seconds=120)


# --- Bulk essay intake ----------------------------------------------------------------------


def take_essay_batches(*, database: Database, now: datetime) -> int:
    """Take the essay batches units sent that no worker is taking (queued, or left by a
    worker that stopped or died), so that every batch finishes."""
    return intake_worker.run_pending(database=database, settings=database.settings)
# --- Writing competitions -----------------------------------------------------------------


def close_due_writing_levels(*, database: Database, now: datetime) -> list[int]:
    """Mark writing levels whose deadline has passed as closed at their deadline (pages
    compute the status from the time anyway); the ids closed this time."""
    with database.scope() as session:
        return forwarding.close_due_levels(session=session, now=now)


# --- The "Dân vận khéo" movement -------------------------------------------------------------


def note_movement_reminders(*, database: Database, now: datetime) -> int:
    """Once a day while a year's registration deadline nears, note in the audit log the
    officers' units that have registered nothing yet (home pages compute the reminders
    themselves); the notes added."""
    with database.scope() as session:
        return movement_reminders.note_units_without_entries(
            session=session, now=now, zone=database.settings.zone)
