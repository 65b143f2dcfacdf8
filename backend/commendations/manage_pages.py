"""The organisers' commendation pages: award forms, a new decision over whole submitted
proposals or chosen nominees, and a decision's page with its awardees by unit (which officers
may read too)."""

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request

from backend.clock import utc_to_local
from backend.commendations import queries, service
from backend.commendations.deps import CommendationManager, DecisionDep
from backend.commendations.models import AwardKind
from backend.commendations.schemas import DecisionForm
from backend.deps import Id, Now, PageNumber, ReadSessionDep, SessionDep
from backend.errors import DomainError
from backend.letterhead import service as letterhead
from backend.web import redirect, render

router = APIRouter(include_in_schema=False)
FORMS = "/quan-ly/khen-thuong/hinh-thuc"
NEW = "/quan-ly/khen-thuong/quyet-dinh/moi"
Ids = Annotated[list[Id], Form(max_length=service.MAX_NOMINEES)]
DEFAULT_TITLE = ("Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong "
                 "trào thi đua “Dân vận khéo” năm {year}")


def _forms_page(request: Request, session, *, status_code: int = 200, **extra):
    return render(request, "commendations/forms.html", {
        "forms": service.award_forms(session=session, active_only=False),
        "kinds": list(AwardKind), "done": request.query_params.get("da_luu"),
        "form": extra.pop("form", {}), **extra}, status_code=status_code)


@router.get(FORMS)
def forms_page(request: Request, user: CommendationManager, session: SessionDep):
    return _forms_page(request, session)


@router.post(FORMS)
def add_form(request: Request, user: CommendationManager, read: ReadSessionDep,
             session: SessionDep, kind: Annotated[str, Form(max_length=20)] = "",
             name: Annotated[str, Form(max_length=400)] = "",
             issuing_level: Annotated[str, Form(max_length=400)] = ""):
    try:
        service.add_award_form(session=session, kind=kind, name=name,
                               issuing_level=issuing_level)
    except DomainError as error:
        session.rollback()
        return _forms_page(request, read, error=error.message, status_code=error.status_code,
                           form={"kind": kind, "name": name, "issuing_level": issuing_level})
    return redirect(f"{FORMS}?da_luu=1", request)


@router.post(FORMS + "/{form_id}/an")
def deactivate_form(request: Request, form_id: Id, user: CommendationManager,
                    session: SessionDep):
    service.deactivate_award_form(session=session, form_id=form_id)
    return redirect(f"{FORMS}?da_luu=1", request)


def _new_page(request: Request, session, now, *, shown: int | None = None, page: int = 1,
              status_code: int = 200, **extra):
    head = letterhead.current(session=session)
    today = utc_to_local(now, request.app.state.settings.zone).date()
    form = extra.pop("form", None) or DecisionForm(
        signed_date=today.isoformat(), title=DEFAULT_TITLE.format(year=today.year),
        signer_name=head.signer_name, signer_title=head.signer_titles,
        issuing_body=head.issuing_body)
    return render(request, "commendations/new_decision.html", {
        "form": form, "number_format": head.decision_number_format,
        "proposals": queries.awardable_lines(session=session), "shown": shown,
        "nominees": queries.nominee_lines(session=session, proposal_id=shown, page=page,
                                          unawarded_only=True) if shown else None,
        "chosen_proposals": extra.pop("chosen_proposals", []),
        "chosen_nominees": extra.pop("chosen_nominees", []), **extra},
        status_code=status_code)


@router.get(NEW)
def new_decision_page(request: Request, user: CommendationManager, session: SessionDep,
                      now: Now, shown: Annotated[Id | None, Query(alias="de_nghi")] = None,
                      page: Annotated[PageNumber, Query(alias="trang")] = 1):
    return _new_page(request, session, now, shown=shown, page=page)


@router.post(NEW)
def issue_decision(request: Request, user: CommendationManager, read: ReadSessionDep,
                   session: SessionDep, now: Now, body: Annotated[DecisionForm, Form()],
                   proposal_id: Ids = (), nominee_id: Ids = ()):
    try:
        chosen = service.awardable_of(session=session, proposal_ids=proposal_id)
        decision = service.issue_decision(session=session, data=body.data(),
                                          nominee_ids=[*chosen, *nominee_id], actor=user,
                                          now=now)
    except DomainError as error:
        session.rollback()
        return _new_page(request, read, now, form=body, error=error.message,
                         status_code=error.status_code, chosen_proposals=list(proposal_id),
                         chosen_nominees=list(nominee_id))
    return redirect(f"/khen-thuong/quyet-dinh/{decision.id}?moi=1", request)


@router.get("/khen-thuong/quyet-dinh/{decision_id}")
def decision_page(request: Request, decision: DecisionDep, session: SessionDep,
                  page: Annotated[PageNumber, Query(alias="trang")] = 1):
    found = queries.awardee_lines(session=session, decision_id=decision.id, page=page)
    return render(request, "commendations/decision.html", {
        "decision": decision, "done": request.query_params.get("moi"),
        "counts": queries.decision_counts(session=session, decision_id=decision.id),
        "found": found, "groups": queries.by_unit(found.lines)})
