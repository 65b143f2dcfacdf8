"""Results: a board per round and one for the whole contest, holding the rules that rank it,
where it stands in the results workflow, and its ranked entries, versioned so that a page
never sees half a ranking. Every change is kept in an append-only history."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    Index,
    Text,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type


class CountedAttempt(StrEnum):
    BEST = "best"
    FIRST = "first"
    LAST = "last"

    @property
    def label(self) -> str:
        return {"best": "Lượt có điểm cao nhất (bằng điểm thì lượt nộp sớm hơn)",
                "first": "Lượt thi đầu tiên", "last": "Lượt thi cuối cùng"}[self.value]


class PredictionTarget(StrEnum):
    FULL_MARKS = "full_marks"
    PARTICIPANTS = "participants"
    ATTEMPTS = "attempts"

    @property
    def label(self) -> str:
        return {"full_marks": "Số người trả lời đúng tất cả các câu hỏi trong vòng",
                "participants": "Số người tham gia vòng thi",
                "attempts": "Số lượt thi trong vòng"}[self.value]


class Combine(StrEnum):
    """How the contest's overall ranking takes its rounds."""
    SUM = "sum"
    BEST = "best"

    @property
    def label(self) -> str:
        return {"sum": "Cộng điểm các vòng", "best": "Lấy kết quả vòng tốt nhất"}[self.value]


class ResultState(StrEnum):
    NOT_FINALISED = "not_finalised"
    FINALISED = "finalised"
    PROVISIONAL = "provisional"
    OFFICIAL = "official"

    @property
    def label(self) -> str:
        return {"not_finalised": "Chưa tổng hợp", "finalised": "Đã tổng hợp, chờ duyệt",
                "provisional": "Đã công bố tạm thời", "official": "Chính thức"}[self.value]


DEFAULT_TIE_BREAKS = ["score", "prediction", "duration", "submitted"]
DEFAULT_PRIZES = [{"tier": "Giải Nhất", "count": 1, "group": ""},
                  {"tier": "Giải Nhì", "count": 2, "group": ""},
                  {"tier": "Giải Ba", "count": 3, "group": ""},
                  {"tier": "Giải Khuyến khích", "count": 5, "group": ""}]


class ResultBoard(SQLModel, table=True):
    """The results of one round (round_id set) or of the whole contest (round_id empty)."""

    __tablename__ = "result_board"
    __table_args__ = (
        UniqueConstraint("contest_id", "round_id"),
        # One overall board per contest: NULLs never collide in a UNIQUE rule, this index does.
        Index("uq_result_board_one_overall", "contest_id", unique=True,
              sqlite_where=text("round_id IS NULL"), postgresql_where=text("round_id IS NULL")),
        CheckConstraint("max_winner_share IS NULL OR max_winner_share BETWEEN 1 AND 100",
                        name="winner_share_percent"),
        CheckConstraint("complaint_days BETWEEN 0 AND 60", name="complaint_days_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    round_id: int | None = Field(default=None, foreign_key="contest_round.id")
    counted_attempt: CountedAttempt = Field(default=CountedAttempt.BEST,
                                            sa_type=enum_type(CountedAttempt))
    prediction_target: PredictionTarget = Field(default=PredictionTarget.FULL_MARKS,
                                                sa_type=enum_type(PredictionTarget))
    combine: Combine = Field(default=Combine.SUM, sa_type=enum_type(Combine))
    tie_breaks: list = Field(default_factory=lambda: list(DEFAULT_TIE_BREAKS), sa_type=JSON)
    # [{"tier": "Giải Nhất", "count": 1, "group": ""}, ...] in prize order; "" = every group.
    prizes: list = Field(default_factory=lambda: [dict(p) for p in DEFAULT_PRIZES], sa_type=JSON)
    max_winner_share: int | None = None
    complaint_days: int = 3
    state: ResultState = Field(default=ResultState.NOT_FINALISED, sa_type=enum_type(ResultState))
    actual_value: int | None = None
    ranked: int = 0
    # The entries shown are those of this version; a new ranking is written beside them and
    # takes over in one short commit.
    version: int = 0
    # The last version handed to a finalise; each writes under its own, the first to finish
    # takes over and the other's rows are dropped.
    last_version: int = 0
    digest: str = Field(default="", max_length=64)
    key_question_ids: list = Field(default_factory=list, sa_type=JSON)
    problem: str = Field(default="", max_length=500)
    finalised_at: datetime | None = None
    published_at: datetime | None = None
    complaints_until: datetime | None = None
    official_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class ResultEntry(SQLModel, table=True):
    """One contestant's line in one version of a board, with everything a page shows, so a
    page reads its rows by position and never touches the attempts."""

    __tablename__ = "result_entry"
    __table_args__ = (
        UniqueConstraint("board_id", "version", "group_name", "position"),
        UniqueConstraint("board_id", "version", "contestant_id"),
        # Leaderboard reads (queries.py): a unit officer's subtree in order, and a search by
        # name or unit, which SQLite answers from a narrow index and PostgreSQL from trigrams.
        Index("ix_result_entry_subtree", "board_id", "version", "group_name", "unit_id",
              "position", "search_key"),
        Index("ix_result_entry_search", "board_id", "version", "group_name", "position",
              "search_key", info={"dialect": "sqlite"}),
        Index("ix_result_entry_search_trgm", "search_key", postgresql_using="gin",
              postgresql_ops={"search_key": "gin_trgm_ops"}, info={"dialect": "postgresql"}),
        # Tallies (tallies/counting.py): each unit's counted results and prizes, and the
        # score distribution, read from the index alone on SQLite (309 ms -> 17 ms at
        # 150,000 entries). PostgreSQL aggregates the rows in ~65 ms without it, and its
        # finalise (COPY) is spared a sixth index.
        Index("ix_result_entry_unit_figures", "board_id", "version", "unit_id", "score",
              "max_score", "prize", info={"dialect": "sqlite"}),
    )

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="result_board.id")
    version: int
    group_name: str = Field(default="", max_length=120)
    position: int
    rank: int
    tied: bool = False
    contestant_id: int = Field(foreign_key="contestant.id")
    attempt_id: int | None = Field(default=None, foreign_key="attempt.id")
    unit_id: int = Field(foreign_key="unit.id")
    full_name: str = Field(max_length=120)
    unit_name: str = Field(max_length=255)
    block_name: str = Field(default="", max_length=200)
    search_key: str = Field(max_length=400)
    score: int
    max_score: int
    prediction: int | None = None
    distance: int | None = Field(default=None, sa_type=BigInteger)
    duration_ms: int = Field(sa_type=BigInteger)
    started_at: datetime
    submitted_at: datetime
    prize: str | None = Field(default=None, max_length=120)
    rounds: int = 1
    # Excluded from prizes by the organisers (backend/flags): ranked, but no prize.
    prize_excluded: bool = Field(default=False,
                                 sa_column_kwargs={"server_default": text("false")})


class ResultChange(SQLModel, table=True):
    """The history of a board: every finalise, publication and correction, never changed."""

    __tablename__ = "result_change"

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="result_board.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    action: str = Field(max_length=40)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    from_version: int = 0
    to_version: int = 0
    details: dict = Field(default_factory=dict, sa_type=JSON)


class RulingKind(StrEnum):
    VOID_MARK = "void_mark"
    VOID_DROP = "void_drop"
    REKEY = "rekey"

    @property
    def label(self) -> str:
        return {"void_mark": "Hủy câu hỏi, mọi người đều được điểm câu này",
                "void_drop": "Hủy câu hỏi, không tính câu này",
                "rekey": "Sửa đáp án đúng"}[self.value]


class QuestionRuling(SQLModel, table=True):
    """An organiser's decision on a faulty question, with every score it changed."""

    __tablename__ = "question_ruling"

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    question_id: int = Field(foreign_key="question.id", index=True)
    kind: RulingKind = Field(sa_type=enum_type(RulingKind))
    correct_option_ids: list = Field(default_factory=list, sa_type=JSON)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    at: datetime = Field(default_factory=utcnow)
    rescored: int = 0
    # [{"attempt_id", "contestant_id", "before", "after"}, ...] for every changed score.
    changes: list = Field(default_factory=list, sa_type=JSON)
