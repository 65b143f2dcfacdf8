"""Loading a proposal or a decision with the right checked once per route: officers their
subtree's proposals, organisers every one; decisions for whoever proposes."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.commendations import service
from backend.commendations.models import Decision, Proposal
from backend.deps import Id, ReadSessionDep, require
from backend.policy import Permission

Proposer = Annotated[UserAccount, require(Permission.PROPOSE_COMMENDATIONS)]
CommendationManager = Annotated[UserAccount, require(Permission.MANAGE_COMMENDATIONS)]


def proposal_in_reach(proposal_id: Id, user: Proposer, read: ReadSessionDep) -> Proposal:
    """The proposal, or 404 outside the account's subtree."""
    proposal = service.get_proposal(session=read, proposal_id=proposal_id, actor=user)
    read.commit()  # on SQLite a write request's read ends here, before its write begins
    return proposal


def decision_of(decision_id: Id, user: Proposer, read: ReadSessionDep) -> Decision:
    decision = service.get_decision(session=read, decision_id=decision_id)
    read.commit()
    return decision


ProposalInReach = Annotated[Proposal, Depends(proposal_in_reach)]
DecisionDep = Annotated[Decision, Depends(decision_of)]
