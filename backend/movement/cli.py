"""`thidua movement …`: the years, opening one and adding a field, a year's entries, and
steps on one entry or on every entry of a year at a step, from the same services the pages
call. The command line acts as the server's operator (an organiser): steps record no
account."""

from datetime import datetime
from typing import Annotated

import typer
from sqlalchemy import select

from backend.clock import local_to_utc, utcnow
from backend.commandline import fail
from backend.config import get_settings
from backend.db import Database
from backend.errors import DomainError
from backend.movement import queries, service
from backend.movement.models import EntryStatus
from backend.results.cli import when
from backend.units.models import Unit
from backend.vnformat import grouped

INT_MAX = 2**31 - 1
STATUSES = ", ".join(s.value for s in EntryStatus)
YEAR_ID = typer.Option("--year-id", metavar="MÃ_ĐỢT", min=1, max=INT_MAX,
                       help="Mã số đợt phong trào (số trong địa chỉ trang; lệnh years liệt "
                            "kê các đợt)")
UNIT = typer.Option("--unit", metavar="MÃ_ĐƠN_VỊ",
                    help="Chỉ các mục của đơn vị này và các đơn vị trực thuộc (ví dụ Q1)")


def _status(text: str, option: str) -> EntryStatus:
    try:
        return EntryStatus(text.strip())
    except ValueError:
        fail(f"{option} “{text}” không phải trạng thái; dùng một trong: {STATUSES}.")


def _moment(text: str, option: str) -> datetime:
    try:
        return local_to_utc(datetime.fromisoformat(text.strip()), get_settings().zone)
    except ValueError:
        fail(f"{option} “{text}” không phải ngày giờ; ghi dạng 2026-01-15 08:00 (giờ Việt Nam).")


def _unit(session, code: str | None) -> Unit | None:
    if code is None:
        return None
    unit = session.scalar(select(Unit).where(Unit.code == code.strip()))
    if unit is None:
        fail(f"Không có đơn vị mã “{code}”.")
    return unit


def add_movement_commands(app: typer.Typer) -> None:
    app.command("years")(list_years)
    app.command("create-year")(create_year)
    app.command("add-field")(add_field)
    app.command("entries")(list_entries)
    app.command("advance")(advance)


def list_years() -> None:
    """Liệt kê các đợt phong trào: mã số, năm, thời hạn đăng ký và lĩnh vực."""
    with Database(get_settings()).scope(write=False) as session:
        years = queries.list_years(session=session)
        if not years:
            typer.echo("Chưa có đợt phong trào nào.")
        for year in years:
            fields = "; ".join(f.name for f in service.fields_of(session=session,
                                                                 year_id=year.id))
            typer.echo(f"[{year.id}] {year.year}: {year.title}; đăng ký từ "
                       f"{when(year.registration_opens_at)} đến "
                       f"{when(year.registration_closes_at)}; lĩnh vực: {fields}.")


def create_year(
        year: Annotated[int, typer.Option("--year", metavar="NĂM", min=2000, max=2100,
                                          help="Năm của đợt phong trào")],
        title: Annotated[str, typer.Option("--title", metavar="TÊN", help="Tên đợt")],
        opens: Annotated[str, typer.Option("--opens", metavar="NGÀY_GIỜ",
                                           help="Mở đăng ký, giờ Việt Nam (2026-01-15 08:00)")],
        closes: Annotated[str, typer.Option("--closes", metavar="NGÀY_GIỜ",
                                            help="Hạn đăng ký, giờ Việt Nam")],
        reminder_days: Annotated[int, typer.Option(
            "--reminder-days", min=0, max=60, help="Số ngày nhắc đơn vị trước hạn")] = 7,
) -> None:
    """Mở một đợt phong trào với thời hạn đăng ký và bốn lĩnh vực thường dùng."""
    opens_at, closes_at = _moment(opens, "--opens"), _moment(closes, "--closes")
    with Database(get_settings()).scope() as session:
        try:
            period = service.create_year(session=session, year=year, title=title,
                                         opens_at=opens_at, closes_at=closes_at,
                                         reminder_days=reminder_days)
        except DomainError as error:
            fail(error.message)
        typer.echo(f"Đã mở đợt phong trào năm {period.year} (mã số {period.id}): "
                   f"đăng ký từ {when(opens_at)} đến {when(closes_at)}.")


def add_field(year_id: Annotated[int, YEAR_ID],
              name: Annotated[str, typer.Option("--name", metavar="TÊN",
                                                help="Tên lĩnh vực mới")]) -> None:
    """Thêm một lĩnh vực đăng ký cho đợt phong trào."""
    with Database(get_settings()).scope() as session:
        try:
            field = service.add_field(session=session, year_id=year_id, name=name)
        except DomainError as error:
            fail(error.message)
        typer.echo(f"Đã thêm lĩnh vực “{field.name}”.")


def list_entries(year_id: Annotated[int, YEAR_ID],
                 status: Annotated[str | None, typer.Option(
                     "--status", metavar="TRẠNG_THÁI", help=f"Chỉ trạng thái này: {STATUSES}")
                 ] = None,
                 unit_code: Annotated[str | None, UNIT] = None) -> None:
    """Liệt kê các mô hình, giải pháp của đợt: mã số, trạng thái, tên, đơn vị."""
    with Database(get_settings()).scope(write=False) as session:
        try:
            year = service.get_year(session=session, year_id=year_id)
        except DomainError as error:
            fail(error.message)
        chosen = queries.EntryFilter(status=_status(status, "--status") if status else None,
                                     unit=_unit(session, unit_code))
        page, pages = 1, 1
        while page <= pages:
            found = queries.entry_page(session=session, year=year, within=None,
                                       chosen=chosen, page=page, page_size=500)
            for row in found.rows:
                e = row.entry
                typer.echo(f"[{e.id}] {e.status.label}: {e.title} ({e.kind.label}, "
                           f"{row.field_name}) — {row.unit_name}")
            page, pages = page + 1, found.pages
        typer.echo(f"Tổng cộng {grouped(found.total)} mô hình, giải pháp.")


def advance(
        to: Annotated[str, typer.Option("--to", metavar="TRẠNG_THÁI",
                                        help=f"Bước chuyển sang: {STATUSES}")],
        entry_id: Annotated[int | None, typer.Option(
            "--entry", metavar="MÃ_MỤC", min=1, max=INT_MAX,
            help="Mã số một mô hình, giải pháp")] = None,
        year_id: Annotated[int | None, YEAR_ID] = None,
        from_: Annotated[str | None, typer.Option(
            "--from", metavar="TRẠNG_THÁI",
            help="Cùng --year-id: chuyển mọi mục đang ở trạng thái này")] = None,
        unit_code: Annotated[str | None, UNIT] = None,
        reason: Annotated[str, typer.Option("--reason", metavar="LÝ_DO",
                                            help="Lý do (bắt buộc khi không công nhận)")] = "",
) -> None:
    """Chuyển một mục hoặc cả loạt mục sang bước tiếp theo, hoặc không công nhận.

    Một mục: --entry MÃ_MỤC. Cả loạt: --year-id MÃ_ĐỢT --from TRẠNG_THÁI [--unit MÃ_ĐƠN_VỊ],
    tối đa 500 mục mỗi lần. Không công nhận: --to rejected --reason LÝ_DO."""
    target = _status(to, "--to")
    if (entry_id is None) == (year_id is None):
        fail("Hãy ghi --entry MÃ_MỤC cho một mục, hoặc --year-id MÃ_ĐỢT --from TRẠNG_THÁI "
             "cho mọi mục đang ở một bước.")
    if entry_id is not None:
        _advance_one(entry_id, target, reason)
    elif from_ is None:
        fail("Cùng --year-id, hãy ghi --from TRẠNG_THÁI: bước của các mục cần chuyển.")
    else:
        _advance_all(year_id, _status(from_, "--from"), target, unit_code, reason)


def _advance_one(entry_id: int, to: EntryStatus, reason: str) -> None:
    with Database(get_settings()).scope() as session:
        try:
            entry = service.advance_entry(session=session, entry_id=entry_id, to=to,
                                          actor=None, now=utcnow(), reason=reason)
        except DomainError as error:
            fail(error.message)
        typer.echo(f"Đã chuyển “{entry.title}” sang “{to.label}”.")


def _advance_all(year_id: int, came_from: EntryStatus, to: EntryStatus,
                 unit_code: str | None, reason: str) -> None:
    with Database(get_settings()).scope() as session:
        try:
            year = service.get_year(session=session, year_id=year_id)
            chosen = queries.EntryFilter(status=came_from, unit=_unit(session, unit_code))
            ids, total = queries.matching_ids(session=session, year=year, chosen=chosen,
                                              limit=service.MAX_BULK)
            if not ids:
                fail(f"Không có mục nào đang ở bước “{came_from.label}”.")
            outcome = service.advance_entries(session=session, entry_ids=ids, to=to,
                                              actor=None, now=utcnow(), reason=reason,
                                              year_id=year.id)
        except DomainError as error:
            fail(error.message)
    typer.echo(f"Đã chuyển {grouped(outcome.moved)} mục từ “{came_from.label}” sang "
               f"“{to.label}”.")
    for refused_id, message in outcome.refused:
        typer.echo(f"  Mục {refused_id} không chuyển được: {message}")
    if total > len(ids):
        typer.echo(f"Còn {grouped(total - len(ids))} mục ở bước “{came_from.label}” chưa "
                   f"xét: mỗi lần chỉ xét tối đa {service.MAX_BULK} mục, hãy chạy lại lệnh.")
