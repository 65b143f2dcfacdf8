"""Who the contestant asking is: by bearer token (mobile, API) or by the contest cookie."""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from backend.contestants import service
from backend.contestants.service import ContestantRef
from backend.deps import CONTESTANT_COOKIE, Now, ReadSessionDep, bearer_token
from backend.errors import NotSignedIn


@dataclass(frozen=True)
class ContestantCredential:
    """The token a contestant request carries, checked by `resolve` in the endpoint's own
    thread and transaction: the busiest endpoints then pay one thread hop, not two."""

    token: str | None

    def resolve(self, request: Request, session: Session, now: datetime) -> ContestantRef:
        found = service.contestant_for_token(session=session, token=self.token, now=now)
        if found is None:
            raise NotSignedIn("Bạn cần đăng nhập để dự thi.")
        request.state.contestant = found
        return found


async def contestant_credential(request: Request) -> ContestantCredential:
    return ContestantCredential(bearer_token(request) or request.cookies.get(CONTESTANT_COOKIE))


Credential = Annotated[ContestantCredential, Depends(contestant_credential)]


def current_contestant(request: Request, credential: Credential, session: ReadSessionDep,
                       now: Now) -> ContestantRef:
    found = credential.resolve(request, session, now)
    # Hand the connection back before the endpoint waits for a worker thread: a request
    # holding a pooled connection while it queues can starve the pool under load.
    session.commit()
    return found


def optional_contestant(request: Request, credential: Credential, session: ReadSessionDep,
                        now: Now) -> ContestantRef | None:
    try:
        return current_contestant(request, credential, session, now)
    except NotSignedIn:
        session.commit()
        return None


CurrentContestant = Annotated[ContestantRef, Depends(current_contestant)]
OptionalContestant = Annotated[ContestantRef | None, Depends(optional_contestant)]
