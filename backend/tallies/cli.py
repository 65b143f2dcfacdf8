"""`thidua tallies …`: the tally, the reconciliation and the spreadsheets from the command
line, from the same services the dashboard reads."""

from pathlib import Path
from typing import Annotated

import typer

from backend.clock import utcnow
from backend.commandline import Typer, fail
from backend.config import get_settings
from backend.contests import service as contests
from backend.db import Database
from backend.errors import DomainError
from backend.tallies import downloads, service
from backend.vnformat import grouped, percent

tallies_app = Typer(help="Số liệu: tổng hợp theo đơn vị, khối; đối chiếu; tải bảng tính.")

CONTEST = typer.Argument(metavar="MÃ_CUỘC_THI", help="Mã số cuộc thi (số trong địa chỉ trang)",
                         min=1, max=2**31 - 1)
ROUND = typer.Option("--round", metavar="SỐ", help="Tuần thi thứ mấy (mặc định: toàn cuộc thi)")


def _round_id(session, contest_id: int, number: int | None) -> int | None:
    if number is None:
        return None
    found = next((r.id for r in contests.rounds_of(session=session, contest_id=contest_id)
                  if r.number == number), None)
    if found is None:
        fail(f"Cuộc thi không có tuần thi thứ {number}.")
    return found


def _line(name: str, c) -> str:
    return (f"{name}: {grouped(c.participants)} người tham gia / {grouped(c.registered)} đăng "
            f"ký, tỷ lệ {percent(c.rate)}, {grouped(c.attempts)} lượt thi, "
            f"{grouped(c.winners)} người đoạt giải")


@tallies_app.command("show")
def show(contest_id: Annotated[int, CONTEST],
         round_no: Annotated[int | None, ROUND] = None) -> None:
    """In số liệu theo khối và đơn vị, cộng từng khối và tổng cộng."""
    database = Database(get_settings())
    with database.scope(write=False) as session:
        try:
            period = service.period_of(session=session, contest_id=contest_id,
                                       round_id=_round_id(session, contest_id, round_no))
            tally = service.contest_tally(session=session, period=period)
        except DomainError as error:
            fail(error.message)
        typer.echo(f"{period.contest.title} · {period.name}")
        for group in tally.blocks:
            typer.echo(_line(group.name, group.total))
            for node in group.units:
                typer.echo("  " + _line(node.name, node.total))
        typer.echo(_line("Tổng cộng", tally.total))


@tallies_app.command("reconcile")
def reconcile(contest_id: Annotated[int, CONTEST]) -> None:
    """Liệt kê những chỗ số liệu báo cáo không khớp; thoát với mã 1 nếu có."""
    database = Database(get_settings())
    with database.scope(write=False) as session:
        try:
            found = service.reconciliation(session=session, contest_id=contest_id)
        except DomainError as error:
            fail(error.message)
    echo_findings([d.text for d in found], "Mọi số liệu báo cáo đều khớp.")


def echo_findings(texts: list[str], all_clear: str) -> None:
    """Each finding on its line and exit 1; or `all_clear` when there is none."""
    for text in texts:
        typer.echo(text)
    if texts:
        raise typer.Exit(1)
    typer.echo(all_clear)


@tallies_app.command("export")
def export(contest_id: Annotated[int, CONTEST],
           kind: Annotated[str, typer.Option("--kind", metavar="LOẠI", help=(
               "tong-hop (tổng hợp theo đơn vị), giai-tap-the, doi-chieu"))] = "tong-hop",
           round_no: Annotated[int | None, ROUND] = None,
           output: Annotated[Path | None, typer.Option("--output", "-o", metavar="TỆP", help=(
               "Tệp .xlsx sẽ ghi; mặc định tên tệp chuẩn trong thư mục hiện tại"))] = None
           ) -> None:
    """Tải bảng tính số liệu theo mẫu văn bản chính thức."""
    settings = get_settings()
    database = Database(settings)
    with database.scope() as session:
        try:
            contest = contests.get_contest(session=session, contest_id=contest_id)
            built = downloads.build(session=session, contest=contest, user=None, kind=kind,
                                    round_id=_round_id(session, contest_id, round_no),
                                    zone=settings.zone, now=utcnow())
        except DomainError as error:
            fail(error.message)
    target = output or Path(built.file_name)
    target.write_bytes(built.content)
    typer.echo(f"Đã ghi {target} ({grouped(built.rows)} dòng).")
