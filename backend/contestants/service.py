"""Registering for a contest and signing back in with phone number and password."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend.accounts.models import AuthSession
from backend.accounts.passwords import Passwords, check_new_password
from backend.accounts.service import NewSession, store_session
from backend.accounts.tokens import token_digest
from backend.config import Settings
from backend.contestants import identity
from backend.contestants.models import Contestant, Gender
from backend.contests.models import Contest, ContestUnit
from backend.db import is_unique_violation
from backend.errors import Conflict, InvalidInput, NotFound, NotSignedIn
from backend.prepared import Prepared, insert_row, row_values
from backend.ratelimit import Counting, Limit, RateLimiter, enforce
from backend.vntext import same_text_key

CONSENT_VERSION = "2026-11"
_CONTESTANT = Contestant.__table__
_INSERT = insert_row(_CONTESTANT, returning=_CONTESTANT.c.id)
_SESSION_ROW = row_values(AuthSession.__table__, prefix="s_")


def _and_sign_in(registered) -> Prepared:
    """PostgreSQL: the registration (a CTE of an INSERT .. RETURNING id) and its sign-in
    session in one statement, both or neither."""
    return Prepared(
        insert(AuthSession.__table__).from_select(list(_SESSION_ROW), select(*[
            registered.c.id if name == "contestant_id" else value
            for name, value in _SESSION_ROW.items()]))
        .add_cte(registered).returning(AuthSession.__table__.c.contestant_id))


_ROW = row_values(_CONTESTANT)
_REGISTER_AND_SIGN_IN = _and_sign_in(
    insert(_CONTESTANT).values(_ROW).returning(_CONTESTANT.c.id).cte("registered"))
# The same with the contest's checks in it, for a form without a CCCD: nothing is written
# unless the contest is published, takes the unit and asks for no CCCD (then _ENTRY says why).
_OPEN_TO_FORM = (select(Contest.id)
                 .join(ContestUnit, (ContestUnit.contest_id == Contest.id)
                       & (ContestUnit.unit_id == _ROW["unit_id"]))
                 .where(Contest.id == _ROW["contest_id"], Contest.is_published,
                        Contest.requires_id_number.is_(False)).exists())
_REGISTER_IF_OPEN_AND_SIGN_IN = _and_sign_in(
    insert(_CONTESTANT).from_select(list(_ROW), select(*_ROW.values()).where(_OPEN_TO_FORM))
    .returning(_CONTESTANT.c.id).cte("registered"))
# The contest, and the unit only if it takes part: one read for both checks.
_ENTRY = Prepared(
    select(Contest.is_published, Contest.requires_id_number, ContestUnit.unit_id)
    .select_from(Contest)
    .outerjoin(ContestUnit, (ContestUnit.contest_id == Contest.id)
               & (ContestUnit.unit_id == bindparam("unit_id")))
    .where(Contest.id == bindparam("contest_id"))
)
WRONG_CREDENTIALS = "Số điện thoại hoặc mật khẩu không đúng."


@dataclass
class Registration:
    full_name: str
    birth_date: date
    gender: Gender
    phone: str
    unit_id: int
    password: str
    consent: bool
    email: str | None = None
    position: str | None = None
    id_number: str | None = None


@dataclass(frozen=True)
class ContestantRef:
    """Who a contestant token belongs to: what every contestant request needs, in one read."""

    id: int
    contest_id: int
    unit_id: int
    full_name: str


def register(
    *, session: Session, contest_id: int, form: Registration, passwords: Passwords,
    limiter: RateLimiter, settings: Settings, ip: str, now: datetime,
    read: Session | None = None, counters: Session | None = None,
    sign_in: NewSession | None = None, autocommit=None,
) -> Contestant:
    """Register one person for one contest: checked, normalised, recorded with their consent.
    The checks read from `read` (on SQLite a connection that takes no write lock); a twin (same
    phone, CCCD, or name, birth date and unit) is refused by the unique indexes, and only then
    looked up to say which. A `sign_in` session is stored with the registration, in the same
    transaction; given a PostgreSQL `autocommit` connection, both in one statement there.
    The request is counted against the registration limits on `counters` (default:
    `session`), on SQLite in the registration's own write (see Counting)."""
    phone = identity.normalise_phone(form.phone)
    window = settings.contest_limit_window_seconds
    read = read or session
    limits = [Limit(f"register:ip:{ip}", settings.register_per_ip, window),
              Limit(f"register:phone:{phone}", settings.register_per_phone, window)]
    with Counting(limiter, limits, now=now, message="Có quá nhiều lượt đăng ký từ nơi này.",
                  session=counters or session, read=read) as counting:
        contestant = _checked(form, phone, now)
        # Hash before the first query: on SQLite the write lock is not held while Argon2 works.
        contestant.password_hash = passwords.hash(check_new_password(form.password))
        contestant.contest_id, contestant.registered_ip = contest_id, ip[:64]
        signing_in = {f"s_{k}": v for k, v in sign_in.row.items()} if sign_in else {}
        if autocommit is not None and sign_in is not None and not form.id_number:
            # PostgreSQL, no CCCD given: checked and written by one statement when it can be.
            contestant.id = _write(session, read, contestant, lambda values: (
                _REGISTER_IF_OPEN_AND_SIGN_IN(autocommit.connection(),
                                              {**values, **signing_in}).scalar()))
            if contestant.id is not None:
                return contestant
        entry = _ENTRY(read.connection(),
                       {"contest_id": contest_id, "unit_id": form.unit_id}).first()
        if entry is None or not entry.is_published:
            raise NotFound("Không tìm thấy cuộc thi này.")
        if entry.requires_id_number:
            contestant.id_number = identity.id_number(form.id_number, born=form.birth_date,
                                                      gender=form.gender)
        if entry.unit_id is None:
            raise InvalidInput("Đơn vị đã chọn không tham gia cuộc thi này; hãy chọn lại trong "
                               "danh sách.", code="invalid_unit")
        if read is not session:
            read.commit()
        counting.before_write(session)

        def insert(values: dict) -> int:
            if autocommit is not None and sign_in is not None:
                return _REGISTER_AND_SIGN_IN(autocommit.connection(),
                                             {**values, **signing_in}).scalar()
            new_id = _INSERT(session.connection(), values).scalar()
            if sign_in is not None:
                store_session(session, sign_in, contestant_id=new_id)
            return new_id

        contestant.id = _write(session, read, contestant, insert)
        session.commit()
    return contestant


def _write(session, read, contestant: Contestant, insert) -> int | None:
    """The new contestant's id from `insert(values)`. A twin refused by the unique indexes
    (phone; CCCD; name, birth date and unit) is looked up, on this rare path only, so the
    message can say which."""
    try:
        return insert(contestant.model_dump(exclude={"id"}))
    except IntegrityError as error:
        session.rollback()
        if not is_unique_violation(error):
            raise
        _refuse_duplicates(read, contestant)
        raise Conflict("Thông tin này đã được dùng để đăng ký cuộc thi. Nếu bạn đã đăng "
                       "ký, hãy đăng nhập.", code="already_registered") from error


def _checked(form: Registration, phone: str, now: datetime) -> Contestant:
    if not form.consent:
        raise InvalidInput("Bạn cần đồng ý với thông báo xử lý dữ liệu cá nhân để đăng ký.",
                           code="consent_required")
    name = identity.person_name(form.full_name)
    return Contestant(
        full_name=name, name_key=same_text_key(name),
        birth_date=identity.birth_date(form.birth_date, now.date()), gender=form.gender,
        phone=phone, unit_id=form.unit_id, email=identity.email(form.email),
        position=(form.position or "").strip()[:120] or None, consent_at=now,
        consent_version=CONSENT_VERSION, registered_at=now, password_hash="",
    )


def _refuse_duplicates(session, new: Contestant) -> None:
    c = _CONTESTANT.c
    same_person = ((c.unit_id == new.unit_id) & (c.name_key == new.name_key)
                   & (c.birth_date == new.birth_date))
    clauses = [c.phone == new.phone, same_person]
    if new.id_number:
        clauses.append(c.id_number == new.id_number)
    found = session.execute(select(c.phone, c.id_number).where(
        c.contest_id == new.contest_id, or_(*clauses)).limit(3)).all()
    for other in found:
        if other.phone == new.phone:
            raise Conflict("Số điện thoại này đã đăng ký cuộc thi. Hãy đăng nhập bằng số điện "
                           "thoại và mật khẩu đã đặt.", code="phone_registered")
        if new.id_number and other.id_number == new.id_number:
            raise Conflict("Số CCCD này đã được dùng để đăng ký cuộc thi.",
                           code="id_number_registered")
        raise Conflict("Đã có thí sinh cùng họ tên, ngày sinh và đơn vị đăng ký cuộc thi này. "
                       "Nếu đó là bạn, hãy đăng nhập bằng số điện thoại đã đăng ký.",
                       code="person_registered")


def sign_in(
    *, session: Session, contest_id: int, phone: str, password: str, passwords: Passwords,
    limiter: RateLimiter, settings: Settings, ip: str, now: datetime,
) -> ContestantRef:
    """Check a contestant's phone and password, counting the attempt before checking it."""
    try:
        phone = identity.normalise_phone(phone)
    except InvalidInput:
        raise InvalidInput(WRONG_CREDENTIALS, code="wrong_credentials") from None
    window, message = settings.login_window_seconds, "Đăng nhập sai quá nhiều lần."
    enforce(limiter, f"contestant-login:ip:{ip}", limit=settings.login_attempts_per_ip,
            window_seconds=window, now=now, message=message, session=session)
    key = f"contestant-login:{contest_id}:{phone}"
    enforce(limiter, key, limit=settings.login_attempts_per_account, window_seconds=window,
            now=now, message=message, session=session)
    c = _CONTESTANT.c
    found = session.execute(select(c.id, c.contest_id, c.full_name, c.unit_id, c.password_hash)
                            .where(c.contest_id == contest_id, c.phone == phone)).first()
    # End the read before Argon2 runs, so no snapshot or lock is held meanwhile.
    session.commit()
    if not passwords.verify(found.password_hash if found else None, password):
        raise InvalidInput(WRONG_CREDENTIALS, code="wrong_credentials")
    limiter.reset(key, session=session)
    return ContestantRef(found.id, found.contest_id, found.unit_id, found.full_name)


_BY_TOKEN = Prepared(
    select(Contestant.id, Contestant.contest_id, Contestant.unit_id, Contestant.full_name)
    .join(AuthSession, AuthSession.contestant_id == Contestant.id)
    .where(AuthSession.id == bindparam("digest"), AuthSession.revoked_at.is_(None),
           AuthSession.expires_at > bindparam("now"))
)


def not_signed_in() -> NotSignedIn:
    return NotSignedIn("Bạn cần đăng nhập để dự thi.")


def _usable(token: str | None) -> bool:
    return bool(token) and len(token) <= 100


def contestant_for_token(*, session: Session, token: str | None,
                         now: datetime) -> ContestantRef | None:
    """The contestant a live session token belongs to, in a single prepared query."""
    if not _usable(token):
        return None
    row = _BY_TOKEN(session.connection(), {"digest": token_digest(token), "now": now}).first()
    return ContestantRef(*row) if row else None


@dataclass(frozen=True)
class SignedIn:
    """A contestant known only by the session token they sent. The busiest requests check it
    in the same query that reads what they ask for (`signed_in_as`), not in one of its own."""

    token: str | None
    now: datetime

    @property
    def usable(self) -> bool:
        return _usable(self.token)

    def parameters(self) -> dict:
        return {"digest": token_digest(self.token), "now": self.now}


def signed_in_as(contestant_id_column):
    """A condition for a query run with SignedIn.parameters(): that the live session of the
    token belongs to the contestant in `contestant_id_column`."""
    return (select(AuthSession.id)
            .where(AuthSession.id == bindparam("digest"),
                   AuthSession.contestant_id == contestant_id_column,
                   AuthSession.revoked_at.is_(None), AuthSession.expires_at > bindparam("now"))
            .exists())


def get_contestant(*, session: Session, contestant_id: int) -> Contestant:
    found = session.get(Contestant, contestant_id)
    if found is None:
        raise NotFound("Không tìm thấy thí sinh.")
    return found
