"""Essays over JSON: authors sign up and sign in; authors and unit officers submit, list,
read, download, send new versions and withdraw. Staff bearer token (SUBMIT_ESSAYS, their
subtree) or an author's token (their own essays)."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile

from backend.accounts import service as accounts
from backend.accounts.models import SessionKind
from backend.accounts.passwords import contestant_passwords
from backend.contestants.models import Gender
from backend.deps import (
    AUTHOR_COOKIE,
    INT_MAX,
    ClientIP,
    Id,
    LimiterDep,
    Now,
    PageNumber,
    ReadSessionDep,
    SessionDep,
    SettingsDep,
    bearer_token,
)
from backend.errors import Forbidden, InvalidInput
from backend.essays import accounts as author_accounts
from backend.essays import queries, service
from backend.essays.authors import AuthorDetails, details_of
from backend.essays.deps import ApiReader
from backend.essays.http import attachment, author_details, inspected
from backend.essays.schemas import (
    AuthorLoginIn,
    AuthorOut,
    AuthorSignUpIn,
    AuthorTokenOut,
    EssayDetailOut,
    EssayOut,
    EssaysOut,
    VersionOut,
    WithdrawIn,
)
from backend.units import service as units
from backend.writing import service as writing

router = APIRouter(prefix="/api/v1/writing", tags=["Cuộc thi viết: bài dự thi"])
Text = Annotated[str, Form(max_length=200)]


@router.post("/{competition_id}/authors/signup", status_code=201)
def sign_up(competition_id: Id, body: AuthorSignUpIn, session: SessionDep, settings: SettingsDep,
            now: Now) -> AuthorOut:
    """An author's account (or the claim of the entry an officer made with this phone, by
    the same name and birth year)."""
    if body.gender not in {g.value for g in Gender}:
        raise InvalidInput("Hãy chọn giới tính: nam hoặc nu.", code="invalid_gender")
    fields = body.model_dump(exclude={"password"})
    author = author_accounts.sign_up_author(
        session=session, competition_id=competition_id,
        details=AuthorDetails(**{**fields, "gender": Gender(body.gender)}),
        password=body.password, passwords=contestant_passwords(settings), now=now)
    return AuthorOut.of(queries.author_view(author, reveal=True))


@router.post("/{competition_id}/authors/login")
def sign_in(competition_id: Id, body: AuthorLoginIn, request: Request, session: SessionDep,
            settings: SettingsDep, limiter: LimiterDep, now: Now, ip: ClientIP) -> AuthorTokenOut:
    """Sign in as an author and receive a bearer token."""
    author = author_accounts.sign_in_author(
        session=session, competition_id=competition_id, phone=body.phone,
        password=body.password, passwords=contestant_passwords(settings), limiter=limiter,
        settings=settings, ip=ip, now=now)
    hours = settings.contestant_session_hours
    token = accounts.open_session(session=session, kind=SessionKind.API, hours=hours, now=now,
                                  ip=ip, user_agent=request.headers.get("user-agent", ""),
                                  author_id=author.id)
    return AuthorTokenOut(token=token, expires_at=now + timedelta(hours=hours),
                          author_id=author.id, competition_id=competition_id)


@router.post("/authors/logout", status_code=204)
def sign_out(request: Request, reader: ApiReader, session: SessionDep, now: Now) -> None:
    """End the author session whose token this request carries."""
    if reader.author is None:
        raise Forbidden("Tài khoản của bạn không có quyền thực hiện việc này: đây là phiên "
                        "của cán bộ, không phải của tác giả.")
    token = bearer_token(request) or request.cookies.get(AUTHOR_COOKIE)
    accounts.end_session(session=session, token=token, now=now)


@router.get("/{competition_id}/essays")
def list_essays(competition_id: Id, reader: ApiReader, session: ReadSessionDep,
                unit_id: Annotated[int | None, Query(ge=1, le=INT_MAX)] = None,
                q: Annotated[str, Query(max_length=100)] = "", page: PageNumber = 1) -> EssaysOut:
    """The competition's essays the reader may see, newest first (personal data masked
    unless the reader may see it)."""
    competition = writing.get_competition(session=session, competition_id=competition_id)
    unit = units.get_unit(session=session, unit_id=unit_id, within=reader.within) \
        if unit_id else None
    found = queries.essay_page(session=session, competition=competition, reader=reader,
                               unit=unit, query=q, page=page)
    return EssaysOut(essays=[EssayOut.of(row) for row in found.rows], total=found.total,
                     page=found.page, pages=found.pages)


@router.post("/{competition_id}/essays", status_code=201)
def submit(competition_id: Id, reader: ApiReader, session: SessionDep, settings: SettingsDep,
           now: Now, title: Annotated[str, Form(max_length=400)],
           file: Annotated[UploadFile | None, File()] = None,
           text: Annotated[str, Form(max_length=2_000_000)] = "",
           full_name: Text = "", birth_year: Text = "", gender: Text = "", position: Text = "",
           unit_id: Text = "", phone: Text = "", id_number: Text = "",
           bank_account: Text = "", bank_name: Text = "") -> EssayDetailOut:
    """Submit an essay: a .docx, .pdf or .odt file, or typed text. An author submits as
    themselves; an officer gives the author's details."""
    if reader.author is not None and reader.author.competition_id != competition_id:
        raise Forbidden("Bạn không có quyền nộp bài vào cuộc thi này: tài khoản tác giả của bạn "
                        "thuộc cuộc thi khác.")
    upload = inspected(file, settings)  # before any transaction
    details = details_of(reader.author) if reader.author else author_details(
        full_name=full_name, birth_year=birth_year, gender=gender, position=position,
        unit_id=unit_id, phone=phone, id_number=id_number, bank_account=bank_account,
        bank_name=bank_name)
    essay = service.submit_essay(
        session=session, settings=settings, competition_id=competition_id, author=details,
        title=title, upload=upload, filename=file.filename if upload else "", text=text,
        actor=reader.actor, now=now)
    return _detail(session, essay.id, reader)


@router.get("/essays/{essay_id}")
def show(essay_id: Id, reader: ApiReader, session: ReadSessionDep) -> EssayDetailOut:
    """One essay with its versions and the current version's text."""
    return _detail(session, essay_id, reader)


@router.get("/essays/{essay_id}/versions")
def versions(essay_id: Id, reader: ApiReader, session: ReadSessionDep) -> list[VersionOut]:
    """Every version of the essay, oldest first, with its size and SHA-256."""
    found = queries.essay_detail(session=session, essay_id=essay_id, reader=reader)
    return [VersionOut.of(v) for v in found.versions]


@router.post("/essays/{essay_id}/versions", status_code=201)
def new_version(essay_id: Id, reader: ApiReader, session: SessionDep, settings: SettingsDep,
                now: Now, file: Annotated[UploadFile | None, File()] = None,
                text: Annotated[str, Form(max_length=2_000_000)] = "") -> VersionOut:
    """A new file or text for the essay while submissions are open; earlier ones are kept."""
    upload = inspected(file, settings)
    version = service.submit_new_version(
        session=session, settings=settings, essay_id=essay_id, upload=upload,
        filename=file.filename if upload else "", text=text, actor=reader.actor,
        author_id=reader.author_id, now=now)
    return VersionOut.of(version)


@router.get("/essays/{essay_id}/versions/{number}/file")
def download(essay_id: Id, number: Id, reader: ApiReader, session: ReadSessionDep,
             settings: SettingsDep):
    """The version's original file, as an attachment."""
    return attachment(queries.version_file(session=session, settings=settings,
                                           essay_id=essay_id, number=number, reader=reader))


@router.post("/essays/{essay_id}/withdraw")
def withdraw(essay_id: Id, body: WithdrawIn, reader: ApiReader, session: SessionDep,
             now: Now) -> EssayDetailOut:
    """Withdraw the essay, with the reason; it stays listed as withdrawn."""
    service.withdraw_essay(session=session, essay_id=essay_id, reason=body.reason,
                           actor=reader.actor, author_id=reader.author_id, now=now)
    return _detail(session, essay_id, reader)


def _detail(session, essay_id: int, reader) -> EssayDetailOut:
    found = queries.essay_detail(session=session, essay_id=essay_id, reader=reader)
    current = found.current
    return EssayDetailOut(**EssayOut.of(found).model_dump(), versions=[
        VersionOut.of(v) for v in found.versions],
        text=current.text if queries.text_ready(current) else "")
