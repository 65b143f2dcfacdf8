"""`thidua essays extract-text`: read the waiting essay texts now, in the foreground, by the
same service the scheduled job runs. `add_extract_command` mounts it on the essays group."""

from typing import Annotated

import typer

from backend.commandline import Typer
from backend.config import get_settings
from backend.db import Database
from backend.essays.extraction import extract_pending_texts
from backend.vnformat import grouped


def add_extract_command(group: Typer) -> None:
    group.command("extract-text")(extract_text)


def extract_text(
    time_limit: Annotated[int, typer.Option(
        "--time-limit", metavar="GIÂY", min=1, max=600,
        help="Thời gian tối đa để đọc một tệp; quá thì tệp bị đánh dấu không đọc được")] = 30,
    minutes: Annotated[int, typer.Option(
        "--minutes", metavar="PHÚT", min=1, max=24 * 60,
        help="Dừng sau chừng này phút dù còn bài chờ (lần chạy sau làm tiếp)")] = 60,
) -> None:
    """Đọc chữ và đếm số từ của các bài dự thi đang chờ, rồi báo số bài đã xong và không đọc
    được."""
    database = Database(get_settings())
    try:
        run = extract_pending_texts(database=database, time_limit_s=time_limit,
                                    seconds=minutes * 60)
    finally:
        database.dispose()
    typer.echo(f"Đã đọc xong {grouped(run.done)} bản bài dự thi; "
               f"{grouped(run.failed)} bản không đọc được.")
