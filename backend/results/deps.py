"""Loading a contest for the results pages and API, with the caller's right checked."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.contests import service as contests
from backend.contests.models import Contest
from backend.deps import Id, ReadSessionDep, require
from backend.policy import Permission

ResultsManager = Annotated[UserAccount, require(Permission.MANAGE_RESULTS)]


def results_contest(contest_id: Id, user: ResultsManager, read: ReadSessionDep) -> Contest:
    """The contest, read without the write lock (its work may write for a while after)."""
    contest = contests.get_contest(session=read, contest_id=contest_id)
    read.commit()
    return contest


ResultsContest = Annotated[Contest, Depends(results_contest)]
