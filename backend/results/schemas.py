"""What the results API reads and returns."""

from datetime import datetime

from pydantic import BaseModel, Field

from backend.deps import Id
from backend.results.reranking import Reranked
from backend.results.ruling_views import ChangedScore
from backend.results.rulings import MAX_REASON

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
