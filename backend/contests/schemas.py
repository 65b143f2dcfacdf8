"""What the contest API reads and returns."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from backend.deps import INT_MAX, Id


class RoundOut(BaseModel):
    id: int
    number: int
    name: str
    opens_at: datetime
    closes_at: datetime
    is_open: bool
    question_count: int
    time_limit_seconds: int
    max_attempts: int | None
    prediction_prompt: str | None


class ContestOut(BaseModel):
    id: int
    title: str
    rules_text: str
    requires_id_number: bool
    is_published: bool
    server_now: datetime
    rounds: list[RoundOut]


class ContestUnitOut(BaseModel):
    unit_id: int
    code: str
    name: str
    block_name: str
    depth: int


class QuotaIn(BaseModel):
    topic: str = Field(default="", max_length=120)
    difficulty: str = Field(default="", max_length=20)
    count: int = Field(ge=1, le=100)


class RoundIn(BaseModel):
    """Times are UTC in ISO 8601 ("2026-12-01T03:00:00Z"); a time without an offset is read as
    Asia/Ho_Chi_Minh wall-clock time."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=200)
    opens_at: datetime
    closes_at: datetime
    question_count: int = Field(ge=1, le=100)
    time_limit_seconds: int = Field(ge=30, le=86_400)
    max_attempts: int | None = Field(default=None, ge=1, le=INT_MAX)
    prediction_prompt: str | None = Field(default=None, max_length=500)
    quotas: list[QuotaIn] = Field(default_factory=list, max_length=60)
    override_reason: str = Field(default="", max_length=1000)


# A contestant group ("bảng"); the service checks names, duplicates and how many.
GroupName = Annotated[str, Field(max_length=200)]


class ContestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(max_length=255)
    rules_text: str = Field(default="", max_length=50_000)
    requires_id_number: bool = False
    is_published: bool = False
    scope_unit_ids: list[Id] = Field(default_factory=list, max_length=2000)
    override_reason: str = Field(default="", max_length=1000)
    groups: list[GroupName] = Field(default_factory=list, max_length=50)
    one_prize_per_person: bool = False


# --- Organisers' API (/api/v1/manage) ------------------------------------------------------


class ContestCreate(ContestIn):
    """No scope ids nor codes means the whole tree takes part."""

    scope_unit_codes: list[str] = Field(default_factory=list, max_length=2000)


class ContestPatch(BaseModel):
    """Only the fields sent change; changing the rules after attempts needs `override_reason`."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=255)
    rules_text: str | None = Field(default=None, max_length=50_000)
    requires_id_number: bool | None = None
    is_published: bool | None = None
    groups: list[GroupName] | None = Field(default=None, max_length=50)
    one_prize_per_person: bool | None = None
    override_reason: str = Field(default="", max_length=1000)


class UnitsRefreshIn(BaseModel):
    """Leave both lists out to keep the subtrees chosen before."""

    model_config = ConfigDict(extra="forbid")

    scope_unit_ids: list[Id] | None = Field(default=None, max_length=2000)
    scope_unit_codes: list[str] | None = Field(default=None, max_length=2000)


class UnitsRefreshOut(BaseModel):
    unit_count: int


class QuotaOut(BaseModel):
    topic: str
    difficulty: str
    count: int
    available: int


class RoundManageOut(RoundOut):
    status: str
    status_label: str
    attempt_count: int
    rules_locked: bool
    rules_version: int
    quotas: list[QuotaOut]
    warnings: list[str]


class ContestSummaryOut(BaseModel):
    id: int
    title: str
    is_published: bool
    requires_id_number: bool
    round_count: int
    open_round_count: int
    contestant_count: int
    created_at: datetime


class ContestManageOut(BaseModel):
    id: int
    title: str
    rules_text: str
    requires_id_number: bool
    is_published: bool
    groups: list[str]
    one_prize_per_person: bool
    rules_locked: bool
    unit_count: int
    scope_unit_ids: list[int]
    server_now: datetime
    created_at: datetime
    updated_at: datetime
    rounds: list[RoundManageOut]


class ContestUnitManageOut(ContestUnitOut):
    parent_unit_id: int | None
    headcount: int


class MonitorFiguresOut(BaseModel):
    in_progress: int
    submitted: int
    expired: int
    submitted_last_5_min: int
    expired_last_5_min: int
    submitted_last_15_min: int
    expired_last_15_min: int
    contestants: int
    total: int


class MonitorUnitOut(BaseModel):
    unit_id: int
    code: str
    name: str
    block_name: str
    headcount: int
    figures: MonitorFiguresOut


class MonitorBlockOut(BaseModel):
    name: str
    figures: MonitorFiguresOut


class MonitorOut(BaseModel):
    server_now: datetime
    rounds: list[RoundOut]
    totals: MonitorFiguresOut
    blocks: list[MonitorBlockOut]
    units: list[MonitorUnitOut]


class ContestantRowOut(BaseModel):
    id: int
    full_name: str
    unit_id: int
    unit_name: str
    registered_at: datetime
    phone: str
    id_number: str
    email: str
    birth_date: str
    attempt_count: int
    best_score: int | None


class ContestantPageOut(BaseModel):
    total: int
    page: int
    pages: int
    personal_data_masked: bool
    items: list[ContestantRowOut]
