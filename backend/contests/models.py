"""A contest, the units taking part as they stood when it ran, and its rounds (tuần thi)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Column, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from backend.clock import utcnow


class Contest(SQLModel, table=True):
    __tablename__ = "contest"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=255)
    rules_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    requires_id_number: bool = False
    is_published: bool = False
    # Contestant groups ("bảng"), each ranked with its own prizes; empty for one table.
    groups: list = Field(default_factory=list, sa_type=JSON,
                         sa_column_kwargs={"server_default": text("'[]'")})
    # A contestant wins at most one prize over all the contest's rankings.
    one_prize_per_person: bool = Field(default=False,
                                       sa_column_kwargs={"server_default": text("false")})
    # Bumped whenever the question bank changes, so every worker's cached pool knows it is stale.
    bank_version: int = 1
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ContestScope(SQLModel, table=True):
    """The subtrees an organiser chose; no rows means the whole tree."""

    __tablename__ = "contest_scope"

    contest_id: int = Field(foreign_key="contest.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)


class ContestUnit(SQLModel, table=True):
    """A participating unit frozen as it was when the contest was set up: names, blocks and
    headcounts may change in the live tree later, results keep these."""

    __tablename__ = "contest_unit"
    __table_args__ = (UniqueConstraint("contest_id", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    parent_unit_id: int | None = None
    code: str = Field(max_length=40)
    name: str = Field(max_length=255)
    block_id: int | None = Field(default=None, foreign_key="block.id")
    block_name: str = Field(default="", max_length=200)
    cluster_name: str = Field(default="", max_length=200,
                              sa_column_kwargs={"server_default": ""})
    headcount: int = 0
    path: str = Field(max_length=512)
    depth: int = 0
    search_text: str = Field(default="", max_length=600)


class RoundStatus(StrEnum):
    UPCOMING = "chua_mo"
    OPEN = "dang_mo"
    CLOSED = "da_dong"

    @property
    def label(self) -> str:
        return {"chua_mo": "Chưa mở", "dang_mo": "Đang mở", "da_dong": "Đã đóng"}[self.value]


def round_status(window, now: datetime) -> RoundStatus:
    """Where a round (anything with opens_at and closes_at) stands at `now`: computed from its
    window, never stored."""
    if now < window.opens_at:
        return RoundStatus.UPCOMING
    return RoundStatus.OPEN if now < window.closes_at else RoundStatus.CLOSED


class Round(SQLModel, table=True):
    """One round (tuần thi): its window and the rules every attempt in it follows."""

    __tablename__ = "contest_round"
    __table_args__ = (
        UniqueConstraint("contest_id", "number"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("question_count BETWEEN 1 AND 100", name="question_count_range"),
        CheckConstraint("time_limit_seconds BETWEEN 30 AND 86400", name="time_limit_range"),
        CheckConstraint("max_attempts IS NULL OR max_attempts >= 1", name="max_attempts_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    number: int
    name: str = Field(max_length=200)
    opens_at: datetime
    closes_at: datetime
    question_count: int
    time_limit_seconds: int
    max_attempts: int | None = None
    prediction_prompt: str | None = Field(default=None, max_length=500)
    rules_version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    def is_open(self, now: datetime) -> bool:
        return round_status(self, now) is RoundStatus.OPEN


class RoundQuota(SQLModel, table=True):
    """How many questions of a topic and difficulty every paper of a round gets.
    An empty topic or difficulty means "any"."""

    __tablename__ = "round_quota"
    __table_args__ = (
        UniqueConstraint("round_id", "topic", "difficulty"),
        CheckConstraint("count >= 1", name="count_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="contest_round.id", index=True)
    topic: str = Field(default="", max_length=120)
    difficulty: str = Field(default="", max_length=20)
    count: int
