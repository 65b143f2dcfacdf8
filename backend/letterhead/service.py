"""The organisation's letterhead: read by every official export, edited by organisers."""

from datetime import datetime

from sqlmodel import Session

from backend.audit import service as audit
from backend.errors import InvalidInput
from backend.letterhead.models import Heading, Letterhead
from exports.official import Letterhead as DocumentLetterhead

MAX_SIGNER_TITLES = 4
MAX_RECIPIENTS = 12


def stored(*, session: Session) -> Letterhead | None:
    return session.get(Letterhead, 1)


def current(*, session: Session) -> Letterhead:
    """The stored letterhead, or the defaults while none has been saved."""
    return stored(session=session) or Letterhead()


def update_letterhead(*, session: Session, governing_body: str, issuing_body: str,
                      heading: Heading, place: str, signer_titles: str, signer_name: str,
                      recipients: str, actor_id: int | None, now: datetime,
                      decision_number_format: str | None = None) -> Letterhead:
    """Save how documents are headed and signed (and, when given, how decisions are
    numbered); the next export uses it."""
    letterhead = session.get(Letterhead, 1) or Letterhead(id=1)
    letterhead.governing_body = _line(governing_body, "Cơ quan cấp trên", 200)
    letterhead.issuing_body = _line(issuing_body, "Cơ quan ban hành", 200)
    letterhead.heading = heading
    letterhead.place = _line(place, "Địa danh", 100)
    letterhead.signer_titles = "\n".join(_lines(signer_titles, "Chức danh người ký",
                                                MAX_SIGNER_TITLES, 120, required=True))
    letterhead.signer_name = _line(signer_name, "Họ tên người ký", 120, required=False)
    letterhead.recipients = "\n".join(_lines(recipients, "Nơi nhận", MAX_RECIPIENTS, 200))
    if decision_number_format:
        letterhead.decision_number_format = _number_format(decision_number_format)
    letterhead.updated_at = now
    session.add(letterhead)
    audit.record(session=session, actor_id=actor_id, action="letterhead.update",
                 target="letterhead:1", details=_fields(letterhead), now=now)
    session.commit()
    return letterhead


def for_documents(letterhead: Letterhead) -> DocumentLetterhead:
    """The letterhead as the official layout takes it: one title and one recipient a line,
    recipients without the "- " the layout writes before each."""
    return DocumentLetterhead(
        governing_body=letterhead.governing_body, issuing_body=letterhead.issuing_body,
        heading=letterhead.heading.value, place=letterhead.place,
        signer_titles=tuple(_split(letterhead.signer_titles)),
        signer_name=letterhead.signer_name,
        recipients=tuple(line.removeprefix("-").strip()
                         for line in _split(letterhead.recipients)))


def _number_format(value: str) -> str:
    text = _line(value, "Mẫu số quyết định", 60)
    if text.count("{so}") != 1:
        raise InvalidInput("Mẫu số quyết định phải có đúng một chỗ “{so}” cho con số, ví dụ "
                           "“{so}-QĐ/BDVTU”.")
    return text


def _split(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _line(value: str, field: str, max_length: int, *, required: bool = True) -> str:
    text = " ".join(value.split())
    if required and not text:
        raise InvalidInput(f"{field} không được để trống.")
    if len(text) > max_length:
        raise InvalidInput(f"{field} dài quá {max_length} ký tự.")
    return text


def _lines(value: str, field: str, most: int, max_length: int, *,
           required: bool = False) -> list[str]:
    lines = [_line(line, field, max_length) for line in _split(value)]
    if required and not lines:
        raise InvalidInput(f"{field} cần ít nhất một dòng.")
    if len(lines) > most:
        raise InvalidInput(f"{field} có nhiều nhất {most} dòng.")
    return lines


def _fields(letterhead: Letterhead) -> dict:
    return letterhead.model_dump(exclude={"id", "updated_at"}, mode="json")
