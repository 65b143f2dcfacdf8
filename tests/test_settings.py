"""Settings: a secret that must be set outside development, and limits that can be tuned."""

import os

import pytest
from pydantic import ValidationError

from backend.config import DEVELOPMENT_SECRET, Settings, get_settings
from tests.factories import TEST_SECRET

SECRET_REFUSED = ("THIDUA_SECRET_KEY phải được đặt (ít nhất 32 ký tự ngẫu nhiên) "
                  "khi không chạy ở môi trường development.")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Only what a test sets counts: no THIDUA_* from the shell, no cached settings."""
    for name in [n for n in os.environ if n.startswith("THIDUA_")]:
        monkeypatch.delenv(name)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize("environment", ["production", "test"])
def test_default_secret_is_refused_outside_development(environment):
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, environment=environment)

    assert SECRET_REFUSED in str(refused.value)


@pytest.mark.parametrize("environment", ["production", "test"])
def test_the_default_secret_typed_in_explicitly_is_refused_too(environment):
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, environment=environment, secret_key=DEVELOPMENT_SECRET)

    assert SECRET_REFUSED in str(refused.value)


def test_a_short_secret_is_refused_in_production():
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, environment="production", secret_key="ngan-qua-" * 3)

    assert SECRET_REFUSED in str(refused.value)


def test_a_long_random_secret_is_accepted_in_production():
    settings = Settings(_env_file=None, environment="production", secret_key=TEST_SECRET)

    assert settings.secret_key.get_secret_value() == TEST_SECRET
    assert TEST_SECRET not in repr(settings)


def test_development_runs_with_the_default_secret():
    settings = Settings(_env_file=None)

    assert settings.environment == "development"
    assert settings.secret_key.get_secret_value() == DEVELOPMENT_SECRET


def test_production_without_a_secret_in_the_environment_does_not_start(monkeypatch):
    monkeypatch.setenv("THIDUA_ENVIRONMENT", "production")

    with pytest.raises(ValidationError) as refused:
        get_settings()

    assert SECRET_REFUSED in str(refused.value)


def test_sign_in_limits_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("THIDUA_LOGIN_ATTEMPTS_PER_ACCOUNT", "3")
    monkeypatch.setenv("THIDUA_LOGIN_ATTEMPTS_PER_IP", "25")
    monkeypatch.setenv("THIDUA_LOGIN_WINDOW_SECONDS", "600")
    monkeypatch.setenv("THIDUA_STAFF_SESSION_HOURS", "4")

    settings = get_settings()

    assert (settings.login_attempts_per_account, settings.login_attempts_per_ip,
            settings.login_window_seconds, settings.staff_session_hours) == (3, 25, 600, 4)


def test_sign_in_limits_have_safe_defaults():
    settings = Settings(_env_file=None)

    assert (settings.login_attempts_per_account, settings.login_window_seconds) == (8, 900)
    assert (settings.password_time_cost, settings.password_memory_kib) == (2, 19_456)


def test_per_address_limits_are_a_backstop_sized_for_a_carriers_nat():
    settings = Settings(_env_file=None)

    assert (settings.register_per_ip, settings.start_per_ip,
            settings.login_attempts_per_ip) == (3_000, 6_000, 3_000)
    assert (settings.register_per_phone, settings.start_per_contestant,
            settings.login_attempts_per_account) == (5, 30, 8)


@pytest.mark.parametrize("field", ["login_attempts_per_account", "login_attempts_per_ip",
                                   "login_window_seconds", "staff_session_hours",
                                   "register_per_ip", "register_per_phone", "start_per_ip",
                                   "start_per_contestant", "contest_limit_window_seconds"])
@pytest.mark.parametrize("value", [0, -5])
def test_a_limit_that_is_not_positive_is_refused_at_start(field, value):
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, **{field: value})

    assert field in str(refused.value)


@pytest.mark.parametrize("zone", ["Asia/Sai_Gon_Khong_Co", "../../etc/passwd", ""])
def test_an_unknown_time_zone_is_refused_with_a_clear_message(zone):
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, time_zone=zone)

    assert f"Không có múi giờ “{zone}” (ví dụ đúng: Asia/Ho_Chi_Minh)." in str(refused.value)


def test_the_default_time_zone_is_vietnams():
    assert str(Settings(_env_file=None).zone) == "Asia/Ho_Chi_Minh"


def test_only_the_local_proxy_is_trusted_by_default():
    assert Settings(_env_file=None).forwarded_allow_ips == "127.0.0.1"


@pytest.mark.parametrize(("given", "kept"), [
    (" 10.0.0.5 , 10.1.0.0/16,::1 ", "10.0.0.5,10.1.0.0/16,::1"), ("*", "*"), ("", "")])
def test_trusted_proxies_are_read_as_addresses_and_networks(monkeypatch, given, kept):
    monkeypatch.setenv("THIDUA_FORWARDED_ALLOW_IPS", given)

    assert get_settings().forwarded_allow_ips == kept


@pytest.mark.parametrize("entry", ["nginx.local", "10.0.0.5/8", "300.1.1.1", "*/8"])
def test_a_trusted_proxy_that_is_no_address_is_refused_with_the_entry_named(entry):
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, forwarded_allow_ips=f"127.0.0.1, {entry}")

    assert (f"THIDUA_FORWARDED_ALLOW_IPS: “{entry}” không phải địa chỉ IP hay dải mạng "
            "(ví dụ: 127.0.0.1, 10.0.0.0/8; “*” là tin mọi nơi).") in str(refused.value)

