"""How the organisation heads and signs its documents: one row, edited by organisers, read by
every official export."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Text
from sqlmodel import Field, SQLModel

from backend.clock import utcnow
from backend.db import enum_type


class Heading(StrEnum):
    PARTY = "party"
    STATE = "state"

    @property
    def label(self) -> str:
        return {"party": "Văn bản của Đảng (ĐẢNG CỘNG SẢN VIỆT NAM)",
                "state": "Văn bản nhà nước (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM)"}[self.value]


class Letterhead(SQLModel, table=True):
    __tablename__ = "letterhead"
    __table_args__ = (CheckConstraint("id = 1", name="only_one"),)

    id: int = Field(default=1, primary_key=True)
    governing_body: str = Field(default="ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH", max_length=200)
    issuing_body: str = Field(default="BAN DÂN VẬN THÀNH ỦY", max_length=200)
    heading: Heading = Field(default=Heading.PARTY, sa_type=enum_type(Heading))
    place: str = Field(default="TP. Hồ Chí Minh", max_length=100)
    # One title per line, e.g. "T/M BAN THƯỜNG VỤ" then "TRƯỞNG BAN".
    signer_titles: str = Field(default="TRƯỞNG BAN", sa_column=Column(Text, nullable=False))
    signer_name: str = Field(default="", max_length=120)
    # One recipient per line, under "Nơi nhận:".
    recipients: str = Field(default="- Như trên;\n- Lưu VP.",
                            sa_column=Column(Text, nullable=False))
    # How decisions are numbered: "{so}" stands for the number ("127-QĐ/BDVTU").
    decision_number_format: str = Field(default="{so}-QĐ/BDVTU", max_length=60)
    updated_at: datetime = Field(default_factory=utcnow)
