"""A writing competition ("cuộc thi viết"): its rules, its levels from the grassroots up to the
city, the rubric judges score by, the prize tiers, and the judges on its panel."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Column, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type

# The default rubric (DOMAIN.md): out of 100.
DEFAULT_RUBRIC = (("Nội dung", 50), ("Tính thực tiễn", 20), ("Tính sáng tạo", 15),
                  ("Hình thức", 10), ("Minh họa", 5))
FORMATS = ("docx", "pdf", "odt", "online")


class FinalMethod(StrEnum):
    """How an essay's final score is taken from its judges' scores."""

    CLOSEST_PAIR = "closest_pair"
    MEDIAN = "median"

    @property
    def label(self) -> str:
        return {"closest_pair": "Trung bình hai điểm gần nhau nhất",
                "median": "Trung vị các điểm"}[self.value]


class WritingCompetition(SQLModel, table=True):
    __tablename__ = "writing_competition"
    __table_args__ = (
        CheckConstraint("min_words >= 0 AND max_words >= 0", name="words_not_negative"),
        CheckConstraint("max_words = 0 OR max_words >= min_words", name="words_in_order"),
        CheckConstraint("third_judge_gap > 0", name="gap_positive"),
        CheckConstraint("criterion_gap_percent BETWEEN 1 AND 100", name="criterion_gap_in_range"),
        CheckConstraint("judge_cap > 0", name="judge_cap_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=255)
    theme: str = Field(default="", max_length=500)
    rules_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    min_words: int = 0
    max_words: int = 0  # 0: no upper limit
    # Any of FORMATS; "online" is an essay typed on the page.
    formats: list = Field(default_factory=lambda: list(FORMATS), sa_type=JSON)
    # A third judge is called when two scores differ by more than this (out of the rubric's
    # total), or on any criterion by more than criterion_gap_percent of its maximum.
    third_judge_gap: int = 15
    criterion_gap_percent: int = 40
    final_method: FinalMethod = Field(default=FinalMethod.CLOSEST_PAIR,
                                      sa_type=enum_type(FinalMethod))
    # Judges never score their own unit's essays; with this, not their own block's either.
    exclude_own_block: bool = True
    judge_cap: int = 300  # essays per judge per level, unless the judge has their own cap
    # Scores adjusted by each judge's offset from the panel on the calibration essays.
    normalise_judges: bool = False
    rubric_locked_at: datetime | None = None  # set when judging starts; the rubric is then fixed
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)


class LevelKind(StrEnum):
    GRASSROOTS = "grassroots"  # each unit's own round, for its subtree
    UNIT = "unit"  # units collect and pre-screen ("sơ khảo")
    CITY = "city"  # the final round ("chung khảo")

    @property
    def label(self) -> str:
        return {"grassroots": "Cấp cơ sở", "unit": "Cấp đơn vị", "city": "Cấp thành phố"}[
            self.value]


class QuotaKind(StrEnum):
    NONE = "none"
    FIXED = "fixed"  # at most quota_value essays per unit
    SHARE = "share"  # at most quota_value % of the essays the unit received (rounded up)

    @property
    def label(self) -> str:
        return {"none": "Không giới hạn", "fixed": "Số bài cố định",
                "share": "Tỷ lệ % số bài đơn vị nhận"}[self.value]


class Scoring(StrEnum):
    ENTERED = "entered"  # units enter the scores of their own (offline) pre-screening
    BLIND = "blind"  # the competition's judges score by code ("chấm kín")

    @property
    def label(self) -> str:
        return {"entered": "Đơn vị nhập điểm sơ khảo", "blind": "Giám khảo chấm kín (mã phách)"}[
            self.value]


class WritingLevel(SQLModel, table=True):
    """One level of the competition. Essays are submitted into the first; each later level
    receives the essays units forward into it, within its quota, until forwarding closes."""

    __tablename__ = "writing_level"
    __table_args__ = (
        UniqueConstraint("competition_id", "position"),
        CheckConstraint("opens_at < closes_at", name="window_in_order"),
        CheckConstraint("quota_value >= 0", name="quota_not_negative"),
        CheckConstraint("quota_kind <> 'share' OR quota_value <= 100", name="share_at_most_100"),
    )

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="writing_competition.id", index=True)
    position: int  # 1 for the first level
    kind: LevelKind = Field(sa_type=enum_type(LevelKind))
    name: str = Field(max_length=200)
    # Submission (first level) or forwarding (later levels) window.
    opens_at: datetime
    closes_at: datetime
    # How many essays each unit may forward into this level.
    quota_kind: QuotaKind = Field(default=QuotaKind.NONE, sa_type=enum_type(QuotaKind))
    quota_value: int = 0
    scoring: Scoring = Field(default=Scoring.ENTERED, sa_type=enum_type(Scoring))
    closed_at: datetime | None = None  # when the deadline job (or an organiser) closed it
    scores_locked_at: datetime | None = None
    scores_locked_by: int | None = Field(default=None, foreign_key="user_account.id")
    # "Ráp phách": identities joined back to codes, only after scores_locked_at.
    revealed_at: datetime | None = None
    revealed_by: int | None = Field(default=None, foreign_key="user_account.id")


class RubricCriterion(SQLModel, table=True):
    __tablename__ = "rubric_criterion"
    __table_args__ = (
        UniqueConstraint("competition_id", "position"),
        UniqueConstraint("competition_id", "name"),
        CheckConstraint("max_points > 0 AND max_points <= 1000", name="max_points_in_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="writing_competition.id", index=True)
    position: int
    name: str = Field(max_length=120)
    max_points: int


class PrizeTier(SQLModel, table=True):
    """A prize at a level (A, B, C, Khuyến khích…), given `count` times in the whole level or,
    with block_id, within that block."""

    __tablename__ = "writing_prize_tier"
    __table_args__ = (
        UniqueConstraint("level_id", "block_key", "position"),
        CheckConstraint("count > 0 AND count <= 100000", name="count_in_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    level_id: int = Field(foreign_key="writing_level.id", index=True)
    position: int  # 1 for the highest prize
    name: str = Field(max_length=120)
    count: int
    block_id: int | None = Field(default=None, foreign_key="block.id")
    block_key: int = 0  # block_id or 0, so that the unique rule holds for "whole level" too
    min_score: float | None = None  # below this, the prize is not given even if places remain


class WritingJudge(SQLModel, table=True):
    """A judge on a competition's panel, with the unit or block they belong to."""

    __tablename__ = "writing_judge"
    __table_args__ = (
        UniqueConstraint("competition_id", "user_id"),
        CheckConstraint("cap IS NULL OR cap > 0", name="cap_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="writing_competition.id", index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    block_id: int | None = Field(default=None, foreign_key="block.id")
    cap: int | None = None  # essays per level; the competition's judge_cap when empty
    added_at: datetime = Field(default_factory=utcnow)


class WritingMeasure(StrEnum):
    """What a unit reports about its writing competition work done off the platform."""

    GRASSROOTS_CONTESTANTS = "grassroots_contestants"
    GRASSROOTS_ESSAYS = "grassroots_essays"
    ESSAYS_RECEIVED = "essays_received"

    @property
    def label(self) -> str:
        return {"grassroots_contestants": "Số người dự thi ở cơ sở",
                "grassroots_essays": "Số bài dự thi ở cơ sở",
                "essays_received": "Số bài đơn vị nhận"}[self.value]

    @property
    def counted_as(self) -> str | None:
        """The writing tally's field the platform counts this in (tallies.reconcile)."""
        return "received" if self is WritingMeasure.ESSAYS_RECEIVED else None


class WritingReportedFigure(SQLModel, table=True):
    """A figure a unit or the organisers reported for a unit or a block; entering it again
    replaces the value, the audit log keeps the earlier one."""

    __tablename__ = "writing_reported_figure"
    __table_args__ = (
        UniqueConstraint("competition_id", "target", "target_id", "measure"),
        CheckConstraint("value >= 0 AND value <= 100000000", name="value_in_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="writing_competition.id", index=True)
    target: str = Field(max_length=10)  # "unit" | "block", as tallies' Target
    target_id: int
    measure: WritingMeasure = Field(sa_type=enum_type(WritingMeasure))
    value: int
    note: str = Field(default="", max_length=500)
    entered_by: int | None = Field(default=None, foreign_key="user_account.id")
    entered_at: datetime = Field(default_factory=utcnow,
                                 sa_column_kwargs={"server_default": text("CURRENT_TIMESTAMP")})


class CollectiveMode(StrEnum):
    """How a writing competition ranks units for its collective prizes."""

    MOST_ESSAYS = "most_essays"
    PARTICIPATION_RATE = "participation_rate"
    MOST_WINNERS = "most_winners"

    @property
    def label(self) -> str:
        return {"most_essays": "Đơn vị có nhiều bài dự thi nhất",
                "participation_rate": "Đơn vị có tỷ lệ tham gia cao nhất (so với số thành viên)",
                "most_winners": "Đơn vị có nhiều bài đạt giải nhất"}[self.value]


class WritingCollectiveRules(SQLModel, table=True):
    """How the competition gives collective prizes to the units under the city, ranked within
    each block. No row: no collective prizes."""

    __tablename__ = "writing_collective_rules"
    __table_args__ = (
        CheckConstraint("per_block BETWEEN 1 AND 100", name="per_block_in_range"),
        CheckConstraint("minimum_essays >= 0", name="minimum_not_negative"),
    )

    competition_id: int = Field(foreign_key="writing_competition.id", primary_key=True)
    mode: CollectiveMode = Field(sa_type=enum_type(CollectiveMode))
    per_block: int = 1  # prizes per block
    minimum_essays: int = 0  # essays received a unit needs to be ranked
    # Participation rate: reported grassroots contestants added to the essays received.
    count_reported: bool = False
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow)
