"""The movement's pages for officers and organisers: the years (organisers open a year and add
fields), and a year's entries within the account's subtree, filtered, counted by status, with
a step taken on many at once."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request

from backend.deps import Id, Now, PageNumber, ReadSessionDep, SessionDep, SettingsDep
from backend.errors import DomainError
from backend.movement import queries, service
from backend.movement.deps import ManagedYear, MovementManager, MovementStaff, MovementYearDep
from backend.movement.forms import YearForm, entry_filter, local_moment, status_named
from backend.movement.models import EntryKind, EntryStatus
from backend.units import service as units
from backend.web import redirect, render

router = APIRouter(include_in_schema=False)
DONE = {"tao": "Đã mở đợt phong trào.", "linh_vuc": "Đã thêm lĩnh vực."}
Filter = Annotated[str, Form(max_length=100)]


def _years(request: Request, session, *, status_code: int = 200, **extra):
    years = queries.list_years(session=session)
    return render(request, "movement/years.html", {
        "years": years, "form": extra.pop("form", None),
        "fields": {y.id: service.fields_of(session=session, year_id=y.id) for y in years},
        "done": next((m for k, m in DONE.items() if request.query_params.get(k)), ""),
        **extra}, status_code=status_code)


@router.get("/phong-trao")
def years_page(request: Request, user: MovementStaff, session: ReadSessionDep):
    return _years(request, session)


@router.post("/quan-ly/phong-trao")
def create_year(request: Request, user: MovementManager, session: SessionDep,
                settings: SettingsDep, form: Annotated[YearForm, Form()]):
    try:
        service.create_year(
            session=session, year=form.year, title=form.title,
            opens_at=local_moment(form.opens, "Mở đăng ký", settings.zone),
            closes_at=local_moment(form.closes, "Hạn đăng ký", settings.zone),
            reminder_days=form.reminder_days)
    except DomainError as error:
        session.rollback()
        return _years(request, session, status_code=error.status_code, error=error.message,
                      form=form)
    return redirect("/phong-trao?tao=1", request)


@router.post("/quan-ly/phong-trao/{year_id}/linh-vuc")
def add_field(request: Request, year: ManagedYear, session: SessionDep,
              name: Annotated[str, Form(max_length=120)] = ""):
    try:
        service.add_field(session=session, year_id=year.id, name=name)
    except DomainError as error:
        session.rollback()
        return _years(request, session, status_code=error.status_code, error=error.message)
    return redirect("/phong-trao?linh_vuc=1", request)


def _entries(request: Request, session, year, user, now, *, status_code: int = 200,
             **extra):
    within = units.scope_of(session=session, user=user)
    args = request.query_params
    chosen = entry_filter(session=session, year=year, within=within,
                          status=args.get("trang_thai", ""), kind=args.get("loai", ""),
                          field_id=args.get("linh_vuc", ""), unit_id=args.get("don_vi", ""),
                          query=args.get("q", ""))
    return render(request, "movement/entries.html", {
        "year": year, "chosen": chosen, "open": service.registration_open(year, now),
        "found": queries.entry_page(session=session, year=year, within=within, chosen=chosen,
                                    page=extra.pop("page", 1)),
        "fields": service.fields_of(session=session, year_id=year.id),
        "units": units.list_units(session=session, within=within), "kinds": list(EntryKind),
        "statuses": list(EntryStatus), "steps": [*service.NEXT.values()],
        "filters": urlencode([(k, v) for k, v in args.items() if k != "page"]), **extra},
        status_code=status_code)


@router.get("/phong-trao/{year_id}")
def entries_page(request: Request, year: MovementYearDep, user: MovementStaff,
                 session: ReadSessionDep, now: Now, page: PageNumber = 1):
    return _entries(request, session, year, user, now, page=page)


@router.post("/phong-trao/{year_id}/xet-nhieu")
def advance_many(request: Request, year: MovementYearDep, user: MovementStaff,
                 read: ReadSessionDep, session: SessionDep, now: Now,
                 entry_id: Annotated[list[Id], Form(max_length=service.MAX_BULK)] = (),
                 to: Annotated[str, Form(max_length=40)] = "",
                 reason: Annotated[str, Form(max_length=service.MAX_REASON)] = ""):
    try:
        target = status_named(to)
        outcome = service.advance_entries(session=session, entry_ids=entry_id, to=target,
                                          actor=user, now=now, reason=reason,
                                          year_id=year.id)
    except DomainError as error:
        session.rollback()
        return _entries(request, read, year, user, now, status_code=error.status_code,
                        error=error.message)
    return _entries(request, read, year, user, now, outcome=outcome, moved_to=target)
