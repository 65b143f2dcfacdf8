"""The organiser's results pages: every board of a contest with the step it may take next
(finalise, publish provisionally, make official), and each board's history."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from backend.deps import Now, ReadSessionDep, SessionDep, WriteSessionDep
from backend.errors import DomainError
from backend.results import overview, service
from backend.results.deps import (
    ChangedBoard,
    ResultsContest,
    ResultsManager,
    ViewedBoard,
)
from backend.results.finalise import finalise_board
from backend.web import redirect, render

router = APIRouter(prefix="/quan-ly/cuoc-thi/{contest_id}/ket-qua", include_in_schema=False)
Reason = Annotated[str, Form(max_length=2000)]


def _base(contest) -> str:
    return f"/quan-ly/cuoc-thi/{contest.id}/ket-qua"


def _overview(request: Request, session, contest, now, *, status_code: int = 200, **extra):
    return render(request, "results/manage.html", {
        "contest": contest, "base": _base(contest), "now": now,
        "boards": overview.contest_boards(session=session, contest_id=contest.id, now=now),
        **extra}, status_code=status_code)


def _done(request: Request, contest, board, flag: str):
    return redirect(f"{_base(contest)}?{flag}={board.id}#bang-{board.id}", request)


def _refused(request: Request, session, contest, board_id: int, now, error: DomainError,
             **typed):
    session.rollback()
    return _overview(request, session, contest, now, status_code=error.status_code,
                     error=error.message, error_board=board_id, **typed)


@router.get("")
def results_page(request: Request, contest: ResultsContest, user: ResultsManager,
                 session: WriteSessionDep, now: Now):
    # May write: a round added since the last visit gets its board here.
    return _overview(request, session, contest, now)


@router.post("/{board_id}/tong-hop")
def finalise(request: Request, contest: ResultsContest, board: ViewedBoard,
             user: ResultsManager, read: ReadSessionDep, session: SessionDep, now: Now,
             reason: Reason = ""):
    try:
        outcome = finalise_board(read=read, write=session, board_id=board.id, now=now,
                                 actor_id=user.id, reason=reason)
    except DomainError as error:
        read.rollback()
        return _refused(request, session, contest, board.id, now, error, reason=reason)
    return _done(request, contest, board, "da_tong_hop" if outcome.changed else "khong_doi")


def _step(request: Request, contest, board, user, session, now, step, flag: str):
    """Publish or make official: the board moves on, or the page says why not."""
    try:
        step(session=session, board=board, actor_id=user.id, now=now)
    except DomainError as error:
        return _refused(request, session, contest, board.id, now, error)
    return _done(request, contest, board, flag)


@router.post("/{board_id}/cong-bo")
def publish(request: Request, contest: ResultsContest, board: ChangedBoard,
            user: ResultsManager, session: SessionDep, now: Now):
    return _step(request, contest, board, user, session, now, service.publish, "da_cong_bo")


@router.post("/{board_id}/chinh-thuc")
def make_official(request: Request, contest: ResultsContest, board: ChangedBoard,
                  user: ResultsManager, session: SessionDep, now: Now):
    return _step(request, contest, board, user, session, now, service.make_official,
                 "chinh_thuc")


@router.get("/{board_id}/lich-su")
def history_page(request: Request, contest: ResultsContest, board: ViewedBoard,
                 user: ResultsManager, session: SessionDep, now: Now):
    return render(request, "results/manage_history.html", {
        "contest": contest, "base": _base(contest),
        "view": overview.board_view(session=session, board=board, now=now),
        "changes": overview.history(session=session, board_id=board.id)})
