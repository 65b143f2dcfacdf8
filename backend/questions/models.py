"""The question bank of a contest: questions with two to six options, one or more correct."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type

LETTERS = "ABCDEF"


class Difficulty(StrEnum):
    EASY = "de"
    MEDIUM = "trung_binh"
    HARD = "kho"

    @property
    def label(self) -> str:
        return DIFFICULTY_LABELS[self]


DIFFICULTY_LABELS = {Difficulty.EASY: "Dễ", Difficulty.MEDIUM: "Trung bình",
                     Difficulty.HARD: "Khó"}


class Question(SQLModel, table=True):
    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("contest_id", "text_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    number: int = 0
    text: str = Field(sa_column=Column(Text, nullable=False))
    # SHA-256 of the text with case and spacing folded: "the same question" is a constraint.
    text_hash: str = Field(max_length=64)
    topic: str = Field(default="", max_length=120)
    difficulty: Difficulty = Field(default=Difficulty.MEDIUM, sa_type=enum_type(Difficulty))
    is_active: bool = True
    # "" while it counts as written; "mark" or "drop" once an organiser voided it (see
    # results.rulings): everyone gets the mark, or the question no longer counts.
    voided: str = Field(default="", max_length=10,
                        sa_column_kwargs={"server_default": ""})
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class QuestionOption(SQLModel, table=True):
    __tablename__ = "question_option"
    __table_args__ = (
        UniqueConstraint("question_id", "position"),
        CheckConstraint("position BETWEEN 0 AND 5", name="position_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="question.id", index=True)
    position: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    is_correct: bool = False

    @property
    def letter(self) -> str:
        return LETTERS[self.position]
