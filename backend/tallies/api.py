"""Figures over JSON: the tally at any level, reported figures, the reconciliation and the
collective prizes, as the pages show them; the spreadsheets too. Staff bearer token."""

from fastapi import APIRouter, Response

from backend.contests.deps import ContestMonitor, MonitoredContest
from backend.deps import Id, Now, SessionDep, SettingsDep
from backend.tallies import collective, reported, service
from backend.tallies.deps import CollectiveManager, FigureReporter, TallyExporter
from backend.tallies.downloads import spreadsheet_response
from backend.tallies.rollup import Counts, Group
from backend.tallies.schemas import (
    CollectiveIn,
    CollectiveLineOut,
    CollectiveOut,
    CountsOut,
    DisagreementOut,
    FigureIn,
    FigureOut,
    GroupOut,
    TallyOut,
    UnitOut,
)
from backend.units import service as units

router = APIRouter(prefix="/api/v1/manage/contests/{contest_id}", tags=["Số liệu"])


def counts_out(c: Counts) -> CountsOut:
    return CountsOut(**c.as_dict(), rate=c.rate, average=c.average)


def group_out(g: Group) -> GroupOut:
    return GroupOut(name=g.name, figures=counts_out(g.total), units=[
        UnitOut(unit_id=n.unit_id, code=n.member.code, name=n.name,
                has_units=bool(n.children) and not n.synthetic, figures=counts_out(n.total))
        for n in g.units])


@router.get("/tallies")
def tally(contest: MonitoredContest, user: ContestMonitor, session: SessionDep,
          settings: SettingsDep, round_id: Id | None = None,
          unit_id: Id | None = None) -> TallyOut:
    """The tally of a round (or the whole contest) by block and unit, the same figures as the
    dashboard; `unit_id` drills into a unit; unit officers see their subtree."""
    within = units.scope_of(session=session, user=user)
    period = service.period_of(session=session, contest_id=contest.id, round_id=round_id)
    view = service.dashboard_of(session=session, period=period, within=within,
                                unit_id=unit_id, zone=settings.zone)
    t = view.tally
    return TallyOut(period=period.name, round_id=round_id, unit_id=unit_id,
                    total=counts_out(t.total), blocks=[group_out(g) for g in t.blocks],
                    clusters=[group_out(g) for g in t.clusters])


@router.get("/tallies/export")
def export(contest: MonitoredContest, user: TallyExporter, session: SessionDep,
           settings: SettingsDep, now: Now, kind: str = "tong-hop",
           round_id: Id | None = None) -> Response:
    """A spreadsheet: `tong-hop` (tally with block subtotals), `giai-tap-the` (collective
    prizes) or `doi-chieu` (reconciliation, organisers)."""
    return spreadsheet_response(session=session, settings=settings, contest=contest,
                                user=user, kind=kind, round_id=round_id, now=now)


def figure_out(v: reported.FigureView) -> FigureOut:
    f = v.figure
    return FigureOut(id=f.id, round_no=f.round_no, period=v.period_name, target=f.target.value,
                     target_id=f.target_id, target_name=v.target_name,
                     measure=f.measure.value, measure_label=f.measure.label, value=f.value,
                     note=f.note, entered_by=v.entered_by, entered_at=f.entered_at)


@router.get("/reported-figures")
def list_figures(contest: MonitoredContest, user: FigureReporter,
                 session: SessionDep) -> list[FigureOut]:
    within = units.scope_of(session=session, user=user)
    return [figure_out(v) for v in reported.figures_of(session=session, contest_id=contest.id,
                                                       within=within)]



@router.put("/reported-figures")
def record_figure(body: FigureIn, contest: MonitoredContest, user: FigureReporter,
                  session: SessionDep, now: Now) -> FigureOut:
    """Enter a reported figure; entering the same period, target and measure again replaces
    the value (the audit log keeps the old one)."""
    within = units.scope_of(session=session, user=user)
    figure = reported.record_figure(
        session=session, contest_id=contest.id, round_no=body.round_no,
        target=reported.parsed_target(body.target),
        target_id=body.target_id,
        measure=reported.parsed_measure(body.measure),
        value=body.value, note=body.note, actor=user, within=within, now=now)
    return next(figure_out(v) for v in reported.figures_of(
        session=session, contest_id=contest.id, within=within) if v.figure.id == figure.id)


@router.delete("/reported-figures/{figure_id}", status_code=204)
def delete_figure(figure_id: Id, contest: MonitoredContest, user: FigureReporter,
                  session: SessionDep, now: Now) -> Response:
    reported.delete_figure(session=session, contest_id=contest.id, figure_id=figure_id,
                           actor=user, within=units.scope_of(session=session, user=user),
                           now=now)
    return Response(status_code=204)


@router.get("/reconciliation")
def reconciliation(contest: MonitoredContest, user: CollectiveManager,
                   session: SessionDep) -> list[DisagreementOut]:
    """Every reported figure that disagrees with the count or with the sum of its parts."""
    return [DisagreementOut(
        round_no=d.round_no, period=d.period, target=d.target.value, target_id=d.target_id,
        name=d.name, measure=d.measure.value, reported=d.reported, against=d.against,
        difference=d.difference, against_parts=list(d.parts), text=d.text)
        for d in service.reconciliation(session=session, contest_id=contest.id)]


def collective_out(session, contest_id: int) -> CollectiveOut:
    rules, ranked = service.collective_ranking(session=session, contest_id=contest_id)
    return CollectiveOut(mode=rules.mode.value, described=collective.described(rules), units=[
        CollectiveLineOut(block=r.block, rank=r.rank, tied=r.tied, unit_id=r.node.unit_id,
                          name=r.node.name, participants=r.node.total.participants,
                          rate=r.node.total.rate, points=r.points, composite=r.composite,
                          prize=r.prize, reason=r.reason) for r in ranked])


@router.get("/collective-prizes")
def collective_prizes(contest: MonitoredContest, user: ContestMonitor,
                      session: SessionDep) -> CollectiveOut:
    """The collective prizes as the contest's rules give them now (404 without rules)."""
    return collective_out(session, contest.id)


@router.put("/collective-prizes")
def set_collective_rules(body: CollectiveIn, contest: MonitoredContest,
                         user: CollectiveManager, session: SessionDep, now: Now
                         ) -> CollectiveOut | None:
    """Set how collective prizes are given (mode "" removes them) and return the ranking."""
    rules = service.update_collective_rules(
        session=session, contest_id=contest.id, mode=body.mode, min_rate=body.min_rate,
        prizes=[p.model_dump() for p in body.prizes], points=body.points, actor_id=user.id,
        now=now)
    return collective_out(session, contest.id) if rules else None
