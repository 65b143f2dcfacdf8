"""What the results API reads and returns."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from backend.deps import INT_MAX
from backend.results.models import Combine, CountedAttempt, PredictionTarget

# A whole number the service checks against its own rule, with a Vietnamese message; bounded
# here only to what an INTEGER column holds.
Whole = Annotated[int, Field(ge=-INT_MAX - 1, le=INT_MAX)]


# --- Results workflow: boards, rules, finalise, publish, history (manage_api.py) -----------


class BoardOut(BaseModel):
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
    board: BoardOut


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
