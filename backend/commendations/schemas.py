"""What the commendation pages and API take and give: award forms, proposals with their
nominees, and decisions with their awardees."""

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field

from backend.commendations import queries, service
from backend.commendations.models import (
    AwardKind,
    Gender,
    NomineeKind,
    ProposalStatus,
    Source,
)
from backend.deps import Id, parse_id
from backend.errors import InvalidInput

Year = Annotated[int, Field(ge=2000, le=2100)]


class AwardFormIn(BaseModel):
    kind: AwardKind = Field(description="bang_khen, giay_khen hoặc khac")
    name: str = Field(max_length=400, description="Tên hình thức, như ghi trên danh sách")
    issuing_level: str = Field(max_length=400, description="Cấp khen, ví dụ Ban Dân vận Thành ủy")


class AwardFormOut(AwardFormIn):
    id: int
    is_active: bool


class ProposalIn(BaseModel):
    year: Year
    title: str = Field(max_length=400)
    unit_id: Id | None = Field(default=None, description="Bỏ trống: danh sách của Ban tổ chức")


class ProposalOut(BaseModel):
    id: int
    year: int
    title: str
    unit_id: int | None
    unit_name: str
    status: ProposalStatus
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    collectives: int
    individuals: int
    awarded: int


def proposal_out(line: queries.ProposalLine) -> ProposalOut:
    p, counts = line.proposal, line.counts
    return ProposalOut(id=p.id, year=p.year, title=p.title, unit_id=p.unit_id,
                       unit_name=line.unit_name, status=p.status, created_at=p.created_at,
                       submitted_at=p.submitted_at, collectives=counts.collectives,
                       individuals=counts.individuals, awarded=counts.awarded)


class NomineeIn(BaseModel):
    kind: NomineeKind = Field(description="collective (tập thể) hoặc individual (cá nhân)")
    name: str = Field(max_length=400)
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    gender: Gender | None = None
    position: str = Field(default="", max_length=400)
    unit_id: Id
    achievement: str = Field(max_length=4000)
    award_form_id: Id
    note: str = Field(default="", max_length=600)

    def data(self) -> service.NomineeData:
        return service.NomineeData(**self.model_dump())


class NomineeOut(BaseModel):
    id: int
    kind: NomineeKind
    name: str
    birth_year: int | None
    gender: Gender | None
    position: str
    unit_id: int
    unit_name: str
    achievement: str
    award_form_id: int
    award_form: str
    note: str
    source: Source
    decision_id: int | None
    decision_number: str | None


def nominee_out(line: queries.NomineeLine) -> NomineeOut:
    n = line.nominee
    return NomineeOut(**n.model_dump(include=set(NomineeOut.model_fields)),
                      unit_name=line.unit_name, award_form=line.form_name,
                      decision_number=line.decision_number)


class NomineePageOut(BaseModel):
    total: int
    page: int
    pages: int
    items: list[NomineeOut]


def nominee_page(found: queries.Page) -> NomineePageOut:
    return NomineePageOut(total=found.total, page=found.page, pages=found.pages,
                          items=[nominee_out(line) for line in found.lines])


class ProposalDetailOut(ProposalOut):
    nominees: NomineePageOut


class DecisionIn(BaseModel):
    number: str = Field(max_length=120, description="Số (127) hoặc số đầy đủ (127-QĐ/BDVTU)")
    signed_date: dt.date
    title: str = Field(max_length=1000, description="Trích yếu")
    signer_name: str = Field(max_length=240)
    signer_title: str = Field(max_length=400)
    issuing_body: str = Field(default="", max_length=400)
    proposal_ids: list[Id] = Field(default=[], max_length=2000,
                                   description="Khen mọi người chưa được khen của các danh sách")
    nominee_ids: list[Id] = Field(default=[], max_length=service.MAX_NOMINEES)

    def data(self) -> service.DecisionData:
        return service.DecisionData(**self.model_dump(exclude={"proposal_ids", "nominee_ids"}))


class DecisionOut(BaseModel):
    id: int
    number: str
    signed_date: dt.date
    title: str
    signer_name: str
    signer_title: str
    issuing_body: str
    year: int
    collectives: int
    individuals: int


def decision_out(line: queries.DecisionLine) -> DecisionOut:
    d = line.decision
    return DecisionOut(**d.model_dump(include=set(DecisionOut.model_fields)),
                       collectives=line.counts.collectives, individuals=line.counts.individuals)


class DecisionDetailOut(DecisionOut):
    awardees: NomineePageOut


# The pages' forms: every field as typed, so that a refused form comes back as it was.

class NomineeForm(BaseModel):
    kind: str = Field(default="individual", max_length=20)
    name: str = Field(default="", max_length=400)
    birth_year: str = Field(default="", max_length=10)
    gender: str = Field(default="", max_length=10)
    position: str = Field(default="", max_length=400)
    unit_id: str = Field(default="", max_length=12)
    achievement: str = Field(default="", max_length=4000)
    award_form_id: str = Field(default="", max_length=12)
    note: str = Field(default="", max_length=600)

    def data(self) -> service.NomineeData:
        year = self.birth_year.strip()
        if year and not (year.isdigit() and len(year) == 4):
            raise InvalidInput("Năm sinh ghi bằng bốn chữ số, ví dụ 1980.")
        unit_id, form_id = parse_id(self.unit_id), parse_id(self.award_form_id)
        if unit_id is None:
            raise InvalidInput("Hãy chọn đơn vị của người, tập thể được đề nghị.")
        if form_id is None:
            raise InvalidInput("Hãy chọn hình thức khen thưởng.")
        return service.NomineeData(
            kind=self.kind, name=self.name, unit_id=unit_id, achievement=self.achievement,
            award_form_id=form_id, birth_year=int(year) if year else None,
            gender=self.gender or None, position=self.position, note=self.note)


class DecisionForm(BaseModel):
    number: str = Field(default="", max_length=120)
    signed_date: str = Field(default="", max_length=20)
    title: str = Field(default="", max_length=1000)
    signer_name: str = Field(default="", max_length=240)
    signer_title: str = Field(default="", max_length=400)
    issuing_body: str = Field(default="", max_length=400)

    def data(self) -> service.DecisionData:
        try:
            signed = dt.date.fromisoformat(self.signed_date.strip())
        except ValueError:
            raise InvalidInput("Hãy chọn ngày ký quyết định.") from None
        return service.DecisionData(
            number=self.number, signed_date=signed, title=self.title,
            signer_name=self.signer_name, signer_title=self.signer_title,
            issuing_body=self.issuing_body)
