"""`thidua essays import`: a unit's batch taken in the foreground by the same worker the app
runs in the background, with a progress bar on the terminal; `--resume` takes up a batch that
stopped, skipping the rows already taken."""

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import select

from backend.clock import utcnow
from backend.commandline import Typer, fail
from backend.config import get_settings
from backend.db import Database
from backend.deps import INT_MAX
from backend.errors import DomainError, ImportRejected
from backend.essays import intake
from backend.essays.intake_worker import run_intake
from backend.essays.models import BatchState, IntakeBatch, IntakeRow, RowOutcome
from backend.units.models import Unit

WAIT_SECONDS = 1.0


def add_import_command(group: Typer) -> None:
    group.command("import")(essays_import)


def essays_import(
    sheet: Annotated[Path | None, typer.Argument(
        metavar="DS.XLSX", help="Danh sách bài viết của đơn vị (.xlsx)")] = None,
    archive: Annotated[Path | None, typer.Argument(
        metavar="BAI.ZIP", help="Các tệp bài viết nén trong một tệp .zip")] = None,
    competition: Annotated[int | None, typer.Option(
        "--competition", metavar="SỐ", min=1, max=INT_MAX,
        help="Số (id) của cuộc thi viết")] = None,
    unit: Annotated[str | None, typer.Option(
        "--unit", metavar="MÃ_ĐƠN_VỊ", help="Mã đơn vị gửi lô bài")] = None,
    resume: Annotated[int | None, typer.Option(
        "--resume", metavar="SỐ_LÔ", min=1, max=INT_MAX,
        help="Chạy tiếp lô số này (các dòng đã nhận được bỏ qua)")] = None,
) -> None:
    """Nhận bài viết theo lô: danh sách .xlsx và tệp .zip các bài, có thanh tiến độ."""
    database = Database(get_settings())
    try:
        batch_id = resume if resume is not None else _started(database, sheet, archive,
                                                              competition, unit)
        batch = _taken(database, batch_id)
    finally:
        database.dispose()
    if batch.state is BatchState.FAILED:
        fail(f"Lô số {batch.id} bị gián đoạn: {batch.error}\nCác dòng đã nhận được giữ nguyên; "
             f"chạy tiếp bằng: thidua essays import --resume {batch.id}")


def _started(database: Database, sheet: Path | None, archive: Path | None,
             competition: int | None, unit_code: str | None) -> int:
    if sheet is None or archive is None or competition is None or not unit_code:
        fail("Hãy cho biết --competition SỐ, --unit MÃ_ĐƠN_VỊ, tệp danh sách .xlsx và tệp "
             ".zip; hoặc --resume SỐ_LÔ để chạy tiếp một lô.")
    for path in (sheet, archive):
        if not path.is_file():
            fail(f"Không tìm thấy tệp {path}.")
    with database.scope(write=False) as read:
        unit_id = read.execute(select(Unit.id).where(Unit.code == unit_code.strip().upper())
                               ).scalar()
        read.commit()
    if unit_id is None:
        fail(f"Không có đơn vị mã “{unit_code}”.")
    with sheet.open("rb") as sheet_file, archive.open("rb") as archive_file, \
            database.scope() as session:
        try:
            batch = intake.start_intake(
                session=session, settings=database.settings, competition_id=competition,
                unit_id=unit_id, sheet=intake.Upload(sheet.name, sheet_file),
                archive=intake.Upload(archive.name, archive_file), actor=None, now=utcnow())
        except ImportRejected as error:
            fail("\n".join([error.message, *(f"{sheet}: {p}" for p in error.problems)]))
        except DomainError as error:
            fail(error.message)
        typer.echo(f"Lô số {batch.id}: {batch.total_rows} dòng ({batch.state.label.lower()}).")
        return batch.id


def _taken(database: Database, batch_id: int) -> IntakeBatch:
    """Take the batch here, or follow whoever is taking it, with a bar on the terminal; then
    print the counts and every row that was not accepted."""
    console = Console(stderr=True)
    with Progress(TextColumn("[bold]Đang nhận bài"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("dòng"), TimeElapsedColumn(), console=console,
                  transient=False) as bar:
        task = bar.add_task("nhan-bai", total=None)
        waiting = False
        while True:
            batch = _batch(database, batch_id)
            bar.update(task, total=batch.total_rows, completed=batch.done_rows)
            if batch.state in (BatchState.DONE, BatchState.FAILED):
                break
            ended = run_intake(database=database, settings=database.settings,
                               batch_id=batch_id, now=utcnow(), resume_failed=True,
                               progress=lambda done, total: bar.update(
                                   task, total=total, completed=done))
            if ended is None:  # another worker holds it (or held it, and died): follow it
                if not waiting:
                    console.print(f"Lô số {batch_id} đang được nhận ở nơi khác; đang theo dõi "
                                  "(nếu nơi đó đã dừng, lô được nhận tiếp ở đây sau tối đa "
                                  "2 phút).")
                    waiting = True
                time.sleep(WAIT_SECONDS)
    typer.echo(intake.summary(batch))
    with database.scope(write=False) as session:
        for row in session.execute(select(IntakeRow).where(
                IntakeRow.batch_id == batch_id, IntakeRow.outcome != RowOutcome.ACCEPTED)
                .order_by(IntakeRow.row_number)).scalars():
            typer.echo(f"{batch.sheet_name}: {row.outcome.label}: {row.message}")
        session.commit()
    return batch


def _batch(database: Database, batch_id: int) -> IntakeBatch:
    with database.scope(write=False) as session:
        batch = session.get(IntakeBatch, batch_id)
        session.commit()
    if batch is None:
        fail(f"Không có lô bài viết số {batch_id}.")
    return batch
