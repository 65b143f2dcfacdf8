"""The JSON shapes of a writing competition's setup."""

from datetime import datetime

from pydantic import BaseModel, Field

from backend.deps import INT_MAX
from backend.writing.models import FORMATS, FinalMethod, LevelKind, QuotaKind, Scoring


class LevelIn(BaseModel):
    kind: LevelKind
    name: str = Field(default="", max_length=200)
    opens_at: datetime
    closes_at: datetime
    quota_kind: QuotaKind = QuotaKind.NONE
    quota_value: int = Field(default=0, ge=0, le=100_000)
    scoring: Scoring = Scoring.ENTERED


class RulesIn(BaseModel):
    min_words: int = Field(default=0, ge=0, le=1_000_000)
    max_words: int = Field(default=0, ge=0, le=1_000_000)
    formats: list[str] = Field(default_factory=lambda: list(FORMATS), max_length=len(FORMATS))
    third_judge_gap: int = Field(default=15, ge=1, le=1000)
    criterion_gap_percent: int = Field(default=40, ge=1, le=100)
    final_method: FinalMethod = FinalMethod.CLOSEST_PAIR
    exclude_own_block: bool = True
    judge_cap: int = Field(default=300, ge=1, le=100_000)
    normalise_judges: bool = False


class CompetitionIn(BaseModel):
    title: str = Field(max_length=255)
    theme: str = Field(default="", max_length=500)
    rules_text: str = Field(default="", max_length=50_000)
    rules: RulesIn = Field(default_factory=RulesIn)
    levels: list[LevelIn] = Field(min_length=1, max_length=5)


class CriterionIn(BaseModel):
    name: str = Field(max_length=120)
    max_points: int = Field(ge=1, le=1000)


class TierIn(BaseModel):
    name: str = Field(max_length=120)
    count: int = Field(ge=1, le=100_000)
    block_id: int | None = Field(default=None, ge=1, le=INT_MAX)


class JudgeIn(BaseModel):
    user_id: int = Field(ge=1, le=INT_MAX)
    unit_id: int | None = Field(default=None, ge=1, le=INT_MAX)
    block_id: int | None = Field(default=None, ge=1, le=INT_MAX)
    cap: int | None = Field(default=None, ge=1, le=100_000)


class LevelOut(BaseModel):
    id: int
    position: int
    kind: LevelKind
    name: str
    opens_at: datetime
    closes_at: datetime
    status: str
    quota_kind: QuotaKind
    quota_value: int
    scoring: Scoring
    scores_locked_at: datetime | None
    revealed_at: datetime | None


class CriterionOut(CriterionIn):
    id: int
    position: int


class TierOut(TierIn):
    id: int
    level_id: int
    position: int


class JudgeOut(BaseModel):
    id: int
    user_id: int
    full_name: str
    unit_id: int | None
    block_id: int | None
    cap: int | None


class CompetitionOut(BaseModel):
    id: int
    title: str
    theme: str
    rules_text: str
    rules: RulesIn
    rubric_locked_at: datetime | None
    levels: list[LevelOut]
    rubric: list[CriterionOut]
    prize_tiers: list[TierOut]
    judges: list[JudgeOut]


class CompetitionSummary(BaseModel):
    id: int
    title: str
    theme: str
