"""The `thidua` command: help and errors in Vietnamese throughout, and `serve`. The commands
of a feature are tested in its folder (tests/units/test_cli.py, tests/accounts/test_cli.py)."""

import re

import pytest
import typer
import uvicorn
from typer.testing import CliRunner

from backend.cli import app
from backend.clock import utcnow
from backend.config import get_settings
from backend.demo import DEMO_PASSWORD, load_units_and_staff
from tests.factories import TEST_SECRET

# Three or more words of plain ASCII letters in a row: an English phrase (Vietnamese words
# almost all carry diacritics, and a command's own path is taken out before looking).
ENGLISH_PHRASE = re.compile(r"(?<![\w-])[A-Za-z]{2,}(?:\s+[A-Za-z]{2,}){2,}(?![\w-])")
ENGLISH_WORDS = re.compile(r"\b(Usage|Options|Commands|Arguments|Error|Show|default|"
                           r"required|completion|OPTIONS|COMMAND|ARGS|Missing|Invalid|"
                           r"such|Try)\b|<(str|int|path|bool)>")


def command_paths(command=None, path=()) -> list[tuple[str, ...]]:
    """Every command and group of `thidua`, as the words typed after it."""
    command = command or typer.main.get_command(app)
    found = [path]
    for name, sub in getattr(command, "commands", {}).items():
        found += command_paths(sub, (*path, name))
    return found


def english_left(output: str, path: tuple[str, ...]) -> list[str]:
    text = output.replace(" ".join(("thidua", *path)), "")
    return ENGLISH_PHRASE.findall(text) + [m.group(0) for m in ENGLISH_WORDS.finditer(text)]


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "thidua")
def test_every_help_page_is_vietnamese(path):
    result = CliRunner().invoke(app, [*path, "--help"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Cách dùng: {' '.join(('thidua', *path))} [TÙY CHỌN]")
    assert re.search(r"^  --help +Hiện hướng dẫn này rồi thoát\.$", result.output, re.MULTILINE)
    assert english_left(result.output, path) == []


@pytest.mark.parametrize(("args", "said"), [
    (["serve", "--port", "tam-nghin"],
     "Lỗi: Giá trị “tam-nghin” của --port không hợp lệ: cần một số nguyên."),
    (["users", "create", "--role", "superadmin", "--username", "a", "--full-name", "A"],
     "Lỗi: Giá trị “superadmin” của --role không hợp lệ: chọn một trong organiser, "
     "unit_officer, judge."),
    (["users", "create", "--username", "a"],
     "Lỗi: Thiếu tùy chọn --role; chọn một trong organiser, unit_officer, judge."),
    (["units", "import"], "Lỗi: Thiếu tham số TỆP_XLSX."),
    (["units", "import", "a.xlsx", "b.xlsx"], "Lỗi: Thừa tham số: b.xlsx."),
    (["serve", "--hots", "0.0.0.0"],
     "Lỗi: Không có tùy chọn --hots. Có phải ý bạn là --host hoặc --port?"),
    (["serve", "--port"], "Lỗi: Tùy chọn --port cần một giá trị."),
    (["serve", "--scheduler=1"], "Lỗi: Tùy chọn --scheduler không nhận giá trị."),
    (["user", "create"], "Lỗi: Không có lệnh “user”. Có phải ý bạn là “users”?"),
])
def test_a_mistyped_command_is_answered_in_vietnamese(args, said):
    result = CliRunner().invoke(app, args)

    assert result.exit_code == 2
    assert said in result.stderr.splitlines()
    assert english_left(result.stderr, ()) == []


def test_a_group_without_a_command_shows_its_help(database_url):
    result = CliRunner().invoke(app, ["users"])

    assert result.exit_code == 2
    assert "Cách dùng: thidua users [TÙY CHỌN] LỆNH [THAM SỐ]..." in result.stderr
    assert "create  Tạo tài khoản cán bộ." in result.stderr


# --- thidua serve --------------------------------------------------------------------------

@pytest.fixture
def serve(monkeypatch, database_url):
    """`thidua serve` with the given THIDUA_* environment; uvicorn's run is caught instead of
    serving, and what it was given is returned with the output."""

    def run(**environment: str):
        for name, value in {"THIDUA_DATABASE_URL": database_url, **environment}.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        given = {}
        monkeypatch.setattr(uvicorn, "run", lambda target, **options: given.update(
            target=target, **options))
        result = CliRunner().invoke(app, ["serve", "--port", "8123"])
        get_settings.cache_clear()
        assert result.exit_code == 0, result.output
        return result.stdout, given

    return run


def test_serve_refuses_more_workers_than_postgresql_can_connect(monkeypatch, database_url,
                                                               is_postgres):
    if not is_postgres:
        pytest.skip("a connection budget is PostgreSQL's")
    monkeypatch.setenv("THIDUA_DATABASE_URL", database_url)
    get_settings.cache_clear()
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: pytest.fail("started"))
    result = CliRunner().invoke(app, ["serve", "--workers", "500"])
    get_settings.cache_clear()

    assert result.exit_code == 1
    assert "500 tiến trình cần tới" in result.output


@pytest.fixture
def demo_loaded(database):
    list(load_units_and_staff(database=database, now=utcnow()))


def test_serve_prints_the_demo_logins_in_development_once_the_demo_is_loaded(serve,
                                                                          demo_loaded):
    output, given = serve(THIDUA_ENVIRONMENT="development")

    assert "Thi Đua đang chạy tại http://127.0.0.1:8123" in output
    assert "Tài khoản mẫu:" in output
    assert f"bantochuc / {DEMO_PASSWORD}" in output
    assert given["port"] == 8123


def test_serve_prints_no_demo_login_when_the_demo_is_not_loaded(serve, database):
    output, _ = serve(THIDUA_ENVIRONMENT="development")

    assert "Thi Đua đang chạy tại http://127.0.0.1:8123" in output
    assert "Tài khoản mẫu" not in output
    assert DEMO_PASSWORD not in output


def test_serve_prints_no_demo_login_outside_development(serve, demo_loaded):
    output, _ = serve(THIDUA_ENVIRONMENT="production", THIDUA_SECRET_KEY=TEST_SECRET)

    assert "Tài khoản mẫu" not in output
    assert DEMO_PASSWORD not in output


def test_serve_prints_no_demo_login_before_the_database_exists(serve, tmp_path):
    output, _ = serve(THIDUA_ENVIRONMENT="development",
                      THIDUA_DATABASE_URL=f"sqlite:///{tmp_path / 'chua-co.sqlite3'}")

    assert "Tài khoản mẫu" not in output


def test_serve_trusts_forwarded_addresses_only_from_the_proxies_set(serve):
    _, default = serve(THIDUA_ENVIRONMENT="development")
    _, chosen = serve(THIDUA_ENVIRONMENT="development",
                      THIDUA_FORWARDED_ALLOW_IPS="10.0.0.5, 10.1.0.0/16")

    assert (default["proxy_headers"], default["forwarded_allow_ips"]) == (True, "127.0.0.1")
    assert chosen["forwarded_allow_ips"] == "10.0.0.5,10.1.0.0/16"
    assert chosen["target"] == "backend.asgi:app"
