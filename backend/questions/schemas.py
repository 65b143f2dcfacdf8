"""What the question bank API reads and returns."""

from datetime import datetime

from pydantic import BaseModel, Field

from backend.questions.models import Difficulty
from backend.questions.service import MAX_TEXT, MAX_TOPIC


class OptionRead(BaseModel):
    id: int
    letter: str
    text: str
    is_correct: bool


class QuestionRead(BaseModel):
    id: int
    number: int
    text: str
    topic: str
    difficulty: Difficulty
    difficulty_label: str
    is_active: bool
    correct: list[str] = Field(description="Chữ cái của các phương án đúng.")
    options: list[OptionRead]
    created_at: datetime
    updated_at: datetime


class QuestionWrite(BaseModel):
    text: str = Field(max_length=MAX_TEXT, description="Nội dung câu hỏi.")
    options: list[str] = Field(min_length=2, max_length=6,
                               description="Các phương án theo thứ tự A, B, C...")
    correct: list[str] = Field(min_length=1, max_length=6,
                               description="Chữ cái của các phương án đúng, ví dụ [\"A\", \"C\"].")
    topic: str = Field(default="", max_length=MAX_TOPIC)
    difficulty: Difficulty = Difficulty.MEDIUM

    model_config = {"json_schema_extra": {"examples": [{
        "text": "Bài báo “Dân vận” của Chủ tịch Hồ Chí Minh được đăng năm nào?",
        "options": ["1945", "1949", "1954", "1969"], "correct": ["B"],
        "topic": "Lịch sử", "difficulty": "de"}]}}


class StratumCountRead(BaseModel):
    topic: str
    difficulty: Difficulty
    difficulty_label: str
    count: int


class QuotaWrite(BaseModel):
    topic: str = Field(default="", max_length=MAX_TOPIC, description="Để trống là mọi chủ đề.")
    difficulty: Difficulty | None = Field(default=None, description="Để trống là mọi mức độ.")
    count: int = Field(ge=1, le=100)


class PreviewRequest(BaseModel):
    question_count: int = Field(ge=1, le=100)
    quotas: list[QuotaWrite] = Field(default_factory=list)


class PreviewOptionRead(BaseModel):
    id: int
    letter: str = Field(description="Chữ cái như thí sinh thấy trong đề này.")
    text: str
    is_correct: bool


class PreviewQuestionRead(BaseModel):
    id: int
    number: int
    text: str
    topic: str
    difficulty: Difficulty
    options: list[PreviewOptionRead]


class ImportResult(BaseModel):
    added: int
    bank_version: int
