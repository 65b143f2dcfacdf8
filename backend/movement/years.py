"""A year of the movement: its registration window and the fields entries are registered under."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend import vntext
from backend.errors import Conflict, InvalidInput, NotFound
from backend.movement.models import DEFAULT_FIELDS, MovementField, MovementYear


def create_year(*, session: Session, year: int, title: str, opens_at: datetime,
                closes_at: datetime, reminder_days: int = 7,
                fields: Sequence[str] = DEFAULT_FIELDS) -> MovementYear:
    """Open a year of the movement with its registration window and fields."""
    if not 2000 <= year <= 2100:
        raise InvalidInput("Năm phải trong khoảng 2000–2100.")
    if closes_at <= opens_at:
        raise InvalidInput("Hạn đăng ký phải sau thời điểm mở đăng ký.")
    if not 0 <= reminder_days <= 60:
        raise InvalidInput("Số ngày nhắc trước hạn phải trong khoảng 0–60.")
    period = MovementYear(year=year, title=vntext.checked_name(title, field="Tên đợt",
                                                               max_length=255),
                          registration_opens_at=opens_at, registration_closes_at=closes_at,
                          reminder_days=reminder_days)
    session.add(period)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"Đã có đợt phong trào năm {year}.") from None
    for position, name in enumerate(_field_names(fields)):
        session.add(MovementField(year_id=period.id, name=name, position=position))
    session.commit()
    return period


def _field_names(raw: Iterable[str]) -> list[str]:
    names: list[str] = []
    for name in raw:
        cleaned = vntext.checked_name(name, field="Tên lĩnh vực", max_length=120)
        if vntext.same_text_key(cleaned) not in {vntext.same_text_key(n) for n in names}:
            names.append(cleaned)
    return names


def add_field(*, session: Session, year_id: int, name: str) -> MovementField:
    """Add a field entries of the year may be registered under."""
    get_year(session=session, year_id=year_id)
    cleaned = vntext.checked_name(name, field="Tên lĩnh vực", max_length=120)
    existing = fields_of(session=session, year_id=year_id)
    if any(vntext.same_text_key(f.name) == vntext.same_text_key(cleaned) for f in existing):
        raise Conflict(f"Lĩnh vực “{cleaned}” đã có trong năm này.")
    field = MovementField(year_id=year_id, name=cleaned, position=len(existing))
    session.add(field)
    session.commit()
    return field


def get_year(*, session: Session, year_id: int) -> MovementYear:
    period = session.get(MovementYear, year_id)
    if period is None:
        raise NotFound("Không tìm thấy đợt phong trào này.")
    return period


def fields_of(*, session: Session, year_id: int) -> list[MovementField]:
    return list(session.scalars(select(MovementField).where(MovementField.year_id == year_id)
                                .order_by(MovementField.position, MovementField.id)))


def registration_open(period: MovementYear, now: datetime) -> bool:
    return period.registration_opens_at <= now < period.registration_closes_at
