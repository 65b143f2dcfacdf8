"""Leaderboards as pages: a contest's published results and answer keys for anyone, and every
finalised board with all its columns for staff who view results (unit officers: their
subtree; phone masked unless they may see personal data)."""

from fastapi import APIRouter, Request

from backend.contests.deps import PublishedContest
from backend.deps import PageNumber, SessionDep, SettingsDep
from backend.policy import may_see_personal_data
from backend.results import published, queries
from backend.results.board_deps import (
    GroupName,
    PublicBoard,
    ResultsContest,
    ResultsViewer,
    Search,
    ViewedBoard,
)
from backend.units import service as units
from backend.web import render, templates

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


def exact_duration(ms: int) -> str:
    """4 phút 05,123 giây: to the millisecond, as the tie-break compares it."""
    minutes, millis = divmod(ms, 60_000)
    seconds, millis = divmod(millis, 1000)
    if not minutes:
        return f"{seconds},{millis:03d} giây"
    hours, minutes = divmod(minutes, 60)
    return (f"{hours} giờ " if hours else "") + f"{minutes} phút {seconds:02d},{millis:03d} giây"


templates.env.filters["exact_duration"] = exact_duration


def _board_context(view, found, settings, **extra) -> dict:
    return {"view": view, "board": view.board, "found": found,
            "state_text": view.state_text(settings.zone), **extra}


@router.get("/thi/{contest_id}/ket-qua")
def results_page(request: Request, contest: PublishedContest, session: SessionDep,
                 settings: SettingsDep):
    boards = published.boards_in(session=session, contest_id=contest.id)
    return render(request, "results/public_list.html", {
        "contest": contest, "boards": boards, "zone": settings.zone})


@router.get("/thi/{contest_id}/ket-qua/{board_id}")
def leaderboard_page(request: Request, contest: PublishedContest, view: PublicBoard,
                     session: SessionDep, settings: SettingsDep, bang: GroupName = "",
                     q: Search = "", page: PageNumber = 1):
    found = queries.leaderboard(session=session, board=view.board, group=bang, page=page,
                                per_page=PER_PAGE, query=q)
    return render(request, "results/leaderboard.html", _board_context(
        view, found, settings, contest=contest,
        base=f"/thi/{contest.id}/ket-qua/{view.board.id}"))


@router.get("/thi/{contest_id}/ket-qua/{board_id}/dap-an")
def answer_key_page(request: Request, contest: PublishedContest, view: PublicBoard,
                    session: SessionDep, settings: SettingsDep):
    key = published.answer_key(session=session, board=view.board)
    return render(request, "results/answer_key.html", _board_context(
        view, None, settings, contest=contest, key=key))


@router.get("/quan-ly/cuoc-thi/{contest_id}/bang-xep-hang")
def staff_results_page(request: Request, contest: ResultsContest, session: SessionDep,
                       settings: SettingsDep):
    boards = published.boards_in(session=session, contest_id=contest.id,
                                 states=published.FINALISED)
    return render(request, "results/staff_list.html", {
        "contest": contest, "boards": boards, "zone": settings.zone})


@router.get("/quan-ly/cuoc-thi/{contest_id}/ket-qua/{board_id}/bang-xep-hang")
def staff_leaderboard_page(request: Request, contest: ResultsContest, view: ViewedBoard,
                           user: ResultsViewer, session: SessionDep, settings: SettingsDep,
                           bang: GroupName = "", q: Search = "", page: PageNumber = 1):
    within = units.scope_of(session=session, user=user)
    found = queries.leaderboard(session=session, board=view.board, group=bang, page=page,
                                per_page=PER_PAGE, query=q, within=within)
    reveal = may_see_personal_data(user)
    return render(request, "results/staff_leaderboard.html", _board_context(
        view, found, settings, contest=contest, within=within, reveal=reveal,
        phones=queries.phones(session=session, rows=found.rows, reveal=reveal),
        base=f"/quan-ly/cuoc-thi/{contest.id}/ket-qua/{view.board.id}/bang-xep-hang"))
