"""Who may judge and who manages judging, checked once per route; an essay given to the judge
loaded once, or 404."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.deps import Id, Now, SessionDep, require
from backend.judging import views
from backend.policy import Permission

JudgeUser = Annotated[UserAccount, require(Permission.JUDGE_ESSAYS)]
WritingManager = Annotated[UserAccount, require(Permission.MANAGE_WRITING)]


def given_essay(assignment_id: Id, user: JudgeUser, session: SessionDep,
                now: Now) -> views.JudgeEssay:
    """The essay behind one of the judge's own assignments; another's is a 404."""
    return views.judge_essay(session=session, assignment_id=assignment_id, user_id=user.id,
                             now=now)


GivenEssay = Annotated[views.JudgeEssay, Depends(given_essay)]
