"""The letterhead over JSON: what the organisers' page reads and saves."""

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from backend.deps import Now, SessionDep
from backend.letterhead import service
from backend.letterhead.deps import LetterheadEditor
from backend.letterhead.models import Heading, Letterhead

router = APIRouter(prefix="/api/v1/manage", tags=["Mẫu văn bản"])


class LetterheadIn(BaseModel):
    governing_body: str = Field(max_length=400, description="Cơ quan cấp trên, viết hoa")
    issuing_body: str = Field(max_length=400, description="Cơ quan ban hành, in đậm")
    heading: Heading = Field(description="party: văn bản của Đảng; state: văn bản nhà nước")
    place: str = Field(max_length=200, description="Địa danh của dòng ngày tháng")
    signer_titles: str = Field(max_length=2000, description="Chức danh người ký, mỗi dòng một")
    signer_name: str = Field(default="", max_length=240)
    recipients: str = Field(default="", max_length=4000, description="Nơi nhận, mỗi dòng một")
    decision_number_format: str | None = Field(
        default=None, max_length=60,
        description="Mẫu số quyết định khen thưởng, “{so}” là con số; bỏ trống: giữ nguyên")


class LetterheadOut(LetterheadIn):
    updated_at: datetime | None


def _out(letterhead: Letterhead, *, saved: bool = True) -> LetterheadOut:
    return LetterheadOut(**letterhead.model_dump(exclude={"id", "updated_at"}),
                         updated_at=letterhead.updated_at if saved else None)


@router.get("/letterhead")
def get_letterhead(user: LetterheadEditor, session: SessionDep) -> LetterheadOut:
    """The letterhead official files carry (the defaults until one is saved)."""
    saved = service.stored(session=session)
    return _out(saved or service.current(session=session), saved=saved is not None)


@router.put("/letterhead")
def put_letterhead(body: LetterheadIn, user: LetterheadEditor, session: SessionDep,
                   now: Now) -> LetterheadOut:
    """Save the letterhead; files made from now on carry it."""
    return _out(service.update_letterhead(session=session, **body.model_dump(),
                                          actor_id=user.id, now=now))
