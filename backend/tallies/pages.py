"""The figures pages: the dashboard (tallies, charts, drill-down), reported figures and their
reconciliation, collective prizes, and the tally spreadsheets. Organisers see the whole
contest; unit officers their subtree."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field

from backend.contests.deps import ContestMonitor, MonitoredContest
from backend.deps import INT_MAX, Id, Now, SessionDep, SettingsDep
from backend.errors import DomainError, InvalidInput
from backend.tallies import charts, collective, reported, service
from backend.tallies.deps import CollectiveManager, FigureReporter, TallyExporter
from backend.tallies.downloads import spreadsheet_response
from backend.tallies.models import Measure
from backend.units import service as units
from backend.web import redirect, render

router = APIRouter(prefix="/quan-ly/cuoc-thi/{contest_id}", include_in_schema=False)


def _base(contest) -> str:
    return f"/quan-ly/cuoc-thi/{contest.id}/so-lieu"


@router.get("/so-lieu")
def dashboard_page(request: Request, contest: MonitoredContest, user: ContestMonitor,
                   session: SessionDep, settings: SettingsDep, now: Now,
                   vong: Id | None = None, don_vi: Id | None = None):
    within = units.scope_of(session=session, user=user)
    period = service.period_of(session=session, contest_id=contest.id, round_id=vong)
    view = service.dashboard_of(session=session, period=period, within=within,
                                unit_id=don_vi, zone=settings.zone)
    open_now = any(r.is_open(now) for r in ([period.round] if period.round else period.rounds))
    block_ids = {b.name: b.id for b in units.blocks(session=session)}
    return render(request, "tallies/dashboard.html", {
        "contest": contest, "base": _base(contest), "view": view, "within": within,
        "now": now, "open_now": open_now, "charts": _charts(view),
        "query": _query(vong, don_vi),
        # What a row's unit or block reported, measure by measure, shown under the counts.
        "unit_said": lambda unit_id: lambda measure: view.reported_for("unit", unit_id,
                                                                       measure),
        "block_said": lambda name: lambda measure: view.reported_for(
            "block", block_ids.get(name), measure)})


def _query(round_id: int | None, unit_id: int | None) -> str:
    parts = [f"vong={round_id}"] if round_id else []
    parts += [f"don_vi={unit_id}"] if unit_id else []
    return "?" + "&".join(parts) if parts else ""


def _charts(view: service.Dashboard) -> dict:
    """Each chart with its items, which the page also prints as a table."""
    items = {
        "per_day": (view.timeline.per_day, "Số lượt thi theo ngày", ""),
        "per_hour": (view.timeline.per_hour, "Số lượt thi theo giờ trong ngày", ""),
        "spread": ([(f"{score} điểm", count) for score, count in view.spread], "Phân bố điểm",
                   ""),
        "by_count": ([(n.name, n.total.participants) for n in view.top_by_count],
                     "Đơn vị có nhiều người tham gia nhất", ""),
        "by_rate": ([(n.name, round((n.total.rate or 0) * 100, 1)) for n in view.top_by_rate],
                    "Đơn vị có tỷ lệ tham gia cao nhất (%)", " %"),
        "blocks": ([(g.name, round((g.total.rate or 0) * 100, 1)) for g in view.tally.blocks],
                   "Tỷ lệ tham gia theo khối (%)", " %"),
    }
    columns = {"per_day", "per_hour", "spread"}
    return {name: {"items": values, "title": title,
                   "svg": charts.columns(values, title=title) if name in columns
                   else charts.bars(values, title=title, suffix=suffix)}
            for name, (values, title, suffix) in items.items()}


@router.get("/so-lieu/tai-ve")
def download(contest: MonitoredContest, user: TallyExporter, session: SessionDep,
             settings: SettingsDep, now: Now, loai: str = "tong-hop", vong: Id | None = None):
    return spreadsheet_response(session=session, settings=settings, contest=contest,
                                user=user, kind=loai, round_id=vong, now=now)


class FigureForm(BaseModel):
    round_no: int = Field(default=0, ge=0, le=1000)
    target: str = Field(default="unit", max_length=10)
    target_id: int = Field(ge=1, le=INT_MAX)
    measure: str = Field(max_length=40)
    value: int = Field(ge=-INT_MAX, le=INT_MAX)
    note: str = Field(default="", max_length=2000)


def _figures_context(session, contest, user, **extra) -> dict:
    within = units.scope_of(session=session, user=user)
    return {"contest": contest, "base": _base(contest), "within": within,
            "figures": reported.figures_of(session=session, contest_id=contest.id,
                                           within=within),
            "units": service.members_of(session=session, contest_id=contest.id, within=within),
            "blocks": [] if within else units.blocks(session=session),
            "rounds": service.period_of(session=session, contest_id=contest.id,
                                        round_id=None).rounds,
            "measures": list(Measure), "form": None, **extra}


@router.get("/so-lieu/bao-cao")
def figures_page(request: Request, contest: MonitoredContest, user: FigureReporter,
                 session: SessionDep):
    return render(request, "tallies/reported.html",
                  _figures_context(session, contest, user))


@router.post("/so-lieu/bao-cao")
def record(request: Request, contest: MonitoredContest, user: FigureReporter,
           session: SessionDep, now: Now, body: Annotated[FigureForm, Form()]):
    within = units.scope_of(session=session, user=user)
    try:
        reported.record_figure(
            session=session, contest_id=contest.id, round_no=body.round_no,
            target=reported.parsed_target(body.target),
            target_id=body.target_id,
            measure=reported.parsed_measure(body.measure),
            value=body.value, note=body.note, actor=user, within=within, now=now)
    except DomainError as error:
        session.rollback()
        return render(request, "tallies/reported.html", _figures_context(
            session, contest, user, form=body, error=error.message),
            status_code=error.status_code)
    return redirect(f"{_base(contest)}/bao-cao?da_luu=1", request)


@router.post("/so-lieu/bao-cao/{figure_id}/xoa")
def delete(request: Request, contest: MonitoredContest, user: FigureReporter,
           session: SessionDep, now: Now, figure_id: Id):
    within = units.scope_of(session=session, user=user)
    try:
        reported.delete_figure(session=session, contest_id=contest.id, figure_id=figure_id,
                               actor=user, within=within, now=now)
    except DomainError as error:
        session.rollback()
        return render(request, "tallies/reported.html", _figures_context(
            session, contest, user, error=error.message), status_code=error.status_code)
    return redirect(f"{_base(contest)}/bao-cao?da_xoa=1", request)



@router.get("/so-lieu/doi-chieu")
def reconciliation_page(request: Request, contest: MonitoredContest, user: CollectiveManager,
                        session: SessionDep):
    return render(request, "tallies/reconciliation.html", {
        "contest": contest, "base": _base(contest),
        "found": service.reconciliation(session=session, contest_id=contest.id)})


class CollectiveForm(BaseModel):
    mode: str = Field(default="", max_length=20)
    min_rate: str = Field(default="", max_length=10)
    prizes: str = Field(default="", max_length=2000)  # "Giải Nhất: 1" a line
    points: str = Field(default="", max_length=2000)  # "Giải Nhất: 5" a line


def _lines(text: str, what: str) -> list[tuple[str, int]]:
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, number = line.rpartition(":")
        try:
            found.append((name.strip(), int(number.strip())))
        except ValueError:
            raise InvalidInput(f"Dòng “{line.strip()[:80]}” của {what} cần dạng “Tên giải: số”, "
                               "ví dụ “Giải Nhất: 1”.") from None
    return found


def _collective_context(session, contest, **extra) -> dict:
    rules = service.collective_rules(session=session, contest_id=contest.id)
    context = {"contest": contest, "base": _base(contest), "rules": rules, "ranked": [],
               "described": "", **extra}
    if rules is not None:
        plain, ranked = service.collective_ranking(session=session, contest_id=contest.id)
        context.update(ranked=ranked, described=collective.described(plain))
    if "form" not in context:
        context["form"] = CollectiveForm(
            mode=rules.mode.value if rules else "",
            min_rate="" if rules is None or rules.min_rate is None else str(rules.min_rate),
            prizes="\n".join(f"{p['tier']}: {p['count']}" for p in rules.prizes) if rules
            else "Giải Nhất: 1\nGiải Nhì: 1\nGiải Ba: 1",
            points="\n".join(f"{t}: {v}" for t, v in rules.points.items()) if rules
            else "Giải Nhất: 5\nGiải Nhì: 3\nGiải Ba: 2\nGiải Khuyến khích: 1")
    return context


@router.get("/giai-tap-the")
def collective_page(request: Request, contest: MonitoredContest, user: CollectiveManager,
                    session: SessionDep):
    return render(request, "tallies/collective.html", _collective_context(session, contest))


@router.post("/giai-tap-the")
def save_collective(request: Request, contest: MonitoredContest, user: CollectiveManager,
                    session: SessionDep, now: Now, body: Annotated[CollectiveForm, Form()]):
    try:
        rate = body.min_rate.strip().rstrip("%").strip()
        if rate and not rate.isdigit():
            raise InvalidInput("Tỷ lệ tham gia tối thiểu là một số nguyên từ 0 đến 100 (%).")
        service.update_collective_rules(
            session=session, contest_id=contest.id, mode=body.mode,
            min_rate=int(rate) if rate else None,
            prizes=[{"tier": t, "count": c} for t, c in _lines(body.prizes, "cơ cấu giải")],
            points=dict(_lines(body.points, "điểm giải cá nhân")), actor_id=user.id, now=now)
    except DomainError as error:
        session.rollback()
        return render(request, "tallies/collective.html", _collective_context(
            session, contest, form=body, error=error.message), status_code=error.status_code)
    return redirect(f"/quan-ly/cuoc-thi/{contest.id}/giai-tap-the?da_luu=1", request)
