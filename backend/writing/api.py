"""A writing competition's figures over JSON, as the overview page shows them: the tally by
block and unit with every check, reported figures, collective prizes, and the spreadsheets.
Staff bearer token."""

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from backend.deps import INT_MAX, Id, Now, SessionDep, SettingsDep
from backend.tallies.downloads import attachment
from backend.tallies.rollup import Group, Node
from backend.tallies.schemas import CheckOut, RankedUnitOut, ReportedIn
from backend.units import service as units
from backend.writing import collective, downloads, reported, tally
from backend.writing.counting import WritingCounts
from backend.writing.deps import WritingManager
from backend.writing.models import WritingMeasure
from backend.writing.tally_deps import Competition, WritingExporter, WritingReporter

router = APIRouter(prefix="/api/v1/manage/writing/{competition_id}", tags=["Cuộc thi viết"])
MEASURES = (WritingMeasure.GRASSROOTS_CONTESTANTS, WritingMeasure.GRASSROOTS_ESSAYS)


class RowOut(BaseModel):
    name: str
    unit_id: int | None = None
    has_units: bool = False
    figures: dict  # WritingCounts: essays by format, withdrawn, headcount, levels by position
    reported: dict[str, int | None]  # grassroots figures as reported (or their parts' sum)


class BlockOut(RowOut):
    units: list[RowOut]


class OverviewOut(BaseModel):
    competition_id: int
    unit_id: int | None
    levels: dict[int, str]  # position -> name, the levels forwarded into
    total: RowOut
    blocks: list[BlockOut]
    checks: list[CheckOut]


def _row(name: str, counts: WritingCounts, said, node: Node | None = None) -> dict:
    return {"name": name, "figures": counts.as_dict(),
            "reported": {m.value: said(m) for m in MEASURES},
            **({"unit_id": node.unit_id, "has_units": bool(node.children) and not node.synthetic}
               if node else {})}


@router.get("/tallies")
def overview(user: WritingManager, competition: Competition, session: SessionDep,
             unit_id: Id | None = None) -> OverviewOut:
    """The tally by block and unit (`unit_id` drills into a unit) and every flagged check."""
    view = tally.overview(session=session, competition_id=competition.id, unit_id=unit_id)
    r = view.reports

    def block(g: Group) -> BlockOut:
        return BlockOut(**_row(g.name, g.total, lambda m: r.of_block(g, m)), units=[
            RowOut(**_row(n.name, n.total, lambda m, n=n: r.of_node(n, m), n))
            for n in g.units])

    return OverviewOut(
        competition_id=competition.id, unit_id=unit_id,
        levels={lv.position: lv.name for lv in view.levels},
        total=RowOut(**_row("Tổng cộng", view.tally.total,
                            lambda m: r.of_total(view.tally, m))),
        blocks=[block(g) for g in view.tally.blocks],
        checks=[CheckOut(kind=c.kind, place=c.place, text=c.text) for c in view.checks])


@router.get("/tallies/export")
def export(user: WritingExporter, competition: Competition, session: SessionDep,
           settings: SettingsDep, now: Now, kind: str = "essays") -> Response:
    """A spreadsheet: `essays` (per unit and block; unit officers: their subtree), `scores`
    (the city round, by code until ráp phách) or `prizes` (individuals and collectives)."""
    return attachment(downloads.build(session=session, competition_id=competition.id,
                                      user=user, kind=kind, zone=settings.zone, now=now))


class FigureOut(ReportedIn):
    id: int
    target_name: str
    measure_label: str
    entered_by: str


def _figures(session, competition_id: int, user) -> list[FigureOut]:
    return [FigureOut(id=v.figure.id, target=v.figure.target, target_id=v.figure.target_id,
                      measure=v.figure.measure.value, value=v.figure.value, note=v.figure.note,
                      target_name=v.target_name, measure_label=v.figure.measure.label,
                      entered_by=v.entered_by)
            for v in reported.figures_of(session=session, competition_id=competition_id,
                                         within=units.scope_of(session=session, user=user))]


@router.get("/reported-figures")
def list_figures(user: WritingReporter, competition: Competition,
                 session: SessionDep) -> list[FigureOut]:
    return _figures(session, competition.id, user)


@router.put("/reported-figures")
def record_figure(body: ReportedIn, user: WritingReporter, competition: Competition,
                  session: SessionDep, now: Now) -> FigureOut:
    """Enter a reported figure; the same target and measure again replaces the value (the
    audit log keeps the old one)."""
    figure = reported.record_figure(
        session=session, competition_id=competition.id, target=body.target,
        target_id=body.target_id, measure=body.measure, value=body.value, note=body.note,
        actor=user, within=units.scope_of(session=session, user=user), now=now)
    return next(f for f in _figures(session, competition.id, user) if f.id == figure.id)


class CollectiveIn(BaseModel):
    mode: str = Field(default="", max_length=30)  # "" removes the collective prizes
    per_block: int = Field(default=1, ge=-INT_MAX, le=INT_MAX)
    minimum_essays: int = Field(default=0, ge=-INT_MAX, le=INT_MAX)
    count_reported: bool = False


class CollectiveLineOut(RankedUnitOut):
    received: int
    winners: int
    achievement: str


class CollectiveOut(CollectiveIn):
    described: str
    units: list[CollectiveLineOut]


def _collective(session, competition_id: int) -> CollectiveOut:
    rules, ranked = collective.ranking(session=session, competition_id=competition_id)
    return CollectiveOut(
        mode=rules.mode.value, per_block=rules.per_block, minimum_essays=rules.minimum_essays,
        count_reported=rules.count_reported, described=collective.described(rules), units=[
            CollectiveLineOut(block=r.block, rank=r.rank, tied=r.tied, unit_id=r.node.unit_id,
                              name=r.node.name, received=r.received, rate=r.rate,
                              winners=r.winners, achievement=r.achievement, prize=r.prize,
                              reason=r.reason) for r in ranked])


@router.get("/collective-prizes")
def collective_prizes(user: WritingManager, competition: Competition,
                      session: SessionDep) -> CollectiveOut:
    """The collective prizes as the competition's rules give them now (404 without rules)."""
    return _collective(session, competition.id)


@router.put("/collective-prizes")
def set_collective_rules(body: CollectiveIn, user: WritingManager, competition: Competition,
                         session: SessionDep, now: Now) -> CollectiveOut | None:
    """Set how collective prizes are given (mode "" removes them) and return the ranking."""
    rules = collective.set_rules(
        session=session, competition_id=competition.id, mode=body.mode,
        per_block=body.per_block, minimum_essays=body.minimum_essays,
        count_reported=body.count_reported, actor_id=user.id, now=now)
    return _collective(session, competition.id) if rules else None
