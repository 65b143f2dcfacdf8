"""Registration and sign-in: a valid form, the service called as the API and pages call it,
and the contestants as stored. The contest here has no bank of questions."""

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func
from sqlmodel import select

from backend.accounts.models import SessionKind
from backend.accounts.passwords import contestant_passwords
from backend.accounts.service import new_session
from backend.clock import utcnow
from backend.contestants import service as contestants
from backend.contestants.models import Contestant, Gender
from tests.factories import PHONE, run_use_case

PHONE_E164 = "+84912345678"
CONTESTANT_PASSWORD = "mat-khau-cua-an"
WRONG_CREDENTIALS = "Số điện thoại hoặc mật khẩu không đúng."
NOT_SIGNED_IN = "Bạn cần đăng nhập để dự thi."
ALREADY_REGISTERED_PHONE = ("Số điện thoại này đã đăng ký cuộc thi. Hãy đăng nhập bằng số điện "
                            "thoại và mật khẩu đã đặt.")
SAME_PERSON = ("Đã có thí sinh cùng họ tên, ngày sinh và đơn vị đăng ký cuộc thi này. "
               "Nếu đó là bạn, hãy đăng nhập bằng số điện thoại đã đăng ký.")


@pytest.fixture
def ben_nghe(tree):
    return tree["Q1-BN"]


@pytest.fixture
def bank_size() -> int:
    """Registering and signing in need no questions."""
    return 0


def form(unit, **changes) -> contestants.Registration:
    """A complete, valid registration for Nguyễn Văn An of `unit`, with `changes` applied."""
    base = contestants.Registration(
        full_name="Nguyễn Văn An", birth_date=date(1990, 5, 17), gender=Gender.MALE,
        phone=PHONE, unit_id=unit.id, password=CONTESTANT_PASSWORD, consent=True)
    return replace(base, **changes)


def register(session, database, contest, unit, *, ip: str = "10.0.0.1",
             now: datetime | None = None, **changes) -> Contestant:
    """Register through the service exactly as the API and pages do; the contestant as
    stored."""
    settings, now = database.settings, now or utcnow()
    session.commit()  # the use case writes on a connection of its own
    found = run_use_case(
        database, contestants.register, contest_id=contest.id, form=form(unit, **changes),
        passwords=contestant_passwords(settings), settings=settings, ip=ip, now=now,
        new_session=new_session(kind=SessionKind.API, hours=1, now=now))
    stored = session.get(Contestant, found.id)
    session.commit()  # a read in a write session holds SQLite's write lock until it ends
    return stored


def sign_in(session, database, contest, *, phone: str = PHONE,
            password: str = CONTESTANT_PASSWORD, ip: str = "10.0.0.1"):
    settings, now = database.settings, utcnow()
    session.commit()
    return run_use_case(
        database, contestants.sign_in, contest_id=contest.id, phone=phone, password=password,
        passwords=contestant_passwords(settings), settings=settings, ip=ip, now=now,
        new_session=new_session(kind=SessionKind.API, hours=1, now=now))


def payload(unit, **changes) -> dict:
    """The JSON body of a valid API registration, with `changes` applied."""
    return {"full_name": "Nguyễn Văn An", "birth_date": "1990-05-17", "gender": "nam",
            "phone": PHONE, "unit_id": unit.id, "password": CONTESTANT_PASSWORD,
            "consent": True, **changes}


def stored_contestants(database) -> list[Contestant]:
    """Every contestant as committed, read in a session of its own."""
    with database.scope(write=False) as fresh:
        found = list(fresh.exec(select(Contestant).order_by(Contestant.id)))
        fresh.expunge_all()
    return found


def contestant_count(database) -> int:
    with database.scope(write=False) as fresh:
        return fresh.exec(select(func.count()).select_from(Contestant)).one()
