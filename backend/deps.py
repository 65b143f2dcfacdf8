"""Request dependencies: database session, clock, who is asking and what they may do.

Every access rule for staff is decided here and in `backend.policy`, once, so that pages
and the JSON API cannot drift apart.
"""

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from pydantic import Field
from sqlmodel import Session

from backend.accounts import service as accounts
from backend.accounts.models import AuthSession, UserAccount
from backend.clock import utcnow
from backend.config import Settings
from backend.db import Database
from backend.errors import Forbidden, NotSignedIn
from backend.policy import Permission, has_permission
from backend.ratelimit import RateLimiter

STAFF_COOKIE = "thidua_session"
CONTESTANT_COOKIE = "thidua_thi_sinh"
AUTHOR_COOKIE = "thidua_tac_gia"  # an essay author's session (backend/essays)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Ids and counts meet INTEGER columns, 32-bit on PostgreSQL: a larger number can name no row,
# yet PostgreSQL answers it with an error (SQLite past 2**63), not with "nothing found".
INT_MAX = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=INT_MAX)]
PageNumber = Annotated[int, Field(ge=1, le=INT_MAX)]


# Trivial dependencies are `async def`: FastAPI runs a plain `def` dependency in the thread
# pool, and each such hop costs more than the busiest endpoints' own database work.
async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


async def get_database(request: Request) -> Database:
    return request.app.state.db


async def get_limiter(request: Request) -> RateLimiter:
    return request.app.state.limiter


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The session a request's use case runs in. Reads take no write lock; requests that may
    change data begin IMMEDIATE on SQLite, at their first statement."""
    # Async and I/O-free until first used, so it costs no hop to the thread pool.
    session = request.app.state.db.session(write=request.method not in SAFE_METHODS)
    try:
        yield session
    finally:
        session.close()


async def get_write_session(request: Request) -> AsyncIterator[Session]:
    """A session that may write even in a GET (finishing an overdue attempt on sight)."""
    session = request.app.state.db.session(write=True)
    try:
        yield session
    finally:
        session.close()


async def get_read_session(request: Request, session: "SessionDep") -> AsyncIterator[Session]:
    """For looking up who is asking. On SQLite a write request reads this on a separate
    connection, so the write lock is taken only by the use case itself, briefly."""
    database: Database = request.app.state.db
    if not database.is_sqlite or request.method in SAFE_METHODS:
        yield session
        return
    read = database.session(write=False)
    try:
        yield read
    finally:
        read.close()


async def get_now() -> datetime:
    """The one clock requests read; tests override it to stand on a deadline's edge."""
    return utcnow()


async def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def parse_id(text: str) -> int | None:
    """An id typed in a form field, or None when it cannot be one."""
    text = text.strip()
    return int(text) if text.isdigit() and len(text) <= 10 and 1 <= int(text) <= INT_MAX else None


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SessionDep = Annotated[Session, Depends(get_session)]
ReadSessionDep = Annotated[Session, Depends(get_read_session)]
WriteSessionDep = Annotated[Session, Depends(get_write_session)]
LimiterDep = Annotated[RateLimiter, Depends(get_limiter)]
Now = Annotated[datetime, Depends(get_now)]
ClientIP = Annotated[str, Depends(client_ip)]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _live_session(request: Request, session: Session, now: datetime, cookie: str):
    token = bearer_token(request) or request.cookies.get(cookie)
    return accounts.find_session(session=session, token=token, now=now)


def current_user(request: Request, session: ReadSessionDep, now: Now) -> UserAccount:
    """The signed-in staff member, or 401 (pages turn that into the sign-in page)."""
    auth: AuthSession | None = _live_session(request, session, now, STAFF_COOKIE)
    user = session.get(UserAccount, auth.user_id) if auth and auth.user_id else None
    session.commit()  # release the connection before the endpoint queues for a thread
    if user is None or not user.is_active:
        raise NotSignedIn("Bạn cần đăng nhập để tiếp tục.")
    # Detached, fully loaded: a use case that rolls the shared session back (PostgreSQL
    # reads and writes on one session) must not expire the account its error page shows.
    session.expunge(user)
    request.state.user = user
    return user


def optional_user(request: Request, session: ReadSessionDep, now: Now) -> UserAccount | None:
    try:
        return current_user(request, session, now)
    except NotSignedIn:
        return None


CurrentUser = Annotated[UserAccount, Depends(current_user)]
OptionalUser = Annotated[UserAccount | None, Depends(optional_user)]


def require(permission: Permission):
    """A dependency that lets through only staff whose role grants `permission`."""

    def dependency(user: CurrentUser) -> UserAccount:
        if not has_permission(user, permission):
            raise Forbidden("Tài khoản của bạn không có quyền thực hiện việc này.")
        return user

    return Depends(dependency)
