"""What the accounts API reads and returns."""

from datetime import datetime

from pydantic import BaseModel, Field

from backend.accounts.models import Role
from backend.deps import Id


class LoginIn(BaseModel):
    username: str = Field(max_length=80)
    password: str = Field(max_length=200)


class UserRead(BaseModel):
    id: int
    username: str
    full_name: str
    role: Role
    unit_id: int | None
    can_view_personal_data: bool
    is_active: bool


class TokenOut(BaseModel):
    token: str
    expires_at: datetime
    user: UserRead


class UserCreate(BaseModel):
    username: str = Field(max_length=80)
    full_name: str = Field(max_length=200)
    password: str = Field(max_length=200)
    role: Role
    unit_id: Id | None = None
    can_view_personal_data: bool = False
