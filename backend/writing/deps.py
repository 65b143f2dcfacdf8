"""Loading a writing competition for its organisers, with the right checked once per route."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.deps import Id, ReadSessionDep, require
from backend.policy import Permission
from backend.writing import service
from backend.writing.models import WritingCompetition

WritingManager = Annotated[UserAccount, require(Permission.MANAGE_WRITING)]


def managed_competition(competition_id: Id, user: WritingManager,
                        session: ReadSessionDep) -> WritingCompetition:
    competition = service.get_competition(session=session, competition_id=competition_id)
    session.commit()
    return competition


ManagedCompetition = Annotated[WritingCompetition, Depends(managed_competition)]
