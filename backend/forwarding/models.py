"""A unit's forwarding batch: the essays it sends up into the next level, within the level's
quota, signed off and then locked."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type


class BatchStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"

    @property
    def label(self) -> str:
        return {"draft": "Đang chọn bài", "signed": "Đã ký chuyển (khóa)"}[self.value]


class ForwardBatch(SQLModel, table=True):
    __tablename__ = "forward_batch"
    __table_args__ = (UniqueConstraint("level_id", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    level_id: int = Field(foreign_key="writing_level.id", index=True)  # the level forwarded into
    unit_id: int = Field(foreign_key="unit.id")
    status: BatchStatus = Field(default=BatchStatus.DRAFT, sa_type=enum_type(BatchStatus))
    signed_at: datetime | None = None
    signed_by: int | None = Field(default=None, foreign_key="user_account.id")
    # The last reopening by an organiser; every one is in the audit log.
    reopened_at: datetime | None = None
    reopened_by: int | None = Field(default=None, foreign_key="user_account.id")
    reopen_reason: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class ForwardedEssay(SQLModel, table=True):
    """An essay in a batch, with where it came from: its score and rank at the level below."""

    __tablename__ = "forwarded_essay"
    __table_args__ = (
        UniqueConstraint("level_id", "essay_id"),
        CheckConstraint("source_rank IS NULL OR source_rank > 0", name="rank_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="forward_batch.id", index=True)
    level_id: int = Field(foreign_key="writing_level.id")
    essay_id: int = Field(foreign_key="essay.id", index=True)
    source_level_id: int = Field(foreign_key="writing_level.id")
    source_score: float | None = None
    source_rank: int | None = None
    forwarded_by: int | None = Field(default=None, foreign_key="user_account.id")
    forwarded_at: datetime = Field(default_factory=utcnow)
