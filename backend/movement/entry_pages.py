"""One entry's pages: registering it for a unit in the account's reach, its detail with the
history of steps and the step the account may take (or rejecting it), and correcting it while
it is still only registered."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from backend.deps import Now, ReadSessionDep, SessionDep
from backend.errors import DomainError
from backend.movement import queries, service
from backend.movement.deps import MovementStaff, MovementYearDep, ReachableEntry
from backend.movement.forms import EntryForm, status_named
from backend.movement.models import EntryKind
from backend.units import service as units
from backend.web import redirect, render

router = APIRouter(include_in_schema=False)
DONE = {"dang_ky": "Đã đăng ký.", "sua": "Đã lưu thay đổi.", "buoc": "Đã chuyển bước."}


def _form(request: Request, session, year, user, now, form: EntryForm, *, action: str,
          status_code: int = 200, **extra):
    return render(request, "movement/entry_form.html", {
        "year": year, "form": form, "action": action, "kinds": list(EntryKind),
        "open": service.registration_open(year, now),
        "fields": service.fields_of(session=session, year_id=year.id),
        "units": units.list_units(session=session,
                                  within=units.scope_of(session=session, user=user)),
        **extra}, status_code=status_code)


@router.get("/phong-trao/{year_id}/dang-ky")
def register_page(request: Request, year: MovementYearDep, user: MovementStaff,
                  session: ReadSessionDep, now: Now):
    return _form(request, session, year, user, now, EntryForm(),
                 action=f"/phong-trao/{year.id}/dang-ky")


@router.post("/phong-trao/{year_id}/dang-ky")
def register(request: Request, year: MovementYearDep, user: MovementStaff, read: ReadSessionDep,
             session: SessionDep, now: Now, form: Annotated[EntryForm, Form()]):
    try:
        entry = service.register_entry(session=session, year_id=year.id, data=form.data(),
                                       actor=user, now=now)
    except DomainError as error:
        session.rollback()
        return _form(request, read, year, user, now, form, action=request.url.path,
                     status_code=error.status_code, error=error.message)
    return redirect(f"/phong-trao/muc/{entry.id}?dang_ky=1", request)


def _detail(request: Request, session, entry_id: int, user, *, status_code: int = 200,
            **extra):
    found = queries.entry_detail(session=session, entry_id=entry_id, actor=user)
    return render(request, "movement/entry.html", {
        "found": found, "next": service.NEXT.get(found.entry.status),
        "may_act": service.may_act(session=session, entry=found.entry, actor=user),
        "done": next((m for k, m in DONE.items() if request.query_params.get(k)), ""),
        **extra}, status_code=status_code)


@router.get("/phong-trao/muc/{entry_id}")
def entry_page(request: Request, entry: ReachableEntry, user: MovementStaff,
               session: ReadSessionDep):
    return _detail(request, session, entry.id, user)


@router.post("/phong-trao/muc/{entry_id}/buoc")
def take_step(request: Request, entry: ReachableEntry, user: MovementStaff,
              read: ReadSessionDep, session: SessionDep, now: Now,
              to: Annotated[str, Form(max_length=40)] = "",
              reason: Annotated[str, Form(max_length=service.MAX_REASON)] = ""):
    try:
        service.advance_entry(session=session, entry_id=entry.id, to=status_named(to),
                              actor=user, now=now, reason=reason)
    except DomainError as error:
        session.rollback()
        return _detail(request, read, entry.id, user, status_code=error.status_code,
                       error=error.message)
    return redirect(f"/phong-trao/muc/{entry.id}?buoc=1", request)


@router.get("/phong-trao/muc/{entry_id}/sua")
def edit_page(request: Request, entry: ReachableEntry, user: MovementStaff,
              session: ReadSessionDep, now: Now):
    found = queries.entry_detail(session=session, entry_id=entry.id, actor=user)
    return _form(request, session, found.year, user, now,
                 EntryForm.of(entry, found.field_name), action=f"/phong-trao/muc/{entry.id}/sua",
                 entry=entry)


@router.post("/phong-trao/muc/{entry_id}/sua")
def edit(request: Request, entry: ReachableEntry, user: MovementStaff, read: ReadSessionDep,
         session: SessionDep, now: Now, form: Annotated[EntryForm, Form()]):
    try:
        service.update_entry(session=session, entry_id=entry.id, data=form.data(), actor=user,
                             now=now)
    except DomainError as error:
        session.rollback()
        year = service.get_year(session=read, year_id=entry.year_id)
        return _form(request, read, year, user, now, form, action=request.url.path,
                     status_code=error.status_code, error=error.message, entry=entry)
    return redirect(f"/phong-trao/muc/{entry.id}?sua=1", request)
