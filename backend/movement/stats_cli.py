"""`thidua movement stats` and `thidua movement report`: a year's statistics as a table in the
terminal, with every check, and the yearly report as a spreadsheet, from the same services
the statistics page reads."""

from pathlib import Path
from typing import Annotated

import typer

from backend.clock import utcnow
from backend.commandline import fail
from backend.config import get_settings
from backend.db import Database
from backend.errors import DomainError
from backend.movement import report as reports
from backend.movement import tally
from backend.tallies.cli import echo_findings
from backend.vnformat import grouped

YEAR = typer.Option("--year-id", metavar="MÃ", min=1, max=2**31 - 1,
                    help="Mã số đợt phong trào (số trong địa chỉ trang /phong-trao/MÃ)")
# Short headers for the terminal, in the order of tally.MEASURES.
SHORT = ("Đăng ký", "CN đơn vị", "CN TP", "Tiêu biểu", "Không CN", "Khen TT", "Khen CN")
NAME_WIDTH = 36


def _line(name: str, counts, indent: str = "") -> str:
    label = (indent + name)[:NAME_WIDTH].ljust(NAME_WIDTH)
    return label + "".join(grouped(getattr(counts, key)).rjust(max(len(head), 7) + 2)
                           for (key, _), head in zip(tally.MEASURES, SHORT, strict=True))


def add_stats_commands(app: typer.Typer) -> None:
    """Join `stats` and `report` to the movement command group."""

    @app.command("stats")
    def stats(year_id: Annotated[int, YEAR],
              unit_id: Annotated[int | None, typer.Option(
                  "--unit-id", metavar="MÃ", min=1, max=2**31 - 1,
                  help="Chỉ xem các đơn vị trực thuộc đơn vị này")] = None) -> None:
        """In thống kê của đợt theo khối và đơn vị, cộng từng khối và tổng cộng; liệt kê số
        liệu không khớp (thoát với mã 1 nếu có)."""
        with Database(get_settings()).scope(write=False) as session:
            try:
                view = tally.statistics(session=session, year_id=year_id, within=None,
                                        unit_id=unit_id)
            except DomainError as error:
                fail(error.message)
            title = view.period.title
        where = view.place[-1].name if view.place else "Toàn thành phố"
        typer.echo(f"{title} · {where}")
        typer.echo("Đơn vị".ljust(NAME_WIDTH) + "".join(
            head.rjust(max(len(head), 7) + 2) for head in SHORT))
        for group in tally.shown_blocks(view.tally):
            if group.name:
                typer.echo(_line(group.name, group.total))
            for node in group.units:
                typer.echo(_line(node.name, node.total, "  " if group.name else ""))
        typer.echo(_line("Tổng cộng", view.tally.total))
        echo_findings([c.text for c in view.checks], "Mọi số liệu của đợt đều khớp.")

    @app.command("report")
    def report(year_id: Annotated[int, YEAR],
               output: Annotated[Path | None, typer.Option(
                   "--output", "-o", metavar="TỆP",
                   help="Tệp .xlsx sẽ ghi; mặc định tên tệp chuẩn trong thư mục hiện tại")
               ] = None) -> None:
        """Ghi báo cáo năm của phong trào (số mục theo loại, lĩnh vực, cấp công nhận và đơn
        vị, cộng theo khối) theo mẫu văn bản chính thức."""
        settings = get_settings()
        with Database(settings).scope() as session:
            try:
                built = reports.build(session=session, year_id=year_id, user=None,
                                      zone=settings.zone, now=utcnow())
            except DomainError as error:
                fail(error.message)
        target = output or Path(built.file_name)
        try:
            target.write_bytes(built.content)
        except OSError as error:
            fail(f"Không ghi được {target}: {error.strerror}.")
        typer.echo(f"Đã ghi {target} ({grouped(built.rows)} dòng).")
