"""Suspicious attempts: the thresholds that flag them (typed columns, one row per contest,
defaults when it has none) and the contestants organisers excluded from prizes."""

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.clock import utcnow

# Defaults and bounds, one place for the model, the forms and the API.
# Full marks faster than 3 s a question (60 s for 20 questions, 30 s for 10): not even the
# time to read a question and its options.
DEFAULTS = {"fast_seconds_per_question": 3, "burst_count": 5, "burst_minutes": 10,
            "similar_percent": 90, "similar_min_shared": 10, "similar_submit_seconds": 60,
            "similar_duration_seconds": 10}
BOUNDS = {"fast_seconds_per_question": (1, 600), "burst_count": (2, 10_000),
          "burst_minutes": (1, 10_080), "similar_percent": (50, 100),
          "similar_min_shared": (2, 200), "similar_submit_seconds": (1, 3600),
          "similar_duration_seconds": (0, 3600)}


class FlagRules(SQLModel, table=True):
    """A contest's thresholds for flagging attempts; a contest without a row uses DEFAULTS."""

    __tablename__ = "flag_rules"
    __table_args__ = tuple(
        CheckConstraint(f"{name} BETWEEN {low} AND {high}", name=f"{name}_in_range")
        for name, (low, high) in BOUNDS.items())

    contest_id: int = Field(foreign_key="contest.id", primary_key=True)
    fast_seconds_per_question: int = DEFAULTS["fast_seconds_per_question"]
    burst_count: int = DEFAULTS["burst_count"]
    burst_minutes: int = DEFAULTS["burst_minutes"]
    similar_percent: int = DEFAULTS["similar_percent"]
    similar_min_shared: int = DEFAULTS["similar_min_shared"]
    similar_submit_seconds: int = DEFAULTS["similar_submit_seconds"]
    similar_duration_seconds: int = DEFAULTS["similar_duration_seconds"]
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow)


class PrizeExclusion(SQLModel, table=True):
    """A contestant kept in the ranking but given no prize. One row per contest and
    contestant: lifting it keeps the row (lifted_*), excluding again reuses it; every step
    is also in the audit log."""

    __tablename__ = "prize_exclusion"
    __table_args__ = (UniqueConstraint("contest_id", "contestant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id")
    contestant_id: int = Field(foreign_key="contestant.id")
    reason: str = Field(max_length=2000)
    excluded_by: int | None = Field(default=None, foreign_key="user_account.id")
    excluded_at: datetime
    lifted_at: datetime | None = None
    lifted_by: int | None = Field(default=None, foreign_key="user_account.id")
    lift_reason: str = Field(default="", max_length=2000)
