"""Who wrote an essay: the details an author or an officer types, checked and normalised once,
and the author row they are kept in (one per phone in a competition)."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend import vntext
from backend.contestants import identity
from backend.contestants.models import Gender
from backend.errors import Conflict, InvalidInput
from backend.essays.models import EssayAuthor


@dataclass(frozen=True)
class AuthorDetails:
    """What is asked of an author: họ và tên, năm sinh, giới tính, chức vụ, đơn vị, phone,
    and for prize payment optionally CCCD and bank account."""

    full_name: str
    birth_year: int
    gender: Gender
    position: str
    unit_id: int
    phone: str
    id_number: str | None = None
    bank_account: str | None = None
    bank_name: str | None = None


def checked_details(details: AuthorDetails, *, now: datetime) -> AuthorDetails:
    """The details cleaned and normalised (phone in E.164, CCCD as 12 digits), or the first
    problem as InvalidInput; reads nothing from the database."""
    name = identity.person_name(details.full_name)
    if not isinstance(details.birth_year, int) or not (
            now.year - 110 <= details.birth_year <= now.year - 10):
        raise InvalidInput(f"Năm sinh “{details.birth_year}” không hợp lệ; hãy nhập năm sinh "
                           "gồm 4 chữ số, ví dụ 1985.", code="invalid_birth_year")
    if not isinstance(details.gender, Gender):
        raise InvalidInput("Hãy chọn giới tính: Nam hoặc Nữ.", code="invalid_gender")
    position = vntext.clean(details.position)
    if len(position) > 120:
        raise InvalidInput("Chức vụ dài quá 120 ký tự.", code="invalid_position")
    phone = identity.normalise_phone(details.phone)
    id_number = None
    if vntext.clean(details.id_number):
        id_number = identity.id_number(details.id_number, born=date(details.birth_year, 1, 1),
                                       gender=details.gender)
    bank_account = re.sub(r"[\s.-]", "", vntext.clean(details.bank_account)) or None
    if bank_account is not None and not re.fullmatch(r"[0-9]{6,30}", bank_account):
        raise InvalidInput("Số tài khoản ngân hàng phải gồm 6 đến 30 chữ số.",
                           code="invalid_bank_account")
    bank_name = vntext.clean(details.bank_name) or None
    if bank_name is not None and len(bank_name) > 120:
        raise InvalidInput("Tên ngân hàng dài quá 120 ký tự.", code="invalid_bank_name")
    if bank_account and not bank_name:
        raise InvalidInput("Hãy ghi tên ngân hàng của số tài khoản.", code="invalid_bank_name")
    return AuthorDetails(full_name=name, birth_year=details.birth_year, gender=details.gender,
                         position=position, unit_id=details.unit_id, phone=phone,
                         id_number=id_number, bank_account=bank_account, bank_name=bank_name)


def name_key(full_name: str) -> str:
    return vntext.same_text_key(full_name)


def author_by_phone(*, session: Session, competition_id: int, phone: str) -> EssayAuthor | None:
    return session.execute(select(EssayAuthor).where(
        EssayAuthor.competition_id == competition_id, EssayAuthor.phone == phone)
    ).scalar_one_or_none()


def found_or_new_author(session: Session, *, competition_id: int, details: AuthorDetails,
                        actor_id: int | None, now: datetime) -> EssayAuthor:
    """The competition's author with this phone (the same person: same name), or a new one;
    a CCCD or bank account given now fills in what the row lacked. Flushes only."""
    author = author_by_phone(session=session, competition_id=competition_id,
                             phone=details.phone)
    if author is None:
        author = EssayAuthor(
            competition_id=competition_id, full_name=details.full_name,
            name_key=name_key(details.full_name), birth_year=details.birth_year,
            gender=details.gender, position=details.position, unit_id=details.unit_id,
            phone=details.phone, id_number=details.id_number,
            bank_account=details.bank_account, bank_name=details.bank_name,
            created_by=actor_id, created_at=now)
        session.add(author)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            raise Conflict(f"Tác giả có số điện thoại {details.phone} vừa được khai cùng lúc; "
                           "hãy gửi lại bài.", code="author_race") from None
        return author
    if author.name_key != name_key(details.full_name):
        raise Conflict(f"Số điện thoại {details.phone} đã được khai cho tác giả khác "
                       f"({author.full_name}) trong cuộc thi này. Hãy kiểm tra lại số điện "
                       "thoại của tác giả.", code="phone_of_other_author")
    if author.unit_id != details.unit_id:
        raise Conflict(f"Tác giả {author.full_name} đã được khai thuộc đơn vị khác trong cuộc "
                       "thi này; mỗi tác giả dự thi ở một đơn vị.", code="author_other_unit")
    for column in ("id_number", "bank_account", "bank_name"):
        if getattr(author, column) is None and getattr(details, column) is not None:
            setattr(author, column, getattr(details, column))
    return author


def details_of(author: EssayAuthor) -> AuthorDetails:
    """A signed-in author's own details, as their next essay is submitted with."""
    return AuthorDetails(full_name=author.full_name, birth_year=author.birth_year,
                         gender=author.gender, position=author.position,
                         unit_id=author.unit_id, phone=author.phone, id_number=author.id_number,
                         bank_account=author.bank_account, bank_name=author.bank_name)
