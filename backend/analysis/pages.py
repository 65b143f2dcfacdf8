"""The organiser's item analysis page: a round chosen from the contest's rounds, its basis
and counts, and a line per question with its figures and flags."""

from fastapi import APIRouter, Request

from backend.analysis.items import item_analysis
from backend.contests import service as contests
from backend.deps import Id, Now, SessionDep
from backend.results.deps import ResultsContest
from backend.web import render

router = APIRouter(prefix="/quan-ly/cuoc-thi/{contest_id}/phan-tich-cau-hoi",
                   include_in_schema=False)


def _page(request: Request, session, contest, now, rounds: list, round_id: int | None):
    found = None if round_id is None else item_analysis(
        session=session, contest_id=contest.id, round_id=round_id)
    chosen = next((r for r in rounds if found and r.id == found.round_id), None)
    return render(request, "analysis/items.html", {
        "contest": contest, "rounds": rounds, "analysis": found,
        "still_open": chosen is not None and now < chosen.closes_at,
        "base": f"/quan-ly/cuoc-thi/{contest.id}/phan-tich-cau-hoi"})


@router.get("")
def analysis_page(request: Request, contest: ResultsContest, session: SessionDep, now: Now):
    # The latest round that has opened: the one organisers are looking at.
    rounds = contests.rounds_of(session=session, contest_id=contest.id)
    opened = [r for r in rounds if r.opens_at <= now] or rounds
    return _page(request, session, contest, now, rounds, opened[-1].id if opened else None)


@router.get("/tuan-thi/{round_id}")
def round_analysis_page(request: Request, round_id: Id, contest: ResultsContest,
                        session: SessionDep, now: Now):
    return _page(request, session, contest, now,
                 contests.rounds_of(session=session, contest_id=contest.id), round_id)
