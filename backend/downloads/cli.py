"""`thidua results export`: a result spreadsheet built in the foreground by the same service
the pages use, with its progress on stderr. `add_export_command` mounts it on any group."""

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from backend.clock import utcnow
from backend.commandline import Typer, fail
from backend.config import get_settings
from backend.contests.models import Contest, Round
from backend.db import Database
from backend.downloads import service
from backend.downloads.build import build_export
from backend.downloads.models import ExportFile, ExportKind, ExportState
from backend.errors import DomainError
from backend.results.models import ResultBoard

WAIT_SECONDS = 1.0


def add_export_command(group: Typer) -> None:
    group.command("export")(export)


def export(
    contest_id: Annotated[int, typer.Argument(metavar="MÃ_CUỘC_THI", help="Số (id) của cuộc thi",
                                              min=1, max=2**31 - 1)],
    round_number: Annotated[int | None, typer.Option(
        "--round", metavar="SỐ", help="Kết quả của vòng (tuần) thi số này")] = None,
    overall: Annotated[bool, typer.Option(
        "--overall", help="Kết quả chung cuộc của cả cuộc thi")] = False,
    kind: Annotated[ExportKind, typer.Option(help=(
        "results: kết quả; prizes: danh sách đoạt giải; attempts: toàn bộ lượt thi "
        "(kiểm tra)"))] = ExportKind.RESULTS,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="TỆP", help=(
        "Tệp .xlsx sẽ ghi; mặc định tên tệp chuẩn trong thư mục hiện tại"))] = None,
    masked: Annotated[bool, typer.Option("--masked/--unmasked", help=(
        "Che số điện thoại và ngày sinh của thí sinh, hoặc ghi đầy đủ"))] = True,
) -> None:
    """Xuất bảng tính kết quả (Excel) của một vòng hoặc chung cuộc, theo mẫu văn bản."""
    if (round_number is None) == (not overall):
        fail("Hãy chọn một trong hai: --round SỐ (kết quả một vòng) hoặc --overall "
             "(kết quả chung cuộc).")
    database = Database(get_settings())
    try:
        board_id = _board(database, contest_id, round_number)
        with database.scope() as session:
            export = service.request_export(
                session=session, contest_id=contest_id, board_id=board_id, kind=kind,
                masked=masked, within=None, actor_id=None, now=utcnow()).export
        export = _built(database, export.id)
        if export.state is ExportState.FAILED:
            fail(f"Không tạo được tệp: {export.error}")
        path = output or Path(export.file_name)
        with database.scope() as session:
            service.record_download(session=session, export=export, actor_id=None,
                                    now=utcnow())
        with path.open("wb") as file:
            for data in service.chunks(database=database, export=export):
                file.write(data)
    except DomainError as error:
        fail(error.message)
    except OSError as error:
        fail(f"Không ghi được tệp {path}: {error.strerror}.")
    finally:
        database.dispose()
    typer.echo(f"Đã ghi {path}: {export.rows_total:,} dòng, {export.size:,} byte.".replace(
        ",", "."))


def _board(database: Database, contest_id: int, round_number: int | None) -> int:
    with database.scope(write=False) as session:
        if session.get(Contest, contest_id) is None:
            fail(f"Không có cuộc thi số {contest_id}.")
        round_id = None
        if round_number is not None:
            round_id = session.execute(select(Round.id).where(
                Round.contest_id == contest_id, Round.number == round_number)).scalar()
            if round_id is None:
                fail(f"Cuộc thi số {contest_id} không có vòng thi số {round_number}.")
        board_id = session.execute(select(ResultBoard.id).where(
            ResultBoard.contest_id == contest_id, ResultBoard.round_id.is_(None)
            if round_id is None else ResultBoard.round_id == round_id)).scalar()
    if board_id is None:
        fail("Chưa tổng hợp kết quả nên chưa có gì để xuất. Hãy tổng hợp kết quả trước.")
    return board_id


def _built(database: Database, export_id: int) -> ExportFile:
    """Build the export here, or wait for whoever is building it, showing the progress."""
    shown = _Shown()
    while True:
        with database.scope(write=False) as session:
            export = session.get(ExportFile, export_id)
            session.commit()
        if export.state in (ExportState.DONE, ExportState.FAILED):
            return export
        if build_export(database=database, export_id=export_id, progress=shown) is None:
            shown(export.rows_done, export.rows_total)  # built elsewhere: follow it
            time.sleep(WAIT_SECONDS)


class _Shown:
    """Progress on stderr, a line every tenth of the way."""

    def __init__(self):
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        step = done * 10 // total if total else 10
        if step != self.last:
            self.last = step
            print(f"Đang tạo tệp: {done:,} / {total:,} dòng ({step * 10}%)".replace(",", "."),
                  file=sys.stderr, flush=True)
