"""A movement year's statistics and yearly report over JSON, as the statistics page shows
them. Staff bearer token; officers see their subtree."""

from fastapi import APIRouter
from pydantic import BaseModel

from backend.deps import Id, Now, SessionDep, SettingsDep
from backend.movement import report, tally
from backend.movement.counting import MovementCounts
from backend.movement.tally_deps import MovementReader, Year
from backend.tallies.downloads import attachment
from backend.tallies.rollup import Node
from backend.tallies.schemas import CheckOut
from backend.units import service as units

router = APIRouter(prefix="/api/v1/movement/years/{year_id}", tags=["Phong trào"])


class MovementRowOut(BaseModel):
    name: str
    unit_id: int | None = None
    has_units: bool = False
    # registered, recognised, city_recognised, exemplary, rejected, collectives,
    # individuals; kinds (by EntryKind value) and fields (by field id)
    figures: dict


class MovementBlockOut(MovementRowOut):
    units: list[MovementRowOut]


class StatisticsOut(BaseModel):
    year_id: int
    year: int
    unit_id: int | None  # the unit drilled into
    fields: dict[int, str]
    total: MovementRowOut
    blocks: list[MovementBlockOut]  # a block named "" groups units that have no block
    checks: list[CheckOut]


def _row(name: str, counts: MovementCounts, node: Node | None = None) -> dict:
    return {"name": name, "figures": counts.as_dict(),
            **({"unit_id": node.unit_id, "has_units": bool(node.children) and not node.synthetic}
               if node else {})}


@router.get("/statistics")
def statistics(user: MovementReader, period: Year, session: SessionDep,
               unit_id: Id | None = None) -> StatisticsOut:
    """The year's figures by block and unit (`unit_id` drills into a unit) and every check."""
    view = tally.statistics(session=session, year_id=period.id, unit_id=unit_id,
                            within=units.scope_of(session=session, user=user))
    return StatisticsOut(
        year_id=period.id, year=period.year, unit_id=unit_id,
        fields={f.id: f.name for f in view.fields},
        total=_row("Tổng cộng", view.tally.total),
        blocks=[{**_row(g.name, g.total), "units": [_row(n.name, n.total, n) for n in g.units]}
                for g in tally.shown_blocks(view.tally)],
        checks=[CheckOut(kind=c.kind, place=c.place, text=c.text) for c in view.checks])


@router.get("/report.xlsx")
def report_file(user: MovementReader, period: Year, session: SessionDep,
                settings: SettingsDep, now: Now):
    """The yearly movement report in the official layout (.xlsx)."""
    return attachment(report.build(session=session, year_id=period.id, user=user,
                                   zone=settings.zone, now=now))
