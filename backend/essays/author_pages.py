"""An essay author's own pages in a competition: sign up (or claim what their unit entered),
sign in and out, their essays and their status, submitting, new versions, withdrawing, and
their files. Nothing of anyone else's."""

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile

from backend.accounts import service as accounts
from backend.accounts.models import SessionKind
from backend.accounts.passwords import contestant_passwords
from backend.deps import (
    AUTHOR_COOKIE,
    ClientIP,
    Id,
    LimiterDep,
    Now,
    ReadSessionDep,
    SessionDep,
    SettingsDep,
)
from backend.errors import DomainError, Throttled
from backend.essays import accounts as author_accounts
from backend.essays import queries, service
from backend.essays.authors import details_of
from backend.essays.deps import AuthorReader
from backend.essays.http import attachment, author_details, inspected
from backend.units import service as units
from backend.uploads.limits import mb
from backend.web import redirect, render, rotate_browser_key
from backend.writing import service as writing

router = APIRouter(include_in_schema=False)
A = "/cuoc-thi-viet/{competition_id}/tac-gia"
Text = Annotated[str, Form(max_length=200)]
Body = Annotated[str, Form(max_length=2_000_000)]


def _home(request, session, settings, competition_id, reader, *, form=None, error=None,
          status_code=200):
    competition = writing.get_competition(session=session, competition_id=competition_id)
    found = queries.essay_page(session=session, competition=competition, reader=reader,
                               page_size=200)
    done = "Đã nhận bài." if request.query_params.get("da_nop") else None
    return render(request, "essays/author_home.html", {
        "competition": competition, "author": reader.author, "found": found,
        "form": form or {}, "error": error, "done": done,
        "max_mb": mb(settings.essay_max_bytes)}, status_code=status_code)


@router.get(A)
def home(request: Request, competition_id: Id, reader: AuthorReader, session: ReadSessionDep,
         settings: SettingsDep):
    return _home(request, session, settings, competition_id, reader)


def _signup_page(request, session, competition_id, form=None, *, error=None, status_code=200):
    competition = writing.get_competition(session=session, competition_id=competition_id)
    return render(request, "essays/author_signup.html", {
        "competition": competition, "form": form or {}, "error": error,
        "units": units.list_units(session=session)}, status_code=status_code)


@router.get(A + "/dang-ky")
def sign_up_page(request: Request, competition_id: Id, session: ReadSessionDep):
    return _signup_page(request, session, competition_id)


@router.post(A + "/dang-ky")
def sign_up(request: Request, competition_id: Id, session: SessionDep, read: ReadSessionDep,
            settings: SettingsDep, now: Now, ip: ClientIP,
            password: Annotated[str, Form(max_length=200)], full_name: Text = "",
            birth_year: Text = "", gender: Text = "", position: Text = "", unit_id: Text = "",
            phone: Text = "", id_number: Text = "", bank_account: Text = "",
            bank_name: Text = ""):
    form = {"full_name": full_name, "birth_year": birth_year, "gender": gender,
            "position": position, "unit_id": unit_id, "phone": phone, "id_number": id_number,
            "bank_account": bank_account, "bank_name": bank_name}
    try:
        author = author_accounts.sign_up_author(
            session=session, competition_id=competition_id, details=author_details(**form),
            password=password, passwords=contestant_passwords(settings), now=now)
    except DomainError as error:
        return _signup_page(request, read, competition_id, form, error=error.message,
                            status_code=error.status_code)
    return _signed_in(request, session, settings, now, ip, author, f"/cuoc-thi-viet/"
                      f"{competition_id}/tac-gia")


@router.get(A + "/dang-nhap")
def sign_in_page(request: Request, competition_id: Id, session: ReadSessionDep, next: str = ""):
    competition = writing.get_competition(session=session, competition_id=competition_id)
    return render(request, "essays/author_login.html", {"competition": competition,
                                                        "next": next[:500]})


@router.post(A + "/dang-nhap")
def sign_in(request: Request, competition_id: Id, session: SessionDep, read: ReadSessionDep,
            settings: SettingsDep, limiter: LimiterDep, now: Now, ip: ClientIP,
            phone: Annotated[str, Form(max_length=30)],
            password: Annotated[str, Form(max_length=200)],
            next: Annotated[str, Form(max_length=500)] = ""):
    try:
        author = author_accounts.sign_in_author(
            session=session, competition_id=competition_id, phone=phone, password=password,
            passwords=contestant_passwords(settings), limiter=limiter, settings=settings,
            ip=ip, now=now)
    except DomainError as error:
        competition = writing.get_competition(session=read, competition_id=competition_id)
        response = render(request, "essays/author_login.html", {
            "competition": competition, "next": next, "phone": phone, "error": error.message},
            status_code=error.status_code)
        if isinstance(error, Throttled):
            response.headers["Retry-After"] = str(error.retry_after)
        return response
    home_path = f"/cuoc-thi-viet/{competition_id}/tac-gia"
    own = next.startswith(home_path) and "//" not in next and "\\" not in next
    return _signed_in(request, session, settings, now, ip, author, next if own else home_path)


def _signed_in(request, session, settings, now, ip, author, target: str):
    """The new session in the author cookie; the one this browser had is ended."""
    accounts.end_session(session=session, token=request.cookies.get(AUTHOR_COOKIE), now=now)
    token = accounts.open_session(
        session=session, kind=SessionKind.WEB, hours=settings.contestant_session_hours,
        now=now, ip=ip, user_agent=request.headers.get("user-agent", ""), author_id=author.id)
    rotate_browser_key(request)
    response = redirect(target, request)
    response.set_cookie(AUTHOR_COOKIE, token, httponly=True, samesite="lax", path="/",
                        secure=request.url.scheme == "https",
                        max_age=settings.contestant_session_hours * 3600)
    return response


@router.post(A + "/dang-xuat")
def sign_out(request: Request, competition_id: Id, session: SessionDep, now: Now):
    accounts.end_session(session=session, token=request.cookies.get(AUTHOR_COOKIE), now=now)
    rotate_browser_key(request)
    response = redirect(f"/cuoc-thi-viet/{competition_id}/tac-gia/dang-nhap?da_dang_xuat=1",
                        request)
    response.delete_cookie(AUTHOR_COOKIE, path="/")
    return response


@router.post(A + "/nop")
def submit(request: Request, competition_id: Id, reader: AuthorReader, read: ReadSessionDep,
           session: SessionDep, settings: SettingsDep, now: Now,
           title: Annotated[str, Form(max_length=400)],
           file: Annotated[UploadFile | None, File()] = None, text: Body = ""):
    try:
        upload = inspected(file, settings)  # before the transaction
        service.submit_essay(session=session, settings=settings, competition_id=competition_id,
                             author=details_of(reader.author), title=title, upload=upload,
                             filename=file.filename if upload else "", text=text, actor=None,
                             now=now)
    except DomainError as error:
        return _home(request, read, settings, competition_id, reader,
                     form={"title": title, "text": text}, error=error.message,
                     status_code=error.status_code)
    return redirect(f"/cuoc-thi-viet/{competition_id}/tac-gia?da_nop=1", request)


def _essay_page(request, session, settings, competition_id, essay_id, reader, *, error=None,
                status_code=200):
    found = queries.essay_detail(session=session, essay_id=essay_id, reader=reader)
    home_path = f"/cuoc-thi-viet/{competition_id}/tac-gia"
    done = {"phien_ban": "Đã nhận phiên bản mới.", "da_rut": "Đã rút bài."}
    message = next((text for key, text in done.items() if request.query_params.get(key)), None)
    return render(request, "essays/essay.html", {
        "found": found, "base": f"{home_path}/bai/{essay_id}", "back": home_path,
        "author": reader.author, "error": error, "done": message,
        "max_mb": mb(settings.essay_max_bytes)}, status_code=status_code)


@router.get(A + "/bai/{essay_id}")
def essay_page(request: Request, competition_id: Id, essay_id: Id, reader: AuthorReader,
               session: ReadSessionDep, settings: SettingsDep):
    return _essay_page(request, session, settings, competition_id, essay_id, reader)


@router.post(A + "/bai/{essay_id}/phien-ban")
def new_version(request: Request, competition_id: Id, essay_id: Id, reader: AuthorReader,
                read: ReadSessionDep, session: SessionDep, settings: SettingsDep, now: Now,
                file: Annotated[UploadFile | None, File()] = None, text: Body = ""):
    try:
        upload = inspected(file, settings)
        service.submit_new_version(session=session, settings=settings, essay_id=essay_id,
                                   upload=upload, filename=file.filename if upload else "",
                                   text=text, actor=None, author_id=reader.author_id, now=now)
    except DomainError as error:
        return _essay_page(request, read, settings, competition_id, essay_id, reader,
                           error=error.message, status_code=error.status_code)
    return redirect(f"/cuoc-thi-viet/{competition_id}/tac-gia/bai/{essay_id}?phien_ban=1",
                    request)


@router.post(A + "/bai/{essay_id}/rut")
def withdraw(request: Request, competition_id: Id, essay_id: Id, reader: AuthorReader,
             read: ReadSessionDep, session: SessionDep, settings: SettingsDep, now: Now,
             reason: Annotated[str, Form(max_length=600)] = ""):
    try:
        service.withdraw_essay(session=session, essay_id=essay_id, reason=reason, actor=None,
                               author_id=reader.author_id, now=now)
    except DomainError as error:
        return _essay_page(request, read, settings, competition_id, essay_id, reader,
                           error=error.message, status_code=error.status_code)
    return redirect(f"/cuoc-thi-viet/{competition_id}/tac-gia/bai/{essay_id}?da_rut=1",
                    request)


@router.get(A + "/bai/{essay_id}/phien-ban/{number}/tai-ve")
def download(essay_id: Id, number: Id, reader: AuthorReader, session: ReadSessionDep,
             settings: SettingsDep):
    return attachment(queries.version_file(session=session, settings=settings,
                                           essay_id=essay_id, number=number, reader=reader))
