"""Staff accounts, their roles, and the server-side sessions of everyone who signs in."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, String
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type


class Role(StrEnum):
    ORGANISER = "organiser"
    UNIT_OFFICER = "unit_officer"
    JUDGE = "judge"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ORGANISER: "Ban tổ chức",
    Role.UNIT_OFFICER: "Cán bộ đơn vị",
    Role.JUDGE: "Giám khảo",
}


class UserAccount(SQLModel, table=True):
    """A person who works on the platform: organiser, unit officer or judge."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(
            "role <> 'unit_officer' OR unit_id IS NOT NULL", name="officer_has_unit"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True)
    full_name: str = Field(max_length=200)
    password_hash: str = Field(max_length=255)
    role: Role = Field(sa_type=enum_type(Role))
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    can_view_personal_data: bool = False
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class SessionKind(StrEnum):
    WEB = "web"
    API = "api"


class AuthSession(SQLModel, table=True):
    """A signed-in session. Only the SHA-256 of its token is stored, never the token."""

    __tablename__ = "auth_session"
    __table_args__ = (
        # Exactly one of a staff member, a contestant or an essay author.
        CheckConstraint(
            "(CASE WHEN user_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN contestant_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN author_id IS NULL THEN 0 ELSE 1 END) = 1", name="one_principal"),
    )

    id: str = Field(sa_column=Column(String(64), primary_key=True))
    user_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    contestant_id: int | None = Field(default=None, foreign_key="contestant.id", index=True)
    author_id: int | None = Field(default=None, foreign_key="essay_author.id", index=True)
    kind: SessionKind = Field(sa_type=enum_type(SessionKind))
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=255)
