"""What the units API reads and returns."""

from datetime import datetime

from pydantic import BaseModel, Field

from backend.units.models import UnitKind


class UnitRead(BaseModel):
    id: int
    code: str
    name: str
    parent_id: int | None
    block_id: int | None
    cluster_id: int | None
    kind: UnitKind
    kind_label: str
    headcount: int
    is_active: bool
    retired_at: datetime | None
    depth: int


class UnitNode(UnitRead):
    children: list["UnitNode"] = []


class UnitUpdate(BaseModel):
    name: str | None = Field(default=None, max_length=255)
    kind: UnitKind | None = None
    headcount: int | None = Field(default=None, ge=0, le=10_000_000)


class NamedRead(BaseModel):
    id: int
    code: str
    name: str


class ImportResult(BaseModel):
    created: int
    updated: int
    unchanged: int
    new_blocks: list[str]
    new_clusters: list[str]
