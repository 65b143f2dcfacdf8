"""Picking nominees from the platform's records over JSON, mirroring the page: a source's
candidates for a proposal, and adding the ones chosen. PROPOSE_COMMENDATIONS; the proposal
within the actor's reach."""

from typing import Annotated

from fastapi import APIRouter, Query

from backend.commendations import sources
from backend.commendations.sources_deps import Proposer, ReachableProposal
from backend.commendations.sources_schemas import (
    CandidateOut,
    NominateIn,
    NomineeOut,
    candidate_out,
    nominee_out,
)
from backend.deps import INT_MAX, Id, Now, SessionDep

router = APIRouter(prefix="/api/v1/commendations/proposals/{proposal_id}/candidates",
                   tags=["Khen thưởng"])


@router.get("")
def list_candidates(proposal: ReachableProposal, user: Proposer, session: SessionDep,
                    source: Annotated[str, Query(max_length=40)], ref: Id,
                    award_form_id: Annotated[int | None, Query(ge=1, le=INT_MAX)] = None
                    ) -> list[CandidateOut]:
    """The source's prize winners, collective prizes or exemplary entries within the
    proposal's unit; `already` says which the award form cannot take again."""
    return [candidate_out(c) for c in sources.candidates(
        session=session, source=source, ref=ref, actor=user, award_form_id=award_form_id,
        proposal_id=proposal.id)]


@router.post("", status_code=201)
def nominate(body: NominateIn, proposal: ReachableProposal, user: Proposer,
             session: SessionDep, now: Now) -> list[NomineeOut]:
    """Add the candidates with the keys given, all or none (409 for an achievement already
    proposed or commended with the form)."""
    return [nominee_out(n) for n in sources.nominate(
        session=session, proposal_id=proposal.id, source=body.source, ref=body.ref,
        keys=body.keys, award_form_id=body.award_form_id, actor=user, now=now)]
