"""Who the contestant asking is: by bearer token (mobile, API) or by the contest cookie."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, TypeVar

from fastapi import Depends, Request, Response
from pydantic_core import to_json

from backend.config import Settings
from backend.contestants import service
from backend.contestants.service import ContestantRef
from backend.db import Database, LazyConnection
from backend.deps import CONTESTANT_COOKIE, Now, ReadSessionDep, bearer_token
from backend.errors import NotSignedIn
from backend.ratelimit import RateLimiter

T = TypeVar("T")


def contestant_token(request: Request) -> str | None:
    return bearer_token(request) or request.cookies.get(CONTESTANT_COOKIE)


def _signed_in(found: ContestantRef | None) -> ContestantRef:
    if found is None:
        raise service.not_signed_in()
    return found


@dataclass
class ContestantCall:
    """Everything a contestant's API request needs, gathered by one dependency that does no
    I/O: the busiest endpoints (start, autosave, submit, result) then pay for one dependency,
    and do all their database work in `run`.

    `read` takes no write lock on SQLite and runs in autocommit on PostgreSQL.
    The endpoint ends the call (`with call:`), which hands back whatever is still open.

    `run` runs the request's database work from the event loop (see Database.run)."""

    token: str | None
    now: datetime
    ip: str
    user_agent: str
    settings: Settings
    limiter: RateLimiter
    read: LazyConnection
    write: LazyConnection
    database: Database

    async def run(self, work: Callable[..., T], /, *args) -> T:
        return await self.database.run(work, *args)

    @property
    def read_before_lock(self) -> LazyConnection | None:
        """For a save or a submit: on SQLite the lock-free connection, so the checks happen
        before the write lock; on PostgreSQL none, as the row is read once under its lock."""
        return self.read if self.database.is_sqlite else None

    @property
    def signed_in(self) -> service.SignedIn:
        """The token, for services that check it in the same query as what they read."""
        return service.SignedIn(self.token, self.now)

    @property
    def autocommit(self) -> LazyConnection | None:
        """PostgreSQL: the connection whose every statement commits itself (it also serves
        the reads); None on SQLite, where only the writer may write."""
        return None if self.database.is_sqlite else self.read

    @property
    def counters(self) -> LazyConnection:
        """Where rate-limit counts are written: the writer on SQLite, the autocommit
        connection on PostgreSQL, as each count is one statement."""
        return self.autocommit or self.write

    def __enter__(self) -> "ContestantCall":
        return self

    def __exit__(self, *_exc) -> None:
        self.read.close()
        self.write.close()


def json_answer(payload: dict, status_code: int = 200) -> Response:
    """An answer of the busiest endpoints, written straight to JSON (their documented response
    models describe it): validating every nested question again on the way out costs more
    than the request."""
    return Response(to_json(payload), status_code=status_code, media_type="application/json")


async def contestant_call(request: Request, now: Now) -> ContestantCall:
    state = request.app.state
    return ContestantCall(
        token=contestant_token(request), now=now,
        ip=request.client.host if request.client else "unknown",
        user_agent=request.headers.get("user-agent", ""), settings=state.settings,
        limiter=state.limiter, read=state.db.connection(write=False, awaited=True),
        write=state.db.connection(write=True, awaited=True), database=state.db)


Call = Annotated[ContestantCall, Depends(contestant_call)]


def current_contestant(request: Request, session: ReadSessionDep, now: Now) -> ContestantRef:
    found = _signed_in(service.contestant_for_token(
        session=session, token=contestant_token(request), now=now))
    # Hand the connection back before the endpoint waits for a worker thread: a request
    # holding a pooled connection while it queues can starve the pool under load.
    session.commit()
    request.state.contestant = found
    return found


def optional_contestant(request: Request, session: ReadSessionDep,
                        now: Now) -> ContestantRef | None:
    try:
        return current_contestant(request, session, now)
    except NotSignedIn:
        session.commit()
        return None


CurrentContestant = Annotated[ContestantRef, Depends(current_contestant)]
OptionalContestant = Annotated[ContestantRef | None, Depends(optional_contestant)]
