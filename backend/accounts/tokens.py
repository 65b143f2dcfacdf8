"""Session tokens and CSRF tokens: random, stored only as digests, compared in constant time."""

import hashlib
import hmac
import secrets


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
