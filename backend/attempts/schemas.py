"""What the attempt API reads and returns. Nothing here can carry the answer key."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from backend.attempts.models import AttemptState

Choice = Annotated[list[int], Field(max_length=6)]


class AnswersIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[int, Choice] = Field(default_factory=dict, max_length=100)
    # Its range is the service's rule (attempts.rules.checked_prediction), as for the pages.
    prediction: int | None = None


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
