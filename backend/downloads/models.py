"""An export: one spreadsheet of one version of a results board, its progress while it is
built, and its bytes stored in the database in chunks, so that any app host can serve it and
a backup holds it."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

# The tables its foreign keys name, so that a script using only this feature has them.
from backend.accounts import models as _accounts  # noqa: F401
from backend.clock import utcnow
from backend.contests import models as _contests  # noqa: F401
from backend.db import enum_type
from backend.results.models import ResultState
from backend.units import models as _units  # noqa: F401


class ExportKind(StrEnum):
    RESULTS = "results"
    PRIZES = "prizes"
    ATTEMPTS = "attempts"

    @property
    def label(self) -> str:
        return {"results": "Kết quả", "prizes": "Danh sách đoạt giải",
                "attempts": "Toàn bộ lượt thi (kiểm tra)"}[self.value]


class ExportState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"queued": "Đang chờ tạo tệp", "running": "Đang tạo tệp",
                "done": "Sẵn sàng tải về", "failed": "Tạo tệp không thành công"}[self.value]


class ExportFile(SQLModel, table=True):
    """A spreadsheet of a board's version as it stood (the state is printed on it), for one
    kind, masking and unit subtree."""

    __tablename__ = "export_file"
    __table_args__ = (
        # One file per board version and state, kind, masking and scope: asking again
        # reuses it.
        UniqueConstraint("board_id", "board_version", "board_state", "kind", "masked",
                         "scope_path", name="uq_export_file_one_per_board_version"),
        Index("ix_export_file_state_lease_until", "state", "lease_until"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    board_id: int = Field(foreign_key="result_board.id")
    board_version: int
    board_state: ResultState = Field(sa_type=enum_type(ResultState))
    kind: ExportKind = Field(sa_type=enum_type(ExportKind))
    masked: bool = True
    # The unit subtree a unit officer's file is limited to; "" and None: the whole contest.
    scope_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    scope_path: str = Field(default="", max_length=512)
    requested_by: int | None = Field(default=None, foreign_key="user_account.id")
    state: ExportState = Field(default=ExportState.QUEUED, sa_type=enum_type(ExportState))
    rows_done: int = 0
    rows_total: int = 0
    file_name: str = Field(max_length=200)
    size: int = Field(default=0, sa_type=BigInteger)
    parts: int = 0
    sha256: str = Field(default="", max_length=64)
    error: str = Field(default="", max_length=500)
    # Who builds it and until when that claim holds unless renewed: a builder that died is
    # replaced once its lease has run out.
    holder: str = Field(default="", max_length=120)
    lease_until: datetime | None = None
    requested_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    finished_at: datetime | None = None


class ExportChunk(SQLModel, table=True):
    """One part of an export's bytes, in order."""

    __tablename__ = "export_chunk"

    export_id: int = Field(foreign_key="export_file.id", primary_key=True)
    part: int = Field(primary_key=True)
    data: bytes = Field(sa_type=LargeBinary)
