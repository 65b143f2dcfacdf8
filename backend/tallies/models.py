"""Figures reported from outside the platform, and the rules of a contest's collective
prizes."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type


class Measure(StrEnum):
    """What a reported figure counts. The first three the platform counts too; the others
    happen off the platform (a paper round, a unit's own grassroots contest) and are only
    checked against their parts."""

    REGISTERED = "registered"
    PARTICIPANTS = "participants"
    ATTEMPTS = "attempts"
    OFFLINE_PARTICIPANTS = "offline_participants"
    OFFLINE_ATTEMPTS = "offline_attempts"

    @property
    def label(self) -> str:
        return {
            "registered": "Số thí sinh đăng ký",
            "participants": "Số người tham gia",
            "attempts": "Số lượt thi",
            "offline_participants": "Số người dự thi ngoài nền tảng (trên giấy, ở cơ sở)",
            "offline_attempts": "Số bài thi ngoài nền tảng (trên giấy, ở cơ sở)",
        }[self.value]

    @property
    def counted(self) -> bool:
        """Whether the platform counts this itself."""
        return self in (Measure.REGISTERED, Measure.PARTICIPANTS, Measure.ATTEMPTS)

    @property
    def counted_as(self) -> str | None:
        """The tally's field holding the platform's own count (reconcile.Measure)."""
        return self.value if self.counted else None


class Target(StrEnum):
    UNIT = "unit"
    BLOCK = "block"


class ReportedFigure(SQLModel, table=True):
    """A figure a unit or the organisers reported (in a report, on paper), for a unit or a
    block, for one round or (round_no 0) the whole contest. Entering it again replaces the
    value; the audit log keeps every earlier one."""

    __tablename__ = "reported_figure"
    __table_args__ = (
        UniqueConstraint("contest_id", "round_no", "target", "target_id", "measure"),
        CheckConstraint("value >= 0", name="value_not_negative"),
        CheckConstraint("round_no >= 0", name="round_no_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    round_no: int = 0  # the round's number; 0: the whole contest
    target: Target = Field(sa_type=enum_type(Target))
    target_id: int  # a unit's id or a block's id, as `target` says
    measure: Measure = Field(sa_type=enum_type(Measure))
    value: int
    note: str = Field(default="", max_length=500)
    entered_by: int | None = Field(default=None, foreign_key="user_account.id")
    entered_at: datetime = Field(default_factory=utcnow)


class CollectiveMode(StrEnum):
    PARTICIPANTS = "participants"
    RATE = "rate"
    COMPOSITE = "composite"

    @property
    def label(self) -> str:
        return {"participants": "Theo số người tham gia",
                "rate": "Theo tỷ lệ tham gia",
                "composite": "Theo điểm tổng hợp (tỷ lệ tham gia cộng điểm giải cá nhân)"}[
            self.value]


class CollectiveRules(SQLModel, table=True):
    """How a contest awards its collective prizes ("giải tập thể") to the units directly
    under it, ranked within each block. No row: no collective prizes."""

    __tablename__ = "collective_rules"
    __table_args__ = (
        CheckConstraint("min_rate IS NULL OR (min_rate >= 0 AND min_rate <= 100)",
                        name="min_rate_percent"),
    )

    contest_id: int = Field(foreign_key="contest.id", primary_key=True)
    mode: CollectiveMode = Field(sa_type=enum_type(CollectiveMode))
    min_rate: int | None = None  # percent of members taking part to qualify
    # [{"tier": "Giải Nhất", "count": 1}, ...] in prize order, given in every block.
    prizes: list = Field(default_factory=list, sa_type=JSON,
                         sa_column_kwargs={"server_default": text("'[]'")})
    # {"Giải Nhất": 5, ...}: points per individual prize won, for the composite mode.
    points: dict = Field(default_factory=dict, sa_type=JSON,
                         sa_column_kwargs={"server_default": text("'{}'")})
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow)
