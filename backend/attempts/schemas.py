"""What the attempt API reads and returns. Nothing here can carry the answer key."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from backend.attempts.models import AttemptState
from backend.attempts.rules import MAX_OPTIONS_PER_ANSWER, PREDICTION_MAX
from backend.deps import Id

Choice = Annotated[list[Id], Field(max_length=MAX_OPTIONS_PER_ANSWER)]


class AnswersIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[Id, Choice] = Field(default_factory=dict, max_length=100)
    # Its range is the service's rule (rules.checked_prediction), the same for the pages;
    # documented here, checked there.
    prediction: Annotated[int, Field(json_schema_extra={
        "minimum": 0, "maximum": PREDICTION_MAX})] | None = None


class OptionOut(BaseModel):
    id: int
    text: str


class QuestionOut(BaseModel):
    id: int
    text: str
    options: list[OptionOut]


class AttemptOut(BaseModel):
    id: int
    round_id: int
    attempt_no: int
    state: AttemptState
    state_label: str
    started_at: datetime
    deadline_at: datetime
    server_now: datetime
    finished_at: datetime | None
    duration_ms: int | None
    score: int | None
    question_count: int
    multiple_answers: bool
    answers: dict[str, list[int]]
    prediction: int | None
    prediction_prompt: str | None = None
    questions: list[QuestionOut] | None
    resumed: bool


class SavedOut(BaseModel):
    attempt_id: int
    saved_at: datetime
    deadline_at: datetime
    server_now: datetime
    answered: int


class AttemptSummaryOut(BaseModel):
    id: int
    round_id: int
    attempt_no: int
    state: AttemptState
    state_label: str
    started_at: datetime
    finished_at: datetime | None
    duration_ms: int | None
    score: int | None
    question_count: int
