"""What the writing results API takes and gives."""

from datetime import datetime

from pydantic import BaseModel, Field

from backend.judging.reveal import MAX_REASON


class JudgeMarkOut(BaseModel):
    kind: str = Field(description="Giám khảo 1, 2, 3 or calibration")
    judge_name: str
    total: float | None = Field(description="None while the judge has not scored")


class ResultRowOut(BaseModel):
    code: str
    title: str
    calibration: bool
    withdrawn: bool
    marks: list[JudgeMarkOut]
    score: float | None = Field(description="The final score; None: fewer than two scores")
    judges_counted: int
    rank: int | None
    prize: str | None
    author_name: str | None = Field(description="Only after ráp phách")
    unit_name: str | None = Field(description="Only after ráp phách")
    block_name: str | None = Field(description="Only after ráp phách")


class LevelStateOut(BaseModel):
    level_id: int
    name: str
    scores_locked_at: datetime | None
    revealed_at: datetime | None


class LevelResultsOut(LevelStateOut):
    tie_break: str
    criteria: list[str]
    rows: list[ResultRowOut]


class PrizeCountOut(BaseModel):
    name: str
    count: int
    given: int
    extra: int = Field(description="Given beyond the count: essays tied at the boundary")


class SummaryOut(BaseModel):
    essays: int
    scored: int
    missing: int
    pending_third: int
    withdrawn: int
    ranked: int
    prizes: list[PrizeCountOut]
    changed: int


class UnlockIn(BaseModel):
    reason: str = Field(min_length=1, max_length=MAX_REASON)


class CalibrationIn(BaseModel):
    codes: list[str] = Field(min_length=1, max_length=50)


class CalibrationOut(BaseModel):
    assignments: int


class SeverityOut(BaseModel):
    judge_id: int
    full_name: str
    calibration_essays: int
    calibration_offset: float | None
    regular_essays: int
    regular_offset: float | None
    offset: float
    wording: str = Field(description="chấm chặt, chấm rộng, sát mặt bằng chung or chưa có "
                         "số liệu")
