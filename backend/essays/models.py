"""Essays, their authors (personal data), every file version, and the bulk batches units
submit them in."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.contestants.models import Gender
from backend.db import enum_type


class EssayAuthor(SQLModel, table=True):
    """A person who wrote an essay. Phone, CCCD and bank account are personal data, shown
    through backend.personaldata; the bank account is kept only to pay a prize."""

    __tablename__ = "essay_author"
    __table_args__ = (
        UniqueConstraint("competition_id", "phone"),
        CheckConstraint("birth_year BETWEEN 1900 AND 2100", name="birth_year_in_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="writing_competition.id", index=True)
    full_name: str = Field(max_length=120)
    name_key: str = Field(max_length=120)
    birth_year: int
    gender: Gender = Field(sa_type=enum_type(Gender))
    position: str = Field(default="", max_length=120)  # chức vụ
    unit_id: int = Field(foreign_key="unit.id", index=True)
    phone: str = Field(max_length=20)  # E.164
    id_number: str | None = Field(default=None, max_length=12)  # CCCD
    bank_account: str | None = Field(default=None, max_length=30)
    bank_name: str | None = Field(default=None, max_length=120)
    # Set when the author signs up to follow their essays themselves; officers' entries have none.
    password_hash: str | None = Field(default=None, max_length=255)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)


class EssayFormat(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    ODT = "odt"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return {"docx": "Word (.docx)", "pdf": "PDF", "odt": "OpenDocument (.odt)",
                "online": "Gõ trực tuyến"}[self.value]


class Essay(SQLModel, table=True):
    __tablename__ = "essay"
    __table_args__ = (
        # Duplicates: the same author and title, or the same file, once per competition.
        UniqueConstraint("competition_id", "author_id", "title_key"),
        UniqueConstraint("competition_id", "file_sha256"),
        Index("ix_essay_competition_unit", "competition_id", "unit_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="writing_competition.id")
    author_id: int = Field(foreign_key="essay_author.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")  # the author's unit when submitted
    title: str = Field(max_length=300)
    title_key: str = Field(max_length=300)
    format: EssayFormat = Field(sa_type=enum_type(EssayFormat))
    file_sha256: str | None = Field(default=None, max_length=64)  # the current version's file
    version_count: int = 1
    word_count: int | None = None  # None until the text is extracted
    submitted_at: datetime = Field(default_factory=utcnow)
    submitted_by: int | None = Field(default=None, foreign_key="user_account.id")  # None: author
    intake_batch_id: int | None = Field(default=None, foreign_key="intake_batch.id")
    withdrawn_at: datetime | None = None
    withdrawn_by: int | None = Field(default=None, foreign_key="user_account.id")
    withdrawn_reason: str = Field(default="", max_length=500)


class TextState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class EssayVersion(SQLModel, table=True):
    """One uploaded (or typed) version of an essay; every version is kept."""

    __tablename__ = "essay_version"
    __table_args__ = (UniqueConstraint("essay_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    essay_id: int = Field(foreign_key="essay.id", index=True)
    number: int
    format: EssayFormat = Field(sa_type=enum_type(EssayFormat))
    # The file as uploaded, and the copy judges get with author metadata stripped.
    sha256: str | None = Field(default=None, sa_column=Column(
        String(64), ForeignKey("stored_blob.sha256"), nullable=True))
    blind_sha256: str | None = Field(default=None, sa_column=Column(
        String(64), ForeignKey("stored_blob.sha256"), nullable=True))
    filename: str = Field(default="", max_length=255)
    size: int = 0
    pages: int | None = None
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    word_count: int | None = None
    text_state: TextState = Field(default=TextState.PENDING, sa_type=enum_type(TextState))
    text_error: str = Field(default="", max_length=500)
    uploaded_at: datetime = Field(default_factory=utcnow)
    uploaded_by: int | None = Field(default=None, foreign_key="user_account.id")


class BatchState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"queued": "Đang chờ", "running": "Đang nhận bài", "done": "Đã xong",
                "failed": "Bị gián đoạn (có thể chạy tiếp)"}[self.value]


class IntakeBatch(SQLModel, table=True):
    """A unit's bulk submission: an .xlsx list and a .zip of essay files, taken in the
    background row by row. The same two files again are the same batch."""

    __tablename__ = "intake_batch"
    __table_args__ = (
        UniqueConstraint("competition_id", "unit_id", "sheet_sha256", "archive_sha256"),
        Index("ix_intake_batch_state_lease", "state", "lease_until"),
    )

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="writing_competition.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    sheet_sha256: str = Field(sa_column=Column(
        String(64), ForeignKey("stored_blob.sha256"), nullable=False))
    archive_sha256: str = Field(sa_column=Column(
        String(64), ForeignKey("stored_blob.sha256"), nullable=False))
    sheet_name: str = Field(default="", max_length=255)
    archive_name: str = Field(default="", max_length=255)
    state: BatchState = Field(default=BatchState.QUEUED, sa_type=enum_type(BatchState))
    total_rows: int = 0
    done_rows: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    error: str = Field(default="", max_length=1000)
    lease_until: datetime | None = None  # a worker holds the batch until then
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class RowOutcome(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"accepted": "Đã nhận", "duplicate": "Trùng (đã có)", "rejected": "Bị từ chối"}[
            self.value]


class IntakeRow(SQLModel, table=True):
    """What became of one row of a batch; a resumed batch skips rows that have one."""

    __tablename__ = "intake_row"
    __table_args__ = (UniqueConstraint("batch_id", "row_number"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="intake_batch.id", index=True)
    row_number: int
    outcome: RowOutcome = Field(sa_type=enum_type(RowOutcome))
    message: str = Field(default="", max_length=1000)
    essay_id: int | None = Field(default=None, foreign_key="essay.id")
