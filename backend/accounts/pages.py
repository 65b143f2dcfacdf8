"""Sign-in, sign-out and staff account pages."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from backend.accounts import service
from backend.accounts.models import Role, SessionKind, UserAccount
from backend.accounts.passwords import staff_passwords
from backend.deps import (
    STAFF_COOKIE,
    ClientIP,
    CurrentUser,
    Id,
    LimiterDep,
    Now,
    SessionDep,
    SettingsDep,
    require,
)
from backend.errors import DomainError, Throttled
from backend.policy import Permission
from backend.units import service as units
from backend.web import redirect, render, rotate_browser_key

router = APIRouter(include_in_schema=False)
Organiser = Annotated[UserAccount, require(Permission.MANAGE_USERS)]


def safe_next(target: str | None) -> str:
    """Only local paths: a sign-in link must not bounce the person to another site."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


@router.get("/dang-nhap")
def login_page(request: Request, next: str = "/"):
    return render(request, "accounts/login.html", {"next": safe_next(next)})


@router.post("/dang-nhap")
def login(
    request: Request, session: SessionDep, settings: SettingsDep, limiter: LimiterDep,
    now: Now, ip: ClientIP, username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=200)], next: Annotated[str, Form()] = "/",
):
    try:
        user = service.sign_in_staff(
            session=session, username=username, password=password,
            passwords=staff_passwords(settings), limiter=limiter, settings=settings, ip=ip,
            now=now)
    except DomainError as error:
        response = render(request, "accounts/login.html",
                          {"error": error.message, "username": username, "next": safe_next(next)},
                          status_code=error.status_code)
        if isinstance(error, Throttled):
            response.headers["Retry-After"] = str(error.retry_after)
        return response
    old = request.cookies.get(STAFF_COOKIE)
    service.end_session(session=session, token=old, now=now)
    token = service.open_session(
        session=session, kind=SessionKind.WEB, hours=settings.staff_session_hours, now=now,
        ip=ip, user_agent=request.headers.get("user-agent", ""), user_id=user.id)
    rotate_browser_key(request)
    response = redirect(safe_next(next), request)
    response.set_cookie(STAFF_COOKIE, token, httponly=True, samesite="lax", path="/",
                        secure=request.url.scheme == "https",
                        max_age=settings.staff_session_hours * 3600)
    return response


@router.post("/dang-xuat")
def logout(request: Request, session: SessionDep, now: Now):
    service.end_session(session=session, token=request.cookies.get(STAFF_COOKIE), now=now)
    rotate_browser_key(request)
    response = redirect("/dang-nhap?da_dang_xuat=1", request)
    response.delete_cookie(STAFF_COOKIE, path="/")
    return response


@router.get("/doi-mat-khau")
def password_page(request: Request, user: CurrentUser):
    return render(request, "accounts/password.html")


@router.post("/doi-mat-khau")
def change_password(
    request: Request, user: CurrentUser, session: SessionDep, settings: SettingsDep, now: Now,
    limiter: LimiterDep, current: Annotated[str, Form(max_length=200)],
    new: Annotated[str, Form(max_length=200)],
):
    try:
        service.change_own_password(session=session, user=user, current=current,
                                    new_password=new, passwords=staff_passwords(settings),
                                    limiter=limiter, settings=settings, now=now)
    except DomainError as error:
        return render(request, "accounts/password.html", {"error": error.message},
                      status_code=error.status_code)
    response = redirect("/dang-nhap?doi_mat_khau=1", request)
    response.delete_cookie(STAFF_COOKIE, path="/")
    return response


@router.get("/tai-khoan")
def users_page(request: Request, user: Organiser, session: SessionDep):
    return render(request, "accounts/users.html", _users_context(session))


def _users_context(session, **extra) -> dict:
    return {"users": service.list_users(session=session), "roles": list(Role),
            "units": {u.id: u for u in units.list_units(session=session)}, **extra}


@router.post("/tai-khoan")
def create_user_page(
    request: Request, user: Organiser, session: SessionDep, settings: SettingsDep, now: Now,
    username: Annotated[str, Form(max_length=80)], full_name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=200)], role: Annotated[Role, Form()],
    unit_code: Annotated[str, Form(max_length=40)] = "",
    can_view_personal_data: Annotated[bool, Form()] = False,
):
    try:
        found = units.find_by_codes(session=session, codes={unit_code.strip().upper()})
        unit = found.get(unit_code.strip().upper())
        created = service.create_user(
            session=session, username=username, full_name=full_name, password=password,
            role=role, unit_id=unit.id if unit else None,
            can_view_personal_data=can_view_personal_data, passwords=staff_passwords(settings),
            actor_id=user.id, now=now)
    except DomainError as error:
        return render(request, "accounts/users.html", _users_context(
            session, error=error.message, form={"username": username, "full_name": full_name,
                                                "role": role.value, "unit_code": unit_code}),
            status_code=error.status_code)
    return render(request, "accounts/users.html", _users_context(
        session, done=f"Đã tạo tài khoản “{created.username}”."))


@router.post("/tai-khoan/{user_id}/khoa")
def lock_user(user_id: Id, request: Request, user: Organiser, session: SessionDep, now: Now):
    service.set_user_active(session=session, user_id=user_id, active=False, actor_id=user.id,
                            now=now)
    return redirect("/tai-khoan", request)


@router.post("/tai-khoan/{user_id}/mo-khoa")
def unlock_user(user_id: Id, request: Request, user: Organiser, session: SessionDep, now: Now):
    service.set_user_active(session=session, user_id=user_id, active=True, actor_id=user.id,
                            now=now)
    return redirect("/tai-khoan", request)
