"""Commendations over JSON, mirroring the pages: award forms, proposals with their nominees
(entered directly), submitting, and decisions with their awardees. Staff bearer token:
PROPOSE_COMMENDATIONS within the account's subtree; forms and decisions MANAGE_COMMENDATIONS
to change."""

from typing import Annotated

from fastapi import APIRouter, Body, Query, Response

from backend.commendations import queries, service
from backend.commendations.deps import (
    CommendationManager,
    DecisionDep,
    ProposalInReach,
    Proposer,
)
from backend.commendations.models import ProposalStatus
from backend.commendations.schemas import (
    AwardFormIn,
    AwardFormOut,
    DecisionDetailOut,
    DecisionIn,
    DecisionOut,
    NomineeIn,
    NomineeOut,
    ProposalDetailOut,
    ProposalIn,
    ProposalOut,
    decision_out,
    nominee_out,
    nominee_page,
    proposal_out,
)
from backend.deps import Id, Now, PageNumber, SessionDep
from backend.units import service as units

router = APIRouter(prefix="/api/v1/commendations", tags=["Khen thưởng"])
Page = Annotated[PageNumber, Query()]
Nominees = Annotated[NomineeIn | list[NomineeIn], Body()]


@router.get("/forms")
def list_forms(user: Proposer, session: SessionDep,
               include_inactive: bool = False) -> list[AwardFormOut]:
    """The award forms nominees can be given (with include_inactive, the retired ones too)."""
    return [AwardFormOut.model_validate(f, from_attributes=True) for f in service.award_forms(
        session=session, active_only=not include_inactive)]


@router.post("/forms", status_code=201)
def add_form(body: AwardFormIn, user: CommendationManager, session: SessionDep) -> AwardFormOut:
    """Add an award form; 409 when one of that name exists."""
    form = service.add_award_form(session=session, **body.model_dump())
    return AwardFormOut.model_validate(form, from_attributes=True)


@router.post("/forms/{form_id}/deactivate")
def deactivate_form(form_id: Id, user: CommendationManager,
                    session: SessionDep) -> AwardFormOut:
    """Stop offering a form for new nominees; those given it keep it."""
    form = service.deactivate_award_form(session=session, form_id=form_id)
    return AwardFormOut.model_validate(form, from_attributes=True)


@router.get("/proposals")
def list_proposals(user: Proposer, session: SessionDep,
                   year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
                   status: ProposalStatus | None = None, page: Page = 1) -> list[ProposalOut]:
    """Proposals within the account's subtree (organisers: all, their own lists too), newest
    first, 200 a page."""
    within = units.scope_of(session=session, user=user)
    found = queries.proposal_lines(session=session, within=within, year=year, status=status,
                                   page=page)
    return [proposal_out(line) for line in found.lines]


def _detail(session, proposal, page: int = 1) -> ProposalDetailOut:
    line = queries.proposal_line(session=session, proposal=proposal)
    return ProposalDetailOut(**proposal_out(line).model_dump(), nominees=nominee_page(
        queries.nominee_lines(session=session, proposal_id=proposal.id, page=page)))


@router.post("/proposals", status_code=201)
def create_proposal(body: ProposalIn, user: Proposer, session: SessionDep,
                    now: Now) -> ProposalDetailOut:
    """Start a list for a unit in reach (organisers may leave unit_id out: the city's list)."""
    proposal = service.create_proposal(session=session, **body.model_dump(), actor=user, now=now)
    return _detail(session, proposal)


@router.get("/proposals/{proposal_id}")
def get_proposal(proposal: ProposalInReach, session: SessionDep,
                 page: Page = 1) -> ProposalDetailOut:
    """A proposal with its nominees, collectives first, 200 a page; 404 outside the subtree."""
    return _detail(session, proposal, page)


@router.post("/proposals/{proposal_id}/nominees", status_code=201)
def add_nominees(body: Nominees, proposal: ProposalInReach, user: Proposer,
                 session: SessionDep, now: Now) -> list[NomineeOut]:
    """Add nominees entered directly (one or a list, all or none); 409 when the same
    achievement already has the same form, naming where."""
    rows = body if isinstance(body, list) else [body]
    added = service.add_nominees(session=session, proposal_id=proposal.id, actor=user, now=now,
                                 nominees=[row.data() for row in rows])
    return [nominee_out(line) for line in queries.lines_of(
        session=session, nominee_ids=[n.id for n in added])]


@router.delete("/nominees/{nominee_id}", status_code=204)
def remove_nominee(nominee_id: Id, user: Proposer, session: SessionDep) -> Response:
    """Take a nominee off a draft proposal (not once awarded)."""
    service.remove_nominee(session=session, nominee_id=nominee_id, actor=user)
    return Response(status_code=204)


@router.post("/proposals/{proposal_id}/submit")
def submit_proposal(proposal: ProposalInReach, user: Proposer, session: SessionDep,
                    now: Now) -> ProposalDetailOut:
    """Send the list up: fixed for the unit from then on, its nominees can be awarded."""
    submitted = service.submit_proposal(session=session, proposal_id=proposal.id, actor=user,
                                        now=now)
    return _detail(session, submitted)


@router.get("/decisions")
def list_decisions(user: Proposer, session: SessionDep,
                   year: Annotated[int | None, Query(ge=2000, le=2100)] = None
                   ) -> list[DecisionOut]:
    """Decisions, newest first, with how many collectives and individuals each awarded."""
    return [decision_out(line) for line in queries.decision_lines(session=session, year=year)]


def _decision(session, decision, page: int = 1) -> DecisionDetailOut:
    counts = queries.decision_counts(session=session, decision_id=decision.id)
    return DecisionDetailOut(
        **decision_out(queries.DecisionLine(decision, counts)).model_dump(),
        awardees=nominee_page(queries.awardee_lines(session=session, decision_id=decision.id,
                                                    page=page)))


@router.post("/decisions", status_code=201)
def issue_decision(body: DecisionIn, user: CommendationManager, session: SessionDep,
                   now: Now) -> DecisionDetailOut:
    """Record a decision awarding every unawarded nominee of proposal_ids and the nominees
    of nominee_ids (all from submitted proposals); the number takes the organiser's format."""
    chosen = service.awardable_of(session=session, proposal_ids=body.proposal_ids)
    decision = service.issue_decision(session=session, data=body.data(), actor=user, now=now,
                                      nominee_ids=[*chosen, *body.nominee_ids])
    return _decision(session, decision)


@router.get("/decisions/{decision_id}")
def get_decision(decision: DecisionDep, session: SessionDep, page: Page = 1) -> DecisionDetailOut:
    """A decision with its awardees grouped by unit, 200 a page."""
    return _decision(session, decision, page)
