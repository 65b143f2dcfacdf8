"""The unit tree: city -> units -> grassroots units, with blocks and clusters across it."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, String
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type


class UnitKind(StrEnum):
    CITY = "tinh_thanh_pho"
    URBAN_DISTRICT = "quan"
    RURAL_DISTRICT = "huyen"
    CITY_UNDER_CITY = "thanh_pho_thuoc_tp"
    PARTY_COMMITTEE = "dang_uy_cap_tren_co_so"
    MASS_ORGANISATION = "doan_the"
    WARD = "phuong"
    COMMUNE = "xa"
    TOWNSHIP = "thi_tran"
    PARTY_CELL = "chi_bo"
    OTHER = "khac"

    @property
    def label(self) -> str:
        return UNIT_KIND_LABELS[self]


UNIT_KIND_LABELS = {
    UnitKind.CITY: "Tỉnh, thành phố",
    UnitKind.URBAN_DISTRICT: "Quận",
    UnitKind.RURAL_DISTRICT: "Huyện",
    UnitKind.CITY_UNDER_CITY: "Thành phố thuộc TP",
    UnitKind.PARTY_COMMITTEE: "Đảng ủy cấp trên cơ sở",
    UnitKind.MASS_ORGANISATION: "Đoàn thể",
    UnitKind.WARD: "Phường",
    UnitKind.COMMUNE: "Xã",
    UnitKind.TOWNSHIP: "Thị trấn",
    UnitKind.PARTY_CELL: "Chi bộ",
    UnitKind.OTHER: "Khác",
}


class Block(SQLModel, table=True):
    """A khối: the groups of units that tallies and prizes rank within."""

    __tablename__ = "block"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200, unique=True)
    position: int = 0


class Cluster(SQLModel, table=True):
    """A cụm thi đua: an optional grouping of units that cuts across blocks."""

    __tablename__ = "cluster"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200, unique=True)


class Unit(SQLModel, table=True):
    """One node of the tree. Never deleted: retired units keep their history."""

    __tablename__ = "unit"
    __table_args__ = (
        CheckConstraint("headcount >= 0", name="headcount_not_negative"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        Index("ix_unit_path", "path"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=255)
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    block_id: int | None = Field(default=None, foreign_key="block.id", index=True)
    cluster_id: int | None = Field(default=None, foreign_key="cluster.id", index=True)
    kind: UnitKind = Field(default=UnitKind.OTHER, sa_type=enum_type(UnitKind))
    headcount: int = 0
    is_active: bool = True
    retired_at: datetime | None = None
    # Materialised path of ids ("/1/4/17/"): a subtree is a prefix, so scope checks are cheap.
    path: str = Field(default="/", sa_column=Column(String(512), nullable=False))
    depth: int = 0
    search_text: str = Field(default="", max_length=600)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    def contains(self, other: "Unit") -> bool:
        """True when `other` is this unit or lies anywhere below it."""
        return other.path.startswith(self.path)
