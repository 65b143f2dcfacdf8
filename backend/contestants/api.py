"""Contestant sign-up and sign-in over JSON (what mobile clients and the load test use)."""

from fastapi import APIRouter, Request, Response

from backend.accounts import service as accounts
from backend.accounts.models import SessionKind
from backend.accounts.passwords import contestant_passwords
from backend.contestants import service
from backend.contestants.deps import Call, ContestantCall, CurrentContestant, json_answer
from backend.contestants.schemas import ContestantOut, ContestantTokenOut, LoginIn, RegisterIn
from backend.deps import Now, SessionDep, bearer_token

router = APIRouter(prefix="/api/v1", tags=["Thí sinh"])


def _new_session(call: ContestantCall) -> accounts.NewSession:
    return accounts.new_session(kind=SessionKind.API, hours=call.settings.contestant_session_hours,
                                now=call.now, ip=call.ip, user_agent=call.user_agent)


def _token(call: ContestantCall, new: accounts.NewSession, contestant,
           status_code: int) -> Response:
    """A ContestantTokenOut, written straight to JSON as the attempt endpoints do."""
    return json_answer({
        "token": new.token, "expires_at": new.row["expires_at"],
        "contestant": {"id": contestant.id, "contest_id": contestant.contest_id,
                       "full_name": contestant.full_name, "unit_id": contestant.unit_id}},
        status_code)


@router.post("/contests/{contest_id}/register", status_code=201,
             response_model=ContestantTokenOut)
async def register(contest_id: int, body: RegisterIn, call: Call) -> Response:
    """Register for a contest (consent to the personal-data notice required); returns a token."""
    return await call.run(_register, call, contest_id, body)


def _register(call: ContestantCall, contest_id: int, body: RegisterIn) -> Response:
    with call:
        # The registration and its sign-in session are written together.
        new = _new_session(call)
        contestant = service.register(
            session=call.write, read=call.read, counters=call.counters, sign_in=new,
            autocommit=call.autocommit, contest_id=contest_id,
            form=service.Registration(**body.model_dump()),
            passwords=contestant_passwords(call.settings), limiter=call.limiter,
            settings=call.settings, ip=call.ip, now=call.now)
        return _token(call, new, contestant, 201)


@router.post("/contests/{contest_id}/login", response_model=ContestantTokenOut)
async def login(contest_id: int, body: LoginIn, call: Call) -> Response:
    """Sign back in to a contest with phone number and password."""
    return await call.run(_login, call, contest_id, body)


def _login(call: ContestantCall, contest_id: int, body: LoginIn) -> Response:
    with call:
        contestant = service.sign_in(
            session=call.write, contest_id=contest_id, phone=body.phone, password=body.password,
            passwords=contestant_passwords(call.settings), limiter=call.limiter,
            settings=call.settings, ip=call.ip, now=call.now)
        new = _new_session(call)
        # One statement: on PostgreSQL it commits itself, with no BEGIN and COMMIT around it.
        writer = call.autocommit or call.write
        accounts.store_session(writer, new, contestant_id=contestant.id)
        writer.commit()
        return _token(call, new, contestant, 200)


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
