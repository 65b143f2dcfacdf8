"""Loading a contest or round for a request, with the caller's right to it checked."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.contests import service
from backend.contests.models import Contest, Round
from backend.deps import Id, SessionDep, require
from backend.policy import Permission, has_permission

ContestManager = Annotated[UserAccount, require(Permission.MANAGE_CONTESTS)]
ContestMonitor = Annotated[UserAccount, require(Permission.MONITOR_CONTESTS)]
ContestantViewer = Annotated[UserAccount, require(Permission.VIEW_CONTESTANTS)]


def managed_contest(contest_id: Id, user: ContestManager, session: SessionDep) -> Contest:
    return service.get_contest(session=session, contest_id=contest_id)


def monitored_contest(contest_id: Id, user: ContestMonitor, session: SessionDep) -> Contest:
    # Unit officers follow published contests only; organisers also the ones being prepared.
    return service.get_contest(session=session, contest_id=contest_id,
                               published_only=not has_permission(user, Permission.MANAGE_CONTESTS))


def viewed_contest(contest_id: Id, user: ContestantViewer, session: SessionDep) -> Contest:
    # Seen as by a monitor: unit officers, published contests only.
    return monitored_contest(contest_id, user, session)


def managed_round(round_id: Id, contest: "ManagedContest", session: SessionDep) -> Round:
    return service.get_round(session=session, round_id=round_id, contest_id=contest.id)


def published_contest(contest_id: Id, session: SessionDep) -> Contest:
    return service.get_contest(session=session, contest_id=contest_id, published_only=True)


ManagedContest = Annotated[Contest, Depends(managed_contest)]
MonitoredContest = Annotated[Contest, Depends(monitored_contest)]
ViewedContest = Annotated[Contest, Depends(viewed_contest)]
ManagedRound = Annotated[Round, Depends(managed_round)]
PublishedContest = Annotated[Contest, Depends(published_contest)]
