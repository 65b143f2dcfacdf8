"""Contests as organisers set them up: staff browsers and tokens that run at the time of `clock`,
contestants and their attempts at chosen moments."""

import hashlib
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from backend.accounts import service as accounts
from backend.accounts.models import Role, SessionKind
from backend.accounts.tokens import SignedIn
from backend.attempts import service as attempts
from backend.audit.models import AuditEntry
from backend.clock import utcnow
from backend.contestants.models import Contestant, Gender
from tests.factories import UseCases, api_token, csrf_of, make_user, sign_in

GRACE = 10
RULES_LOCKED = ("Đã có người thi nên thể lệ không được đổi tùy tiện. Nếu thật sự cần đổi, "
                "hãy ghi rõ lý do (ít nhất 10 ký tự); thay đổi và lý do sẽ được lưu vết.")
UNITS_LOCKED = ("Cuộc thi đã có lượt thi nên danh sách đơn vị được giữ nguyên như lúc bắt đầu; "
                "không thể cập nhật.")


@pytest.fixture
def privacy_organiser(session, settings, tree):
    return make_user(session, settings, role=Role.ORGANISER, username="bantochuc.dlcn",
                     personal_data=True)


@pytest.fixture
def browser(app, clock):
    """Opens a browser signed in as a staff member; `browser.csrf` is its form token."""
    opened: list[TestClient] = []

    def open_as(username: str) -> TestClient:
        client = TestClient(app, base_url="http://testserver")
        opened.append(client)
        sign_in(client, username)
        client.csrf = csrf_of(client, "/quan-ly/cuoc-thi")
        return client

    yield open_as
    for client in opened:
        client.close()


@pytest.fixture
def organiser_client(browser, organiser):
    return browser(organiser.username)


@pytest.fixture
def officer_client(browser, officer):
    return browser(officer.username)


@pytest.fixture
def organiser_api(client, organiser, clock) -> dict:
    return api_token(client, organiser.username)


@pytest.fixture
def officer_api(client, officer, clock) -> dict:
    return api_token(client, officer.username)


_serial = iter(range(10_000))


def add_contestant(session, contest, unit, *, name: str = "Nguyễn Văn An",
                   id_number: str | None = None, phone: str | None = None,
                   email: str | None = None, registered_at=None) -> Contestant:
    """A registered contestant stored as registration stores one (phone in E.164)."""
    n = next(_serial)
    person = Contestant(
        contest_id=contest.id, full_name=name, name_key=f"{name.casefold()} {n}",
        birth_date=date(1990, 5, 17), gender=Gender.MALE, phone=phone or f"+8491234{n:04d}",
        unit_id=unit.id, id_number=id_number, email=email,
        password_hash=hashlib.sha256(b"x").hexdigest(), consent_at=utcnow(),
        consent_version="2026-11", registered_at=registered_at or utcnow())
    session.add(person)
    session.commit()
    return person


def take(database, session, person, round_, *, started, submitted=None) -> int:
    """Start an attempt at `started` and, when given, hand it in at `submitted`, as `person`
    signed in on a phone would."""
    session.commit()
    who = SignedIn(accounts.open_session(session=session, kind=SessionKind.API, hours=72,
                                         now=started, contestant_id=person.id))
    use = UseCases(database)
    view = use.start(who=who, round_id=round_.id, now=started)
    if submitted is not None:
        use(attempts.submit_attempt, attempt_id=view.id, who=who, answers=None,
            prediction=None, idempotency_key=None, now=submitted, grace_seconds=GRACE)
    return view.id


def expire_all(database, now) -> int:
    """The expiry sweep, as the scheduler runs it."""
    return UseCases(database)(attempts.expire_overdue, now=now, grace_seconds=GRACE)


def audit_entries(database, action: str) -> list[AuditEntry]:
    with database.scope(write=False) as fresh:
        found = list(fresh.exec(select(AuditEntry).where(AuditEntry.action == action)
                                .order_by(AuditEntry.id)))
        fresh.expunge_all()
    return found


@pytest.fixture
def started(session, database, contest, round_, tree):
    """The round has one attempt in progress, by a contestant of Phường Bến Nghé."""
    person = add_contestant(session, contest, tree["Q1-BN"])
    take(database, session, person, round_, started=utcnow())
    session.commit()
    return person


@pytest.fixture
def taken(session, database, contest, round_, tree, clock):
    """Seven attempts around `clock.now` in four units of two blocks (see test_monitor)."""
    now = clock.now
    people = {key: add_contestant(session, contest, tree[code], name=name)
              for key, code, name in [
                  ("a", "Q1-BN", "Trần Thị Ánh"), ("b", "Q1-BN", "Lê Văn Bình"),
                  ("c", "Q1-BT", "Phạm Minh Châu"), ("d", "Q3-VTS", "Võ Thị Dung"),
                  ("e", "Q3-VTS", "Đặng Văn Em"), ("f", "TDOAN", "Hoàng Thị Phương")]}
    take(database, session, people["a"], round_, started=now - timedelta(minutes=3),
         submitted=now - timedelta(minutes=1))
    take(database, session, people["b"], round_, started=now - timedelta(minutes=2))
    take(database, session, people["c"], round_, started=now - timedelta(minutes=9),
         submitted=now - timedelta(minutes=7))
    take(database, session, people["c"], round_, started=now - timedelta(minutes=3))
    take(database, session, people["d"], round_, started=now - timedelta(minutes=20))
    take(database, session, people["e"], round_, started=now - timedelta(minutes=40),
         submitted=now - timedelta(minutes=30))
    take(database, session, people["f"], round_, started=now - timedelta(minutes=1))
    session.commit()
    expire_all(database, now)
    return people

