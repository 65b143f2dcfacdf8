"""Essays as people see them: lists of a competition (an officer's subtree, an author's own),
one essay with its versions and text, and a version's original file. Personal data masked
unless the reader may see it."""

import math
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlmodel import Session

from backend import vntext
from backend.blobs.service import read_blob
from backend.config import Settings
from backend.errors import Forbidden, NotFound
from backend.essays.deps import Reader
from backend.essays.models import Essay, EssayAuthor, EssayVersion, TextState
from backend.personaldata import display_phone, mask_id_number, mask_phone
from backend.units.models import Unit
from backend.writing.models import WritingCompetition

MEDIA_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "odt": "application/vnd.oasis.opendocument.text", "pdf": "application/pdf"}
PAGE_SIZE = 50


@dataclass
class AuthorView:
    """An author's details as this reader may see them."""

    full_name: str
    birth_year: int
    gender: str
    position: str
    phone: str
    id_number: str
    bank_account: str
    bank_name: str


@dataclass
class EssayRow:
    essay: Essay
    author: AuthorView
    unit_name: str
    word_problem: str  # "" when the word count is within the limits (or not known yet)


@dataclass
class EssayPage:
    rows: list[EssayRow]
    total: int
    page: int
    pages: int


@dataclass
class EssayDetail:
    essay: Essay
    competition: WritingCompetition
    author: AuthorView
    unit_name: str
    versions: list[EssayVersion]
    word_problem: str

    @property
    def current(self) -> EssayVersion:
        return self.versions[-1]


def author_view(author: EssayAuthor, reveal: bool) -> AuthorView:
    bank = author.bank_account or ""
    return AuthorView(
        full_name=author.full_name, birth_year=author.birth_year, gender=author.gender.label,
        position=author.position,
        phone=display_phone(author.phone) if reveal else mask_phone(author.phone),
        id_number=(author.id_number or "") if reveal else mask_id_number(author.id_number),
        bank_account=bank if reveal else (f"****{bank[-3:]}" if bank else ""),
        bank_name=author.bank_name or "")


def word_problem(essay: Essay, competition: WritingCompetition) -> str:
    """Why the word count is outside the competition's limits, or ""."""
    words = essay.word_count
    if words is None:
        return ""
    if words < competition.min_words:
        return f"Ít hơn {competition.min_words} chữ theo thể lệ"
    if competition.max_words and words > competition.max_words:
        return f"Nhiều hơn {competition.max_words} chữ theo thể lệ"
    return ""


def check_can_read(session: Session, essay: Essay, reader: Reader) -> None:
    if reader.author is not None:
        if essay.author_id != reader.author.id:
            raise Forbidden("Bạn không có quyền xem bài viết này: bài viết không phải của bạn.")
        return
    if reader.within is not None and not reader.within.contains(session.get(Unit, essay.unit_id)):
        raise Forbidden("Bạn không có quyền xem bài viết này: bài thuộc đơn vị ngoài phạm vi "
                        "tài khoản của bạn.")


def essay_page(*, session: Session, competition: WritingCompetition, reader: Reader,
               unit: Unit | None = None, query: str = "", page: int = 1,
               page_size: int = PAGE_SIZE) -> EssayPage:
    """One page of the competition's essays the reader may see (of `unit`'s subtree when
    given), newest first, found by title or author name."""
    statement = (select(Essay, EssayAuthor, Unit.name)
                 .join(EssayAuthor, EssayAuthor.id == Essay.author_id)
                 .join(Unit, Unit.id == Essay.unit_id)
                 .where(Essay.competition_id == competition.id))
    if reader.author is not None:
        statement = statement.where(Essay.author_id == reader.author.id)
    for within in (reader.within, unit):
        if within is not None:
            statement = statement.where(Unit.path.startswith(within.path))
    key = vntext.same_text_key(query)[:100]
    if key:
        statement = statement.where(or_(Essay.title_key.contains(key, autoescape=True),
                                        EssayAuthor.name_key.contains(key, autoescape=True)))
    total = session.scalar(select(func.count()).select_from(statement.subquery()))
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 1), pages)
    found = session.execute(statement.order_by(Essay.submitted_at.desc(), Essay.id.desc())
                            .offset((page - 1) * page_size).limit(page_size)).all()
    rows = [EssayRow(essay, author_view(author, reader.reveal), unit_name,
                     word_problem(essay, competition)) for essay, author, unit_name in found]
    return EssayPage(rows=rows, total=total, page=page, pages=pages)


def readable_essay(*, session: Session, essay_id: int, reader: Reader) -> Essay:
    """The essay, if the reader may see it; else NotFound or Forbidden."""
    essay = session.get(Essay, essay_id)
    if essay is None:
        raise NotFound("Không tìm thấy bài viết này.")
    check_can_read(session, essay, reader)
    return essay


def essay_detail(*, session: Session, essay_id: int, reader: Reader) -> EssayDetail:
    """One essay the reader may see, with every version (the text of each once extracted)."""
    essay = readable_essay(session=session, essay_id=essay_id, reader=reader)
    competition = session.get(WritingCompetition, essay.competition_id)
    versions = list(session.execute(select(EssayVersion).where(EssayVersion.essay_id == essay.id)
                                    .order_by(EssayVersion.number)).scalars())
    return EssayDetail(essay=essay, competition=competition,
                       author=author_view(session.get(EssayAuthor, essay.author_id),
                                          reader.reveal),
                       unit_name=session.get(Unit, essay.unit_id).name, versions=versions,
                       word_problem=word_problem(essay, competition))


@dataclass
class VersionFile:
    content: bytes
    filename: str
    media_type: str


def version_file(*, session: Session, settings: Settings, essay_id: int, number: int,
                 reader: Reader) -> VersionFile:
    """A version's original file, for a reader allowed to see the essay."""
    essay = session.get(Essay, essay_id)
    if essay is None:
        raise NotFound("Không tìm thấy bài viết này.")
    check_can_read(session, essay, reader)
    version = session.execute(select(EssayVersion).where(
        EssayVersion.essay_id == essay_id, EssayVersion.number == number)).scalar_one_or_none()
    if version is None or version.sha256 is None:
        raise NotFound("Phiên bản này không có tệp (bài gõ trực tuyến) hoặc không tồn tại.")
    content = read_blob(session=session, sha256=version.sha256, settings=settings)
    session.commit()
    return VersionFile(content=content, filename=version.filename or
                       f"bai-viet-{essay_id}-{number}.{version.format.value}",
                       media_type=MEDIA_TYPES[version.format.value])


def text_ready(version: EssayVersion) -> bool:
    return version.text_state is TextState.DONE
