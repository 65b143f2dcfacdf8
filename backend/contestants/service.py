"""Registering for a contest, signing in and out with phone number and password.

The use cases take the `Writes` they may use (backend/usecase.py), like the attempt's: the
JSON API runs them on the event loop, the pages in a thread. Argon2 runs off the loop and
outside any write lock (`Writes.offload`).
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, case, exists, func, insert, or_, select
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import AuthSession
from backend.accounts.passwords import Passwords, check_new_password
from backend.accounts.service import NewSession
from backend.accounts.tokens import END_SESSION, OPEN_SESSION, token_digest
from backend.config import Settings
from backend.contestants import identity
from backend.contestants.models import Contestant, Gender
from backend.contests.models import Contest, ContestUnit
from backend.db import is_unique_violation
from backend.errors import Conflict, InvalidInput, NotFound
from backend.jsonsql import json_array_has
from backend.prepared import Chain, Prepared, Returned, row_values
from backend.ratelimit import Limit
from backend.usecase import Reads, Writes
from backend.vntext import clean, same_text_key

CONSENT_VERSION = "2026-11"
WRONG_CREDENTIALS = "Số điện thoại hoặc mật khẩu không đúng."
_P, _S = Contestant.__table__, AuthSession.__table__
_ROW = row_values(_P)
# A contestant is written only into a published contest, from a unit taking part in it, with
# a CCCD where the contest asks for one (kept only there) and in one of its groups where it
# has groups (none kept otherwise); nothing otherwise, and then _ENTRY says why. Their first
# session is written with them: both or neither.
_CONTEST = select(Contest).where(Contest.id == _ROW["contest_id"]).subquery()
_UNGROUPED = func.json_array_length(_CONTEST.c.groups) == 0
_KEPT_ONLY_WHERE = {"id_number": (_CONTEST.c.requires_id_number, None),
                    "group_name": (~_UNGROUPED, "")}
_REGISTER = Chain(
    insert(_P).from_select(list(_ROW), select(*[
        case((_KEPT_ONLY_WHERE[name][0], value), else_=_KEPT_ONLY_WHERE[name][1])
        if name in _KEPT_ONLY_WHERE else value for name, value in _ROW.items()])
        .where(_CONTEST.c.is_published,
               ~_CONTEST.c.requires_id_number | _ROW["id_number"].is_not(None),
               _UNGROUPED | json_array_has(_CONTEST.c.groups, _ROW["group_name"]),
               exists().where(ContestUnit.contest_id == _CONTEST.c.id,
                              ContestUnit.unit_id == _ROW["unit_id"])))
    .returning(_P.c.id),
    _S, {name: Returned("id") if name == "contestant_id" else value
         for name, value in row_values(_S, prefix="s_").items()})
_ENTRY = Prepared(
    select(Contest.is_published, Contest.requires_id_number, Contest.groups,
           ContestUnit.unit_id)
    .select_from(Contest)
    .outerjoin(ContestUnit, (ContestUnit.contest_id == Contest.id)
               & (ContestUnit.unit_id == bindparam("unit_id")))
    .where(Contest.id == bindparam("contest_id")))
_BY_PHONE = Prepared(select(_P.c.id, _P.c.contest_id, _P.c.unit_id, _P.c.full_name,
                            _P.c.password_hash)
                     .where(_P.c.contest_id == bindparam("contest_id"),
                            _P.c.phone == bindparam("phone")))
_BY_TOKEN = Prepared(
    select(_P.c.id, _P.c.contest_id, _P.c.unit_id, _P.c.full_name)
    .join(_S, _S.c.contestant_id == _P.c.id)
    .where(_S.c.id == bindparam("digest"), _S.c.revoked_at.is_(None),
           _S.c.expires_at > bindparam("now")))
_TWINS = Prepared(select(_P.c.phone, _P.c.id_number).where(
    _P.c.contest_id == _ROW["contest_id"],
    or_(_P.c.phone == _ROW["phone"], _P.c.id_number == _ROW["id_number"],
        (_P.c.unit_id == _ROW["unit_id"]) & (_P.c.name_key == _ROW["name_key"])
        & (_P.c.birth_date == _ROW["birth_date"]))).limit(3))


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
    group: str = ""


@dataclass(frozen=True)
class ContestantRef:
    """Who a contestant token belongs to: what every contestant request needs, in one read."""

    id: int
    contest_id: int
    unit_id: int
    full_name: str


def register(*, db: Writes, contest_id: int, form: Registration, passwords: Passwords,
             settings: Settings, ip: str, now: datetime,
             new_session: NewSession) -> ContestantRef:
    """Register one person for one contest: checked, normalised, recorded with their consent,
    and signed in with `new_session`. A twin (same phone, CCCD, or name, birth date and unit)
    is refused by the unique indexes, and only then looked up to say which."""
    phone = identity.normalise_phone(form.phone)
    window = settings.contest_limit_window_seconds
    db.count([Limit(f"register:ip:{ip}", settings.register_per_ip, window),
              Limit(f"register:phone:{phone}", settings.register_per_phone, window)],
             now=now, message="Có quá nhiều lượt đăng ký từ nơi này.")
    values = _checked(form, phone, now) | {"contest_id": contest_id, "registered_ip": ip[:64]}
    values["password_hash"] = db.offload(passwords.hash, check_new_password(form.password))
    try:
        new_id = db.atomic(_REGISTER, **values,
                           **{f"s_{k}": v for k, v in new_session.row.items()}).scalar()
    except IntegrityError as error:
        db.rollback()
        if not is_unique_violation(error):
            raise
        _refuse_twins(db, values)
        raise Conflict("Thông tin này đã được dùng để đăng ký cuộc thi. Nếu bạn đã đăng "
                       "ký, hãy đăng nhập.", code="already_registered") from error
    if new_id is None:
        raise _why_not_registered(db, contest_id, form)
    return ContestantRef(new_id, contest_id, form.unit_id, values["full_name"])


def sign_in(*, db: Writes, contest_id: int, phone: str, password: str, passwords: Passwords,
            settings: Settings, ip: str, now: datetime, new_session: NewSession,
            replacing: str | None = None) -> ContestantRef:
    """Check a contestant's phone and password, counting the attempt before checking it, and
    open `new_session` (ending the browser's earlier one, `replacing`, if any)."""
    try:
        phone = identity.normalise_phone(phone)
    except InvalidInput:
        raise InvalidInput(WRONG_CREDENTIALS, code="wrong_credentials") from None
    window, account = settings.login_window_seconds, f"contestant-login:{contest_id}:{phone}"
    db.count([Limit(f"contestant-login:ip:{ip}", settings.login_attempts_per_ip, window),
              Limit(account, settings.login_attempts_per_account, window)],
             now=now, message="Đăng nhập sai quá nhiều lần.")
    found = db.read(_BY_PHONE, contest_id=contest_id, phone=phone).first()
    if not db.offload(passwords.verify, found.password_hash if found else None, password):
        raise InvalidInput(WRONG_CREDENTIALS, code="wrong_credentials")
    db.forget(account)
    if replacing:
        db.write(END_SESSION, digest=token_digest(replacing), now=now)
    db.atomic(OPEN_SESSION, **{**new_session.row, "contestant_id": found.id})
    db.commit()
    return ContestantRef(found.id, found.contest_id, found.unit_id, found.full_name)


def sign_out(*, db: Writes, token: str | None, now: datetime) -> None:
    """End the session of `token`: it can never be used again, whoever holds it."""
    if token:
        db.atomic(END_SESSION, digest=token_digest(token), now=now)


def contestant_for_token(*, db: Reads, token: str | None,
                         now: datetime) -> ContestantRef | None:
    """The contestant a live session token belongs to, in a single prepared query."""
    if not token or len(token) > 100:
        return None
    row = db.read(_BY_TOKEN, digest=token_digest(token), now=now).first()
    return ContestantRef(*row) if row else None


def _checked(form: Registration, phone: str, now: datetime) -> dict:
    if not form.consent:
        raise InvalidInput("Bạn cần đồng ý với thông báo xử lý dữ liệu cá nhân để đăng ký.",
                           code="consent_required")
    name = identity.person_name(form.full_name)
    born = identity.birth_date(form.birth_date, now.date())
    id_number = (identity.id_number(form.id_number, born=born, gender=form.gender)
                 if form.id_number else None)
    return {"full_name": name, "name_key": same_text_key(name), "birth_date": born,
            "gender": form.gender, "phone": phone, "unit_id": form.unit_id,
            "email": identity.email(form.email),
            "position": (form.position or "").strip()[:120] or None, "id_number": id_number,
            "group_name": clean(form.group)[:120],
            "consent_at": now, "consent_version": CONSENT_VERSION, "registered_at": now}


def _why_not_registered(db: Reads, contest_id: int, form: Registration) -> Exception:
    entry = db.read(_ENTRY, contest_id=contest_id, unit_id=form.unit_id).first()
    if entry is None or not entry.is_published:
        return NotFound("Không tìm thấy cuộc thi này.")
    if entry.unit_id is None:
        return InvalidInput("Đơn vị đã chọn không tham gia cuộc thi này; hãy chọn lại trong "
                            "danh sách.", code="invalid_unit")
    if entry.groups and clean(form.group) not in entry.groups:
        return InvalidInput("Hãy chọn bảng dự thi của bạn trong danh sách." if not form.group
                            else f"Cuộc thi không có bảng “{clean(form.group)}”; hãy chọn lại "
                            "trong danh sách.", code="invalid_group")
    try:  # the contest asks for a CCCD and none was given: say it as the CCCD check does
        identity.id_number(form.id_number, born=form.birth_date, gender=form.gender)
    except InvalidInput as error:
        return error
    return Conflict("Chưa đăng ký được; vui lòng thử lại.", code="register_race")


def _refuse_twins(db: Reads, new: dict) -> None:
    found = db.read(_TWINS, **{name: new[name] for name in (
        "contest_id", "phone", "id_number", "unit_id", "name_key", "birth_date")}).all()
    for other in found:
        if other.phone == new["phone"]:
            raise Conflict("Số điện thoại này đã đăng ký cuộc thi. Hãy đăng nhập bằng số điện "
                           "thoại và mật khẩu đã đặt.", code="phone_registered")
        if new["id_number"] and other.id_number == new["id_number"]:
            raise Conflict("Số CCCD này đã được dùng để đăng ký cuộc thi.",
                           code="id_number_registered")
        raise Conflict("Đã có thí sinh cùng họ tên, ngày sinh và đơn vị đăng ký cuộc thi này. "
                       "Nếu đó là bạn, hãy đăng nhập bằng số điện thoại đã đăng ký.",
                       code="person_registered")
