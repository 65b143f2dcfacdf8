"""Who the contestant asking is (bearer token for the API and mobile clients, the contest
cookie for pages), and how their use cases are run."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, TypeVar

from fastapi import Depends, Request, Response
from pydantic_core import to_json

from backend.accounts.tokens import SignedIn
from backend.attempts.service import not_signed_in
from backend.config import Settings
from backend.contestants import service
from backend.contestants.service import ContestantRef
from backend.contests import service as contests
from backend.contests.models import Contest
from backend.db import Database
from backend.deps import CONTESTANT_COOKIE, Id, Now, ReadSessionDep, bearer_token
from backend.ratelimit import RateLimiter
from backend.usecase import Reads

T = TypeVar("T")


def contestant_token(request: Request) -> str | None:
    return bearer_token(request) or request.cookies.get(CONTESTANT_COOKIE)


@dataclass
class ContestantCall:
    """Everything a contestant's API request needs, gathered by one dependency that does no
    I/O, so the busiest endpoints pay for one dependency and do all their database work in
    `run`, on the event loop."""

    token: str | None
    now: datetime
    ip: str
    user_agent: str
    settings: Settings
    limiter: RateLimiter
    database: Database

    @property
    def who(self) -> SignedIn:
        return SignedIn(self.token)

    async def run(self, use_case: Callable[..., T], /, **arguments) -> T:
        """`use_case(db=Writes, **arguments)` run on the event loop (see Database.run)."""
        def work() -> T:
            with self.database.writes(limiter=self.limiter, on_loop=True) as db:
                return use_case(db=db, **arguments)

        return await self.database.run(work)


async def contestant_call(request: Request, now: Now) -> ContestantCall:
    state = request.app.state
    return ContestantCall(
        token=contestant_token(request), now=now,
        ip=request.client.host if request.client else "unknown",
        user_agent=request.headers.get("user-agent", ""), settings=state.settings,
        limiter=state.limiter, database=state.db)


Call = Annotated[ContestantCall, Depends(contestant_call)]


def run_in_thread(request: Request, use_case: Callable[..., T], /, **arguments) -> T:
    """`use_case(db=Writes, **arguments)` run by a page, in the worker thread it runs in."""
    state = request.app.state
    with state.db.writes(limiter=state.limiter) as db:
        return use_case(db=db, **arguments)


def json_answer(payload: dict | list, status_code: int = 200) -> Response:
    """An answer of the contestant API, written straight to JSON: its documented response
    model describes it (a test checks every such answer against it), and validating every
    nested question again on the way out costs more than the request."""
    return Response(to_json(payload), status_code=status_code, media_type="application/json")


def _contestant(request: Request, session: ReadSessionDep, now: Now) -> ContestantRef | None:
    found = service.contestant_for_token(db=Reads(session), token=contestant_token(request),
                                         now=now)
    # Hand the connection back before the endpoint waits for a worker thread.
    session.commit()
    request.state.contestant = found
    return found


OptionalContestant = Annotated[ContestantRef | None, Depends(_contestant)]


def _published(contest_id: Id, session: ReadSessionDep) -> Contest:
    return contests.get_contest(session=session, contest_id=contest_id, published_only=True)


Published = Annotated[Contest, Depends(_published)]


def _here(contest: Published, request: Request,
          found: OptionalContestant) -> ContestantRef | None:
    """The contestant of this contest; a session from another contest counts as nobody."""
    if found is not None and found.contest_id == contest.id:
        return found
    request.state.contestant = None
    return None


Here = Annotated[ContestantRef | None, Depends(_here)]


def _signed_in(who: Here) -> ContestantRef:
    if who is None:
        raise not_signed_in()
    return who


Contestant = Annotated[ContestantRef, Depends(_signed_in)]
