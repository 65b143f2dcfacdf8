"""A contestant: one registration per phone number per contest. Personal data, handled as such."""

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel, UniqueConstraint

from backend.clock import utcnow
from backend.db import enum_type


class Gender(StrEnum):
    MALE = "nam"
    FEMALE = "nu"

    @property
    def label(self) -> str:
        return "Nam" if self is Gender.MALE else "Nữ"


class Contestant(SQLModel, table=True):
    __tablename__ = "contestant"
    __table_args__ = (
        UniqueConstraint("contest_id", "phone"),
        UniqueConstraint("contest_id", "id_number"),
        # The same person typed twice with other spacing or Unicode forms is caught here.
        UniqueConstraint("contest_id", "unit_id", "name_key", "birth_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    full_name: str = Field(max_length=120)
    name_key: str = Field(max_length=120)
    birth_date: date
    gender: Gender = Field(sa_type=enum_type(Gender))
    phone: str = Field(max_length=20)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    email: str | None = Field(default=None, max_length=254)
    position: str | None = Field(default=None, max_length=120)
    id_number: str | None = Field(default=None, max_length=12)
    # The contest's group ("bảng") chosen at registration; "" when it has none.
    group_name: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})
    password_hash: str = Field(max_length=255)
    consent_at: datetime
    consent_version: str = Field(max_length=20)
    registered_at: datetime = Field(default_factory=utcnow)
    registered_ip: str = Field(default="", max_length=64)
