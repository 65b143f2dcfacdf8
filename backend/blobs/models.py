"""Stored file bytes, addressed by their SHA-256: a file uploaded twice is stored once."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, LargeBinary, String
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type


class BlobPlace(StrEnum):
    DATABASE = "database"  # the bytes are in `content`: backups of the database hold them
    OBJECT_STORE = "object_store"  # an S3-compatible bucket, under the hash as its key


class StoredBlob(SQLModel, table=True):
    __tablename__ = "stored_blob"
    __table_args__ = (
        CheckConstraint("size >= 0", name="size_not_negative"),
        CheckConstraint("place <> 'database' OR content IS NOT NULL", name="database_has_bytes"),
    )

    sha256: str = Field(sa_column=Column(String(64), primary_key=True))
    size: int
    place: BlobPlace = Field(sa_type=enum_type(BlobPlace))
    # Deferred by the store's queries: listing blobs never reads megabytes of bytes.
    content: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)
