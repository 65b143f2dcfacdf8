"""What staff did: imports, retirements, rule changes. Append-only."""

from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from backend.clock import utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    action: str = Field(max_length=80, index=True)
    target: str = Field(default="", max_length=120)
    details: dict = Field(default_factory=dict, sa_type=JSON)
