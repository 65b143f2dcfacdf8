"""What the movement's pages take: the forms of a year and an entry, and the list's filters,
read leniently (an unknown filter value lists everything) and turned into service input."""

from datetime import datetime

from pydantic import BaseModel, Field
from sqlmodel import Session

from backend.clock import local_to_utc
from backend.deps import parse_id
from backend.errors import InvalidInput
from backend.movement import service
from backend.movement.models import EntryKind, EntryStatus, MovementYear
from backend.movement.queries import EntryFilter
from backend.units import service as units
from backend.units.models import Unit


class YearForm(BaseModel):
    year: int = Field(ge=2000, le=2100)
    title: str = Field(default="", max_length=255)
    opens: str = Field(default="", max_length=20)
    closes: str = Field(default="", max_length=20)
    reminder_days: int = Field(default=7, ge=0, le=60)


class EntryForm(BaseModel):
    unit_id: str = Field(default="", max_length=20)
    kind: str = Field(default="", max_length=40)
    title: str = Field(default="", max_length=300)
    field: str = Field(default="", max_length=120)
    people: str = Field(default="", max_length=500)
    description: str = Field(default="", max_length=service.MAX_TEXT)
    results: str = Field(default="", max_length=service.MAX_TEXT)

    @classmethod
    def of(cls, entry, field_name: str) -> "EntryForm":
        return cls(unit_id=str(entry.unit_id), kind=entry.kind.value, title=entry.title,
                   field=field_name, people=entry.people, description=entry.description,
                   results=entry.results)

    def data(self) -> service.EntryData:
        unit_id = parse_id(self.unit_id)
        if unit_id is None:
            raise InvalidInput("Hãy chọn đơn vị đăng ký.")
        return service.EntryData(unit_id=unit_id, kind=self.kind, title=self.title,
                                 field=self.field, people=self.people,
                                 description=self.description, results=self.results)


def local_moment(text: str, label: str, zone) -> datetime:
    """A time typed in the form's local time zone, as UTC."""
    try:
        return local_to_utc(datetime.fromisoformat(text.strip()), zone)
    except ValueError:
        raise InvalidInput(f"Hãy chọn ngày giờ “{label}”.") from None


def status_named(text: str) -> EntryStatus:
    try:
        return EntryStatus(text.strip())
    except ValueError:
        raise InvalidInput("Hãy chọn bước chuyển sang: một bước xét tiếp theo hoặc “Không "
                           "công nhận”.") from None


def entry_filter(*, session: Session, year: MovementYear, within: Unit | None, status: str,
                 kind: str, field_id: str, unit_id: str, query: str) -> EntryFilter:
    """The list's filters as typed in its address; a unit outside the account's subtree is a
    404, an unknown status, kind or field is no filter."""
    chosen_unit = parse_id(unit_id[:20])
    field = parse_id(field_id[:20])
    return EntryFilter(
        status=EntryStatus(status) if status in set(EntryStatus) else None,
        kind=EntryKind(kind) if kind in set(EntryKind) else None,
        field_id=field if field in {f.id for f in service.fields_of(
            session=session, year_id=year.id)} else None,
        unit=units.get_unit(session=session, unit_id=chosen_unit, within=within)
        if chosen_unit else None,
        query=query[:100])
