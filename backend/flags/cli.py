"""`thidua flags …`: suspicious attempts from the command line, as their page shows them, and
excluding a contestant from prizes (or lifting it) with a reason."""

from typing import Annotated

import typer
from sqlalchemy import select

from backend.clock import utcnow
from backend.commandline import Typer, fail
from backend.config import get_settings
from backend.contests.models import Round
from backend.db import Database
from backend.errors import DomainError
from backend.flags import service
from backend.results.cli import CONTEST, ROUND, when
from backend.vnformat import grouped

flags_app = Typer(help="Nghi vấn gian lận: xem dấu hiệu, loại thí sinh khỏi giải, khôi phục.")

CONTESTANT = typer.Option("--contestant", metavar="MÃ_THÍ_SINH",
                          help="Mã thí sinh (hiện trong danh sách dấu hiệu)")
REASON = typer.Option("--reason", metavar="LÝ_DO", help="Lý do, lưu vào nhật ký (bắt buộc)")


@flags_app.command("list")
def list_flags(contest_id: Annotated[int, CONTEST],
               round_no: Annotated[int | None, ROUND] = None) -> None:
    """Liệt kê các dấu hiệu gian lận theo từng loại, và thí sinh đã bị loại khỏi giải."""
    settings = get_settings()
    database = Database(settings)
    with database.scope(write=False) as session:
        try:
            round_id = _round_id(session, contest_id, round_no)
            found = service.review(session=session, contest_id=contest_id, zone=settings.zone,
                                   round_id=round_id)
            exclusions = service.exclusions_of(session=session, contest_id=contest_id)
        except DomainError as error:
            fail(error.message)
    for kind, flags in found.flags.by_kind.items():
        more = found.flags.more.get(kind, 0)
        typer.echo(f"{kind.label}: {grouped(len(flags) + more)}")
        for flag in flags:
            typer.echo(f"  - {flag.evidence}")
            for line in flag.details:
                typer.echo(f"      {line}")
            people = ", ".join(f"{p.full_name} ({p.unit_name}, mã {p.contestant_id}"
                               + (", đã bị loại khỏi giải" if p.contestant_id in found.excluded
                                  else "") + ")" for p in flag.people[:50])
            typer.echo(f"    Thí sinh: {people}")
        if more:
            typer.echo(f"  … và {grouped(more)} dấu hiệu khác.")
    typer.echo("Thí sinh bị loại khỏi giải:" if exclusions else
               "Chưa có thí sinh nào bị loại khỏi giải.")
    for row in exclusions:
        e = row.exclusion
        lifted = (f" Đã khôi phục {when(e.lifted_at)} ({row.lifted_by}). Lý do: {e.lift_reason}"
                  if e.lifted_at else "")
        typer.echo(f"  - {row.full_name} (mã {e.contestant_id}): loại {when(e.excluded_at)} "
                   f"({row.excluded_by}). Lý do: {e.reason}.{lifted}")


@flags_app.command("exclude")
def exclude(contest_id: Annotated[int, CONTEST], contestant_id: Annotated[int, CONTESTANT],
            reason: Annotated[str, REASON] = "") -> None:
    """Loại một thí sinh khỏi giải (vẫn được xếp hạng); xếp lại các bảng đã tổng hợp."""
    _decide(service.exclude_from_prizes, contest_id, contestant_id, reason,
            "đã bị loại khỏi giải")


@flags_app.command("lift")
def lift(contest_id: Annotated[int, CONTEST], contestant_id: Annotated[int, CONTESTANT],
         reason: Annotated[str, REASON] = "") -> None:
    """Khôi phục quyền nhận giải của một thí sinh đã bị loại; xếp lại các bảng đã tổng hợp."""
    _decide(service.lift_exclusion, contest_id, contestant_id, reason,
            "được khôi phục quyền nhận giải")


def _decide(use_case, contest_id: int, contestant_id: int, reason: str, said: str) -> None:
    database = Database(get_settings())
    with database.scope(write=False) as read, database.scope() as write:
        try:
            outcome = use_case(read=read, write=write, contest_id=contest_id,
                               contestant_id=contestant_id, reason=reason, actor_id=None,
                               now=utcnow())
        except DomainError as error:
            fail(error.message)
    typer.echo(f"{outcome.full_name} {said}.")
    for board in outcome.boards:
        result = (f"không xếp hạng lại được: {board.problem}" if board.problem
                  else f"xếp hạng lại, {grouped(board.moved)} thí sinh thay đổi hạng, điểm hoặc "
                       "giải" if board.changed else "giải thưởng không thay đổi")
        typer.echo(f"  {board.name}: {result}.")


def _round_id(session, contest_id: int, number: int | None) -> int | None:
    if number is None:
        return None
    found = session.scalar(select(Round.id).where(Round.contest_id == contest_id,
                                                  Round.number == number))
    if found is None:
        fail(f"Cuộc thi {contest_id} không có tuần thi thứ {number}.")
    return found
