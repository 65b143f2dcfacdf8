"""Commendation ("khen thưởng"): the award forms an organiser gives, proposals gathering
nominees from anywhere on the platform, and the decisions ("Quyết định") that award them."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type


class AwardKind(StrEnum):
    CERTIFICATE_OF_MERIT = "bang_khen"
    LETTER_OF_COMMENDATION = "giay_khen"
    CUSTOM = "khac"

    @property
    def label(self) -> str:
        return {"bang_khen": "Bằng khen", "giay_khen": "Giấy khen",
                "khac": "Hình thức khác"}[self.value]


class AwardForm(SQLModel, table=True):
    """A form of commendation and who issues it: "Bằng khen của Ban Thường vụ Thành ủy"."""

    __tablename__ = "award_form"

    id: int | None = Field(default=None, primary_key=True)
    kind: AwardKind = Field(sa_type=enum_type(AwardKind))
    name: str = Field(max_length=200, unique=True)  # as it is written on the list
    issuing_level: str = Field(max_length=200)  # "Ban Thường vụ Thành ủy", "Ban Dân vận Thành ủy"
    position: int = 0
    is_active: bool = True


class ProposalStatus(StrEnum):
    DRAFT = "draft"  # the unit is still gathering nominees
    SUBMITTED = "submitted"  # sent up; nominees can be awarded by a decision

    @property
    def label(self) -> str:
        return {"draft": "Đang lập", "submitted": "Đã gửi"}[self.value]


class Proposal(SQLModel, table=True):
    """A "danh sách đề nghị khen thưởng": a unit's (or the organiser's, unit_id None) list of
    nominees for one year."""

    __tablename__ = "commendation_proposal"
    __table_args__ = (CheckConstraint("year BETWEEN 2000 AND 2100", name="year_in_range"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int
    title: str = Field(max_length=255)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    status: ProposalStatus = Field(default=ProposalStatus.DRAFT,
                                   sa_type=enum_type(ProposalStatus))
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None


class NomineeKind(StrEnum):
    COLLECTIVE = "collective"
    INDIVIDUAL = "individual"

    @property
    def label(self) -> str:
        return {"collective": "Tập thể", "individual": "Cá nhân"}[self.value]


class Gender(StrEnum):
    MALE = "nam"
    FEMALE = "nu"

    @property
    def label(self) -> str:
        return {"nam": "Nam", "nu": "Nữ"}[self.value]


class Source(StrEnum):
    """Where a nominee's achievement comes from on the platform."""

    DIRECT = "direct"  # entered by hand
    CONTEST_PRIZE = "contest_prize"  # a prize of an online contest's published results
    CONTEST_COLLECTIVE = "contest_collective"  # a unit's collective prize in an online contest
    WRITING_PRIZE = "writing_prize"  # an essay's prize in a writing competition
    WRITING_COLLECTIVE = "writing_collective"  # a unit's collective prize in a writing contest
    MOVEMENT_ENTRY = "movement_entry"  # a "Dân vận khéo" entry

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]


SOURCE_LABELS = {
    Source.DIRECT: "Nhập trực tiếp",
    Source.CONTEST_PRIZE: "Giải cá nhân cuộc thi trực tuyến",
    Source.CONTEST_COLLECTIVE: "Giải tập thể cuộc thi trực tuyến",
    Source.WRITING_PRIZE: "Giải cuộc thi viết",
    Source.WRITING_COLLECTIVE: "Giải tập thể cuộc thi viết",
    Source.MOVEMENT_ENTRY: "Phong trào thi đua “Dân vận khéo”",
}


class Nominee(SQLModel, table=True):
    """A collective or a person proposed for an award form for one achievement; awarded when a
    decision takes it."""

    __tablename__ = "commendation_nominee"
    __table_args__ = (
        # The law: the same achievement is not commended twice with the same form.
        UniqueConstraint("achievement_key", "award_form_id", name="one_award_an_achievement"),
        CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100",
                        name="birth_year_in_range"),
        CheckConstraint("kind = 'individual' OR (birth_year IS NULL AND gender IS NULL)",
                        name="collectives_have_no_birth"),
        Index("ix_commendation_nominee_decision", "decision_id"),
        Index("ix_commendation_nominee_proposal", "proposal_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="commendation_proposal.id")
    kind: NomineeKind = Field(sa_type=enum_type(NomineeKind))
    name: str = Field(max_length=200)  # Họ và tên, or Tên tập thể
    birth_year: int | None = None
    gender: Gender | None = Field(default=None, sa_type=enum_type(Gender))
    position: str = Field(default="", max_length=200)  # Chức vụ
    unit_id: int = Field(foreign_key="unit.id", index=True)  # the unit it is listed under
    achievement: str = Field(sa_column=Column(Text, nullable=False))  # Thành tích
    award_form_id: int = Field(foreign_key="award_form.id")
    note: str = Field(default="", max_length=300)  # Ghi chú
    source: Source = Field(default=Source.DIRECT, sa_type=enum_type(Source))
    # What was achieved, the same string whichever proposal names it: "contest_prize:<entry>",
    # "movement_entry:<id>", or for direct nominees a fold of kind, name, unit and achievement.
    achievement_key: str = Field(sa_column=Column(String(400), nullable=False))
    decision_id: int | None = Field(default=None, foreign_key="commendation_decision.id")
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)


class Decision(SQLModel, table=True):
    """A "Quyết định" awarding nominees: its number as the organiser writes it
    ("127-QĐ/BDVTU"), date, signatory and title."""

    __tablename__ = "commendation_decision"
    __table_args__ = (UniqueConstraint("number", name="one_decision_a_number"),)

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String(60), nullable=False))
    signed_date: date
    title: str = Field(max_length=500)  # "Về việc khen thưởng ..."
    signer_name: str = Field(max_length=120)
    signer_title: str = Field(max_length=200)  # one title per line, as on the signature block
    issuing_body: str = Field(default="", max_length=200)  # "Ban Thường vụ Thành ủy"
    year: int = 0
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))
