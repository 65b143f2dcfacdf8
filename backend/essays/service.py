"""Essays: submitted by their author or by a unit officer on the author's behalf, new
versions while the first level is open, withdrawal with a reason.

A file arrives already inspected (backend.uploads.inspect_upload, run by the caller before
any transaction); the metadata-stripped copy judges get is made here, also before the first
statement, so no write lock is held while a document is read."""

import hashlib
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend import vntext
from backend.accounts.models import UserAccount
from backend.audit import service as audit
from backend.blobs.service import put_blob
from backend.config import Settings
from backend.contests.models import RoundStatus
from backend.db import is_unique_violation
from backend.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from backend.essays.authors import AuthorDetails, checked_details, found_or_new_author
from backend.essays.models import Essay, EssayAuthor, EssayFormat, EssayVersion, TextState
from backend.policy import Permission, has_permission, sees_whole_tree
from backend.units.models import Unit
from backend.uploads import Inspected, word_count
from backend.uploads.names import stored_name
from backend.uploads.strip import strip_author_metadata
from backend.writing import service as writing
from backend.writing.models import WritingCompetition

__all__ = ["AuthorDetails", "get_essay", "submit_essay", "submit_new_version", "withdraw_essay"]
MAX_TEXT_CHARS = 2_000_000


@dataclass
class _Content:
    """A version's content, prepared before the transaction: a file and its stripped copy,
    or typed text."""

    format: EssayFormat
    upload: Inspected | None = None
    data: bytes = b""
    blind: bytes = b""
    blind_sha256: str | None = None
    filename: str = ""
    text: str = ""
    words: int | None = None


def submit_essay(*, session: Session, settings: Settings, competition_id: int,
                 author: AuthorDetails, title: str, upload: Inspected | None,
                 filename: str = "", text: str | None = None, actor: UserAccount | None,
                 now: datetime, intake_batch_id: int | None = None) -> Essay:
    """A new essay (version 1) by `author`, sent by the author (`actor` None) or an officer
    whose subtree holds the author's unit, while the first level is open."""
    details = checked_details(author, now=now)
    title = vntext.checked_name(title, field="Tên bài viết", max_length=300)
    content = _prepared(upload, filename, text)
    with _undone_on_refusal(session):
        competition = writing.get_competition(session=session, competition_id=competition_id)
        _check_open(session, competition, now)
        _check_content(competition, content)
        unit = _unit_for(session, details.unit_id, actor)
        essay_author = found_or_new_author(session, competition_id=competition.id, details=details,
                                           actor_id=actor.id if actor else None, now=now)
        title_key = vntext.same_text_key(title)
        who = (essay_author.id, essay_author.full_name)
        _check_duplicates(session, competition.id, who, title_key, content, None,
                          viewer=(actor, essay_author.id))
        sha256 = _store(session, settings, content)
        essay = Essay(competition_id=competition.id, author_id=essay_author.id, unit_id=unit.id,
                      title=title, title_key=title_key, format=content.format, file_sha256=sha256,
                      word_count=content.words, submitted_at=now,
                      submitted_by=actor.id if actor else None, intake_batch_id=intake_batch_id)
        session.add(essay)
        _commit(session, session.flush, competition.id, who, title_key, content,
                viewer=(actor, essay_author.id))
        session.add(_version(essay, 1, content, sha256, actor, now))
        audit.record(session=session, actor_id=actor.id if actor else None, action="essay.submit",
                     target=f"essay:{essay.id}",
                     details={"competition_id": competition.id, "author_id": essay_author.id,
                              "format": content.format.value, "sha256": sha256,
                              "batch": intake_batch_id}, now=now)
        _commit(session, session.commit, competition.id, who, title_key, content,
                viewer=(actor, essay_author.id))
        return essay


def submit_new_version(*, session: Session, settings: Settings, essay_id: int,
                       upload: Inspected | None, filename: str = "", text: str | None = None,
                       actor: UserAccount | None, author_id: int | None = None,
                       now: datetime) -> EssayVersion:
    """A new file or text for an essay while the first level is open; earlier versions are
    kept. Sent by its author (`author_id`) or an officer of its unit's subtree."""
    content = _prepared(upload, filename, text)
    with _undone_on_refusal(session):
        essay = get_essay(session=session, essay_id=essay_id)
        _check_owner(session, essay, actor, author_id, doing="nộp phiên bản mới cho bài viết này")
        if essay.withdrawn_at is not None:
            raise Conflict("Bài viết đã được rút nên không nhận phiên bản mới.", code="withdrawn")
        competition = writing.get_competition(session=session, competition_id=essay.competition_id)
        _check_open(session, competition, now)
        _check_content(competition, content)
        if upload is not None and upload.sha256 == essay.file_sha256:
            raise Conflict("Tệp này giống hệt phiên bản hiện tại của bài viết; không có gì thay "
                           "đổi.", code="same_version")
        author = session.get(EssayAuthor, essay.author_id)
        who = (author.id, author.full_name)
        _check_duplicates(session, competition.id, who, None, content, essay.id,
                          viewer=(actor, author_id))
        sha256 = _store(session, settings, content)
        essay.version_count += 1
        essay.format, essay.file_sha256, essay.word_count = content.format, sha256, content.words
        version = _version(essay, essay.version_count, content, sha256, actor, now)
        session.add(version)
        audit.record(session=session, actor_id=actor.id if actor else None, action="essay.version",
                     target=f"essay:{essay.id}",
                     details={"number": version.number, "format": content.format.value,
                              "sha256": sha256, "author_id": author_id}, now=now)
        _commit(session, session.commit, competition.id, who, None, content,
                viewer=(actor, author_id))
        return version


def withdraw_essay(*, session: Session, essay_id: int, reason: str, actor: UserAccount | None,
                   author_id: int | None = None, now: datetime) -> Essay:
    """Withdraw an essay, with the reason; it stays listed as withdrawn."""
    reason = vntext.checked_reason(reason, missing="Hãy ghi lý do rút bài.", max_length=500)
    essay = get_essay(session=session, essay_id=essay_id)
    _check_owner(session, essay, actor, author_id, doing="rút bài viết này")
    if essay.withdrawn_at is not None:
        raise Conflict("Bài viết này đã được rút trước đó.", code="withdrawn")
    essay.withdrawn_at, essay.withdrawn_reason = now, reason
    essay.withdrawn_by = actor.id if actor else None
    audit.record(session=session, actor_id=actor.id if actor else None, action="essay.withdraw",
                 target=f"essay:{essay.id}", details={"reason": reason, "author_id": author_id},
                 now=now)
    session.commit()
    return essay


@contextmanager
def _undone_on_refusal(session: Session):
    """A refused submission leaves nothing pending in the session (an author row flushed
    before a duplicate was found): bulk intake goes on with the same session."""
    try:
        yield
    except DomainError:
        session.rollback()
        raise


def get_essay(*, session: Session, essay_id: int) -> Essay:
    essay = session.get(Essay, essay_id)
    if essay is None:
        raise NotFound("Không tìm thấy bài viết này.")
    return essay


def _prepared(upload: Inspected | None, filename: str, text: str | None) -> _Content:
    """The content checked and, for a file, its stripped copy made: no database yet."""
    typed = vntext.strip_controls(text or "").strip()
    if upload is not None and typed:
        raise InvalidInput("Hãy gửi bài bằng một cách: tải tệp lên hoặc gõ trực tuyến, không "
                           "cả hai.", code="file_and_text")
    if upload is None:
        if not typed:
            raise InvalidInput("Hãy tải tệp bài viết lên hoặc gõ nội dung bài viết.",
                               code="no_content")
        if len(typed) > MAX_TEXT_CHARS:
            raise InvalidInput("Nội dung bài viết quá dài.", code="text_too_long")
        typed = unicodedata.normalize("NFC", typed)
        return _Content(format=EssayFormat.ONLINE, text=typed, words=word_count(typed))
    upload.content.seek(0)
    data = upload.content.read()
    blind = strip_author_metadata(upload.kind, data)
    return _Content(format=EssayFormat(upload.kind), upload=upload, data=data, blind=blind,
                    blind_sha256=hashlib.sha256(blind).hexdigest(),
                    filename=_safe_filename(filename, upload.kind))


def _safe_filename(filename: str, kind: str) -> str:
    return stored_name(filename, fallback=f"bai-viet.{kind}")


def _check_open(session: Session, competition: WritingCompetition, now: datetime) -> None:
    first = writing.levels_of(session=session, competition_id=competition.id)[0]
    if writing.level_status(first, now) is not RoundStatus.OPEN:
        raise InvalidInput(f"{first.name} của “{competition.title}” không trong thời gian nhận "
                           "bài nên bài viết chưa được nhận.", code="window_closed")


def _check_content(competition: WritingCompetition, content: _Content) -> None:
    if content.format.value not in competition.formats:
        accepted = ", ".join(writing.FORMAT_LABELS[f] for f in competition.formats)
        raise InvalidInput(f"Cuộc thi không nhận bài dạng {writing.FORMAT_LABELS[content.format]}"
                           f"; chỉ nhận: {accepted}.", code="format_not_accepted")
    if content.words is None:
        return  # a file's words are counted after extraction and flagged on the lists
    if content.words < competition.min_words or (
            competition.max_words and content.words > competition.max_words):
        limit = (f"từ {competition.min_words} đến {competition.max_words}"
                 if competition.max_words else f"ít nhất {competition.min_words}")
        raise InvalidInput(f"Bài viết có {content.words} chữ; thể lệ yêu cầu {limit} chữ.",
                           code="word_limit")


def _unit_for(session: Session, unit_id: int, actor: UserAccount | None) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or not unit.is_active:
        raise InvalidInput("Đơn vị của tác giả không tồn tại hoặc đã ngừng hoạt động.",
                           code="invalid_unit")
    if actor is not None:
        _check_staff_reach(session, actor, unit, doing=f"nộp bài cho đơn vị “{unit.name}”")
    return unit


def _check_staff_reach(session: Session, actor: UserAccount, unit: Unit, *, doing: str) -> None:
    if not has_permission(actor, Permission.SUBMIT_ESSAYS):
        raise Forbidden("Tài khoản của bạn không có quyền thực hiện việc này.")
    if sees_whole_tree(actor):
        return
    own = session.get(Unit, actor.unit_id) if actor.unit_id else None
    if own is None or not own.contains(unit):
        where = f"{own.name} và các đơn vị trực thuộc" if own else "đơn vị của mình"
        raise Forbidden(f"Bạn không có quyền {doing}: tài khoản của bạn chỉ quản lý {where}.")


def _check_owner(session: Session, essay: Essay, actor: UserAccount | None,
                 author_id: int | None, *, doing: str) -> None:
    if actor is not None:
        _check_staff_reach(session, actor, session.get(Unit, essay.unit_id), doing=doing)
    elif author_id is None or author_id != essay.author_id:
        raise Forbidden(f"Bạn không có quyền {doing}: bài viết không phải của bạn.")


def _may_see(session: Session, essay: Essay, viewer: tuple[UserAccount | None, int | None]
              ) -> bool:
    """Whether the submitter (staff `actor`, or the author with that id) may see `essay`."""
    actor, author_id = viewer
    if actor is None:
        return author_id is not None and author_id == essay.author_id
    if sees_whole_tree(actor):
        return True
    own = session.get(Unit, actor.unit_id) if actor.unit_id else None
    return own is not None and own.contains(session.get(Unit, essay.unit_id))


def _check_duplicates(session: Session, competition_id: int, author: tuple[int | None, str],
                      title_key: str | None, content: _Content, essay_id: int | None, *,
                      viewer: tuple[UserAccount | None, int | None]) -> None:
    """The friendly refusal of a duplicate; the unique constraints decide a race the same.
    The essay holding the same file is named only to a submitter who may see it."""
    if content.upload is not None:
        same_file = session.execute(select(Essay).where(
            Essay.competition_id == competition_id,
            Essay.file_sha256 == content.upload.sha256)).scalar_one_or_none()
        if same_file is not None and same_file.id != essay_id and not _may_see(
                session, same_file, viewer):
            raise Conflict("Tệp này đã được nộp cho một bài khác trong cuộc thi; mỗi tệp chỉ "
                           "dự thi một lần.", code="duplicate_file")
        if same_file is not None and same_file.id != essay_id:
            unit = session.get(Unit, same_file.unit_id)
            raise Conflict(f"Tệp này đã được nộp cho bài “{same_file.title}” (đơn vị "
                           f"{unit.name}).", code="duplicate_file",
                           extra={"essay_id": same_file.id})
    author_id, author_name = author
    if title_key is not None and author_id is not None:
        same_title = session.execute(select(Essay).where(
            Essay.competition_id == competition_id, Essay.author_id == author_id,
            Essay.title_key == title_key)).scalar_one_or_none()
        if same_title is not None:
            raise Conflict(f"Tác giả {author_name} đã nộp bài “{same_title.title}” trong "
                           "cuộc thi này.", code="duplicate_title",
                           extra={"essay_id": same_title.id})


def _commit(session: Session, step, competition_id: int, author: tuple[int | None, str],
            title_key: str | None, content: _Content, *,
            viewer: tuple[UserAccount | None, int | None]) -> None:
    """Run `step` (flush or commit); a unique rule broken by a submission that got in
    between is told as the same duplicate the check above names."""
    try:
        step()
    except IntegrityError as error:
        session.rollback()
        if not is_unique_violation(error):
            raise
        _check_duplicates(session, competition_id, author, title_key, content, None,
                          viewer=viewer)
        raise Conflict("Bài viết này vừa được nộp bởi người khác; hãy tải lại trang để xem.",
                       code="duplicate") from None


def _store(session: Session, settings: Settings, content: _Content) -> str | None:
    if content.upload is None:
        return None
    put_blob(session=session, content=content.data, sha256=content.upload.sha256,
             size=content.upload.size, settings=settings)
    put_blob(session=session, content=content.blind, sha256=content.blind_sha256,
             size=len(content.blind), settings=settings)
    return content.upload.sha256


def _version(essay: Essay, number: int, content: _Content, sha256: str | None,
             actor: UserAccount | None, now: datetime) -> EssayVersion:
    typed = content.upload is None
    return EssayVersion(
        essay_id=essay.id, number=number, format=content.format, sha256=sha256,
        blind_sha256=content.blind_sha256, filename=content.filename,
        size=len(content.text.encode()) if typed else content.upload.size,
        pages=None if typed else content.upload.pages, text=content.text,
        word_count=content.words, text_state=TextState.DONE if typed else TextState.PENDING,
        uploaded_at=now, uploaded_by=actor.id if actor else None)
