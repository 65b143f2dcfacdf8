"""The front page: a dashboard for staff, the list of contests for everyone else."""

from fastapi import APIRouter, Request

from backend.deps import OptionalUser, SessionDep
from backend.units import service as units
from backend.web import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, user: OptionalUser, session: SessionDep):
    context: dict = {}
    if user is not None and user.role.value in ("organiser", "unit_officer"):
        within = units.scope_of(session=session, user=user)
        context["unit_count"] = len(units.list_units(session=session, within=within))
        context["within"] = within
    return render(request, "home/index.html", context)


@router.get("/healthz", include_in_schema=False)
async def health() -> dict:
    return {"status": "ok"}
