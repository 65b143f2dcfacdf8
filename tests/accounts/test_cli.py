"""`thidua users create`: the first organiser is made on the command line."""

import pytest
from typer.testing import CliRunner

from backend import cli
from backend.accounts.models import Role
from backend.accounts.passwords import staff_passwords
from backend.config import get_settings
from tests.accounts.conftest import stored_user
from tests.conftest import TEST_SECRET
from tests.factories import usernames

runner = CliRunner()


@pytest.fixture
def command_line(monkeypatch, database_url):
    """The `thidua` command, pointed at this test's database through the environment."""
    monkeypatch.setenv("THIDUA_DATABASE_URL", database_url)
    monkeypatch.setenv("THIDUA_ENVIRONMENT", "test")
    monkeypatch.setenv("THIDUA_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("THIDUA_PASSWORD_TIME_COST", "1")
    monkeypatch.setenv("THIDUA_PASSWORD_MEMORY_KIB", "1024")
    get_settings.cache_clear()

    def run(*args: str, input: str | None = None):
        return runner.invoke(cli.app, list(args), input=input)

    yield run
    get_settings.cache_clear()


def create(run, username: str, *extra: str, role: str = "organiser",
           password: str = "mat-khau-quan-tri-2026"):
    return run("users", "create", "--role", role, "--username", username,
               "--full-name", "Nguyễn Văn Quản Trị", "--password", password, *extra)


def test_users_create_makes_an_organiser_who_can_sign_in(command_line, database, settings):
    result = create(command_line, "QuanTri")

    stored = stored_user(database, "quantri")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Đã tạo tài khoản “quantri” (Ban tổ chức)."
    assert (stored.role, stored.full_name, stored.unit_id) == (
        Role.ORGANISER, "Nguyễn Văn Quản Trị", None)
    assert stored.password_hash.startswith("$argon2id$")
    assert "mat-khau-quan-tri-2026" not in stored.password_hash
    assert staff_passwords(settings).verify(stored.password_hash, "mat-khau-quan-tri-2026")


def test_users_create_refuses_a_taken_username_clearly(command_line, database):
    create(command_line, "quantri")

    result = create(command_line, " QuanTri ", password="mat-khau-khac-2026")

    assert result.exit_code == 1
    assert "Tên đăng nhập “quantri” đã có người dùng." in result.stderr
    assert "Traceback" not in result.output
    assert usernames(database) == ["quantri"]


def test_users_create_ties_a_unit_officer_to_the_unit_code_given(command_line, database, tree):
    result = create(command_line, "canbo.q3", "--unit", " q3 ", role="unit_officer")

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Đã tạo tài khoản “canbo.q3” (Cán bộ đơn vị)."
    assert stored_user(database, "canbo.q3").unit_id == tree["Q3"].id


def test_users_create_refuses_an_unknown_unit_code(command_line, database, tree):
    result = create(command_line, "canbo.x", "--unit", "KHONGCO", role="unit_officer")

    assert result.exit_code == 1
    assert "Không có đơn vị mã “KHONGCO”." in result.stderr
    assert usernames(database) == []


def test_users_create_refuses_a_weak_password_with_the_reason(command_line, database):
    result = create(command_line, "quantri", password="ngan")

    assert result.exit_code == 1
    assert "Mật khẩu phải có ít nhất 8 ký tự." in result.stderr
    assert usernames(database) == []


def test_users_create_asks_for_the_password_twice_when_not_given(command_line, database,
                                                                 settings):
    result = command_line("users", "create", "--role", "judge", "--username", "giamkhao",
                          "--full-name", "Lê Thị Giám Khảo",
                          input="mat-khau-an-2026\nmat-khau-an-2026\n")

    stored = stored_user(database, "giamkhao")
    assert result.exit_code == 0, result.output
    assert "mat-khau-an-2026" not in result.output
    assert stored.role == Role.JUDGE
    assert staff_passwords(settings).verify(stored.password_hash, "mat-khau-an-2026")


def test_users_create_stops_when_the_two_passwords_typed_differ(command_line, database):
    result = command_line("users", "create", "--role", "judge", "--username", "giamkhao",
                          "--full-name", "Lê Thị Giám Khảo",
                          input="mat-khau-an-2026\nmat-khau-khac-2026\n")

    assert result.exit_code == 1
    assert result.stderr == "Hai lần nhập mật khẩu không khớp nhau; chưa tạo tài khoản nào.\n"
    assert "Nhập lại mật khẩu" in result.output
    assert usernames(database) == []


def test_users_create_refuses_a_role_that_does_not_exist(command_line, database):
    result = create(command_line, "quantri", role="superadmin")

    assert result.exit_code == 2
    assert ("Lỗi: Giá trị “superadmin” của --role không hợp lệ: chọn một trong organiser, "
            "unit_officer, judge.") in result.stderr
    assert usernames(database) == []
