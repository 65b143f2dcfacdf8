"""Accounts over JSON: bearer tokens for staff, and account management for organisers."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Request

from backend.accounts import service
from backend.accounts.models import SessionKind, UserAccount
from backend.accounts.passwords import staff_passwords
from backend.accounts.schemas import LoginIn, TokenOut, UserCreate, UserRead
from backend.deps import (
    STAFF_COOKIE,
    ClientIP,
    CurrentUser,
    Id,
    LimiterDep,
    Now,
    SessionDep,
    SettingsDep,
    bearer_token,
    require,
)
from backend.policy import Permission

router = APIRouter(prefix="/api/v1", tags=["Tài khoản"])
Organiser = Annotated[UserAccount, require(Permission.MANAGE_USERS)]


@router.post("/auth/login")
def login(body: LoginIn, request: Request, session: SessionDep, settings: SettingsDep,
          limiter: LimiterDep, now: Now, ip: ClientIP) -> TokenOut:
    """Sign in as staff and receive a bearer token."""
    user = service.sign_in_staff(
        session=session, username=body.username, password=body.password,
        passwords=staff_passwords(settings), limiter=limiter, settings=settings, ip=ip, now=now)
    token = service.open_session(
        session=session, kind=SessionKind.API, hours=settings.staff_session_hours, now=now,
        ip=ip, user_agent=request.headers.get("user-agent", ""), user_id=user.id)
    return TokenOut(token=token, expires_at=now + timedelta(hours=settings.staff_session_hours),
                    user=UserRead.model_validate(user, from_attributes=True))


@router.post("/auth/logout", status_code=204)
def logout(request: Request, user: CurrentUser, session: SessionDep, now: Now) -> None:
    """End the session whose token this request carries."""
    token = bearer_token(request) or request.cookies.get(STAFF_COOKIE)
    service.end_session(session=session, token=token, now=now)


@router.get("/auth/me")
def me(user: CurrentUser) -> UserRead:
    """The signed-in staff member."""
    return UserRead.model_validate(user, from_attributes=True)


@router.get("/users")
def list_users(user: Organiser, session: SessionDep) -> list[UserRead]:
    """Every staff account."""
    return [UserRead.model_validate(u, from_attributes=True)
            for u in service.list_users(session=session)]


@router.post("/users", status_code=201)
def create_user(body: UserCreate, user: Organiser, session: SessionDep, settings: SettingsDep,
                now: Now) -> UserRead:
    """Create a staff account (organiser, unit officer tied to a unit, or judge)."""
    created = service.create_user(
        session=session, username=body.username, full_name=body.full_name,
        password=body.password, role=body.role, unit_id=body.unit_id,
        can_view_personal_data=body.can_view_personal_data,
        passwords=staff_passwords(settings), actor_id=user.id, now=now)
    return UserRead.model_validate(created, from_attributes=True)


@router.post("/users/{user_id}/lock")
def lock_user(user_id: Id, user: Organiser, session: SessionDep, now: Now) -> UserRead:
    """Lock an account and end its sessions."""
    locked = service.set_user_active(session=session, user_id=user_id, active=False,
                                     actor_id=user.id, now=now)
    return UserRead.model_validate(locked, from_attributes=True)


@router.post("/users/{user_id}/unlock")
def unlock_user(user_id: Id, user: Organiser, session: SessionDep, now: Now) -> UserRead:
    """Unlock an account."""
    unlocked = service.set_user_active(session=session, user_id=user_id, active=True,
                                       actor_id=user.id, now=now)
    return UserRead.model_validate(unlocked, from_attributes=True)
