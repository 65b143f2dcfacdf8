"""The `thidua` command: migrations, accounts, unit files, demo data, server and scheduler."""

from pathlib import Path
from typing import Annotated

import typer

from backend import migrate
from backend.accounts import service as accounts
from backend.accounts.models import Role
from backend.accounts.passwords import staff_passwords
from backend.clock import utcnow
from backend.config import get_settings
from backend.db import Database
from backend.errors import DomainError, ImportRejected

app = typer.Typer(help="Thi Đua: nền tảng cuộc thi và phong trào thi đua.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
db_app = typer.Typer(help="Cơ sở dữ liệu.", no_args_is_help=True)
users_app = typer.Typer(help="Tài khoản cán bộ.", no_args_is_help=True)
units_app = typer.Typer(help="Cây đơn vị.", no_args_is_help=True)
demo_app = typer.Typer(help="Dữ liệu mẫu.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(units_app, name="units")
app.add_typer(demo_app, name="demo")


def fail(message: str) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


def report(error: DomainError, filename: str = "") -> None:
    if isinstance(error, ImportRejected):
        lines = [f"{filename}: {problem}" if filename else str(problem)
                 for problem in error.problems]
        fail("\n".join([error.message, *lines]))
    fail(error.message)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Đưa lược đồ cơ sở dữ liệu lên phiên bản mới nhất."""
    settings = get_settings()
    migrate.upgrade(settings.database_url, revision)
    typer.echo(f"Cơ sở dữ liệu đã ở phiên bản {revision}.")


@db_app.command("revision")
def db_revision(message: Annotated[str, typer.Option("-m", "--message")]) -> None:
    """(Dành cho người phát triển) Tạo migration mới từ thay đổi của mô hình."""
    migrate.make_revision(get_settings().database_url, message)


@users_app.command("create")
def users_create(
    role: Annotated[Role, typer.Option(help="organiser, unit_officer hoặc judge")],
    username: Annotated[str, typer.Option()],
    full_name: Annotated[str, typer.Option("--full-name")],
    password: Annotated[str | None, typer.Option(help="Bỏ trống để nhập ẩn")] = None,
    unit: Annotated[str | None, typer.Option(help="Mã đơn vị của cán bộ đơn vị")] = None,
    personal_data: Annotated[bool, typer.Option("--personal-data")] = False,
) -> None:
    """Tạo tài khoản cán bộ."""
    from backend.units import service as units

    settings = get_settings()
    if password is None:
        password = typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    database = Database(settings)
    with database.scope() as session:
        unit_id = None
        if unit:
            found = units.find_by_codes(session=session, codes={unit.strip().upper()})
            if not found:
                fail(f"Không có đơn vị mã “{unit}”.")
            unit_id = next(iter(found.values())).id
        try:
            user = accounts.create_user(
                session=session, username=username, full_name=full_name, password=password,
                role=role, unit_id=unit_id, can_view_personal_data=personal_data,
                passwords=staff_passwords(settings), actor_id=None, now=utcnow())
        except DomainError as error:
            report(error)
    typer.echo(f"Đã tạo tài khoản “{user.username}” ({role.label}).")


@units_app.command("import")
def units_import(path: Path) -> None:
    """Nhập đơn vị từ tệp .xlsx (tất cả các dòng, hoặc không dòng nào)."""
    from backend.units import importer

    if not path.is_file():
        fail(f"Không tìm thấy tệp {path}.")
    database = Database(get_settings())
    with database.scope(write=False) as read, database.scope() as session:
        try:
            summary = importer.import_units_file(read=read, write=session,
                                                 data=path.read_bytes(), filename=path.name,
                                                 actor_id=None, now=utcnow())
        except DomainError as error:
            report(error, str(path))
    typer.echo(f"{path}: thêm {summary.created}, cập nhật {summary.updated}, "
               f"không đổi {summary.unchanged} đơn vị.")


@units_app.command("export")
def units_export(path: Path) -> None:
    """Xuất cây đơn vị ra tệp .xlsx theo đúng định dạng nhập."""
    from backend.units import service as units
    from exports.units import units_workbook

    database = Database(get_settings())
    with database.scope(write=False) as session:
        lines = units.export_lines(session=session)
    units_workbook(lines).save(path)
    blocks = sum(line.is_block for line in lines)
    typer.echo(f"Đã xuất {len(lines) - blocks} đơn vị và {blocks} khối ra {path}.")


@demo_app.command("load")
def demo_load() -> None:
    """Nạp dữ liệu mẫu (chạy lại nhiều lần vẫn chỉ nạp một lần)."""
    from backend.demo import load_demo

    database = Database(get_settings())
    for line in load_demo(database=database, now=utcnow()):
        typer.echo(line)


@app.command("serve")
def serve(
    host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
    scheduler: Annotated[bool, typer.Option(help="Chạy cả các tác vụ định kỳ")] = False,
) -> None:
    """Chạy máy chủ web."""
    import uvicorn

    from backend.demo import DEMO_LOGINS

    if scheduler:
        from scheduled.runner import start_background

        start_background(get_settings())
    typer.secho(f"\nThi Đua đang chạy tại http://{host}:{port}", fg=typer.colors.GREEN, bold=True)
    typer.echo(f"Tài liệu API: http://{host}:{port}/docs")
    typer.echo("Tài khoản mẫu:")
    for line in DEMO_LOGINS:
        typer.echo(f"  {line}")
    typer.echo("Nhấn Ctrl+C để dừng.\n")
    uvicorn.run("backend.asgi:app", host=host, port=port, workers=workers,
                proxy_headers=True, log_level="info")


@app.command("scheduler")
def run_scheduler() -> None:
    """Chạy các tác vụ định kỳ (tự nộp bài hết giờ, dọn bộ đếm)."""
    from scheduled.runner import run_forever

    run_forever(get_settings())
