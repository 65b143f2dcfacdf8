"""The proposal nominees are picked into, loaded once per route: PROPOSE_COMMENDATIONS, and
within the actor's reach (404 otherwise)."""

from typing import Annotated

from fastapi import Depends

from backend.accounts.models import UserAccount
from backend.commendations import service
from backend.commendations.models import Proposal
from backend.deps import Id, ReadSessionDep, require
from backend.policy import Permission

Proposer = Annotated[UserAccount, require(Permission.PROPOSE_COMMENDATIONS)]


def proposal_in_reach(proposal_id: Id, user: Proposer, read: ReadSessionDep) -> Proposal:
    proposal = service.get_proposal(session=read, proposal_id=proposal_id, actor=user)
    read.commit()  # on SQLite a write request's read ends here, before its write begins
    return proposal


ReachableProposal = Annotated[Proposal, Depends(proposal_in_reach)]
