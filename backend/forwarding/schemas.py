"""What the forwarding API takes and gives."""

from datetime import datetime

from pydantic import BaseModel, Field

from backend.deps import Id
from backend.forwarding import queries
from backend.forwarding.service import MAX_REASON


class ScoreIn(BaseModel):
    essay_id: Id
    score: float | None = Field(description="0 to 100 (or the rubric's total when higher), "
                                "in steps of 0.25; null clears the score")


class ScoresIn(BaseModel):
    scores: list[ScoreIn] = Field(max_length=10_000)


class SelectionIn(BaseModel):
    essay_ids: list[Id] = Field(max_length=10_000, description="The whole selection: it "
                                "replaces the one before")


class ReopenIn(BaseModel):
    reason: str = Field(default="", max_length=MAX_REASON)


class CandidateOut(BaseModel):
    essay_id: int
    title: str
    author_name: str
    unit_name: str
    submitted_at: datetime
    score: float | None
    rank: int | None = Field(description="Rank among the unit's essays by score (higher "
                             "first, ties by earlier submission); null while unscored")
    selected: bool


class BatchOut(BaseModel):
    unit_id: int
    unit_name: str
    batch_id: int | None
    status: str = Field(description="none, draft or signed")
    status_label: str
    received: int = Field(description="The unit's essays at the level below")
    quota: int | None = Field(description="How many it may forward; null: no limit")
    selected: int
    signed_at: datetime | None
    signed_by: str | None
    reopened_at: datetime | None
    reopen_reason: str


class UnitForwardingOut(BaseModel):
    level_id: int
    level_name: str
    source_level_id: int
    source_level_name: str
    opens_at: datetime
    closes_at: datetime
    is_open: bool
    scores_editable: bool
    max_score: int
    batch: BatchOut
    candidates: list[CandidateOut]


def batch_out(line: queries.BatchLine) -> BatchOut:
    batch = line.batch
    return BatchOut(
        unit_id=line.unit.id, unit_name=line.unit.name, batch_id=batch.id if batch else None,
        status=batch.status.value if batch else "none", status_label=line.status_label,
        received=line.received, quota=line.quota, selected=line.selected,
        signed_at=batch.signed_at if batch else None, signed_by=line.signed_by,
        reopened_at=batch.reopened_at if batch else None,
        reopen_reason=batch.reopen_reason if batch else "")


def unit_out(view: queries.UnitView, line: queries.BatchLine) -> UnitForwardingOut:
    return UnitForwardingOut(
        level_id=view.level.id, level_name=view.level.name, source_level_id=view.source.id,
        source_level_name=view.source.name, opens_at=view.level.opens_at,
        closes_at=view.level.closes_at, is_open=view.is_open,
        scores_editable=view.scores_editable, max_score=view.ceiling, batch=batch_out(line),
        candidates=[CandidateOut(**vars(c)) for c in view.candidates])
