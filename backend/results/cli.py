"""`thidua results …`: the results workflow from the command line, as the pages run it."""

from typing import Annotated

import typer

from backend.clock import utc_to_local, utcnow
from backend.commandline import Typer, fail
from backend.config import get_settings
from backend.contests import service as contests
from backend.db import Database
from backend.errors import DomainError
from backend.results import overview, service
from backend.results.finalise import finalise_board
from backend.vnformat import grouped

results_app = Typer(help="Kết quả: tổng hợp, công bố tạm thời, công bố chính thức, xuất bảng tính.")

CONTEST = typer.Argument(metavar="MÃ_CUỘC_THI", help="Mã số cuộc thi (số trong địa chỉ trang)")
ROUND = typer.Option("--round", metavar="SỐ", help="Tuần thi thứ mấy (1, 2, …)")
OVERALL = typer.Option("--overall", help="Kết quả toàn cuộc thi")


def when(moment) -> str:
    return utc_to_local(moment, get_settings().zone).strftime("%H:%M %d/%m/%Y")


def _chosen(session, contest_id: int, round_no: int | None, overall: bool,
            *, required: bool) -> list[overview.BoardView]:
    """The boards a command is about: the one named, or (when none need be named) all."""
    if round_no is not None and overall:
        fail("Chỉ chọn một trong hai: --round SỐ hoặc --overall.")
    try:
        contests.get_contest(session=session, contest_id=contest_id)
    except DomainError as error:
        fail(error.message)
    views = overview.contest_boards(session=session, contest_id=contest_id, now=utcnow())
    if overall:
        return views[-1:]
    if round_no is not None:
        found = [v for v in views if v.round and v.round.number == round_no]
        if not found:
            fail(f"Cuộc thi không có tuần thi thứ {round_no}.")
        return found
    if required:
        fail("Hãy chọn kết quả cần xử lý: --round SỐ (một tuần thi) hoặc --overall "
              "(toàn cuộc thi).")
    return views


@results_app.command("list")
def list_boards(contest_id: Annotated[int, CONTEST]) -> None:
    """Liệt kê kết quả từng tuần thi và toàn cuộc thi, với trạng thái và số liệu."""
    database = Database(get_settings())
    with database.scope() as session:
        for v in _chosen(session, contest_id, None, False, required=False):
            b = v.board
            facts = [b.state.label, f"{grouped(b.ranked)} thí sinh xếp hạng"
                     if b.version else "chưa tổng hợp"]
            if v.counted:
                facts.append(v.counted)
            if b.complaints_until and b.state.value == "provisional":
                facts.append(f"hạn khiếu nại {when(b.complaints_until)}")
            if b.problem:
                facts.append(f"lỗi tổng hợp tự động: {b.problem}")
            typer.echo(f"{v.title}: " + "; ".join(facts))


@results_app.command("finalise")
def finalise(
    contest_id: Annotated[int, CONTEST],
    round_no: Annotated[int | None, ROUND] = None,
    overall: Annotated[bool, OVERALL] = False,
    reason: Annotated[str, typer.Option(metavar="LÝ_DO", help=(
        "Lý do, bắt buộc khi kết quả đã công bố chính thức"))] = "",
) -> None:
    """Tổng hợp kết quả: một tuần thi, toàn cuộc thi, hoặc (không chọn) mọi tuần thi đã đóng
    rồi toàn cuộc thi (khi mọi tuần thi đã đóng)."""
    database = Database(get_settings())
    failed = False
    with database.scope() as session:
        views = _chosen(session, contest_id, round_no, overall, required=False)
        # Unnamed, the overall results wait for every round, as the scheduler's do.
        over = all(v.closed for v in views if v.round)
        boards = [(v.title, v.board.id, v.closed if v.round else over) for v in views]
    named = round_no is not None or overall
    for title, board_id, closed in boards:
        if not closed and not named:
            typer.echo(f"{title}: còn tuần thi chưa đóng, bỏ qua." if title == overview.OVERALL
                       else f"{title}: chưa đóng, bỏ qua.")
            continue
        with database.scope(write=False) as read, database.scope() as write:
            try:
                outcome = finalise_board(read=read, write=write, board_id=board_id,
                                         now=utcnow(), reason=reason)
            except DomainError as error:
                typer.secho(f"{title}: {error.message}", fg=typer.colors.RED, err=True)
                failed = True
                continue
        said = (f"đã tổng hợp, {grouped(outcome.ranked)} thí sinh xếp hạng, "
                f"{grouped(outcome.changes)} thay đổi" if outcome.changed
                else "kết quả không thay đổi")
        typer.echo(f"{title}: {said}.")
    if failed:
        raise typer.Exit(1)


def _move(contest_id: int, round_no: int | None, overall: bool, step) -> None:
    database = Database(get_settings())
    with database.scope() as session:
        view = _chosen(session, contest_id, round_no, overall, required=True)[0]
        board = service.get_board(session=session, board_id=view.board.id)
        session.refresh(board, with_for_update=True)  # as the pages: one move at a time
        try:
            step(session=session, board=board, actor_id=None, now=utcnow())
        except DomainError as error:
            fail(f"{view.title}: {error.message}")
        said = f"{board.state.label.lower()}"
        if board.complaints_until and step is service.publish:
            said += f", hạn khiếu nại {when(board.complaints_until)}"
        typer.echo(f"{view.title}: {said}.")


@results_app.command("publish")
def publish(contest_id: Annotated[int, CONTEST], round_no: Annotated[int | None, ROUND] = None,
            overall: Annotated[bool, OVERALL] = False) -> None:
    """Công bố tạm thời kết quả đã tổng hợp; mở thời hạn khiếu nại."""
    _move(contest_id, round_no, overall, service.publish)


@results_app.command("official")
def official(contest_id: Annotated[int, CONTEST], round_no: Annotated[int | None, ROUND] = None,
             overall: Annotated[bool, OVERALL] = False) -> None:
    """Công bố chính thức kết quả đã hết thời hạn khiếu nại."""
    _move(contest_id, round_no, overall, service.make_official)
