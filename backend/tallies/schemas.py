"""What the figures API reads and returns."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from backend.deps import INT_MAX


class CountsOut(BaseModel):
    headcount: int
    registered: int
    participants: int
    attempts: int
    results: int
    score_sum: int
    full_marks: int
    winners: int = Field(description="Số người đoạt giải cá nhân (mỗi người tính một lần)")
    rate: float | None = Field(description="Người tham gia ÷ số thành viên, 0..1")
    average: float | None


class UnitOut(BaseModel):
    unit_id: int
    code: str
    name: str
    has_units: bool = Field(description="Có đơn vị trực thuộc (xem bằng unit_id)")
    figures: CountsOut


class GroupOut(BaseModel):
    name: str
    figures: CountsOut
    units: list[UnitOut]


class TallyOut(BaseModel):
    period: str
    round_id: int | None
    unit_id: int | None = Field(description="Đơn vị đang xem; null: toàn bộ phạm vi")
    total: CountsOut
    blocks: list[GroupOut]
    clusters: list[GroupOut]


class ReportedIn(BaseModel):
    """A reported figure as entered (a contest's or a writing competition's): whose, what,
    how many; the service checks the range."""

    target: str = Field(default="unit", max_length=10, description="unit hoặc block")
    target_id: int = Field(ge=1, le=INT_MAX)
    measure: str = Field(max_length=40)
    value: int = Field(ge=-INT_MAX, le=INT_MAX)
    note: str = Field(default="", max_length=2000)


class FigureIn(ReportedIn):
    round_no: int = Field(default=0, ge=0, le=1000, description="0: toàn cuộc thi")


class FigureOut(BaseModel):
    id: int
    round_no: int
    period: str
    target: str
    target_id: int
    target_name: str
    measure: str
    measure_label: str
    value: int
    note: str
    entered_by: str
    entered_at: datetime


class DisagreementOut(BaseModel):
    round_no: int
    period: str
    target: str
    target_id: int
    name: str
    measure: str
    reported: int
    against: int
    difference: int
    against_parts: list[tuple[str, int]] = Field(
        description="Các phần được cộng; rỗng: đối chiếu với số nền tảng đếm")
    text: str


class PrizeTier(BaseModel):
    tier: str = Field(max_length=120)
    count: int = Field(ge=-INT_MAX, le=INT_MAX)


class CollectiveIn(BaseModel):
    mode: str = Field(default="", max_length=20,
                      description="participants, rate, composite; \"\": không xét")
    min_rate: int | None = Field(default=None, ge=-INT_MAX, le=INT_MAX)
    prizes: list[PrizeTier] = Field(default_factory=list, max_length=50)
    points: dict[Annotated[str, Field(max_length=120)],
                 Annotated[int, Field(ge=-INT_MAX, le=INT_MAX)]] = Field(
        default_factory=dict, max_length=50)


class RankedUnitOut(BaseModel):
    """A unit in a collective prize ranking (a contest's or a writing competition's)."""

    block: str
    rank: int | None = Field(description="null: không được xét (xem reason)")
    tied: bool
    unit_id: int
    name: str
    rate: float | None
    prize: str
    reason: str


class CollectiveLineOut(RankedUnitOut):
    participants: int
    points: int
    composite: float


class CollectiveOut(BaseModel):
    mode: str
    described: str
    units: list[CollectiveLineOut]


class CheckOut(BaseModel):
    """A figure a tally flags (the writing competition's, a movement year's), said in
    Vietnamese with the figures."""

    kind: str
    place: str
    text: str
