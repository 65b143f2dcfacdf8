"""The one settings object, read from THIDUA_* environment variables (and .env)."""

from functools import lru_cache
from importlib.util import find_spec
from ipaddress import ip_network
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import PositiveInt, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "thidua-development-secret-change-me"  # noqa: S105 - refused outside dev
VAR_DIR = Path("var")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="THIDUA_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}"
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    time_zone: str = "Asia/Ho_Chi_Minh"
    redis_url: str | None = None
    # Addresses of the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed:
    # IPs or networks, comma-separated, or "*". Anyone else could claim any address.
    forwarded_allow_ips: str = "127.0.0.1"

    # Database tuning. FULL survives a power cut; NORMAL only a process crash.
    sqlite_synchronous: Literal["FULL", "NORMAL"] = "FULL"
    sqlite_busy_timeout_ms: int = 10_000
    # Per server process (see ARCHITECTURE.md): the contestant API holds at most db_pool_size
    # connections on the event loop; each of threadpool_size threads for pages at most two.
    db_pool_size: PositiveInt = 8
    threadpool_size: PositiveInt = 8
    # PostgreSQL: a pooled connection idle longer than this is checked before it is used.
    db_ping_after_idle_seconds: float = 5.0

    # Sessions and sign-in. Staff: Argon2id at OWASP's minimum (19 MiB, 2 passes, ~30 ms here).
    password_time_cost: int = 2
    password_memory_kib: int = 19_456
    # Contestants: 8 MiB, 1 pass (~6 ms here), so that a round's opening, when thousands
    # register within minutes, is not spent hashing; sign-in throttling guards the rest.
    contestant_password_time_cost: int = 1
    contestant_password_memory_kib: int = 8_192
    # Positive: a zero window would divide by zero on every sign-in.
    staff_session_hours: PositiveInt = 10
    contestant_session_hours: PositiveInt = 72
    login_attempts_per_account: PositiveInt = 8
    login_window_seconds: PositiveInt = 900

    # Traffic limits, per window, shared by all workers. One public address may stand for a
    # whole office, or for thousands of phones behind a mobile carrier's NAT, all arriving
    # when a round opens: per-address limits are only a backstop against one machine
    # flooding, while the limits per phone, account and contestant stay strict.
    login_attempts_per_ip: PositiveInt = 3_000
    register_per_ip: PositiveInt = 3_000
    register_per_phone: PositiveInt = 5
    start_per_ip: PositiveInt = 6_000
    start_per_contestant: PositiveInt = 30
    contest_limit_window_seconds: PositiveInt = 600

    # Attempts.
    answer_grace_seconds: int = 10
    expiry_sweep_seconds: int = 15

    # Writing competitions: units with unsigned forwarding batches are reminded on the home
    # pages when the window closes within this many days.
    forwarding_reminder_days: int = 3

    # Request bodies.
    max_upload_bytes: int = 5 * 1024 * 1024
    max_body_bytes: int = 256 * 1024
    # Essay files (the essay upload routes alone take bodies this large; see BodyLimit).
    essay_max_bytes: PositiveInt = 20 * 1024 * 1024
    # A movement entry's evidence file (its upload routes alone take bodies this large).
    evidence_max_bytes: PositiveInt = 20 * 1024 * 1024
    # A unit's bulk essay batch (the list and the .zip of every essay) on its two routes.
    max_batch_upload_bytes: int = 200 * 1024 * 1024

    # Stored files (backend/blobs): in the database unless an S3-compatible object store is
    # named (see ARCHITECTURE.md, "Stored files"); that needs the `s3` extra (boto3).
    blob_store: Literal["database", "object_store"] = "database"
    s3_endpoint_url: str | None = None  # None: AWS itself; MinIO etc. give their address
    s3_bucket: str | None = None
    s3_access_key_id: str | None = None  # None: boto3's own lookup (environment, role)
    s3_secret_access_key: SecretStr | None = None
    s3_region: str | None = None

    @field_validator("time_zone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"Không có múi giờ “{value}” (ví dụ đúng: Asia/Ho_Chi_Minh).") from None
        return value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _addresses_or_networks(cls, value: str) -> str:
        entries = [entry.strip() for entry in value.split(",") if entry.strip()]
        if entries == ["*"]:
            return "*"
        for entry in entries:
            try:
                ip_network(entry)
            except ValueError:
                raise ValueError(
                    f"THIDUA_FORWARDED_ALLOW_IPS: “{entry}” không phải địa chỉ IP hay dải mạng "
                    "(ví dụ: 127.0.0.1, 10.0.0.0/8; “*” là tin mọi nơi).") from None
        return ",".join(entries)

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> "Settings":
        if self.environment != "development" and (
            self.secret_key.get_secret_value() == DEVELOPMENT_SECRET
            or len(self.secret_key.get_secret_value()) < 32
        ):
            raise ValueError(
                "THIDUA_SECRET_KEY phải được đặt (ít nhất 32 ký tự ngẫu nhiên) "
                "khi không chạy ở môi trường development."
            )
        return self

    @model_validator(mode="after")
    def _object_store_usable(self) -> "Settings":
        if self.blob_store != "object_store":
            return self
        if not self.s3_bucket:
            raise ValueError("THIDUA_BLOB_STORE=object_store cần THIDUA_S3_BUCKET: tên bucket "
                             "lưu tệp bài dự thi.")
        if find_spec("boto3") is None:
            raise ValueError("THIDUA_BLOB_STORE=object_store cần thư viện boto3, chưa được cài: "
                             "hãy cài gói kèm phần s3 (pip install 'thidua[s3]') hoặc để "
                             "THIDUA_BLOB_STORE=database.")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


@lru_cache
def get_settings() -> Settings:
    return Settings()
