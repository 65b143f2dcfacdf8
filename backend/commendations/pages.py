"""The commendation pages for officers and organisers: proposals within reach and the
decisions, starting a proposal, and a proposal's page to add, remove and submit nominees."""

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request

from backend.commendations import queries, service
from backend.commendations.deps import ProposalInReach, Proposer
from backend.commendations.models import Gender, NomineeKind, ProposalStatus
from backend.commendations.schemas import NomineeForm
from backend.deps import Id, Now, PageNumber, ReadSessionDep, SessionDep, parse_id
from backend.errors import DomainError
from backend.policy import sees_whole_tree
from backend.units import service as units
from backend.web import redirect, render

router = APIRouter(prefix="/khen-thuong", include_in_schema=False)
DONE = {"them": "Đã thêm vào danh sách đề nghị.", "bo": "Đã bỏ khỏi danh sách đề nghị.",
        "gui": "Đã gửi danh sách đề nghị khen thưởng lên.", "moi": "Đã lập danh sách đề nghị."}
YearQuery = Annotated[int | None, Query(alias="nam", ge=2000, le=2100)]


def _new_form(user) -> dict:
    """A new list starts as the officer's own unit's (organisers choose)."""
    return {"unit_id": "" if sees_whole_tree(user) else str(user.unit_id)}


def _done(request: Request) -> str:
    return next((m for k, m in DONE.items() if request.query_params.get(k)), "")


def _index(request: Request, session, user, *, year=None, status=None, page=1,
           status_code: int = 200, **extra):
    within = units.scope_of(session=session, user=user)
    return render(request, "commendations/index.html", {
        "found": queries.proposal_lines(session=session, within=within, year=year,
                                        status=status, page=page),
        "decisions": queries.decision_lines(session=session), "year": year, "status": status,
        "statuses": list(ProposalStatus), "units": units.list_units(session=session,
                                                                    within=within),
        "city_list": sees_whole_tree(user),
        "form": extra.pop("form", None) or _new_form(user), **extra},
        status_code=status_code)


@router.get("")
def index(request: Request, user: Proposer, session: SessionDep, year: YearQuery = None,
          status: Annotated[ProposalStatus | None, Query(alias="trang_thai")] = None,
          page: Annotated[PageNumber, Query(alias="trang")] = 1):
    return _index(request, session, user, year=year, status=status, page=page,
                  done=_done(request))


@router.post("/de-nghi")
def create(request: Request, user: Proposer, read: ReadSessionDep, session: SessionDep,
           now: Now, year: Annotated[int, Form(ge=2000, le=2100)],
           title: Annotated[str, Form(max_length=400)] = "",
           unit_id: Annotated[str, Form(max_length=12)] = ""):
    try:
        proposal = service.create_proposal(session=session, year=year, title=title,
                                           unit_id=parse_id(unit_id), actor=user, now=now)
    except DomainError as error:
        session.rollback()
        return _index(request, read, user, error=error.message, status_code=error.status_code,
                      form={"year": year, "title": title, "unit_id": unit_id})
    return redirect(f"/khen-thuong/de-nghi/{proposal.id}?moi=1", request)


def _proposal_page(request: Request, session, user, proposal, *, page: int = 1,
                   status_code: int = 200, **extra):
    reach = units.get_unit(session=session, unit_id=proposal.unit_id) if proposal.unit_id \
        else None
    return render(request, "commendations/proposal.html", {
        "proposal": proposal, "unit_name": reach.name if reach else "",
        "found": queries.nominee_lines(session=session, proposal_id=proposal.id, page=page),
        "units": units.list_units(session=session, within=reach),
        "forms": service.award_forms(session=session), "kinds": list(NomineeKind),
        "genders": list(Gender), "done": _done(request),
        "editable": proposal.status is ProposalStatus.DRAFT or sees_whole_tree(user),
        "form": extra.pop("form", NomineeForm()), **extra}, status_code=status_code)


@router.get("/de-nghi/{proposal_id}")
def proposal_page(request: Request, proposal: ProposalInReach, user: Proposer,
                  session: SessionDep, page: Annotated[PageNumber, Query(alias="trang")] = 1):
    return _proposal_page(request, session, user, proposal, page=page)


def _refused(request, read, write, user, proposal, error: DomainError, **extra):
    write.rollback()
    return _proposal_page(request, read, user, proposal, error=error.message,
                          status_code=error.status_code, **extra)


@router.post("/de-nghi/{proposal_id}/them")
def add_nominee(request: Request, proposal: ProposalInReach, user: Proposer,
                read: ReadSessionDep, session: SessionDep, now: Now,
                body: Annotated[NomineeForm, Form()]):
    try:
        service.add_nominees(session=session, proposal_id=proposal.id, nominees=[body.data()],
                             actor=user, now=now)
    except DomainError as error:
        return _refused(request, read, session, user, proposal, error, form=body)
    return redirect(f"/khen-thuong/de-nghi/{proposal.id}?them=1", request)


@router.post("/de-nghi/{proposal_id}/bo/{nominee_id}")
def remove_nominee(request: Request, proposal: ProposalInReach, nominee_id: Id,
                   user: Proposer, read: ReadSessionDep, session: SessionDep):
    try:
        service.remove_nominee(session=session, nominee_id=nominee_id, actor=user,
                               proposal_id=proposal.id)
    except DomainError as error:
        return _refused(request, read, session, user, proposal, error)
    return redirect(f"/khen-thuong/de-nghi/{proposal.id}?bo=1", request)


@router.post("/de-nghi/{proposal_id}/gui")
def submit(request: Request, proposal: ProposalInReach, user: Proposer, read: ReadSessionDep,
           session: SessionDep, now: Now):
    try:
        service.submit_proposal(session=session, proposal_id=proposal.id, actor=user, now=now)
    except DomainError as error:
        return _refused(request, read, session, user, proposal, error)
    return redirect(f"/khen-thuong/de-nghi/{proposal.id}?gui=1", request)
