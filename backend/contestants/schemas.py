"""What the contestant API reads and returns."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from backend.contestants.models import Gender
from backend.deps import Id


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: str = Field(max_length=120)
    birth_date: date
    gender: Gender
    phone: str = Field(max_length=20)
    unit_id: Id
    password: str = Field(max_length=200)
    consent: bool
    email: str | None = Field(default=None, max_length=254)
    position: str | None = Field(default=None, max_length=120)
    id_number: str | None = Field(default=None, max_length=20)
    # One of the contest's groups ("bảng"), required where it has them, ignored otherwise.
    group: str = Field(default="", max_length=120)


class LoginIn(BaseModel):
    phone: str = Field(max_length=20)
    password: str = Field(max_length=200)


class ContestantOut(BaseModel):
    id: int
    contest_id: int
    full_name: str
    unit_id: int


class ContestantTokenOut(BaseModel):
    token: str
    expires_at: datetime
    contestant: ContestantOut
