"""Judging a level: each essay's blind code, the judges assigned to it, their scores (append
only) and the essay's result at the level."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type


class BlindCode(SQLModel, table=True):
    """The random code ("mã phách") an essay carries at a judged level."""

    __tablename__ = "blind_code"
    __table_args__ = (UniqueConstraint("level_id", "code"),
                      UniqueConstraint("level_id", "essay_id"))

    id: int | None = Field(default=None, primary_key=True)
    level_id: int = Field(foreign_key="writing_level.id", index=True)
    essay_id: int = Field(foreign_key="essay.id")
    code: str = Field(max_length=16)
    calibration: bool = False  # scored by every judge before judging opens
    created_at: datetime = Field(default_factory=utcnow)


class AssignmentKind(StrEnum):
    FIRST = "first"
    SECOND = "second"
    THIRD = "third"  # called when the first two disagree beyond the threshold
    CALIBRATION = "calibration"

    @property
    def label(self) -> str:
        return {"first": "Giám khảo 1", "second": "Giám khảo 2", "third": "Giám khảo 3",
                "calibration": "Chấm thử (hiệu chuẩn)"}[self.value]


class Assignment(SQLModel, table=True):
    __tablename__ = "judge_assignment"
    __table_args__ = (
        # A judge scores an essay at a level at most once at a time.
        Index("uq_judge_assignment_active", "level_id", "essay_id", "judge_id", unique=True,
              sqlite_where=text("revoked_at IS NULL"), postgresql_where=text("revoked_at IS NULL")),
        Index("ix_judge_assignment_judge", "judge_id", "level_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    level_id: int = Field(foreign_key="writing_level.id")
    essay_id: int = Field(foreign_key="essay.id", index=True)
    judge_id: int = Field(foreign_key="writing_judge.id")
    kind: AssignmentKind = Field(sa_type=enum_type(AssignmentKind))
    assigned_at: datetime = Field(default_factory=utcnow)
    assigned_by: int | None = Field(default=None, foreign_key="user_account.id")  # None: automatic
    revoked_at: datetime | None = None
    revoked_by: int | None = Field(default=None, foreign_key="user_account.id")
    revoked_reason: str = Field(default="", max_length=500)


class ScoreRecord(SQLModel, table=True):
    """A judge's score of an essay, never updated: a change is a new record with a reason."""

    __tablename__ = "score_record"
    __table_args__ = (
        CheckConstraint("total >= 0 AND total <= 1000", name="total_in_range"),
        Index("ix_score_record_assignment", "assignment_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="judge_assignment.id")
    level_id: int = Field(foreign_key="writing_level.id", index=True)
    essay_id: int = Field(foreign_key="essay.id")
    judge_id: int = Field(foreign_key="writing_judge.id")
    points: dict = Field(default_factory=dict, sa_type=JSON)  # criterion id (text) -> points
    total: float
    reason: str = Field(default="", max_length=500)  # required for a change
    recorded_by: int | None = Field(default=None, foreign_key="user_account.id")
    recorded_at: datetime = Field(default_factory=utcnow)


class EssayResult(SQLModel, table=True):
    """An essay's outcome at a level: its final score (entered by its unit, or aggregated from
    the judges'), its rank and prize. Recomputed whole by the aggregation."""

    __tablename__ = "essay_result"
    __table_args__ = (
        UniqueConstraint("level_id", "essay_id"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1000)", name="score_in_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    level_id: int = Field(foreign_key="writing_level.id", index=True)
    essay_id: int = Field(foreign_key="essay.id", index=True)
    score: float | None = None
    judges_counted: int = 0
    rank: int | None = None
    prize_tier_id: int | None = Field(default=None, foreign_key="writing_prize_tier.id")
    entered_by: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow)
