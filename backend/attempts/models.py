"""Attempts (lượt thi) and their append-only event log."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type


class AttemptState(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return {"in_progress": "Đang làm", "submitted": "Đã nộp",
                "expired": "Tự nộp khi hết giờ"}[self.value]


class Attempt(SQLModel, table=True):
    __tablename__ = "attempt"
    __table_args__ = (
        UniqueConstraint("round_id", "contestant_id", "attempt_no"),
        # One attempt in progress per contestant, whatever the code above it believes.
        Index("uq_attempt_one_in_progress", "contestant_id", unique=True,
              sqlite_where=text("state = 'in_progress'"),
              postgresql_where=text("state = 'in_progress'")),
        Index("ix_attempt_state_deadline", "state", "deadline_at"),
        Index("ix_attempt_round_unit_state", "round_id", "unit_id", "state"),
        # Tallies and the dashboard (tallies/): each unit's attempts, people and finished
        # scores, and attempts over time, read from these indexes alone. Measured in
        # benchmarks/tallies.py: a tally of 300,000 attempts 1.2 s without them, 0.1 s with.
        Index("ix_attempt_tally", "round_id", "unit_id", "contestant_id", "state", "score",
              "question_count"),
        Index("ix_attempt_round_started", "round_id", "started_at"),
        CheckConstraint("attempt_no >= 1", name="attempt_no_positive"),
        CheckConstraint("score IS NULL OR score >= 0", name="score_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id")
    round_id: int = Field(foreign_key="contest_round.id")
    contestant_id: int = Field(foreign_key="contestant.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    attempt_no: int
    state: AttemptState = Field(default=AttemptState.IN_PROGRESS, sa_type=enum_type(AttemptState))
    started_at: datetime
    deadline_at: datetime
    finished_at: datetime | None = None
    duration_ms: int | None = None
    score: int | None = None
    question_count: int
    # [[question_id, [option ids in the order shown]], ...]: drawn once, shown identically again.
    paper: list = Field(sa_type=JSON)
    # {"question_id": [option ids]}: the latest saved answer per question.
    answers: dict = Field(default_factory=dict, sa_type=JSON)
    answers_saved_at: datetime | None = None
    prediction: int | None = None
    # The round's prediction question as it stood when the attempt started: an attempt keeps
    # the rules it started with.
    prediction_prompt: str | None = Field(default=None, max_length=500)
    submit_key: str | None = Field(default=None, max_length=80)
    # The address the attempt was started from, for flagging many starts from one address.
    started_ip: str | None = Field(default=None, max_length=64)
    # Bumped by every change: a write based on what was read applies only if nothing changed.
    revision: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})


class AttemptEvent(SQLModel, table=True):
    """Every save, submit and expiry with the server's time; rows are never changed."""

    __tablename__ = "attempt_event"

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    kind: str = Field(max_length=20)
    accepted: bool = True
    payload: dict = Field(default_factory=dict, sa_type=JSON)
