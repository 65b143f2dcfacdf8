"""Loading a leaderboard for a request: a published board for anyone, a finalised one for
staff who view results, with the subtree a unit officer is limited to."""

from typing import Annotated

from fastapi import Depends, Query

from backend.accounts.models import UserAccount
from backend.contests import service as contests
from backend.contests.deps import PublishedContest
from backend.contests.models import Contest
from backend.deps import Id, SessionDep, require
from backend.policy import Permission, has_permission
from backend.results.published import FINALISED, BoardView, board_in

ResultsViewer = Annotated[UserAccount, require(Permission.VIEW_RESULTS)]
Search = Annotated[str, Query(max_length=100)]
GroupName = Annotated[str, Query(max_length=120)]
PerPage = Annotated[int, Query(ge=1, le=200)]
NOT_PUBLISHED = "Kết quả này chưa được công bố hoặc không có. Hãy xem các kết quả đã công bố."
NOT_FINALISED = "Bảng kết quả này chưa được tổng hợp hoặc không có trong cuộc thi."


def public_board(contest: PublishedContest, board_id: Id, session: SessionDep) -> BoardView:
    return board_in(session=session, contest_id=contest.id, board_id=board_id,
                    missing=NOT_PUBLISHED)


def viewed_contest(contest_id: Id, user: ResultsViewer, session: SessionDep) -> Contest:
    # As the monitor: unit officers follow published contests only.
    return contests.get_contest(session=session, contest_id=contest_id, published_only=not
                                has_permission(user, Permission.MANAGE_CONTESTS))


def viewed_board(contest: "ResultsContest", board_id: Id, session: SessionDep) -> BoardView:
    return board_in(session=session, contest_id=contest.id, board_id=board_id,
                    states=FINALISED, missing=NOT_FINALISED)


PublicBoard = Annotated[BoardView, Depends(public_board)]
ResultsContest = Annotated[Contest, Depends(viewed_contest)]
ViewedBoard = Annotated[BoardView, Depends(viewed_board)]
