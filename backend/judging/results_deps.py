"""A judged level's results for whoever manages the writing competition (organisers); judges
and unit officers get nothing of them."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.deps import Id, ReadSessionDep, require
from backend.judging.aggregate import judged_level
from backend.policy import Permission
from backend.writing.models import WritingLevel

WritingManager = Annotated[UserAccount, require(Permission.MANAGE_WRITING)]


def results_level(level_id: Id, user: WritingManager, read: ReadSessionDep) -> WritingLevel:
    level = judged_level(session=read, level_id=level_id)
    read.commit()  # the read ends here: a lock or an aggregation must not wait on it
    return level


ResultsLevel = Annotated[WritingLevel, Depends(results_level)]
