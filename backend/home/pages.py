"""The front page (a dashboard for staff, the published contests for everyone else), the site's
icon, and the health check."""

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from backend.contestants.deps import OptionalContestant
from backend.contests import service as contests
from backend.deps import Now, OptionalUser, SessionDep, SettingsDep
from backend.forwarding import queries as forwarding
from backend.home.health import DatabaseHealth
from backend.movement import reminders as movement_reminders
from backend.policy import Permission, has_permission
from backend.units import service as units
from backend.web import render
from backend.writing import service as writing

router = APIRouter(include_in_schema=False)
FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.ico"
HEALTHY = b'{"status":"ok"}'
UNHEALTHY = ('{"status":"error","code":"database_unavailable","detail":"Cơ sở dữ liệu không '
             'trả lời; máy chủ tạm thời không phục vụ được. Hãy kiểm tra máy chủ cơ sở dữ '
             'liệu và địa chỉ kết nối (THIDUA_DATABASE_URL)."}').encode()
NO_STORE = {"Cache-Control": "no-store"}


@router.get("/")
def home(request: Request, user: OptionalUser, contestant: OptionalContestant,
         session: SessionDep, settings: SettingsDep, now: Now):
    context: dict = {"now": now}
    if user is not None:  # units with unsigned forwarding batches as the deadline nears
        context["reminders"] = forwarding.reminders_for(
            session=session, user=user, now=now, days=settings.forwarding_reminder_days)
        # Unit officers: the movement's registration deadline as it nears.
        context["movement_reminders"] = movement_reminders.reminders_for(
            session=session, user=user, now=now, zone=settings.zone)
        if has_permission(user, Permission.SUBMIT_ESSAYS):
            context["forwarding"] = forwarding.open_windows(session=session, now=now)
    if user is None or has_permission(user, Permission.SUBMIT_ESSAYS):
        context["writing"] = writing.taking_essays(session=session, now=now)
    if user is not None and has_permission(user, Permission.VIEW_UNITS):
        within = units.scope_of(session=session, user=user)
        context["unit_count"] = len(units.list_units(session=session, within=within))
        context["within"] = within
    if user is None:
        context["contests"] = [
            (contest, contests.rounds_of(session=session, contest_id=contest.id))
            for contest in contests.list_contests(session=session, published_only=True)]
    return render(request, "home/index.html", context)


@router.get("/favicon.ico")
async def favicon() -> FileResponse:
    return FileResponse(FAVICON, media_type="image/x-icon",
                        headers={"Cache-Control": "public, max-age=86400"})


@router.get("/healthz")
async def health(request: Request) -> Response:
    """200 while the database answers, 503 with the reason in Vietnamese when it does not."""
    state = request.app.state
    if not hasattr(state, "health"):
        state.health = DatabaseHealth(state.db)
    if await state.health.answers():
        return Response(HEALTHY, media_type="application/json", headers=NO_STORE)
    return Response(UNHEALTHY, status_code=503, media_type="application/json", headers=NO_STORE)
