"""Session tokens and CSRF tokens: random, stored only as digests, compared in constant time."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update

from backend.accounts.models import AuthSession
from backend.prepared import Prepared, insert_row


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the database keeps of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(secret: str, browser_key: str, session_digest: str = "") -> str:
    """The token a form must echo: bound to this browser and to its current session."""
    message = f"csrf|{browser_key}|{session_digest}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected, given)



MAX_TOKEN_LENGTH = 100


@dataclass(frozen=True)
class SignedIn:
    """A contestant known only by the session token they sent. The busiest requests check it
    in the same query that reads what they ask for (`session_of_contestant`)."""

    token: str | None

    @property
    def usable(self) -> bool:
        return bool(self.token) and len(self.token) <= MAX_TOKEN_LENGTH

    def parameters(self, now: datetime) -> dict:
        """The bind parameters of `session_of_contestant` and `LIVE_SESSION` at `now`."""
        return {"digest": token_digest(self.token) if self.usable else "", "now": now}


def _live():
    return (AuthSession.id == bindparam("digest"), AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > bindparam("now"))


def session_of_contestant(contestant_id_column):
    """A condition for a query run with SignedIn.parameters(): the token's session is live
    and belongs to the contestant in `contestant_id_column`."""
    return (select(AuthSession.id)
            .where(*_live(), AuthSession.contestant_id == contestant_id_column).exists())


# Whether the token's session is live at all: tells "sign in again" (401) from "not yours".
LIVE_SESSION = Prepared(select(AuthSession.contestant_id).where(*_live()))
# A session opened (a row of NewSession, see accounts.service) and one ended, by its digest.
OPEN_SESSION = insert_row(AuthSession.__table__)
END_SESSION = Prepared(update(AuthSession)
                       .where(AuthSession.id == bindparam("digest"),
                              AuthSession.revoked_at.is_(None))
                       .values(revoked_at=bindparam("now",
                                                   type_=AuthSession.__table__.c.revoked_at.type)))
