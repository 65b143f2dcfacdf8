"""Who may send and follow bulk batches: staff who submit essays, for units within their
subtree (organisers: any unit). A batch of another unit is refused (403), not hidden."""

from typing import Annotated

from fastapi import BackgroundTasks, Depends
from sqlmodel import Session

from backend.accounts.models import UserAccount
from backend.clock import utcnow
from backend.config import Settings
from backend.db import Database
from backend.deps import Id, ReadSessionDep, require
from backend.essays import intake
from backend.essays.intake_worker import run_intake
from backend.essays.models import IntakeBatch
from backend.policy import Permission
from backend.units import service as units
from backend.units.models import Unit
from backend.writing import service as writing
from backend.writing.models import WritingCompetition

Submitter = Annotated[UserAccount, require(Permission.SUBMIT_ESSAYS)]


def intake_competition(competition_id: Id, user: Submitter,
                       session: ReadSessionDep) -> WritingCompetition:
    competition = writing.get_competition(session=session, competition_id=competition_id)
    session.commit()  # a read: on SQLite nothing stays open while the files are read
    return competition


IntakeCompetition = Annotated[WritingCompetition, Depends(intake_competition)]


def visible_batch(batch_id: Id, user: Submitter, session: ReadSessionDep) -> IntakeBatch:
    batch = intake.get_batch(session=session, batch_id=batch_id, actor=user)
    session.commit()
    return batch


VisibleBatch = Annotated[IntakeBatch, Depends(visible_batch)]


def units_for(session: Session, user: UserAccount) -> list[Unit]:
    """The units a user may send batches for."""
    return units.list_units(session=session, within=units.scope_of(session=session, user=user))


def take_in_background(tasks: BackgroundTasks, database: Database, settings: Settings,
                       batch_id: int, *, resume_failed: bool = False) -> None:
    """Run the batch after the response is sent, in a worker thread of this process; if the
    process stops meanwhile, the scheduled job takes the batch up when its lease runs out."""
    tasks.add_task(_run, database, settings, batch_id, resume_failed)


def _run(database: Database, settings: Settings, batch_id: int, resume_failed: bool) -> None:
    run_intake(database=database, settings=settings, batch_id=batch_id, now=utcnow(),
               resume_failed=resume_failed)
