"""The "Dân vận khéo" movement: a year of it (registration window, fields), the entries units
register (models, solutions, exemplary collectives and people), each step of their recognition,
and the evidence attached to them."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type

DEFAULT_FIELDS = ("Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh",
                  "Xây dựng Đảng và hệ thống chính trị")


class MovementYear(SQLModel, table=True):
    """One year (period) of the movement: entries are registered within its window."""

    __tablename__ = "movement_year"
    __table_args__ = (
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_in_range"),
        CheckConstraint("registration_closes_at > registration_opens_at", name="window_in_order"),
        CheckConstraint("reminder_days BETWEEN 0 AND 60", name="reminder_days_in_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(unique=True)
    title: str = Field(max_length=255)
    registration_opens_at: datetime
    registration_closes_at: datetime
    # Unit officers' home pages remind them this many days before registration closes.
    reminder_days: int = 7
    created_at: datetime = Field(default_factory=utcnow)


class MovementField(SQLModel, table=True):
    """A field ("lĩnh vực") entries are registered under; the four usual ones are made with the
    year, organisers add others."""

    __tablename__ = "movement_field"
    __table_args__ = (UniqueConstraint("year_id", "name", name="one_field_name_a_year"),)

    id: int | None = Field(default=None, primary_key=True)
    year_id: int = Field(foreign_key="movement_year.id", index=True)
    name: str = Field(max_length=120)
    position: int = 0


class EntryKind(StrEnum):
    MODEL = "mo_hinh"
    SOLUTION = "giai_phap"
    EXEMPLARY_COLLECTIVE = "dien_hinh_tap_the"
    EXEMPLARY_INDIVIDUAL = "dien_hinh_ca_nhan"

    @property
    def label(self) -> str:
        return ENTRY_KIND_LABELS[self]

    @property
    def is_individual(self) -> bool:
        return self is EntryKind.EXEMPLARY_INDIVIDUAL


ENTRY_KIND_LABELS = {
    EntryKind.MODEL: "Mô hình",
    EntryKind.SOLUTION: "Giải pháp",
    EntryKind.EXEMPLARY_COLLECTIVE: "Điển hình tập thể",
    EntryKind.EXEMPLARY_INDIVIDUAL: "Điển hình cá nhân",
}


class EntryStatus(StrEnum):
    """Where an entry stands; it moves forward one step at a time, or is rejected."""

    REGISTERED = "registered"
    VERIFIED = "verified"  # checked by the mass-mobilisation board of its level
    UNIT_RECOGNISED = "unit_recognised"  # recognised by the unit right under the city
    CITY_PROPOSED = "city_proposed"  # proposed by that unit to the city
    CITY_RECOGNISED = "city_recognised"
    EXEMPLARY = "exemplary"  # "tiêu biểu"
    COMMENDATION_PROPOSED = "commendation_proposed"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return ENTRY_STATUS_LABELS[self]


ENTRY_STATUS_LABELS = {
    EntryStatus.REGISTERED: "Đã đăng ký",
    EntryStatus.VERIFIED: "Đã thẩm định",
    EntryStatus.UNIT_RECOGNISED: "Được công nhận cấp đơn vị",
    EntryStatus.CITY_PROPOSED: "Đề nghị công nhận cấp thành phố",
    EntryStatus.CITY_RECOGNISED: "Được công nhận cấp thành phố",
    EntryStatus.EXEMPLARY: "Tiêu biểu",
    EntryStatus.COMMENDATION_PROPOSED: "Đề nghị khen thưởng",
    EntryStatus.REJECTED: "Không công nhận",
}


class MovementEntry(SQLModel, table=True):
    __tablename__ = "movement_entry"
    __table_args__ = (
        # A unit registers an entry once a year: the same title again is the same entry.
        UniqueConstraint("year_id", "unit_id", "title_key", name="one_title_a_unit_a_year"),
        Index("ix_movement_entry_year_status", "year_id", "status"),
        Index("ix_movement_entry_year_unit", "year_id", "unit_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    year_id: int = Field(foreign_key="movement_year.id")
    unit_id: int = Field(foreign_key="unit.id")
    kind: EntryKind = Field(sa_type=enum_type(EntryKind))
    title: str = Field(max_length=300)
    title_key: str = Field(sa_column=Column(String(300), nullable=False))
    field_id: int = Field(foreign_key="movement_field.id", index=True)
    # Who carries it: the people, or the collective; for an exemplary individual, the person.
    people: str = Field(default="", max_length=500)
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    results: str = Field(default="", sa_column=Column(Text, nullable=False))
    status: EntryStatus = Field(default=EntryStatus.REGISTERED, sa_type=enum_type(EntryStatus))
    # Set when rejected: the step it was rejected at and why.
    rejected_from: EntryStatus | None = Field(default=None, sa_type=enum_type(EntryStatus))
    rejected_reason: str = Field(default="", max_length=500)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class EntryStep(SQLModel, table=True):
    """One step of an entry's recognition: who, when, from where to where and why.
    Append-only."""

    __tablename__ = "movement_entry_step"

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="movement_entry.id", index=True)
    from_status: EntryStatus | None = Field(default=None, sa_type=enum_type(EntryStatus))
    to_status: EntryStatus = Field(sa_type=enum_type(EntryStatus))
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")  # None: CLI
    reason: str = Field(default="", max_length=500)
    at: datetime = Field(default_factory=utcnow)


class EntryEvidence(SQLModel, table=True):
    """A file attached to an entry as evidence; the bytes are a stored blob."""

    __tablename__ = "movement_entry_evidence"
    __table_args__ = (
        UniqueConstraint("entry_id", "sha256", name="one_copy_of_a_file_an_entry"),
        CheckConstraint("size >= 0", name="size_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="movement_entry.id", index=True)
    sha256: str = Field(sa_column=Column(String(64), ForeignKey("stored_blob.sha256"),
                                         nullable=False))
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=120)
    size: int
    uploaded_by: int | None = Field(default=None, foreign_key="user_account.id")
    uploaded_at: datetime = Field(default_factory=utcnow)
