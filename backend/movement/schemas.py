"""What the movement API takes and gives."""

from datetime import datetime

from pydantic import BaseModel, Field

from backend.deps import Id
from backend.movement import service
from backend.movement.models import EntryStatus, MovementField, MovementYear
from backend.movement.queries import EntryDetail, EntryRow


class YearIn(BaseModel):
    year: int = Field(ge=2000, le=2100)
    title: str = Field(max_length=255)
    opens_at: datetime = Field(description="Without an offset: Asia/Ho_Chi_Minh time")
    closes_at: datetime = Field(description="Without an offset: Asia/Ho_Chi_Minh time")
    reminder_days: int = Field(default=7, ge=0, le=60)


class FieldIn(BaseModel):
    name: str = Field(max_length=120)


class FieldOut(BaseModel):
    id: int
    name: str
    position: int

    @classmethod
    def of(cls, field: MovementField) -> "FieldOut":
        return cls(id=field.id, name=field.name, position=field.position)


class YearOut(BaseModel):
    id: int
    year: int
    title: str
    registration_opens_at: datetime
    registration_closes_at: datetime
    reminder_days: int
    registration_open: bool
    fields: list[FieldOut]

    @classmethod
    def of(cls, year: MovementYear, fields: list[MovementField], now: datetime) -> "YearOut":
        return cls(id=year.id, year=year.year, title=year.title,
                   registration_opens_at=year.registration_opens_at,
                   registration_closes_at=year.registration_closes_at,
                   reminder_days=year.reminder_days,
                   registration_open=service.registration_open(year, now),
                   fields=[FieldOut.of(f) for f in fields])


class EntryIn(BaseModel):
    unit_id: Id
    kind: str = Field(max_length=40, description="mo_hinh | giai_phap | dien_hinh_tap_the | "
                                                 "dien_hinh_ca_nhan")
    title: str = Field(max_length=300)
    field: str = Field(max_length=120, description="The field's name, as listed for the year")
    people: str = Field(default="", max_length=500)
    description: str = Field(default="", max_length=service.MAX_TEXT)
    results: str = Field(default="", max_length=service.MAX_TEXT)

    def data(self) -> service.EntryData:
        return service.EntryData(**self.model_dump())


class EntryOut(BaseModel):
    id: int
    year_id: int
    unit_id: int
    unit_name: str
    kind: str
    kind_label: str
    title: str
    field_id: int
    field_name: str
    people: str
    description: str
    results: str
    status: str
    status_label: str
    rejected_from: str | None
    rejected_reason: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: EntryRow | EntryDetail) -> "EntryOut":
        e = row.entry
        unit_name = row.unit_name if isinstance(row, EntryRow) else row.unit.name
        return cls(id=e.id, year_id=e.year_id, unit_id=e.unit_id, unit_name=unit_name,
                   kind=e.kind.value, kind_label=e.kind.label, title=e.title,
                   field_id=e.field_id, field_name=row.field_name, people=e.people,
                   description=e.description, results=e.results, status=e.status.value,
                   status_label=e.status.label,
                   rejected_from=e.rejected_from.value if e.rejected_from else None,
                   rejected_reason=e.rejected_reason, created_at=e.created_at,
                   updated_at=e.updated_at)


class EntriesOut(BaseModel):
    entries: list[EntryOut]
    total: int
    page: int
    pages: int
    counts: dict[str, int] = Field(description="Entries at each status under the same "
                                               "filters, the status filter aside")


class StepOut(BaseModel):
    from_status: str | None
    to_status: str
    actor_id: int | None
    actor_name: str = Field(description="\"\" for the command line on the server")
    reason: str
    at: datetime


class EvidenceOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime


class EntryDetailOut(EntryOut):
    steps: list[StepOut]
    evidence: list[EvidenceOut]
    may_act: bool = Field(description="Whether the caller may take the next step or reject")

    @classmethod
    def of_detail(cls, found: EntryDetail, may_act: bool) -> "EntryDetailOut":
        steps = [StepOut(from_status=v.step.from_status, to_status=v.step.to_status,
                         actor_id=v.step.actor_id, actor_name=v.actor_name,
                         reason=v.step.reason, at=v.step.at) for v in found.steps]
        evidence = [EvidenceOut(id=f.id, filename=f.filename, content_type=f.content_type,
                                size=f.size, uploaded_at=f.uploaded_at) for f in found.evidence]
        return cls(**EntryOut.of(found).model_dump(), steps=steps, evidence=evidence,
                   may_act=may_act)


class StepIn(BaseModel):
    to: EntryStatus = Field(description="The next step's status, or rejected")
    reason: str = Field(default="", max_length=service.MAX_REASON)


class BulkStepIn(StepIn):
    entry_ids: list[Id] = Field(min_length=1, max_length=service.MAX_BULK)


class RefusalOut(BaseModel):
    entry_id: int
    message: str


class BulkOutcomeOut(BaseModel):
    moved: int
    refused: list[RefusalOut]
