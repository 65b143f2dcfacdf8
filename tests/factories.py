"""Plain builders for test data: they call the same services production uses."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session

from backend.accounts import service as accounts
from backend.accounts.models import Role, UserAccount
from backend.accounts.passwords import staff_passwords
from backend.clock import utcnow
from backend.config import Settings
from backend.spreadsheet import Row, Table
from backend.units import importer
from backend.units.models import Unit

PASSWORD = "mat-khau-thu-nghiem"
CSRF = re.compile(r'name="csrf-token" content="([0-9a-f]+)"')


def import_rows(session: Session, rows: list[tuple]) -> importer.ImportSummary:
    """Rows as (code, name, parent, block, kind, headcount, cluster), through the importer."""
    keys = [c.key for c in importer.COLUMNS]
    table = Table(sheet="test", columns={c.key: c.header for c in importer.COLUMNS})
    table.rows = [Row(number=i, values=dict(zip(keys, row, strict=True)))
                  for i, row in enumerate(rows, start=2)]
    return importer.import_units(session=session, table=table,
                                 rows=importer.rows_from_table(table), filename="test",
                                 actor_id=None, now=utcnow())


SMALL_TREE = [
    ("HCM", "Thành phố Hồ Chí Minh", "", "", "Tỉnh, thành phố", 0, ""),
    ("Q1", "Quận 1", "HCM", "Khối Quận, huyện", "Quận", 2400, "Cụm 1"),
    ("Q1-BN", "Phường Bến Nghé", "Q1", "", "Phường", 130, ""),
    ("Q1-BT", "Phường Bến Thành", "Q1", "", "Phường", 140, ""),
    ("Q3", "Quận 3", "HCM", "Khối Quận, huyện", "Quận", 2100, "Cụm 1"),
    ("Q3-VTS", "Phường Võ Thị Sáu", "Q3", "", "Phường", 150, ""),
    ("TD", "Thành phố Thủ Đức", "HCM", "Khối Quận, huyện", "Thành phố thuộc TP", 6800, ""),
    ("TDOAN", "Thành Đoàn", "HCM", "Khối Mặt trận, đoàn thể", "Đoàn thể", 980, ""),
]


def small_tree(session: Session) -> dict[str, Unit]:
    import_rows(session, SMALL_TREE)
    from sqlmodel import select

    return {u.code: u for u in session.exec(select(Unit))}


def make_user(session: Session, settings: Settings, *, role: Role, username: str,
              unit: Unit | None = None, password: str = PASSWORD,
              personal_data: bool = False) -> UserAccount:
    return accounts.create_user(
        session=session, username=username, full_name=f"Người dùng {username}",
        password=password, role=role, unit_id=unit.id if unit else None,
        can_view_personal_data=personal_data, passwords=staff_passwords(settings),
        actor_id=None, now=utcnow())


def csrf_of(client: TestClient, path: str = "/dang-nhap") -> str:
    page = client.get(path)
    return CSRF.search(page.text).group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD):
    token = csrf_of(client)
    return client.post("/dang-nhap", data={"username": username, "password": password,
                                           "csrf_token": token, "next": "/"},
                       follow_redirects=False)


def api_token(client: TestClient, username: str, password: str = PASSWORD) -> dict:
    response = client.post("/api/v1/auth/login", json={"username": username,
                                                        "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
