"""The demo's “Dân vận khéo” movement, walked through the movement service with the clock
passed in, so a newcomer finds every step right after `make run`:

1. 2023, closed: the entries of backend/demo/movement_plan.py registered by their units within
   15/01–31/03/2023, then taken up the steps by whoever's level it is (Phường Bến Nghé's own
   officer verifies its entries, `quan1` verifies the rest of Quận 1's and recognises them all
   at the district level; the organiser `bantochuc` acts for units without an account here and
   takes every city step), some turned down with a reason at the step they stopped; then the
   commendations of backend/demo/movement_awards.py.
2. This year's (next year's from October), registration open now and closing in a week, with
   a reminder 14 days ahead: the officers see it on their home page and can register at once.

Each part runs only when its result is missing, so a load cut short is finished next time."""

import zlib
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from backend.accounts.models import Role, UserAccount
from backend.db import Database
from backend.demo.movement_awards import load_awards
from backend.demo.movement_plan import ZONE, Planned, local_moment, plan
from backend.movement import service as movement
from backend.movement.models import EntryKind, EntryStatus, MovementEntry, MovementYear
from backend.units.models import Unit

YEAR = 2023
TITLE = "Phong trào thi đua “Dân vận khéo” năm {year}"
ORGANISER, OFFICER, WARD_OFFICER = "bantochuc", "quan1", "phuong.bennghe"
WARD = "Q1-P01"  # Phường Bến Nghé, the ward officer's
# The local day (2023) each step is taken on.
STEP_DAYS = {EntryStatus.VERIFIED: (4, 14), EntryStatus.UNIT_RECOGNISED: (5, 16),
             EntryStatus.CITY_PROPOSED: (6, 15), EntryStatus.CITY_RECOGNISED: (8, 22),
             EntryStatus.EXEMPLARY: (9, 12), EntryStatus.COMMENDATION_PROPOSED: (9, 26)}
# This year's: open since 20 days, closing at the end of the 7th day from the load.
OPEN_SINCE_DAYS, OPEN_FOR_DAYS, REMINDER_DAYS = 20, 7, 14
CURRENT_ENTRIES = [
    (WARD, EntryKind.MODEL, "Hẻm xanh - sạch - đẹp - an toàn", "Tổ dân phố 5, khu phố 2"),
    (WARD, EntryKind.SOLUTION, "Giải pháp tiếp nhận phản ánh của người dân qua mã QR",
     "Ủy ban nhân dân phường"),
    ("Q1-P06", EntryKind.MODEL, "Cà phê sáng với người dân", "Chi bộ khu phố 3"),
    ("Q1", EntryKind.EXEMPLARY_COLLECTIVE,
     "Ban Dân vận Quận ủy – điển hình trong chuyển đổi số ở cơ sở", "Ban Dân vận Quận ủy"),
    ("Q3-P12", EntryKind.MODEL, "Chung cư văn minh", "Ban quản trị chung cư khu phố 4"),
    ("HLHPN", EntryKind.MODEL, "Phụ nữ khởi nghiệp", "Chi hội cơ sở số 7"),
]


def load_movement(*, database: Database, now: datetime) -> Iterator[str]:
    """Add the demo's 2023 movement year with its commendations, and this year's."""
    with database.scope() as session:
        staff = {u.username: u for u in session.scalars(select(UserAccount).where(
            UserAccount.username.in_((ORGANISER, OFFICER, WARD_OFFICER))))}
        units = {u.code: u for u in session.scalars(select(Unit))}
        period = session.scalars(select(MovementYear).where(MovementYear.year == YEAR)).first()
        fresh = period is None
        period = period or movement.create_year(
            session=session, year=YEAR, title=TITLE.format(year=YEAR),
            opens_at=local_moment(1, 15, 0), closes_at=local_moment(4, 1, 0), reminder_days=14)
        planned = plan()
        registered = _register(session, period, planned, units, staff)
        moved = _walk(session, period, planned, units, staff)
        total = session.scalar(select(func.count()).select_from(MovementEntry)
                               .where(MovementEntry.year_id == period.id))
        if fresh or registered or moved:
            yield (f"Đã nạp {period.title} (đã kết thúc) tại /phong-trao/{period.id}: {total} "
                   "mô hình, giải pháp, điển hình ở đủ các bước, có mục không được công nhận.")
        else:
            yield f"{period.title} mẫu có sẵn tại /phong-trao/{period.id}."
        yield from load_awards(session=session, year=YEAR, staff=staff, units=units,
                               planned=planned)
        yield _current_year(session, now, units, staff)


def _actors(staff: dict[str, UserAccount], code: str) -> dict[str, UserAccount]:
    """Who acts for a unit at each level: the unit's own line, the unit under the city, the
    city."""
    organiser, district = staff[ORGANISER], staff[ORGANISER]
    if code.split("-P")[0] == "Q1":
        district = staff[OFFICER]
    own = staff[WARD_OFFICER] if code == WARD else district
    return {movement.Level.OWN_LINE: own, movement.Level.UNIT: district,
            movement.Level.CITY: organiser}


def _register(session: Session, period: MovementYear, planned: list[Planned],
              units: dict[str, Unit], staff: dict[str, UserAccount]) -> int:
    """Each unit's entries, registered on a day of the window, for units that have none yet."""
    done = set(session.scalars(select(MovementEntry.unit_id).where(
        MovementEntry.year_id == period.id).distinct()))
    fields = movement.fields_of(session=session, year_id=period.id)
    by_unit: dict[str, list[Planned]] = defaultdict(list)
    for entry in planned:
        by_unit[entry.unit_code].append(entry)
    added = 0
    for code, entries in by_unit.items():
        if units[code].id in done:
            continue
        actor = _actors(staff, code)[movement.Level.OWN_LINE]
        checked = [movement.checked_entry(
            session=session, period=period, actor=actor, fields=fields,
            data=movement.EntryData(unit_id=units[code].id, kind=p.kind, title=p.title,
                                    field=p.field, people=p.people, description=p.description,
                                    results=p.results)) for p in entries]
        day = local_moment(1, 20) + timedelta(days=zlib.crc32(code.encode()) % 68)
        movement.store_entries(session=session, entries=checked, actor=actor, now=day)
        added += len(checked)
    session.commit()
    return added


def _walk(session: Session, period: MovementYear, planned: list[Planned],
          units: dict[str, Unit], staff: dict[str, UserAccount]) -> int:
    """Take every entry up the steps its plan reaches, one bulk action per actor and step;
    turn down those planned so at the step they stop, with their reason."""
    fate = {(p.unit_code, p.title): p for p in planned}
    codes = {u.id: code for code, u in units.items()}
    moved = 0
    for index, came_from in enumerate(movement.ORDER[:-1]):
        level = movement.STEP_LEVEL[came_from]
        batches: dict[tuple[int, EntryStatus, str], list[int]] = defaultdict(list)
        for entry in _at_step(session, period, came_from):
            goal = fate[(codes[entry.unit_id], entry.title)]
            actor = _actors(staff, codes[entry.unit_id])[level]
            if goal.reason and goal.goal is came_from:
                batches[(actor.id, EntryStatus.REJECTED, goal.reason)].append(entry.id)
            elif movement.ORDER.index(goal.goal) > index:
                batches[(actor.id, movement.NEXT[came_from], "")].append(entry.id)
        at = local_moment(*STEP_DAYS[movement.NEXT[came_from]])
        for (actor_id, to, reason), ids in batches.items():
            for start in range(0, len(ids), movement.MAX_BULK):
                chunk = ids[start:start + movement.MAX_BULK]
                held = _at_step(session, period, came_from, chunk)  # noqa: F841 - kept loaded
                outcome = movement.advance_entries(
                    session=session, entry_ids=chunk, to=to, reason=reason, now=at,
                    actor=session.get(UserAccount, actor_id))
                if outcome.refused:
                    raise RuntimeError(f"Dữ liệu mẫu: không chuyển được {outcome.refused}")
                moved += outcome.moved
    return moved


def _at_step(session: Session, period: MovementYear, status: EntryStatus,
             ids: list[int] | None = None) -> list[MovementEntry]:
    """The year's entries at `status` (those of `ids`), read with the units and accounts the
    step looks at, one query each: a commit expires them, and the service would read them
    back one by one. The caller holds the list: the session keeps only what is referenced."""
    session.scalars(select(Unit)).all()  # refreshes the caller's units
    session.scalars(select(UserAccount).where(UserAccount.unit_id.is_not(None)
                                              | (UserAccount.role == Role.ORGANISER))).all()
    query = select(MovementEntry).where(MovementEntry.year_id == period.id,
                                        MovementEntry.status == status)
    if ids is not None:
        query = query.where(MovementEntry.id.in_(ids))
    return list(session.scalars(query.order_by(MovementEntry.id)))


def _current_year(session: Session, now: datetime, units: dict[str, Unit],
                  staff: dict[str, UserAccount]) -> str:
    today = now.astimezone(ZONE).date()
    year = max(today.year + (today.month >= 10), YEAR + 1)
    period = session.scalars(select(MovementYear).where(MovementYear.year == year)).first()
    if period is None:
        opens, closes = (today - timedelta(days=OPEN_SINCE_DAYS),
                         today + timedelta(days=OPEN_FOR_DAYS + 1))
        period = movement.create_year(
            session=session, year=year, title=TITLE.format(year=year),
            opens_at=datetime.combine(opens, time(0), ZONE).astimezone(UTC),
            closes_at=datetime.combine(closes, time(0), ZONE).astimezone(UTC),
            reminder_days=REMINDER_DAYS)
    last = (period.registration_closes_at.astimezone(ZONE) - timedelta(days=1)).date()
    where = (f"{period.title} nhận đăng ký đến hết ngày {last:%d/%m/%Y} tại "
             f"/phong-trao/{period.id}/dang-ky")
    if session.scalar(select(func.count()).select_from(MovementEntry)
                      .where(MovementEntry.year_id == period.id)):
        return f"{where} (mẫu có sẵn)."
    for number, (code, kind, title, people) in enumerate(CURRENT_ENTRIES):
        movement.register_entry(
            session=session, year_id=period.id,
            actor=_actors(staff, code)[movement.Level.OWN_LINE],
            now=min(now, period.registration_closes_at) - timedelta(hours=5 * number + 1),
            data=movement.EntryData(unit_id=units[code].id, kind=kind, title=title,
                                    field="Văn hóa - xã hội", people=people,
                                    description="Đăng ký đầu năm, đang triển khai.",
                                    results="Sẽ báo cáo kết quả cuối năm."))
    return f"Đã mở {where}: {len(CURRENT_ENTRIES)} mục đã đăng ký, nhắc trước 14 ngày."
