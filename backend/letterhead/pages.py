"""The organisers' page for the letterhead every official file carries."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field

from backend.deps import Now, SessionDep
from backend.errors import DomainError
from backend.letterhead import service
from backend.letterhead.deps import LetterheadEditor
from backend.letterhead.models import Heading
from backend.web import redirect, render

router = APIRouter(include_in_schema=False)
PATH = "/quan-ly/mau-van-ban"


class LetterheadForm(BaseModel):
    governing_body: str = Field(default="", max_length=400)
    issuing_body: str = Field(default="", max_length=400)
    heading: Heading = Heading.PARTY
    place: str = Field(default="", max_length=200)
    signer_titles: str = Field(default="", max_length=2000)
    signer_name: str = Field(default="", max_length=240)
    recipients: str = Field(default="", max_length=4000)
    decision_number_format: str = Field(default="", max_length=60)


def _context(session, **extra) -> dict:
    saved = service.stored(session=session)
    current = saved or service.current(session=session)
    return {"form": LetterheadForm(**current.model_dump(exclude={"id", "updated_at"})),
            "saved_at": saved.updated_at if saved else None, "headings": list(Heading),
            **extra}


@router.get(PATH)
def letterhead_page(request: Request, user: LetterheadEditor, session: SessionDep):
    return render(request, "letterhead/edit.html", _context(session))


@router.post(PATH)
def save(request: Request, user: LetterheadEditor, session: SessionDep, now: Now,
         body: Annotated[LetterheadForm, Form()]):
    try:
        service.update_letterhead(session=session, **body.model_dump(), actor_id=user.id,
                                  now=now)
    except DomainError as error:
        session.rollback()
        return render(request, "letterhead/edit.html",
                      _context(session, form=body, error=error.message),
                      status_code=error.status_code)
    return redirect(f"{PATH}?da_luu=1", request)
