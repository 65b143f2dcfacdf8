"""An attempt as its contestant may see it: the paper while in progress, the result after;
never which option is correct."""

from dataclasses import dataclass, fields
from datetime import datetime

from backend.attempts.models import AttemptState
from backend.questions import papers
from backend.questions.pool import Pool


@dataclass
class AttemptView:
    id: int
    round_id: int
    attempt_no: int
    state: AttemptState
    started_at: datetime
    deadline_at: datetime
    finished_at: datetime | None
    duration_ms: int | None
    score: int | None
    question_count: int
    answers: dict
    prediction: int | None
    questions: list[dict] | None
    multiple_answers: bool
    prediction_prompt: str | None = None
    resumed: bool = False


@dataclass(frozen=True)
class AttemptSummary:
    """A line of the contestant's history."""
    id: int
    round_id: int
    attempt_no: int
    state: AttemptState
    started_at: datetime
    finished_at: datetime | None
    duration_ms: int | None
    score: int | None
    question_count: int


def summary_of(attempt, pool: Pool) -> AttemptSummary:
    values = {f.name: getattr(attempt, f.name) for f in fields(AttemptSummary)}
    if attempt.finished_at is not None:
        values["question_count"] = papers.most(attempt.paper, pool.dropped)
    return AttemptSummary(**values)


@dataclass
class Saved:
    attempt_id: int
    saved_at: datetime
    deadline_at: datetime
    answers: dict


def view_of(attempt, pool: Pool, *, resumed: bool = False, **changed) -> AttemptView:
    """The view of `attempt` (a row), with `changed` columns put over it (a finish just
    written, say)."""
    values = {f.name: getattr(attempt, f.name) for f in fields(AttemptView)
              if f.name not in ("questions", "multiple_answers", "resumed")} | changed
    in_progress = values["state"] == AttemptState.IN_PROGRESS
    if in_progress:
        values["score"] = None
    else:
        values["answers"] = {}
        values["question_count"] = papers.most(attempt.paper, pool.dropped)
    return AttemptView(**values, resumed=resumed, multiple_answers=pool.multiple_answers,
                       questions=papers.public_paper(pool, attempt.paper) if in_progress
                       else None)
