"""A contest as contestants see it: the landing page, registration, sign-in and the unit picker."""

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field

from backend.accounts.models import SessionKind
from backend.accounts.passwords import check_new_password, contestant_passwords
from backend.accounts.service import new_session
from backend.accounts.tokens import SignedIn
from backend.attempts import rules
from backend.attempts import service as attempts
from backend.attempts.models import AttemptState
from backend.clock import to_epoch_ms
from backend.contestants import service as contestants
from backend.contestants.deps import Here, Published, contestant_token, run_in_thread
from backend.contestants.models import Gender
from backend.contestants.service import CONSENT_VERSION, ContestantRef
from backend.contests import service
from backend.contests.models import Contest, Round, RoundStatus, round_status
from backend.deps import (
    CONTESTANT_COOKIE,
    ClientIP,
    Id,
    Now,
    ReadSessionDep,
    SettingsDep,
    parse_id,
)
from backend.errors import DomainError, InvalidInput, Throttled
from backend.results import published
from backend.usecase import Reads
from backend.web import redirect, render, rotate_browser_key, templates

router = APIRouter(include_in_schema=False)
UNIT_CHOICES = 20
# Which field a service's refusal is about, so the message can stand next to it.
FIELD_OF = {
    "invalid_name": "full_name", "invalid_birth_date": "birth_date", "invalid_gender": "gender",
    "invalid_phone": "phone", "phone_registered": "phone", "invalid_unit": "unit_id",
    "invalid_email": "email", "invalid_id_number": "id_number",
    "id_number_mismatch": "id_number", "id_number_registered": "id_number",
    "invalid_password": "password", "password_mismatch": "password_again",
    "consent_required": "consent", "invalid_group": "group",
}


def clock_text(seconds: float) -> str:
    """Time left as a countdown reads it: "09:05", "01:02:03", "2 ngày 01:02:03"."""
    total = max(0, math.ceil(seconds))
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3600)
    text = (f"{hours:02d}:" if hours or days else "") + f"{rest // 60:02d}:{rest % 60:02d}"
    return f"{days} ngày {text}" if days else text


templates.env.filters["clock"] = clock_text
templates.env.filters["epoch_ms"] = to_epoch_ms


@dataclass
class RoundCard:
    round: Round
    status: RoundStatus
    used: int
    in_progress: bool

    @property
    def left(self) -> int | None:
        return rules.attempts_left(self.round.max_attempts, self.used)

    @property
    def phase(self) -> str:
        """The status as the page's styles name it."""
        return {RoundStatus.OPEN: "open", RoundStatus.UPCOMING: "soon"}.get(self.status,
                                                                             "closed")


def landing_context(request: Request, session, contest: Contest, who: ContestantRef | None,
                    now: datetime, **extra) -> dict:
    mine = attempts.attempts_of(db=Reads(session), who=SignedIn(contestant_token(request)),
                                now=now) if who else []
    cards = [RoundCard(
        round=r, status=round_status(r, now), used=sum(1 for a in mine if a.round_id == r.id),
        in_progress=any(a.round_id == r.id and a.state == AttemptState.IN_PROGRESS for a in mine),
    ) for r in service.rounds_of(session=session, contest_id=contest.id)]
    return {"contest": contest, "who": who, "cards": cards, "now": now,
            "results": published.boards_in(session=session, contest_id=contest.id),
            "ranking_rules": published.ranking_rules(session=session, contest_id=contest.id),
            **extra}


@router.get("/thi/{contest_id}")
def landing(request: Request, contest: Published, who: Here, session: ReadSessionDep,
            now: Now):
    return render(request, "contest/landing.html",
                  landing_context(request, session, contest, who, now))


@router.get("/thi-sinh/dang-nhap")
def sign_in_for(request: Request, next: str = "/"):
    """Where the app sends a contestant who must sign in: that contest's sign-in page."""
    found = re.match(r"/thi/(\d+)(/|$)", next)
    if found is None:
        return redirect("/", request)
    return redirect(f"/thi/{found[1]}/dang-nhap?next={quote(next)}", request)


class RegisterForm(BaseModel):
    full_name: str = Field("", max_length=200)
    birth_date: str = Field("", max_length=20)
    gender: str = Field("", max_length=10)
    phone: str = Field("", max_length=30)
    unit_id: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    position: str = Field("", max_length=120)
    id_number: str = Field("", max_length=30)
    group: str = Field("", max_length=120)
    password: str = Field("", max_length=200)
    password_again: str = Field("", max_length=200)
    consent: bool = False
    q: str = Field("", max_length=100)
    tim: str = Field("", max_length=5)  # the unit search button shown without JavaScript


def _birth_date(text: str) -> date:
    for pattern in (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})/(\d{1,2})/(\d{4})"):
        found = re.fullmatch(pattern, text.strip())
        if found:
            parts = [int(p) for p in found.groups()]
            year, month, day = parts if pattern.startswith(r"(\d{4})") else parts[::-1]
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise InvalidInput("Hãy nhập ngày sinh hợp lệ (ngày/tháng/năm).", code="invalid_birth_date")


def _registration(form: RegisterForm) -> contestants.Registration:
    if form.gender not in {g.value for g in Gender}:
        raise InvalidInput("Hãy chọn giới tính.", code="invalid_gender")
    unit_id = parse_id(form.unit_id)
    if unit_id is None:
        raise InvalidInput("Hãy tìm và chọn đơn vị của bạn.", code="invalid_unit")
    try:
        check_new_password(form.password)
    except InvalidInput as error:
        raise InvalidInput(error.message, code="invalid_password") from None
    if form.password != form.password_again:
        raise InvalidInput("Hai lần nhập mật khẩu không khớp.", code="password_mismatch")
    return contestants.Registration(
        full_name=form.full_name, birth_date=_birth_date(form.birth_date),
        gender=Gender(form.gender), phone=form.phone, unit_id=unit_id,
        password=form.password, consent=form.consent, email=form.email or None,
        position=form.position or None, id_number=form.id_number or None, group=form.group)


def unit_choices(session, contest_id: int, query: str, chosen_id: str) -> dict:
    """The picked unit first, then units matching the query, each with its parent's name."""
    chosen_unit = parse_id(chosen_id)
    chosen = (service.contest_unit(session=session, contest_id=contest_id, unit_id=chosen_unit)
              if chosen_unit is not None else None)
    found = (service.contest_units(session=session, contest_id=contest_id, query=query,
                                   limit=UNIT_CHOICES + 1) if query.strip() else [])
    found = [u for u in found if chosen is None or u.unit_id != chosen.unit_id]
    parents: dict[int, str] = {}
    for unit in [chosen, *found]:
        if unit is not None and unit.parent_unit_id and unit.parent_unit_id not in parents:
            parent = service.contest_unit(session=session, contest_id=contest_id,
                                          unit_id=unit.parent_unit_id)
            parents[unit.parent_unit_id] = parent.name if parent else ""
    return {"q": query, "chosen": chosen, "found": found[:UNIT_CHOICES],
            "more": len(found) > UNIT_CHOICES, "parents": parents}


def _register_page(request, session, contest, form: RegisterForm, *, error=None, code="",
                   status_code=200):
    values = form.model_dump(exclude={"password", "password_again", "tim"})
    return render(request, "contest/register.html", {
        "contest": contest, "form": values, "error": error, "field": FIELD_OF.get(code),
        "consent_version": CONSENT_VERSION,
        **unit_choices(session, contest.id, form.q, form.unit_id),
    }, status_code=status_code)


@router.get("/thi/{contest_id}/dang-ky")
def register_page(request: Request, contest: Published, session: ReadSessionDep):
    return _register_page(request, session, contest, RegisterForm())


@router.get("/thi/{contest_id}/don-vi")
def unit_options(request: Request, contest: Published, session: ReadSessionDep, q: str = "",
                 unit_id: str = ""):
    """The radio options of the unit picker (htmx asks for them as the person types)."""
    return render(request, "contest/_unit_options.html",
                  {**unit_choices(session, contest.id, q[:100], unit_id[:20]), "partial": True})


@router.post("/thi/{contest_id}/dang-ky")
def register(request: Request, contest: Published, form: Annotated[RegisterForm, Form()],
             read: ReadSessionDep, settings: SettingsDep, now: Now, ip: ClientIP):
    if form.tim:
        return _register_page(request, read, contest, form)
    new = _browser_session(request, settings, now, ip)
    try:
        run_in_thread(request, contestants.register, contest_id=contest.id,
                      form=_registration(form), passwords=contestant_passwords(settings),
                      settings=settings, ip=ip, now=now, new_session=new)
    except DomainError as error:
        return _register_page(request, read, contest, form, error=error.message,
                              code=error.code, status_code=error.status_code)
    return _signed_in_response(request, settings, new.token, f"/thi/{contest.id}?da_dang_ky=1")


@router.get("/thi/{contest_id}/dang-nhap")
def sign_in_page(request: Request, contest: Published, next: str = ""):
    return render(request, "contest/login.html", {"contest": contest, "next": next})


@router.post("/thi/{contest_id}/dang-nhap")
def sign_in(request: Request, contest: Published, settings: SettingsDep, now: Now, ip: ClientIP,
            phone: Annotated[str, Form(max_length=30)],
            password: Annotated[str, Form(max_length=200)],
            next: Annotated[str, Form(max_length=500)] = ""):
    new = _browser_session(request, settings, now, ip)
    try:
        run_in_thread(request, contestants.sign_in, contest_id=contest.id, phone=phone,
                      password=password, passwords=contestant_passwords(settings),
                      settings=settings, ip=ip, now=now, new_session=new,
                      replacing=request.cookies.get(CONTESTANT_COOKIE))
    except DomainError as error:
        response = render(request, "contest/login.html", {
            "contest": contest, "next": next, "phone": phone, "error": error.message,
        }, status_code=error.status_code)
        if isinstance(error, Throttled):
            response.headers["Retry-After"] = str(error.retry_after)
        return response
    own = next.startswith(f"/thi/{contest.id}/") and "//" not in next and "\\" not in next
    return _signed_in_response(request, settings, new.token,
                               next if own else f"/thi/{contest.id}")


def _browser_session(request: Request, settings, now, ip):
    return new_session(kind=SessionKind.WEB, hours=settings.contestant_session_hours, now=now,
                       ip=ip, user_agent=request.headers.get("user-agent", ""))


def _signed_in_response(request: Request, settings, token: str, target: str):
    """The new session in the contestant cookie."""
    rotate_browser_key(request)
    response = redirect(target, request)
    response.set_cookie(CONTESTANT_COOKIE, token, httponly=True, samesite="lax", path="/",
                        secure=request.url.scheme == "https",
                        max_age=settings.contestant_session_hours * 3600)
    return response


@router.post("/thi/{contest_id}/dang-xuat")
def sign_out(request: Request, contest_id: Id, now: Now):
    run_in_thread(request, contestants.sign_out, token=request.cookies.get(CONTESTANT_COOKIE),
                  now=now)
    rotate_browser_key(request)
    response = redirect(f"/thi/{contest_id}?da_dang_xuat=1", request)
    response.delete_cookie(CONTESTANT_COOKIE, path="/")
    return response
