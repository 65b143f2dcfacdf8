"""`thidua writing results …`: a judged writing level's aggregation, lock, unlock, ráp phách
and the judges' severity from the command line, by the same services as the results page."""

from typing import Annotated

import typer

from backend.clock import utcnow
from backend.commandline import Typer, fail
from backend.config import get_settings
from backend.db import Database
from backend.errors import DomainError
from backend.judging import aggregate, calibration, reveal
from backend.vnformat import decimal, grouped

writing_results_app = Typer(help="Kết quả cuộc thi viết: tổng hợp điểm, khóa điểm, ráp phách, "
                                 "độ lệch giám khảo.")

LEVEL = typer.Argument(metavar="MÃ_CẤP_THI", help="Mã số cấp thi chấm kín (số trong địa chỉ "
                       "trang kết quả)", min=1, max=2**31 - 1)
REASON = typer.Option("--reason", metavar="LÝ_DO", help="Lý do, lưu vào nhật ký (bắt buộc)")


def _run(use_case, **arguments):
    database = Database(get_settings())
    with database.scope() as session:
        try:
            return use_case(session=session, **arguments)
        except DomainError as error:
            fail(error.message)


def _print(summary: aggregate.Summary) -> None:
    typer.echo(f"{grouped(summary.essays)} bài: {grouped(summary.scored)} bài có điểm chung "
               f"cuộc, {grouped(summary.missing)} bài chưa đủ điểm, "
               f"{grouped(summary.pending_third)} bài chờ giám khảo thứ ba, "
               f"{grouped(summary.withdrawn)} bài đã rút; {grouped(summary.ranked)} bài được "
               "xếp hạng.")
    for prize in summary.prizes:
        extra = f" (thêm {grouped(prize.extra)} do đồng hạng)" if prize.extra else ""
        typer.echo(f"  {prize.name}: {grouped(prize.given)}/{grouped(prize.count)} giải{extra}")


@writing_results_app.command("aggregate")
def aggregate_command(level_id: Annotated[int, LEVEL]) -> None:
    """Tổng hợp điểm chung cuộc, xếp hạng và xét giải của một cấp thi chấm kín."""
    _print(_run(aggregate.aggregate_level, level_id=level_id, now=utcnow()))


@writing_results_app.command("lock")
def lock_command(level_id: Annotated[int, LEVEL]) -> None:
    """Tổng hợp lần cuối rồi khóa điểm (từ chối khi còn bài chưa đủ điểm)."""
    _print(_run(reveal.lock_scores, level_id=level_id, actor_id=None, now=utcnow()))
    typer.echo("Đã khóa điểm.")


@writing_results_app.command("unlock")
def unlock_command(level_id: Annotated[int, LEVEL],
                   reason: Annotated[str, REASON] = "") -> None:
    """Mở khóa điểm, kèm lý do (không được sau khi đã ráp phách)."""
    level = _run(reveal.unlock_scores, level_id=level_id, reason=reason, actor_id=None,
                 now=utcnow())
    typer.echo(f"Đã mở khóa điểm {level.name}.")


@writing_results_app.command("reveal")
def reveal_command(level_id: Annotated[int, LEVEL]) -> None:
    """Ráp phách: ghép tên tác giả, đơn vị, khối với mã phách (chỉ sau khi khóa điểm)."""
    level = _run(reveal.reveal_identities, level_id=level_id, actor_id=None, now=utcnow())
    typer.echo(f"Đã ráp phách {level.name}.")


@writing_results_app.command("severity")
def severity_command(level_id: Annotated[int, LEVEL]) -> None:
    """Độ lệch của từng giám khảo so với mặt bằng chung của hội đồng."""
    for row in _run(calibration.severity_table, level_id=level_id):
        s = row.severity
        figure = decimal(s.offset) if s.essays else "—"
        typer.echo(f"{row.full_name}: {grouped(s.calibration_essays)} bài chấm thử, "
                   f"{grouped(s.regular_essays)} bài chính thức, độ lệch {figure} ({s.wording})")
