"""Authors' own accounts in a competition: signing up (or claiming the entry an officer made
for them) and signing in with phone and password."""

from datetime import datetime

from sqlmodel import Session

from backend.accounts.passwords import Passwords, check_new_password
from backend.audit import service as audit
from backend.config import Settings
from backend.contestants import identity
from backend.errors import Conflict, InvalidInput
from backend.essays.authors import (
    AuthorDetails,
    author_by_phone,
    checked_details,
    found_or_new_author,
    name_key,
)
from backend.essays.models import EssayAuthor
from backend.ratelimit import RateLimiter, enforce
from backend.units.models import Unit
from backend.writing import service as writing

WRONG = "Số điện thoại hoặc mật khẩu không đúng."


def sign_up_author(*, session: Session, competition_id: int, details: AuthorDetails,
                   password: str, passwords: Passwords, now: datetime) -> EssayAuthor:
    """An author's account. When an officer already entered this phone, the author claims
    that entry by giving the same name and birth year."""
    details = checked_details(details, now=now)
    password_hash = passwords.hash(check_new_password(password))  # before any statement
    writing.get_competition(session=session, competition_id=competition_id)
    unit = session.get(Unit, details.unit_id)
    if unit is None or not unit.is_active:
        raise InvalidInput("Đơn vị được chọn không tồn tại hoặc đã ngừng hoạt động.",
                           code="invalid_unit")
    author = author_by_phone(session=session, competition_id=competition_id,
                             phone=details.phone)
    if author is not None and author.password_hash is not None:
        raise Conflict("Số điện thoại này đã có tài khoản trong cuộc thi; hãy đăng nhập.",
                       code="phone_registered")
    if author is not None and (author.name_key, author.birth_year) != (
            name_key(details.full_name), details.birth_year):
        raise Conflict("Số điện thoại này đã được đơn vị khai cho một tác giả với họ tên hoặc "
                       "năm sinh khác. Hãy kiểm tra lại, hoặc liên hệ cán bộ đơn vị.",
                       code="claim_mismatch")
    claimed = author is not None
    if author is None:
        author = found_or_new_author(session, competition_id=competition_id, details=details,
                                     actor_id=None, now=now)
    author.password_hash = password_hash
    audit.record(session=session, actor_id=None, action="essay.author_sign_up",
                 target=f"essay_author:{author.id}", details={"claimed": claimed}, now=now)
    session.commit()
    return author


def sign_in_author(*, session: Session, competition_id: int, phone: str, password: str,
                   passwords: Passwords, limiter: RateLimiter, settings: Settings, ip: str,
                   now: datetime) -> EssayAuthor:
    """Check an author's phone and password, counting the attempt before checking it."""
    window = settings.login_window_seconds
    message = "Đăng nhập sai quá nhiều lần."
    enforce(limiter, f"login:ip:{ip}", limit=settings.login_attempts_per_ip,
            window_seconds=window, now=now, message=message, session=session)
    try:
        phone = identity.normalise_phone(phone)
    except InvalidInput:
        phone = ""
    key = f"login:author:{competition_id}:{phone}"
    enforce(limiter, key, limit=settings.login_attempts_per_account, window_seconds=window,
            now=now, message=message, session=session)
    author = author_by_phone(session=session, competition_id=competition_id, phone=phone) \
        if phone else None
    if not passwords.verify(author.password_hash if author else None, password):
        raise InvalidInput(WRONG, code="wrong_credentials")
    if passwords.needs_rehash(author.password_hash):
        author.password_hash = passwords.hash(password)
    session.commit()
    limiter.reset(key, session=session)
    return author
