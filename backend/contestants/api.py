"""Contestant sign-up, sign-in and sign-out over JSON (mobile clients and the load test)."""

from fastapi import APIRouter, Response

from backend.accounts.models import SessionKind
from backend.accounts.passwords import contestant_passwords
from backend.accounts.service import NewSession, new_session
from backend.attempts.service import not_signed_in
from backend.contestants import service
from backend.contestants.deps import Call, ContestantCall, json_answer
from backend.contestants.schemas import ContestantOut, ContestantTokenOut, LoginIn, RegisterIn
from backend.deps import Id

router = APIRouter(prefix="/api/v1", tags=["Thí sinh"])


def _new_session(call: ContestantCall) -> NewSession:
    return new_session(kind=SessionKind.API, hours=call.settings.contestant_session_hours,
                       now=call.now, ip=call.ip, user_agent=call.user_agent)


def _token(new: NewSession, who: service.ContestantRef, status_code: int) -> Response:
    return json_answer({
        "token": new.token, "expires_at": new.row["expires_at"],
        "contestant": {"id": who.id, "contest_id": who.contest_id, "full_name": who.full_name,
                       "unit_id": who.unit_id}}, status_code)


@router.post("/contests/{contest_id}/register", status_code=201,
             response_model=ContestantTokenOut)
async def register(contest_id: Id, body: RegisterIn, call: Call) -> Response:
    """Register for a contest (consent to the personal-data notice required); returns a token."""
    new = _new_session(call)
    who = await call.run(service.register, contest_id=contest_id,
                         form=service.Registration(**body.model_dump()),
                         passwords=contestant_passwords(call.settings), settings=call.settings,
                         ip=call.ip, now=call.now, new_session=new)
    return _token(new, who, 201)


@router.post("/contests/{contest_id}/login", response_model=ContestantTokenOut)
async def login(contest_id: Id, body: LoginIn, call: Call) -> Response:
    """Sign back in to a contest with phone number and password."""
    new = _new_session(call)
    who = await call.run(service.sign_in, contest_id=contest_id, phone=body.phone,
                         password=body.password, passwords=contestant_passwords(call.settings),
                         settings=call.settings, ip=call.ip, now=call.now, new_session=new)
    return _token(new, who, 200)


@router.post("/contestant/logout", status_code=204)
async def logout(call: Call) -> Response:
    """End the session whose token this request carries (bearer token or contest cookie)."""
    await _me(call)
    await call.run(service.sign_out, token=call.token, now=call.now)
    return Response(status_code=204)


@router.get("/contestant/me", response_model=ContestantOut)
async def me(call: Call) -> Response:
    """The signed-in contestant."""
    who = await _me(call)
    return json_answer({"id": who.id, "contest_id": who.contest_id,
                        "full_name": who.full_name, "unit_id": who.unit_id})


async def _me(call: Call) -> service.ContestantRef:
    who = await call.run(service.contestant_for_token, token=call.token, now=call.now)
    if who is None:
        raise not_signed_in()
    return who
