"""What the essays API takes and gives."""

from datetime import datetime

from pydantic import BaseModel, Field

from backend.deps import Id
from backend.essays.queries import AuthorView, EssayDetail, EssayRow


class AuthorSignUpIn(BaseModel):
    full_name: str = Field(max_length=200)
    birth_year: int = Field(ge=1900, le=2100)
    gender: str = Field(max_length=10, description="nam | nu")
    position: str = Field(default="", max_length=200)
    unit_id: Id
    phone: str = Field(max_length=30)
    id_number: str | None = Field(default=None, max_length=30)
    bank_account: str | None = Field(default=None, max_length=40)
    bank_name: str | None = Field(default=None, max_length=200)
    password: str = Field(max_length=200)


class AuthorLoginIn(BaseModel):
    phone: str = Field(max_length=30)
    password: str = Field(max_length=200)


class AuthorOut(BaseModel):
    full_name: str
    birth_year: int
    gender: str
    position: str
    phone: str = Field(description="Masked unless the reader may see personal data")
    id_number: str
    bank_account: str
    bank_name: str

    @classmethod
    def of(cls, view: AuthorView) -> "AuthorOut":
        return cls(**view.__dict__)


class AuthorTokenOut(BaseModel):
    token: str
    expires_at: datetime
    author_id: int
    competition_id: int


class WithdrawIn(BaseModel):
    reason: str = Field(max_length=500)


class VersionOut(BaseModel):
    number: int
    format: str
    filename: str
    size: int
    sha256: str | None
    pages: int | None
    word_count: int | None
    text_state: str
    uploaded_at: datetime

    @classmethod
    def of(cls, version) -> "VersionOut":
        return cls(number=version.number, format=version.format.value,
                   filename=version.filename, size=version.size, sha256=version.sha256,
                   pages=version.pages, word_count=version.word_count,
                   text_state=version.text_state.value, uploaded_at=version.uploaded_at)


class EssayOut(BaseModel):
    id: int
    competition_id: int
    title: str
    format: str
    unit_id: int
    unit_name: str
    author: AuthorOut
    version_count: int
    word_count: int | None
    word_problem: str = Field(description="Why the word count is outside the limits, or \"\"")
    submitted_at: datetime
    withdrawn_at: datetime | None
    withdrawn_reason: str

    @classmethod
    def of(cls, row: EssayRow | EssayDetail) -> "EssayOut":
        essay = row.essay
        return cls(id=essay.id, competition_id=essay.competition_id, title=essay.title,
                   format=essay.format.value, unit_id=essay.unit_id, unit_name=row.unit_name,
                   author=AuthorOut.of(row.author), version_count=essay.version_count,
                   word_count=essay.word_count, word_problem=row.word_problem,
                   submitted_at=essay.submitted_at, withdrawn_at=essay.withdrawn_at,
                   withdrawn_reason=essay.withdrawn_reason)


class EssaysOut(BaseModel):
    essays: list[EssayOut]
    total: int
    page: int
    pages: int


class EssayDetailOut(EssayOut):
    text: str = Field(description="The current version's text, once extracted")
    versions: list[VersionOut]
