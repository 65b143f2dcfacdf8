"""The `thidua` command: migrations, accounts, unit files, demo data, results, server and
scheduler."""

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from backend import migrate
from backend.accounts import service as accounts
from backend.accounts.models import Role, UserAccount
from backend.accounts.passwords import staff_passwords
from backend.analysis.cli import analysis_app
from backend.clock import utcnow
from backend.commandline import Typer, fail
from backend.commendations.cli import add_commendation_commands
from backend.commendations.list_cli import add_list_commands
from backend.commendations.sources_cli import add_nominate_command
from backend.config import Settings, get_settings
from backend.db import Database, connection_budget_problem
from backend.downloads.cli import add_export_command
from backend.errors import DomainError, ImportRejected
from backend.essays.extraction_cli import add_extract_command
from backend.essays.intake_cli import add_import_command
from backend.flags.cli import flags_app
from backend.forwarding.cli import forwarding_app
from backend.judging.results_cli import writing_results_app
from backend.movement.cli import add_movement_commands
from backend.movement.intake_cli import add_intake_commands
from backend.movement.stats_cli import add_stats_commands
from backend.results.cli import results_app
from backend.results.rulings_cli import rulings_app
from backend.tallies.cli import tallies_app
from backend.writing.tally_cli import writing_app

app = Typer(name="thidua", help="Thi Đua: nền tảng cuộc thi và phong trào thi đua.")
db_app = Typer(help="Cơ sở dữ liệu: đưa lược đồ lên phiên bản mới.")
users_app = Typer(help="Tài khoản cán bộ.")
units_app = Typer(help="Cây đơn vị: nhập và xuất tệp Excel.")
demo_app = Typer(help="Dữ liệu mẫu để dùng thử.")
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(units_app, name="units")
app.add_typer(demo_app, name="demo")
add_export_command(results_app)  # `thidua results export`
results_app.add_typer(rulings_app, name="rulings")
app.add_typer(results_app, name="results")
app.add_typer(tallies_app, name="tallies")
app.add_typer(analysis_app, name="analysis")
app.add_typer(flags_app, name="flags")
essays_app = Typer(help="Bài dự thi viết: đọc chữ và đếm số từ, nhận bài theo lô.")
add_extract_command(essays_app)  # `thidua essays extract-text`
add_import_command(essays_app)  # `thidua essays import`
app.add_typer(essays_app, name="essays")
writing_app.add_typer(writing_results_app, name="results")  # `thidua writing results ...`
writing_app.add_typer(forwarding_app, name="forwarding")  # `thidua writing forwarding ...`
app.add_typer(writing_app, name="writing")
movement_app = Typer(help="Phong trào thi đua “Dân vận khéo”: đợt, đăng ký, xét công nhận, "
                          "thống kê và báo cáo.")
add_intake_commands(movement_app)  # `thidua movement import`
app.add_typer(movement_app, name="movement")
add_stats_commands(movement_app)  # `thidua movement stats`, `thidua movement report`
add_movement_commands(movement_app)  # years, create-year, add-field, entries, advance
commendations_app = Typer(help="Khen thưởng: hình thức, danh sách đề nghị, quyết định và danh "
                               "sách khen thưởng theo mẫu.")
add_commendation_commands(commendations_app)  # `thidua commendations forms|decide|...`
add_nominate_command(commendations_app)  # `thidua commendations nominate`
app.add_typer(commendations_app, name="commendations")
add_list_commands(commendations_app)  # `thidua commendations export`


def report(error: DomainError, filename: str = "") -> None:
    if isinstance(error, ImportRejected):
        lines = [f"{filename}: {problem}" if filename else str(problem)
                 for problem in error.problems]
        fail("\n".join([error.message, *lines]))
    fail(error.message)


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Option(metavar="PHIÊN_BẢN", help=(
        "Phiên bản lược đồ cần đưa lên; head là bản mới nhất"))] = "head",
) -> None:
    """Đưa lược đồ cơ sở dữ liệu lên phiên bản mới nhất."""
    settings = get_settings()
    migrate.upgrade(settings.database_url, revision)
    typer.echo(f"Cơ sở dữ liệu đã ở phiên bản {revision}.")


@db_app.command("revision")
def db_revision(message: Annotated[str, typer.Option(
        "-m", "--message", metavar="MÔ_TẢ", help="Mô tả ngắn của thay đổi")]) -> None:
    """(Dành cho người phát triển) Tạo migration mới từ thay đổi của mô hình."""
    migrate.make_revision(get_settings().database_url, message)


@users_app.command("create")
def users_create(
    role: Annotated[Role, typer.Option(help=(
        "Vai trò: organiser (ban tổ chức), unit_officer (cán bộ đơn vị) hoặc judge "
        "(giám khảo)"))],
    username: Annotated[str, typer.Option(metavar="TÊN", help=(
        "Tên đăng nhập: chữ không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang"))],
    full_name: Annotated[str, typer.Option("--full-name", metavar="HỌ_TÊN",
                                           help="Họ và tên người dùng")],
    password: Annotated[str | None, typer.Option(metavar="MẬT_KHẨU", help=(
        "Mật khẩu (ít nhất 8 ký tự); bỏ trống để được hỏi và nhập ẩn"))] = None,
    unit: Annotated[str | None, typer.Option(metavar="MÃ", help=(
        "Mã đơn vị, bắt buộc với cán bộ đơn vị"))] = None,
    personal_data: Annotated[bool, typer.Option("--personal-data", help=(
        "Được xem đầy đủ dữ liệu cá nhân của thí sinh trong phạm vi của mình"))] = False,
) -> None:
    """Tạo tài khoản cán bộ."""
    from backend.units import service as units

    settings = get_settings()
    if password is None:
        password = typer.prompt("Mật khẩu", hide_input=True)
        if typer.prompt("Nhập lại mật khẩu", hide_input=True) != password:
            fail("Hai lần nhập mật khẩu không khớp nhau; chưa tạo tài khoản nào.")
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


XLSX_FILE = typer.Argument(metavar="TỆP_XLSX", help="Đường dẫn tệp Excel .xlsx")


@units_app.command("import")
def units_import(path: Annotated[Path, XLSX_FILE]) -> None:
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
def units_export(path: Annotated[Path, XLSX_FILE]) -> None:
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
    host: Annotated[str, typer.Option(metavar="ĐỊA_CHỈ", help=(
        "Địa chỉ lắng nghe; 0.0.0.0 để máy khác truy cập được"))] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="CỔNG", help="Cổng lắng nghe")] = 8000,
    workers: Annotated[int, typer.Option(metavar="SỐ", help="Số tiến trình phục vụ")] = 1,
    scheduler: Annotated[bool, typer.Option(show_default=False, help=(
        "Chạy cả các tác vụ định kỳ trong tiến trình này (mặc định: không)"))] = False,
) -> None:
    """Chạy máy chủ web."""
    import uvicorn

    settings = get_settings()
    problem = connection_budget_problem(settings, workers=workers, scheduler=scheduler)
    if problem:
        typer.secho(problem, fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    if scheduler:
        from scheduled.runner import start_background

        start_background(settings)
    typer.secho(f"\nThi Đua đang chạy tại http://{host}:{port}", fg=typer.colors.GREEN, bold=True)
    typer.echo(f"Tài liệu API: http://{host}:{port}/docs")
    logins = demo_logins(settings)
    if logins:
        typer.echo("Tài khoản mẫu:")
        for line in logins:
            typer.echo(f"  {line}")
    typer.echo("Nhấn Ctrl+C để dừng.\n")
    # Only the proxies named in the settings may say who the client is (X-Forwarded-For);
    # the rate limits count that address.
    uvicorn.run("backend.asgi:app", host=host, port=port, workers=workers,
                proxy_headers=True, forwarded_allow_ips=settings.forwarded_allow_ips,
                log_level="info")


def demo_logins(settings: Settings) -> list[str]:
    """The demo sign-ins, worth printing only in development once the demo data is loaded."""
    from backend.demo import DEMO_LOGINS, DEMO_STAFF

    if settings.environment != "development":
        return []
    database = Database(settings)
    try:
        with database.scope(write=False) as session:
            organiser = session.exec(select(UserAccount.id).where(
                UserAccount.username == DEMO_STAFF[0][0])).first()
    except SQLAlchemyError:
        organiser = None  # no database yet, or not migrated: nothing loaded either
    finally:
        database.dispose()
    return DEMO_LOGINS if organiser is not None else []


@app.command("scheduler")
def run_scheduler() -> None:
    """Chạy các tác vụ định kỳ (tự nộp bài hết giờ, tổng hợp kết quả, dọn bộ đếm)."""
    from scheduled.runner import run_forever

    run_forever(get_settings())
