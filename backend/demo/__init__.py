"""Demo data for `make run`: the 2023 city tree and one sign-in per role. Loads once."""

from collections.abc import Iterator
from datetime import datetime

from sqlmodel import select

from backend.accounts import service as accounts
from backend.accounts.models import Role, UserAccount
from backend.accounts.passwords import staff_passwords
from backend.db import Database
from backend.demo.movement import load_movement
from backend.demo.online_contest import CONTESTANT_PHONE, load_contest
from backend.demo.units_2023 import unit_rows
from backend.demo.writing import AUTHOR_PHONE, load_writing
from backend.spreadsheet import Row, Table
from backend.units import importer
from backend.units.models import Unit

DEMO_PASSWORD = "ThiDua@2023"  # noqa: S105 - printed by `make run` on purpose
DEMO_STAFF = [
    ("bantochuc", "Nguyễn Thị Thu Hà", Role.ORGANISER, None, True),
    ("quan1", "Trần Minh Quân", Role.UNIT_OFFICER, "Q1", False),
    # Phường Bến Nghé's (Quận 1) officer: verifies its “Dân vận khéo” entries.
    ("phuong.bennghe", "Lê Thị Ngọc Hân", Role.UNIT_OFFICER, "Q1-P01", False),
    ("giamkhao", "Lê Văn Bình", Role.JUDGE, None, False),
    # The rest of the writing demo's panel of judges (backend/demo/writing.py).
    ("giamkhao2", "Trần Thị Hoa", Role.JUDGE, None, False),
    ("giamkhao3", "Phạm Văn Sơn", Role.JUDGE, None, False),
    ("giamkhao4", "Đỗ Thị Thu", Role.JUDGE, None, False),
    ("giamkhao5", "Võ Minh Khang", Role.JUDGE, None, False),
    ("giamkhao6", "Bùi Ngọc An", Role.JUDGE, None, False),
]
DEMO_LOGINS = [
    f"Ban tổ chức:    bantochuc / {DEMO_PASSWORD}",
    f"Cán bộ Quận 1:  quan1 / {DEMO_PASSWORD}",
    f"Cán bộ phường:  phuong.bennghe / {DEMO_PASSWORD} (Phường Bến Nghé, Quận 1)",
    f"Giám khảo:      giamkhao / {DEMO_PASSWORD}",
    f"Thí sinh:       {CONTESTANT_PHONE} / {DEMO_PASSWORD} (trang chủ, mục Cuộc thi trực tuyến)",
    f"Tác giả:        {AUTHOR_PHONE} / {DEMO_PASSWORD} (trang chủ, mục Cuộc thi viết)",
]


def demo_table() -> tuple[Table, list[importer.UnitRow]]:
    keys = [c.key for c in importer.COLUMNS]
    table = Table(sheet="dữ liệu mẫu", columns={k: c.header for k, c in
                                               zip(keys, importer.COLUMNS, strict=True)})
    table.rows = [Row(number=i, values=dict(zip(keys, row, strict=True)))
                  for i, row in enumerate(unit_rows(), start=1)]
    return table, importer.rows_from_table(table)


# Finished attempts in the demo's closed round: a leaderboard of a few thousand people.
RESULTS_ATTEMPTS = 3000


def load_demo(*, database: Database, now: datetime,
              results_attempts: int = RESULTS_ATTEMPTS, writing: bool = True,
              movement: bool = True) -> Iterator[str]:
    """Load whatever part of the demo data is missing; say what was done. `writing=False`
    leaves the writing competitions out, `movement=False` the “Dân vận khéo” movement (tests
    of the online contest only)."""
    yield from load_units_and_staff(database=database, now=now)
    yield from load_contest(database=database, now=now, password=DEMO_PASSWORD,
                            results_attempts=results_attempts)
    if writing:
        yield from load_writing(database=database, now=now, password=DEMO_PASSWORD)
    if movement:
        yield from load_movement(database=database, now=now)


def load_units_and_staff(*, database: Database, now: datetime) -> Iterator[str]:
    """The unit tree and staff sign-ins, each when missing."""
    with database.scope() as session:
        if session.exec(select(Unit).where(Unit.code == "TPHCM")).first() is None:
            table, rows = demo_table()
            summary = importer.import_units(session=session, table=table, rows=rows,
                                            filename="dữ liệu mẫu 2023", actor_id=None, now=now)
            yield f"Đã nạp cây đơn vị mẫu: {summary.created} đơn vị."
        else:
            yield "Cây đơn vị mẫu đã có sẵn."
        passwords = staff_passwords(database.settings)
        for username, name, role, unit_code, personal in DEMO_STAFF:
            if session.exec(select(UserAccount).where(UserAccount.username == username)).first():
                continue
            unit = session.exec(select(Unit).where(Unit.code == unit_code)).first()
            accounts.create_user(session=session, username=username, full_name=name,
                                 password=DEMO_PASSWORD, role=role,
                                 unit_id=unit.id if unit else None,
                                 can_view_personal_data=personal, passwords=passwords,
                                 actor_id=None, now=now)
            yield f"Đã tạo tài khoản mẫu {username}."
