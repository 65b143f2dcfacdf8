"""`thidua writing forwarding …`: a level's forwarding batches, signing a unit's batch, and
reopening a signed one with a reason, from the same services the pages call. The command
line acts as the server's operator (an organiser): the audit log records no account for it."""

from typing import Annotated

import typer
from sqlalchemy import select

from backend.clock import utcnow
from backend.commandline import Typer, fail
from backend.config import get_settings
from backend.db import Database
from backend.errors import DomainError
from backend.forwarding import queries, service
from backend.results.cli import when
from backend.units.models import Unit
from backend.vnformat import grouped

forwarding_app = Typer(help="Cuộc thi viết: xem, ký và mở lại các đợt chuyển bài lên cấp trên.")

LEVEL = typer.Option("--level", metavar="MÃ_CẤP", min=1, max=2**31 - 1,
                     help="Mã số cấp thi nhận bài chuyển lên (số trong địa chỉ trang)")
UNIT = typer.Option("--unit", metavar="MÃ_ĐƠN_VỊ", help="Mã đơn vị chuyển bài (ví dụ Q1)")
REASON = typer.Option("--reason", metavar="LÝ_DO", help="Lý do, lưu vào nhật ký (bắt buộc)")


def _unit_id(session, code: str) -> int:
    found = session.scalar(select(Unit.id).where(Unit.code == code.strip()))
    if found is None:
        fail(f"Không có đơn vị mã “{code}”.")
    return found


@forwarding_app.command("list")
def list_batches(level_id: Annotated[int, LEVEL]) -> None:
    """Liệt kê các đơn vị chuyển bài lên một cấp: trạng thái, số bài, chỉ tiêu, đã chọn."""
    database = Database(get_settings())
    with database.scope(write=False) as session:
        try:
            level, _ = service.level_into(session=session, level_id=level_id)
            lines = queries.batch_lines(session=session, level=level, within=None)
        except DomainError as error:
            fail(error.message)
        typer.echo(f"Chuyển bài lên {level.name} (hạn {when(level.closes_at)}):")
        for line in lines:
            quota = "không giới hạn" if line.quota is None else f"{grouped(line.quota)} bài"
            signed = f", ký {when(line.batch.signed_at)}" if line.signed else ""
            typer.echo(f"  {line.unit.name} ({line.unit.code}): {line.status_label}{signed}; "
                       f"{grouped(line.received)} bài ở cấp dưới, chỉ tiêu {quota}, đã chọn "
                       f"{grouped(line.selected)}.")


@forwarding_app.command("sign")
def sign(level_id: Annotated[int, LEVEL], unit_code: Annotated[str, UNIT]) -> None:
    """Ký chuyển các bài đơn vị đã chọn lên cấp trên; đợt chuyển bài bị khóa."""
    database = Database(get_settings())
    with database.scope() as session:
        try:
            batch = service.sign_batch(session=session, level_id=level_id,
                                       unit_id=_unit_id(session, unit_code), actor=None,
                                       now=utcnow())
        except DomainError as error:
            fail(error.message)
        count = len(queries.selected_ids(session=session, batch=batch))
    typer.echo(f"Đã ký chuyển {grouped(count)} bài của đơn vị {unit_code}; đợt chuyển bài đã "
               "khóa.")


@forwarding_app.command("reopen")
def reopen(level_id: Annotated[int, LEVEL], unit_code: Annotated[str, UNIT],
           reason: Annotated[str, REASON] = "") -> None:
    """Mở lại đợt chuyển bài đã ký (trở về đang chọn bài), kèm lý do."""
    database = Database(get_settings())
    with database.scope() as session:
        try:
            level, _ = service.level_into(session=session, level_id=level_id)
            unit = session.get(Unit, _unit_id(session, unit_code))
            batch = queries.existing_batch(session=session, level=level, unit=unit)
            service.reopen_batch(session=session, batch_id=batch.id, reason=reason, actor=None,
                                 now=utcnow())
        except DomainError as error:
            fail(error.message)
        typer.echo(f"Đã mở lại đợt chuyển bài của {unit.name} lên {level.name}.")
