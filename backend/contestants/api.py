"""Contestant sign-up and sign-in over JSON (what mobile clients and the load test use)."""

from datetime import timedelta

from fastapi import APIRouter, Request

from backend.accounts import service as accounts
from backend.accounts.models import SessionKind
from backend.accounts.passwords import contestant_passwords
from backend.contestants import service
from backend.contestants.deps import CurrentContestant
from backend.contestants.schemas import ContestantOut, ContestantTokenOut, LoginIn, RegisterIn
from backend.deps import (
    ClientIP,
    LimiterDep,
    Now,
    ReadSessionDep,
    SessionDep,
    SettingsDep,
    bearer_token,
)

router = APIRouter(prefix="/api/v1", tags=["Thí sinh"])


def _token(request, session, settings, contestant, now, ip) -> ContestantTokenOut:
    hours = settings.contestant_session_hours
    token = accounts.open_session(
        session=session, kind=SessionKind.API, hours=hours, now=now, ip=ip,
        user_agent=request.headers.get("user-agent", ""), contestant_id=contestant.id)
    return ContestantTokenOut(
        token=token, expires_at=now + timedelta(hours=hours),
        contestant=ContestantOut(id=contestant.id, contest_id=contestant.contest_id,
                                 full_name=contestant.full_name, unit_id=contestant.unit_id))


@router.post("/contests/{contest_id}/register", status_code=201)
def register(contest_id: int, body: RegisterIn, request: Request, session: SessionDep,
             read: ReadSessionDep, settings: SettingsDep, limiter: LimiterDep, now: Now,
             ip: ClientIP) -> ContestantTokenOut:
    """Register for a contest (consent to the personal-data notice required); returns a token."""
    contestant = service.register(
        session=session, read=read, commit=False, contest_id=contest_id,
        form=service.Registration(**body.model_dump()), passwords=contestant_passwords(settings),
        limiter=limiter, settings=settings, ip=ip, now=now)
    # One commit for the registration and its sign-in session.
    return _token(request, session, settings, contestant, now, ip)


@router.post("/contests/{contest_id}/login")
def login(contest_id: int, body: LoginIn, request: Request, session: SessionDep,
          settings: SettingsDep, limiter: LimiterDep, now: Now, ip: ClientIP) -> ContestantTokenOut:
    """Sign back in to a contest with phone number and password."""
    contestant = service.sign_in(
        session=session, contest_id=contest_id, phone=body.phone, password=body.password,
        passwords=contestant_passwords(settings), limiter=limiter, settings=settings, ip=ip,
        now=now)
    return _token(request, session, settings, contestant, now, ip)


@router.post("/contestant/logout", status_code=204)
def logout(request: Request, contestant: CurrentContestant, session: SessionDep,
           now: Now) -> None:
    """End the session whose token this request carries."""
    accounts.end_session(session=session, token=bearer_token(request), now=now)


@router.get("/contestant/me")
def me(contestant: CurrentContestant) -> ContestantOut:
    """The signed-in contestant."""
    return ContestantOut(id=contestant.id, contest_id=contestant.contest_id,
                         full_name=contestant.full_name, unit_id=contestant.unit_id)
