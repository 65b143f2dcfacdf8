"""Public contest information over JSON: what anyone may read before registering."""

from fastapi import APIRouter

from backend.contests import service
from backend.contests.deps import PublishedContest
from backend.contests.models import Contest
from backend.contests.schemas import ContestOut, ContestUnitOut, RoundOut
from backend.deps import Now, SessionDep

router = APIRouter(prefix="/api/v1", tags=["Cuộc thi"])


def contest_out(session, contest: Contest, now) -> ContestOut:
    return ContestOut(
        id=contest.id, title=contest.title, rules_text=contest.rules_text,
        requires_id_number=contest.requires_id_number, is_published=contest.is_published,
        server_now=now, rounds=[
            RoundOut(**r.model_dump(), is_open=r.is_open(now))
            for r in service.rounds_of(session=session, contest_id=contest.id)])


@router.get("/contests")
def list_contests(session: SessionDep, now: Now) -> list[ContestOut]:
    """Published contests with their rounds; `is_open` is computed from the server's clock."""
    return [contest_out(session, c, now)
            for c in service.list_contests(session=session, published_only=True)]


@router.get("/contests/{contest_id}")
def get_contest(contest: PublishedContest, session: SessionDep, now: Now) -> ContestOut:
    """One published contest: its rules (thể lệ) and rounds."""
    return contest_out(session, contest, now)


@router.get("/contests/{contest_id}/units")
def contest_units(contest: PublishedContest, session: SessionDep,
                  q: str = "") -> list[ContestUnitOut]:
    """Units taking part, to pick one at registration; `q` ignores diacritics ("thu duc")."""
    return [ContestUnitOut(unit_id=u.unit_id, code=u.code, name=u.name,
                           block_name=u.block_name, depth=u.depth)
            for u in service.contest_units(session=session, contest_id=contest.id, query=q,
                                           limit=50)]
