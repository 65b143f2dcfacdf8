"""Who may enter a writing competition's figures and download its files, checked once per
route (the overview and collective prizes: `deps.WritingManager`)."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.deps import Id, SessionDep, require
from backend.policy import Permission
from backend.writing import service as writing
from backend.writing.models import WritingCompetition

# Reported figures: organisers anywhere, unit officers for their subtree's units.
WritingReporter = Annotated[UserAccount, require(Permission.REPORT_FIGURES)]
# Spreadsheets: organisers all of them, unit officers the essays of their subtree.
WritingExporter = Annotated[UserAccount, require(Permission.EXPORT_RESULTS)]


def competition(competition_id: Id, session: SessionDep) -> WritingCompetition:
    return writing.get_competition(session=session, competition_id=competition_id)


Competition = Annotated[WritingCompetition, Depends(competition)]
