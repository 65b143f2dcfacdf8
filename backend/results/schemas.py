"""What the results API returns."""

from datetime import datetime

from pydantic import BaseModel, Field

# --- Leaderboards (board_api.py) --------------------------------------------------------


class GroupOut(BaseModel):
    name: str = Field(description="Bảng thí sinh; \"\" khi cuộc thi xếp hạng chung một bảng")
    count: int


class BoardOut(BaseModel):
    id: int
    round_id: int | None = Field(description="null: kết quả chung cuộc")
    name: str
    state: str = Field(description="finalised, provisional hoặc official")
    state_text: str = Field(description="Trạng thái kết quả bằng lời, như trang web ghi")
    published_at: datetime | None
    complaints_until: datetime | None
    official_at: datetime | None
    ranked: int
    actual_value: int | None = Field(description="Con số thực tế của câu hỏi dự đoán")
    prediction_target: str
    actual_value_text: str
    tie_breaks: list[str]
    tie_break_text: str = Field(description="Cách xếp hạng, viết thành câu")


class EntryOut(BaseModel):
    """One contestant's line: the same as a row of the public leaderboard page."""
    rank: int
    tied: bool = Field(description="Đồng hạng: bằng nhau ở mọi tiêu chí xếp hạng")
    full_name: str
    unit: str
    group: str
    score: int
    max_score: int
    prediction: int | None
    duration_ms: int
    submitted_at: datetime
    prize: str | None


class LeaderboardOut(BaseModel):
    board: BoardOut
    group: str
    groups: list[GroupOut]
    q: str
    page: int
    per_page: int
    pages: int
    total: int
    more: bool = Field(description="Tìm kiếm có nhiều hơn `total` kết quả; hãy gõ thêm để thu hẹp")
    items: list[EntryOut]


class StaffEntryOut(EntryOut):
    position: int
    block: str
    distance: int | None
    started_at: datetime
    rounds: int
    attempt_id: int | None
    contestant_id: int
    unit_id: int
    phone: str


class StaffLeaderboardOut(LeaderboardOut):
    personal_data_masked: bool
    within_unit_id: int | None = Field(description="Phạm vi của cán bộ đơn vị; null: tất cả")
    items: list[StaffEntryOut]
