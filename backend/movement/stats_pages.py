"""A movement year's statistics page (by block and unit, drilled down to a unit's units, every
check flagged) and its yearly report as a spreadsheet; officers see their subtree."""

from fastapi import APIRouter, Request

from backend.deps import Id, Now, SessionDep, SettingsDep
from backend.movement import report, tally
from backend.movement.models import EntryKind
from backend.movement.tally_deps import MovementReader, Year
from backend.tallies.downloads import attachment
from backend.units import service as units
from backend.web import render

router = APIRouter(prefix="/phong-trao/{year_id}", include_in_schema=False)


@router.get("/thong-ke")
def statistics_page(request: Request, user: MovementReader, period: Year,
                    session: SessionDep, don_vi: Id | None = None):
    view = tally.statistics(session=session, year_id=period.id, unit_id=don_vi,
                            within=units.scope_of(session=session, user=user))
    return render(request, "movement/statistics.html", {
        "view": view, "blocks": tally.shown_blocks(view.tally), "measures": tally.MEASURES,
        "kinds": list(EntryKind), "base": f"/phong-trao/{period.id}"})


@router.get("/bao-cao.xlsx")
def report_file(user: MovementReader, period: Year, session: SessionDep,
                settings: SettingsDep, now: Now):
    return attachment(report.build(session=session, year_id=period.id, user=user,
                                   zone=settings.zone, now=now))
