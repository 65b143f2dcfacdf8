"""What the results API reads and returns."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from backend.deps import INT_MAX, Id
from backend.results.models import Combine, CountedAttempt, PredictionTarget
from backend.results.reranking import Reranked
from backend.results.ruling_views import ChangedScore
from backend.results.rulings import MAX_REASON

# A whole number the service checks against its own rule, with a Vietnamese message; bounded
# here only to what an INTEGER column holds.
Whole = Annotated[int, Field(ge=-INT_MAX - 1, le=INT_MAX)]


# --- Leaderboards (board_api.py) ---------------------------------------------------------


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


class KeyOptionOut(BaseModel):
    letter: str
    text: str
    correct: bool


class KeyQuestionOut(BaseModel):
    """A question the round's papers showed, with its options and the correct ones."""
    number: int
    text: str
    voided: str = Field(description="\"\" khi câu hỏi được tính; \"mark\": mọi thí sinh được "
                                    "điểm câu này; \"drop\": câu này không tính điểm")
    voided_text: str
    options: list[KeyOptionOut]


class AnswerKeyOut(BaseModel):
    board: BoardOut
    questions: list[KeyQuestionOut]


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
    prize_excluded: bool = Field(description="Bị Ban Tổ chức loại khỏi giải: vẫn xếp hạng, "
                                             "không nhận giải")


class StaffLeaderboardOut(LeaderboardOut):
    personal_data_masked: bool
    within_unit_id: int | None = Field(description="Phạm vi của cán bộ đơn vị; null: tất cả")
    items: list[StaffEntryOut]


# --- Results workflow (manage_api.py) ------------------------------------------------------


class ManagedBoardOut(BaseModel):
    id: int
    round_id: int | None
    title: str
    state: str
    state_label: str
    ranked: int
    version: int
    actual_value: int | None
    prediction_target: str
    prediction_target_label: str
    problem: str
    round_closes_at: datetime | None
    finalised_at: datetime | None
    published_at: datetime | None
    complaints_until: datetime | None
    official_at: datetime | None


class Prize(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tier: str = Field(max_length=200)
    count: Whole
    group: str = Field(default="", max_length=200)


class RulesIn(BaseModel):
    """A board's ranking rules. A field left out keeps its value; `max_winner_share` null
    means no cap. `prediction_target` is a round's, `combine` the overall board's."""

    model_config = ConfigDict(extra="forbid")

    counted_attempt: CountedAttempt | None = None
    prediction_target: PredictionTarget | None = None
    combine: Combine | None = None
    tie_breaks: list[Annotated[str, Field(max_length=40)]] | None = Field(
        default=None, max_length=20)
    prizes: list[Prize] | None = Field(default=None, max_length=100)
    max_winner_share: Whole | None = None
    complaint_days: Whole | None = None


class RulesOut(BaseModel):
    board_id: int
    counted_attempt: CountedAttempt
    counted_attempt_label: str
    prediction_target: PredictionTarget
    prediction_target_label: str
    combine: Combine
    combine_label: str
    tie_breaks: list[str]
    tie_breaks_described: str
    prizes: list[Prize]
    max_winner_share: int | None
    complaint_days: int
    locked: bool


class FinaliseIn(BaseModel):
    """A reason is required to change results already official."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=2000)


class FinaliseOut(BaseModel):
    changed: bool
    changes: int
    board: ManagedBoardOut


class ChangeOut(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    action_label: str
    reason: str
    from_version: int
    to_version: int
    details: dict


# --- Faulty questions (rulings_api.py) -------------------------------------------------


class VoidIn(BaseModel):
    question_id: Id
    drop: bool = Field(default=False, description="true: the question no longer counts; "
                       "false: everyone who had it gets the mark")
    reason: str = Field(default="", max_length=MAX_REASON)


class RekeyIn(BaseModel):
    question_id: Id
    correct_option_ids: list[Id] = Field(default_factory=list, max_length=6)
    reason: str = Field(default="", max_length=MAX_REASON)


class RulingOut(BaseModel):
    id: int
    question_id: int
    question_number: int
    kind: str
    kind_label: str
    correct_option_ids: list[int]
    reason: str
    actor_id: int | None
    actor_name: str
    at: datetime
    rescored: int
    changed_count: int


class RulingOutcomeOut(BaseModel):
    ruling: RulingOut | None
    changed: bool
    rescored: int
    changed_count: int
    changes: list[ChangedScore]  # the first CHANGES_SHOWN; the rest from GET /{id}
    boards: list[Reranked]


class RulingDetailOut(BaseModel):
    ruling: RulingOut
    changes: list[ChangedScore]
    offset: int
    limit: int

# --- end of faulty questions ----------------------------------------------------------
