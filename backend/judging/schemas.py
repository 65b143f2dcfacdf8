"""The JSON shapes of judging: a judge's essays by code (nothing that names the author), the
scores they send, and the organisers' overview."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from backend.deps import Id


class ScoreIn(BaseModel):
    points: dict[Id, Annotated[float, Field(ge=0, le=1000)]] = Field(max_length=20)
    reason: str = Field(default="", max_length=500)


class ScoreOut(BaseModel):
    id: int
    points: dict[str, float]
    total: float
    reason: str
    recorded_at: datetime


class CriterionOut(BaseModel):
    id: int
    name: str
    max_points: int


class GivenOut(BaseModel):
    assignment_id: int
    level_id: int
    level_name: str
    competition_title: str
    code: str
    title: str
    kind: str
    kind_label: str
    scores_locked: bool
    latest_total: float | None


class JudgeEssayOut(GivenOut):
    text: str
    file_url: str | None
    criteria: list[CriterionOut]
    history: list[ScoreOut]


class ReassignIn(BaseModel):
    judge_id: Id
    reason: str = Field(max_length=500)
    despite_scores: bool = False


class PlaceIn(BaseModel):
    code: str = Field(max_length=20)
    kind: Literal["first", "second", "third"]
    judge_id: Id
    reason: str = Field(max_length=500)


class AssignmentOut(BaseModel):
    id: int
    essay_code: str
    judge_id: int
    kind: str
    assigned_at: datetime


class AssignReportOut(BaseModel):
    coded: int
    assigned: int
    thirds: int
    problems: list[str]


class JudgeLoadOut(BaseModel):
    judge_id: int
    full_name: str
    block_name: str
    assigned: int
    scored: int
    cap: int


class ThirdOut(BaseModel):
    essay_code: str
    judge_id: int
    full_name: str
    scored: bool


class OverviewOut(BaseModel):
    level_id: int
    level_name: str
    started: bool
    essays: int
    coded: int
    loads: list[JudgeLoadOut]
    missing: list[str]
    thirds: list[ThirdOut]
    notices: list[str]
