"""Reminders before a movement year's registration closes.

A unit officer's home page computes its reminder at each request (time is computed, not
flipped): from `reminder_days` calendar days before the closing day until registration
closes, the deadline, the days left and how many entries the officer's unit and the units
under it have registered. Nothing is stored for it, so it appears and disappears on time
whatever a scheduler does.

What the scheduled job adds is a record: once a day within the same window it notes in the
audit log which officers' units have registered nothing yet, so that organisers can follow
up and see later who was reminded with nothing registered, and when."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlmodel import Session

from backend.accounts.models import Role, UserAccount
from backend.audit import service as audit
from backend.audit.models import AuditEntry
from backend.clock import utc_to_local
from backend.movement.models import MovementEntry, MovementYear
from backend.policy import Permission, has_permission
from backend.units.models import Unit

NOTED = "movement.reminder"


@dataclass(frozen=True)
class Reminder:
    period: MovementYear
    unit: Unit
    registered: int  # entries of the year in the unit's subtree
    days_left: int  # calendar days from today to the closing day, local time
    closes: datetime  # the deadline, local time
    has_units: bool  # the unit has units under it, whose entries are counted too

    @property
    def text(self) -> str:
        title = self.period.title
        if not title.casefold().startswith(("đợt", "phong trào")):
            title = f"Đợt {title}"
        left = f"còn {self.days_left} ngày" if self.days_left else "hạn cuối là hôm nay"
        done = (f"đã đăng ký {self.registered:,} mục".replace(",", ".") if self.registered
                else "chưa đăng ký mô hình, giải pháp nào")
        under = " (tính cả các đơn vị trực thuộc)" if self.has_units else ""
        return (f"{title}: hạn đăng ký mô hình, giải pháp là {self.closes:%H:%M} ngày "
                f"{self.closes:%d/%m/%Y} ({left}). Đơn vị {self.unit.name} {done}{under}.")


def days_left(period: MovementYear, now: datetime, zone: ZoneInfo) -> int:
    return (utc_to_local(period.registration_closes_at, zone).date()
            - utc_to_local(now, zone).date()).days


def reminding(*, session: Session, now: datetime, zone: ZoneInfo) -> list[MovementYear]:
    """The years whose registration is open and closes within their `reminder_days` (0: no
    reminders), counted in calendar days of local time."""
    open_years = session.scalars(select(MovementYear).where(
        MovementYear.registration_opens_at <= now, MovementYear.registration_closes_at > now,
        MovementYear.reminder_days > 0).order_by(MovementYear.registration_closes_at))
    return [p for p in open_years
            if days_left(p, now, zone) <= p.reminder_days]


def _registered(session: Session, period: MovementYear, unit: Unit) -> int:
    return session.scalar(
        select(func.count()).select_from(MovementEntry)
        .join(Unit, Unit.id == MovementEntry.unit_id)
        .where(MovementEntry.year_id == period.id, Unit.path.startswith(unit.path)))


def reminders_for(*, session: Session, user: UserAccount, now: datetime,
                  zone: ZoneInfo) -> list[Reminder]:
    """The registration reminders a unit officer's home page shows (nobody else gets any)."""
    if user.role != Role.UNIT_OFFICER or user.unit_id is None or \
            not has_permission(user, Permission.REGISTER_ENTRIES):
        return []
    unit = session.get(Unit, user.unit_id)
    periods = reminding(session=session, now=now, zone=zone)
    if unit is None or not periods:
        return []
    has_units = session.scalar(select(func.count()).select_from(Unit)
                               .where(Unit.parent_id == unit.id)) > 0
    return [Reminder(p, unit, _registered(session, p, unit), days_left(p, now, zone),
                     utc_to_local(p.registration_closes_at, zone), has_units)
            for p in periods]


def _officer_units(session: Session) -> list[Unit]:
    ids = select(UserAccount.unit_id).where(UserAccount.role == Role.UNIT_OFFICER,
                                            UserAccount.is_active,
                                            UserAccount.unit_id.is_not(None))
    return list(session.scalars(select(Unit).where(Unit.id.in_(ids), Unit.is_active)
                                .order_by(Unit.path)))


def _without_entries(units: Iterable[Unit], paths: list[str]) -> list[Unit]:
    return [u for u in units if not any(path.startswith(u.path) for path in paths)]


def note_units_without_entries(*, session: Session, now: datetime, zone: ZoneInfo) -> int:
    """Once a local day per year in its reminder window, note in the audit log the units of
    active officers that have registered nothing yet (ids and names). Idempotent: a year
    already noted today is skipped. Returns how many notes were added."""
    day = utc_to_local(now, zone).date().isoformat()
    added = 0
    for period in reminding(session=session, now=now, zone=zone):
        target = f"movement_year:{period.id}:{day}"
        if session.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.action == NOTED, AuditEntry.target == target)):
            continue
        paths = list(session.scalars(
            select(Unit.path).join(MovementEntry, MovementEntry.unit_id == Unit.id)
            .where(MovementEntry.year_id == period.id).distinct()))
        idle = _without_entries(_officer_units(session), paths)
        audit.record(session=session, actor_id=None, action=NOTED, target=target, now=now,
                     details={"days_left": days_left(period, now, zone),
                              "units": [u.id for u in idle], "names": [u.name for u in idle]})
        added += 1
    session.commit()
    return added
