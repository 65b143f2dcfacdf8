"""What the flags API takes and gives."""

from datetime import datetime

from pydantic import BaseModel, Field

from backend.deps import INT_MAX, Id
from backend.flags.service import MAX_REASON
from backend.results.reranking import Reranked

Threshold = Field(default=None, ge=0, le=INT_MAX)


class FlagRulesIn(BaseModel):
    """Only the thresholds given change; each is checked against its bounds."""

    fast_seconds_per_question: int | None = Threshold
    burst_count: int | None = Threshold
    burst_minutes: int | None = Threshold
    similar_percent: int | None = Threshold
    similar_min_shared: int | None = Threshold
    similar_submit_seconds: int | None = Threshold
    similar_duration_seconds: int | None = Threshold


class FlagRulesOut(BaseModel):
    fast_seconds_per_question: int = Field(description="Full marks in less than this many "
                                           "seconds a question is flagged")
    burst_count: int = Field(description="This many different people registering or "
                             "starting from one address ...")
    burst_minutes: int = Field(description="... within this many minutes is flagged")
    similar_percent: int = Field(description="Papers alike on at least this share of the "
                                 "questions both answered ...")
    similar_min_shared: int = Field(description="... when both answered at least this many")
    similar_submit_seconds: int = Field(description="... handed in at most this far apart")
    similar_duration_seconds: int = Field(description="... durations at most this far apart")
    updated_at: datetime | None = None


class FlaggedPerson(BaseModel):
    contestant_id: int
    full_name: str
    unit_name: str
    excluded: bool


class FlagOut(BaseModel):
    kind: str
    kind_label: str
    evidence: str
    details: list[str]
    contestants: list[FlaggedPerson]
    attempt_ids: list[int]


class FlagsOut(BaseModel):
    rules: FlagRulesOut
    flags: list[FlagOut]
    more: dict[str, int] = Field(description="Flags of each kind found beyond those listed")


class ExclusionIn(BaseModel):
    contestant_id: Id
    reason: str = Field(default="", max_length=MAX_REASON)


class LiftIn(BaseModel):
    reason: str = Field(default="", max_length=MAX_REASON)


class ExclusionOut(BaseModel):
    contestant_id: int
    full_name: str
    unit_name: str
    active: bool
    reason: str
    excluded_by: str
    excluded_at: datetime
    lifted_at: datetime | None
    lifted_by: str | None
    lift_reason: str


class ExclusionOutcomeOut(BaseModel):
    exclusion: ExclusionOut
    boards: list[Reranked]
