"""Essay pages for unit officers and organisers: the competition's essays (an officer's
subtree), submitting on an author's behalf, one essay with its versions, text and files."""

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile

from backend.deps import Id, Now, PageNumber, ReadSessionDep, SessionDep, SettingsDep, parse_id
from backend.errors import DomainError
from backend.essays import queries, service
from backend.essays.deps import StaffReader
from backend.essays.http import attachment, author_details, inspected
from backend.policy import Permission, has_permission
from backend.units import service as units
from backend.uploads.limits import mb
from backend.web import redirect, render
from backend.writing import service as writing

router = APIRouter(include_in_schema=False)
W = "/cuoc-thi-viet/{competition_id}"
Text = Annotated[str, Form(max_length=200)]
Body = Annotated[str, Form(max_length=2_000_000)]
AUTHOR_FIELDS = ("full_name", "birth_year", "gender", "position", "unit_id", "phone",
                 "id_number", "bank_account", "bank_name")


@router.get(W + "/bai-viet")
def essay_list(request: Request, competition_id: Id, reader: StaffReader,
               session: ReadSessionDep, unit_id: str = "", q: str = "", page: PageNumber = 1):
    competition = writing.get_competition(session=session, competition_id=competition_id)
    chosen_id = parse_id(unit_id[:20])
    chosen = units.get_unit(session=session, unit_id=chosen_id, within=reader.within) \
        if chosen_id else None
    found = queries.essay_page(session=session, competition=competition, reader=reader,
                               unit=chosen, query=q[:100], page=page)
    return render(request, "essays/list.html", {
        "competition": competition, "found": found, "chosen": chosen, "q": q[:100],
        "reveal": reader.reveal, "units": units.list_units(session=session,
                                                           within=reader.within),
        # The row of links to the competition's other pages.
        "levels": writing.levels_of(session=session, competition_id=competition.id),
        "manager": has_permission(reader.user, Permission.MANAGE_WRITING)})


def _submit_page(request, session, settings, competition, reader, form=None, *, error=None,
                 status_code=200):
    return render(request, "essays/submit.html", {
        "competition": competition, "form": form or {}, "error": error,
        "max_mb": mb(settings.essay_max_bytes),
        "units": units.list_units(session=session, within=reader.within)},
        status_code=status_code)


@router.get(W + "/bai-viet/nop")
def submit_page(request: Request, competition_id: Id, reader: StaffReader,
                session: ReadSessionDep, settings: SettingsDep):
    competition = writing.get_competition(session=session, competition_id=competition_id)
    return _submit_page(request, session, settings, competition, reader)


@router.post(W + "/bai-viet/nop")
def submit(request: Request, competition_id: Id, reader: StaffReader, read: ReadSessionDep,
           session: SessionDep, settings: SettingsDep, now: Now,
           title: Annotated[str, Form(max_length=400)],
           file: Annotated[UploadFile | None, File()] = None, text: Body = "",
           full_name: Text = "", birth_year: Text = "", gender: Text = "", position: Text = "",
           unit_id: Text = "", phone: Text = "", id_number: Text = "", bank_account: Text = "",
           bank_name: Text = ""):
    form = {"full_name": full_name, "birth_year": birth_year, "gender": gender,
            "position": position, "unit_id": unit_id, "phone": phone, "id_number": id_number,
            "bank_account": bank_account, "bank_name": bank_name}
    competition = writing.get_competition(session=read, competition_id=competition_id)
    read.commit()
    try:
        upload = inspected(file, settings)  # before the transaction
        essay = service.submit_essay(
            session=session, settings=settings, competition_id=competition_id,
            author=author_details(**form), title=title, upload=upload,
            filename=file.filename if upload else "", text=text, actor=reader.actor, now=now)
    except DomainError as error:
        return _submit_page(request, read, settings, competition, reader,
                            {**form, "title": title, "text": text}, error=error.message,
                            status_code=error.status_code)
    return redirect(f"/bai-viet/{essay.id}?da_nop=1", request)


def _essay_page(request, session, settings, essay_id, reader, *, error=None, status_code=200):
    found = queries.essay_detail(session=session, essay_id=essay_id, reader=reader)
    done = {"da_nop": "Đã nhận bài.", "phien_ban": "Đã nhận phiên bản mới.",
            "da_rut": "Đã rút bài."}
    message = next((text for key, text in done.items() if request.query_params.get(key)), None)
    return render(request, "essays/essay.html", {
        "found": found, "base": f"/bai-viet/{essay_id}", "error": error, "done": message,
        "back": f"/cuoc-thi-viet/{found.essay.competition_id}/bai-viet",
        "max_mb": mb(settings.essay_max_bytes)}, status_code=status_code)


def _reach(read, essay_id: int, reader) -> None:
    """An essay out of the reader's reach is refused before the use case: refused inside it,
    the session is rolled back and the error page read an expired account (a 500 on
    PostgreSQL, where reads and writes share the session)."""
    queries.readable_essay(session=read, essay_id=essay_id, reader=reader)
    read.commit()  # end the read before the use case writes


@router.get("/bai-viet/{essay_id}")
def essay_page(request: Request, essay_id: Id, reader: StaffReader, session: ReadSessionDep,
               settings: SettingsDep):
    return _essay_page(request, session, settings, essay_id, reader)


@router.post("/bai-viet/{essay_id}/phien-ban")
def new_version(request: Request, essay_id: Id, reader: StaffReader, read: ReadSessionDep,
                session: SessionDep, settings: SettingsDep, now: Now,
                file: Annotated[UploadFile | None, File()] = None, text: Body = ""):
    _reach(read, essay_id, reader)
    try:
        upload = inspected(file, settings)
        service.submit_new_version(session=session, settings=settings, essay_id=essay_id,
                                   upload=upload, filename=file.filename if upload else "",
                                   text=text, actor=reader.actor, now=now)
    except DomainError as error:
        return _essay_page(request, read, settings, essay_id, reader, error=error.message,
                           status_code=error.status_code)
    return redirect(f"/bai-viet/{essay_id}?phien_ban=1", request)


@router.post("/bai-viet/{essay_id}/rut")
def withdraw(request: Request, essay_id: Id, reader: StaffReader, read: ReadSessionDep,
             session: SessionDep, settings: SettingsDep, now: Now,
             reason: Annotated[str, Form(max_length=600)] = ""):
    _reach(read, essay_id, reader)
    try:
        service.withdraw_essay(session=session, essay_id=essay_id, reason=reason,
                               actor=reader.actor, now=now)
    except DomainError as error:
        return _essay_page(request, read, settings, essay_id, reader, error=error.message,
                           status_code=error.status_code)
    return redirect(f"/bai-viet/{essay_id}?da_rut=1", request)


@router.get("/bai-viet/{essay_id}/phien-ban/{number}/tai-ve")
def download(essay_id: Id, number: Id, reader: StaffReader, session: ReadSessionDep,
             settings: SettingsDep):
    return attachment(queries.version_file(session=session, settings=settings,
                                           essay_id=essay_id, number=number, reader=reader))
