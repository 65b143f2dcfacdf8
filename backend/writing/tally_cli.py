"""`thidua writing …`: the writing competition's figures and spreadsheets from the command
line, from the same services the overview page reads."""

from pathlib import Path
from typing import Annotated

import typer

from backend.clock import utcnow
from backend.commandline import Typer, fail
from backend.config import get_settings
from backend.db import Database
from backend.errors import DomainError
from backend.tallies.cli import echo_findings
from backend.vnformat import grouped
from backend.writing import downloads, tally

writing_app = Typer(help="Cuộc thi viết: số liệu, đối chiếu và bảng tính theo mẫu chính thức.")

COMPETITION = typer.Option("--competition", metavar="MÃ", min=1, max=2**31 - 1,
                           help="Mã số cuộc thi viết (số trong địa chỉ trang)")


@writing_app.command("export")
def export(competition_id: Annotated[int, COMPETITION],
           kind: Annotated[str, typer.Option("--kind", metavar="LOẠI", help=(
               "essays (số bài theo đơn vị, khối), scores (bảng điểm cấp thành phố), "
               "prizes (danh sách giải cá nhân, tập thể)"))] = "essays",
           out: Annotated[Path | None, typer.Option("--out", "-o", metavar="TỆP", help=(
               "Tệp .xlsx sẽ ghi; mặc định tên tệp chuẩn trong thư mục hiện tại"))] = None
           ) -> None:
    """Ghi bảng tính của cuộc thi viết theo mẫu văn bản chính thức."""
    settings = get_settings()
    with Database(settings).scope() as session:
        try:
            built = downloads.build(session=session, competition_id=competition_id, user=None,
                                    kind=kind, zone=settings.zone, now=utcnow())
        except DomainError as error:
            fail(error.message)
    target = out or Path(built.file_name)
    target.write_bytes(built.content)
    typer.echo(f"Đã ghi {target} ({grouped(built.rows)} dòng).")


@writing_app.command("checks")
def checks(competition_id: Annotated[int, COMPETITION]) -> None:
    """Liệt kê những số liệu không khớp của cuộc thi viết; thoát với mã 1 nếu có."""
    with Database(get_settings()).scope(write=False) as session:
        try:
            found = tally.overview(session=session, competition_id=competition_id).checks
        except DomainError as error:
            fail(error.message)
    echo_findings([c.text for c in found], "Mọi số liệu của cuộc thi viết đều khớp.")
