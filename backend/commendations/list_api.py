"""The commendation lists over JSON's API: a decision's list and a proposal's, as .xlsx files.
Staff bearer token; those who propose or manage commendations."""

import tempfile
from collections.abc import Callable, Iterator
from typing import Annotated, BinaryIO

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse

from backend.accounts.models import UserAccount
from backend.commendations import lists, service
from backend.commendations.models import Decision, Proposal
from backend.deps import Id, SessionDep, require
from backend.policy import Permission

router = APIRouter(prefix="/api/v1/commendations", tags=["Khen thưởng"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPOOL = 8 * 1024 * 1024  # a file this big stays in memory; a larger one goes to disk
CHUNK = 256 * 1024
Proposer = Annotated[UserAccount, require(Permission.PROPOSE_COMMENDATIONS)]


def listed_decision(user: Proposer, session: SessionDep, decision_id: Id) -> Decision:
    return service.get_decision(session=session, decision_id=decision_id)


def listed_proposal(user: Proposer, session: SessionDep, proposal_id: Id) -> Proposal:
    return service.get_proposal(session=session, proposal_id=proposal_id, actor=user)


ListedDecision = Annotated[Decision, Depends(listed_decision)]
ListedProposal = Annotated[Proposal, Depends(listed_proposal)]


def attachment(write: Callable[[BinaryIO], object], name: str) -> StreamingResponse:
    """The workbook `write` makes, sent as the file `name`."""
    spool = tempfile.SpooledTemporaryFile(SPOOL)  # noqa: SIM115 - closed once sent
    try:
        write(spool)
    except BaseException:
        spool.close()
        raise
    size = spool.tell()
    spool.seek(0)
    return StreamingResponse(_chunks(spool), media_type=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Content-Length": str(size)})


@router.get("/decisions/{decision_id}/list.xlsx", response_class=StreamingResponse)
def decision_list(decision: ListedDecision, session: SessionDep):
    """The list of collectives and individuals a decision commends, in the official layout."""
    return attachment(lambda out: lists.write_decision_list(
        session=session, decision=decision, target=out), lists.decision_file_name(decision))


@router.get("/proposals/{proposal_id}/list.xlsx", response_class=StreamingResponse)
def proposal_list(proposal: ListedProposal, session: SessionDep):
    """A proposal's list of nominees ("danh sách đề nghị khen thưởng")."""
    return attachment(lambda out: lists.write_proposal_list(
        session=session, proposal=proposal, target=out), lists.proposal_file_name(proposal))


def _chunks(spool: BinaryIO) -> Iterator[bytes]:
    with spool:
        while chunk := spool.read(CHUNK):
            yield chunk
