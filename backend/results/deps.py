"""Loading a contest and its result boards for organisers, with the right to manage results
checked once."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.contests import service as contests
from backend.contests.models import Contest
from backend.deps import Id, ReadSessionDep, SessionDep, require
from backend.policy import Permission
from backend.results import service
from backend.results.models import ResultBoard

ResultsManager = Annotated[UserAccount, require(Permission.MANAGE_RESULTS)]


def results_contest(contest_id: Id, user: ResultsManager, read: ReadSessionDep) -> Contest:
    # Read apart from the request's writes: a finalise must not hold SQLite's write lock
    # while it ranks; the read ends at once.
    contest = contests.get_contest(session=read, contest_id=contest_id)
    read.commit()
    return contest


ResultsContest = Annotated[Contest, Depends(results_contest)]


def viewed_board(board_id: Id, contest: ResultsContest, read: ReadSessionDep) -> ResultBoard:
    return service.get_board(session=read, board_id=board_id, contest_id=contest.id)


def changed_board(board_id: Id, contest: ResultsContest, session: SessionDep) -> ResultBoard:
    """The board in the session that changes it, its row locked so that two organisers (or
    an organiser and the scheduler) move it one after the other."""
    board = service.get_board(session=session, board_id=board_id, contest_id=contest.id)
    session.refresh(board, with_for_update=True)
    return board


ViewedBoard = Annotated[ResultBoard, Depends(viewed_board)]
ChangedBoard = Annotated[ResultBoard, Depends(changed_board)]
