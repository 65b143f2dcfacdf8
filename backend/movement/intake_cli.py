"""`thidua movement import`: a unit's entries registered from an .xlsx file on the server,
all rows or none, each problem named by file, sheet, row and column."""

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from backend.accounts.models import UserAccount
from backend.clock import utcnow
from backend.commandline import Typer, fail
from backend.config import get_settings
from backend.db import Database
from backend.deps import INT_MAX
from backend.errors import DomainError, ImportRejected
from backend.movement import intake


def add_intake_commands(group: Typer) -> None:
    group.command("import")(movement_import)


def movement_import(
    path: Annotated[Path, typer.Argument(metavar="TỆP_XLSX", help=(
        "Tệp Excel .xlsx các mô hình, giải pháp cần đăng ký (theo tệp mẫu)"))],
    year_id: Annotated[int, typer.Option("--year-id", metavar="SỐ", min=1, max=INT_MAX, help=(
        "Số (id) của đợt phong trào"))],
    as_user: Annotated[str | None, typer.Option("--as", metavar="TÊN_ĐĂNG_NHẬP", help=(
        "Đăng ký với quyền của tài khoản này (phạm vi đơn vị, hạn đăng ký); bỏ trống: quyền "
        "ban tổ chức"))] = None,
) -> None:
    """Đăng ký mô hình, giải pháp từ tệp .xlsx (tất cả các dòng, hoặc không dòng nào)."""
    if not path.is_file():
        fail(f"Không tìm thấy tệp {path}.")
    database = Database(get_settings())
    try:
        with database.scope(write=False) as read, database.scope() as session:
            actor = _actor(read, as_user) if as_user else None
            try:
                count = intake.import_entries(session=session, read=read, year_id=year_id,
                                              content=path.read_bytes(), filename=path.name,
                                              actor=actor, now=utcnow())
            except ImportRejected as error:
                fail("\n".join([error.message, *(f"{path}: {p}" for p in error.problems)]))
            except DomainError as error:
                fail(f"{path}: {error.message}")
    finally:
        database.dispose()
    typer.echo(f"{path}: đã đăng ký {count} mô hình, giải pháp.")


def _actor(read, username: str) -> UserAccount:
    user = read.scalars(select(UserAccount).where(UserAccount.username == username.strip())
                        ).first()
    if user is None or not user.is_active:
        fail(f"Không có tài khoản đang hoạt động tên “{username}”.")
    return user
