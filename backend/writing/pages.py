"""The writing competition's figures pages: the organisers' overview (by block, drilled down to
units, every check flagged, links to the spreadsheets), reported figures, collective prizes,
and the spreadsheets themselves."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field

from backend.deps import INT_MAX, Id, Now, SessionDep, SettingsDep
from backend.errors import DomainError
from backend.tallies.downloads import attachment
from backend.tallies.schemas import ReportedIn
from backend.units import service as units
from backend.web import redirect, render
from backend.writing import collective, downloads, reported, tally
from backend.writing.deps import WritingManager
from backend.writing.models import CollectiveMode, WritingMeasure
from backend.writing.tally_deps import Competition, WritingExporter, WritingReporter

router = APIRouter(prefix="/quan-ly/cuoc-thi-viet/{competition_id}", include_in_schema=False)


def _base(competition) -> str:
    return f"/quan-ly/cuoc-thi-viet/{competition.id}"


@router.get("/so-lieu")
def overview_page(request: Request, user: WritingManager, competition: Competition,
                  session: SessionDep, don_vi: Id | None = None):
    view = tally.overview(session=session, competition_id=competition.id, unit_id=don_vi)
    reports = view.reports
    return render(request, "writing/overview.html", {
        "competition": competition, "base": _base(competition), "view": view,
        "measures": [WritingMeasure.GRASSROOTS_CONTESTANTS, WritingMeasure.GRASSROOTS_ESSAYS],
        # What a row reported, measure by measure (the sum of its parts' where it did not).
        "node_said": lambda node: lambda m: reports.of_node(node, m),
        "block_said": lambda group: lambda m: reports.of_block(group, m),
        "total_said": lambda m: reports.of_total(view.tally, m)})


@router.get("/so-lieu/tai-ve")
def download(user: WritingExporter, competition: Competition, session: SessionDep,
             settings: SettingsDep, now: Now, loai: str = "so-bai"):
    return attachment(downloads.build(session=session, competition_id=competition.id,
                                      user=user, kind=loai, zone=settings.zone, now=now))


def _figures_context(session, competition, user, **extra) -> dict:
    within = units.scope_of(session=session, user=user)
    return {"competition": competition, "base": _base(competition), "within": within,
            "figures": reported.figures_of(session=session, competition_id=competition.id,
                                           within=within),
            "units": units.list_units(session=session, within=within),
            "blocks": [] if within else units.blocks(session=session),
            "measures": list(WritingMeasure), "form": None, **extra}


@router.get("/so-lieu/bao-cao")
def figures_page(request: Request, user: WritingReporter, competition: Competition,
                 session: SessionDep):
    return render(request, "writing/overview_reported.html",
                  _figures_context(session, competition, user))


@router.post("/so-lieu/bao-cao")
def record(request: Request, user: WritingReporter, competition: Competition,
           session: SessionDep, now: Now, body: Annotated[ReportedIn, Form()]):
    try:
        reported.record_figure(
            session=session, competition_id=competition.id, target=body.target,
            target_id=body.target_id, measure=body.measure, value=body.value, note=body.note,
            actor=user, within=units.scope_of(session=session, user=user), now=now)
    except DomainError as error:
        session.rollback()
        return render(request, "writing/overview_reported.html", _figures_context(
            session, competition, user, form=body, error=error.message),
            status_code=error.status_code)
    return redirect(f"{_base(competition)}/so-lieu/bao-cao?da_luu=1", request)


class CollectiveForm(BaseModel):
    mode: str = Field(default="", max_length=30)
    per_block: int = Field(default=1, ge=-INT_MAX, le=INT_MAX)
    minimum_essays: int = Field(default=0, ge=-INT_MAX, le=INT_MAX)
    count_reported: bool = False


def _collective_context(session, competition, **extra) -> dict:
    rules = collective.rules_of(session=session, competition_id=competition.id)
    context = {"competition": competition, "base": _base(competition), "rules": rules,
               "ranked": [], "described": "", "modes": list(CollectiveMode), **extra}
    if rules is not None:
        context["ranked"] = collective.ranking(session=session,
                                               competition_id=competition.id)[1]
        context["described"] = collective.described(rules)
    context.setdefault("form", CollectiveForm(
        mode=rules.mode.value, per_block=rules.per_block, minimum_essays=rules.minimum_essays,
        count_reported=rules.count_reported) if rules else CollectiveForm())
    return context


@router.get("/giai-tap-the")
def collective_page(request: Request, user: WritingManager, competition: Competition,
                    session: SessionDep):
    return render(request, "writing/overview_collective.html",
                  _collective_context(session, competition))


@router.post("/giai-tap-the")
def save_collective(request: Request, user: WritingManager, competition: Competition,
                    session: SessionDep, now: Now, body: Annotated[CollectiveForm, Form()]):
    try:
        collective.set_rules(session=session, competition_id=competition.id, mode=body.mode,
                             per_block=body.per_block, minimum_essays=body.minimum_essays,
                             count_reported=body.count_reported, actor_id=user.id, now=now)
    except DomainError as error:
        session.rollback()
        return render(request, "writing/overview_collective.html", _collective_context(
            session, competition, form=body, error=error.message),
            status_code=error.status_code)
    return redirect(f"{_base(competition)}/giai-tap-the?da_luu=1", request)
