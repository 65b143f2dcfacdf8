"""A movement year (registration open in 2023) on the small tree, its officers, and
`register` to add entries as a unit would; for the pages and the API, the app's clock within
the window and a browser or a token per account."""

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from backend.accounts.models import Role
from backend.movement import service
from backend.movement.models import EntryKind
from tests.factories import api_token, csrf_of, make_user, sign_in

OPENS = datetime(2023, 1, 15, 1, 0, tzinfo=UTC)
CLOSES = datetime(2023, 3, 31, 10, 0, tzinfo=UTC)
DURING = datetime(2023, 2, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def movement_year(session, tree):
    return service.create_year(session=session, year=2023,
                               title="Phong trào thi đua “Dân vận khéo” năm 2023",
                               opens_at=OPENS, closes_at=CLOSES)


@pytest.fixture
def ward_officer(session, settings, tree):
    return make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.bennghe",
                     unit=tree["Q1-BN"])


@pytest.fixture
def q3_officer(session, settings, tree):
    return make_user(session, settings, role=Role.UNIT_OFFICER, username="canbo.q3",
                     unit=tree["Q3"])


@pytest.fixture
def register(session, movement_year, tree):
    def register(code="Q1-BN", title="Dân vận khéo trong chỉnh trang đô thị", *,
                 kind=EntryKind.MODEL, field="Kinh tế", people="Tổ dân phố 3", actor=None,
                 now=DURING):
        data = service.EntryData(unit_id=tree[code].id, kind=kind, title=title, field=field,
                                 people=people, description="Vận động người dân hiến đất.",
                                 results="Mở rộng 2 km hẻm.")
        return service.register_entry(session=session, year_id=movement_year.id, data=data,
                                      actor=actor, now=now)
    return register


@pytest.fixture
def in_window(clock):
    """The app's requests happen while the year takes registrations."""
    clock.now = DURING
    return clock


@pytest.fixture
def browser_of(app, in_window):
    """A browser signed in as `user`; `.csrf` is the token its forms carry."""
    def browser_of(user) -> TestClient:
        browser = TestClient(app, base_url="http://testserver")
        assert sign_in(browser, user.username).status_code == 303
        browser.csrf = csrf_of(browser, "/phong-trao")
        return browser
    return browser_of


@pytest.fixture
def token_of(client, in_window):
    """The Authorization header of `user`'s API token."""
    return lambda user: api_token(client, user.username)
