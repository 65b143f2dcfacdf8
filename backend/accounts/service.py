"""Staff accounts and sign-in: the rules every entry point (pages, API, CLI) shares."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, select, update

from backend.accounts.models import AuthSession, Role, SessionKind, UserAccount
from backend.accounts.passwords import Passwords, check_new_password
from backend.accounts.tokens import END_SESSION, OPEN_SESSION, new_token, token_digest
from backend.audit import service as audit
from backend.config import Settings
from backend.db import is_unique_violation
from backend.errors import Conflict, InvalidInput, NotFound
from backend.ratelimit import RateLimiter, enforce
from backend.units.models import Unit
from backend.vntext import checked_name, clean

WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."
# Plain ASCII, so that no look-alike letter from another script can pose as someone else.
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,79}")


def normalise_username(username: str) -> str:
    return clean(username).casefold()


def create_user(
    *, session: Session, username: str, full_name: str, password: str, role: Role,
    unit_id: int | None, can_view_personal_data: bool = False, passwords: Passwords,
    actor_id: int | None, now: datetime,
) -> UserAccount:
    """Create a staff account; unit officers must be tied to an active unit."""
    login = checked_name(username, field="Tên đăng nhập", max_length=80).casefold()
    if not USERNAME.fullmatch(login):
        raise InvalidInput("Tên đăng nhập gồm 2 đến 80 ký tự: chữ không dấu, chữ số, dấu chấm, "
                           "gạch dưới hoặc gạch ngang (ví dụ: nguyen.van.an).")
    name = checked_name(full_name, field="Họ và tên", max_length=200)
    check_new_password(password)
    if role == Role.UNIT_OFFICER:
        unit = session.get(Unit, unit_id) if unit_id else None
        if unit is None or not unit.is_active:
            raise InvalidInput("Cán bộ đơn vị phải gắn với một đơn vị đang hoạt động.")
    else:
        unit_id = None
    user = UserAccount(
        username=login, full_name=name, password_hash=passwords.hash(password), role=role,
        unit_id=unit_id, can_view_personal_data=can_view_personal_data, created_at=now,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError as error:
        session.rollback()
        if is_unique_violation(error):
            raise Conflict(f"Tên đăng nhập “{login}” đã có người dùng.") from error
        raise
    audit.record(session=session, actor_id=actor_id, action="user.create",
                 target=f"user:{user.id}", details={"username": login, "role": role.value},
                 now=now)
    session.commit()
    return user


def list_users(*, session: Session) -> list[UserAccount]:
    """Every staff account, organisers first."""
    # By the roles' own order: the stored text would sort judges before organisers.
    rank = case({role: position for position, role in enumerate(Role)}, value=UserAccount.role)
    return list(session.exec(select(UserAccount).order_by(rank, UserAccount.username)))


def set_user_active(
    *, session: Session, user_id: int, active: bool, actor_id: int | None, now: datetime
) -> UserAccount:
    """Lock or unlock an account; locking also ends every session it has open."""
    user = session.get(UserAccount, user_id)
    if user is None:
        raise NotFound("Không tìm thấy tài khoản.")
    if user.id == actor_id and not active:
        raise Conflict("Bạn không thể tự khóa tài khoản của mình.")
    user.is_active = active
    if not active:
        _revoke_all(session=session, user_id=user.id, now=now)
    audit.record(session=session, actor_id=actor_id, action="user.activate" if active
                 else "user.lock", target=f"user:{user.id}", now=now)
    session.commit()
    return user


def change_password(
    *, session: Session, user_id: int, new_password: str, passwords: Passwords,
    actor_id: int | None, now: datetime,
) -> None:
    """Set a new password and end the account's open sessions."""
    user = session.get(UserAccount, user_id)
    if user is None:
        raise NotFound("Không tìm thấy tài khoản.")
    user.password_hash = passwords.hash(check_new_password(new_password))
    _revoke_all(session=session, user_id=user.id, now=now)
    audit.record(session=session, actor_id=actor_id, action="user.password",
                 target=f"user:{user.id}", now=now)
    session.commit()


def change_own_password(
    *, session: Session, user: UserAccount, current: str, new_password: str,
    passwords: Passwords, limiter: RateLimiter, settings: Settings, now: datetime,
) -> None:
    """A staff member sets a new password, proving the current one; guesses are throttled
    like sign-ins, so a stolen session cannot be used to find the password."""
    enforce(limiter, f"login:user:{user.username}", limit=settings.login_attempts_per_account,
            window_seconds=settings.login_window_seconds, now=now,
            message="Nhập sai mật khẩu quá nhiều lần.", session=session)
    if not passwords.verify(user.password_hash, current):
        raise InvalidInput("Mật khẩu hiện tại không đúng.", code="wrong_credentials")
    change_password(session=session, user_id=user.id, new_password=new_password,
                    passwords=passwords, actor_id=user.id, now=now)


def sign_in_staff(
    *, session: Session, username: str, password: str, passwords: Passwords,
    limiter: RateLimiter, settings: Settings, ip: str, now: datetime,
) -> UserAccount:
    """Check a staff member's credentials, counting the attempt before checking it."""
    login = normalise_username(username)
    window = settings.login_window_seconds
    message = "Đăng nhập sai quá nhiều lần."
    enforce(limiter, f"login:ip:{ip}", limit=settings.login_attempts_per_ip,
            window_seconds=window, now=now, message=message, session=session)
    enforce(limiter, f"login:user:{login}", limit=settings.login_attempts_per_account,
            window_seconds=window, now=now, message=message, session=session)
    user = session.exec(select(UserAccount).where(UserAccount.username == login)).first()
    if not passwords.verify(user.password_hash if user else None, password):
        raise InvalidInput(WRONG_CREDENTIALS, code="wrong_credentials")
    if not user.is_active:
        raise InvalidInput("Tài khoản này đã bị khóa. Hãy liên hệ ban tổ chức.",
                           code="account_locked")
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash(password)
    user.last_login_at = now
    session.commit()
    # After the commit: on SQLite the limiter needs the one write connection this session held.
    limiter.reset(f"login:user:{login}", session=session)
    return user


@dataclass(frozen=True)
class NewSession:
    """A session about to be opened: the token, handed to its holder once, and the row to
    store (its digest in place of the token), still without whose session it is."""

    token: str
    row: dict


def new_session(*, kind: SessionKind, hours: int, now: datetime, ip: str = "",
                user_agent: str = "") -> NewSession:
    token = new_token()  # always a fresh id
    return NewSession(token, {
        "id": token_digest(token), "user_id": None, "contestant_id": None, "author_id": None,
        "kind": kind,
        "created_at": now, "expires_at": now + timedelta(hours=hours), "ip": ip[:64],
        "user_agent": user_agent[:255], "revoked_at": None})


def store_session(session, new: NewSession, *, user_id: int | None = None,
                  contestant_id: int | None = None, author_id: int | None = None) -> None:
    """Write the session row in `session`'s transaction (an ORM session or a
    LazyConnection): a Core insert, as it runs in every registration, where the ORM's flush
    costs more than the write itself."""
    OPEN_SESSION(session.connection(),
                 {**new.row, "user_id": user_id, "contestant_id": contestant_id,
                  "author_id": author_id})


def open_session(
    *, session: Session, kind: SessionKind, hours: int, now: datetime, ip: str = "",
    user_agent: str = "", user_id: int | None = None, contestant_id: int | None = None,
    author_id: int | None = None,
) -> str:
    """Start a new session and return its token; only its digest is kept."""
    new = new_session(kind=kind, hours=hours, now=now, ip=ip, user_agent=user_agent)
    store_session(session, new, user_id=user_id, contestant_id=contestant_id,
                  author_id=author_id)
    session.commit()
    return new.token


def find_session(*, session: Session, token: str | None, now: datetime) -> AuthSession | None:
    """The live session a token belongs to, or None when unknown, expired or ended."""
    if not token or len(token) > 100:
        return None
    found = session.get(AuthSession, token_digest(token))
    if found is None or found.revoked_at is not None or found.expires_at <= now:
        return None
    return found


def end_session(*, session: Session, token: str | None, now: datetime) -> None:
    """Sign out: the session can never be used again, whoever holds its token."""
    if not token:
        return
    END_SESSION(session.connection(), {"digest": token_digest(token), "now": now})
    session.commit()


def _revoke_all(*, session: Session, user_id: int, now: datetime) -> None:
    session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def forget_ended_sessions(*, session: Session, now: datetime, keep_days: int = 30) -> int:
    """Delete sessions that expired or were ended more than `keep_days` ago."""
    horizon = now - timedelta(days=keep_days)
    result = session.execute(delete(AuthSession).where(
        (AuthSession.expires_at < horizon) | (AuthSession.revoked_at < horizon)))
    session.commit()
    return result.rowcount or 0
