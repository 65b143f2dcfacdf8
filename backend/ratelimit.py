"""Counting requests per key in fixed windows, shared by every worker and host.

Redis when configured, the database otherwise. The counter is incremented before the
guarded work runs, so a burst of parallel requests cannot slip past the limit.
"""

import math
from datetime import datetime
from typing import Protocol

from sqlalchemy import BigInteger, Column, Integer, String, case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, SQLModel

from backend.clock import to_epoch_ms
from backend.db import Database
from backend.errors import Throttled


class RateLimitCounter(SQLModel, table=True):
    __tablename__ = "rate_limit_counter"

    key: str = Field(sa_column=Column(String(200), primary_key=True))
    window_start: int = Field(sa_column=Column(BigInteger, nullable=False))
    hits: int = Field(sa_column=Column(Integer, nullable=False))


class RateLimiter(Protocol):
    def hit(self, key: str, *, window_seconds: int, now: datetime) -> int:
        """Count one request for `key` and return how many the current window holds."""

    def reset(self, key: str) -> None:
        """Forget the requests counted for `key` (after a successful sign-in)."""


def _window_start(now: datetime, window_seconds: int) -> int:
    seconds = to_epoch_ms(now) // 1000
    return seconds - seconds % window_seconds


class DatabaseRateLimiter:
    def __init__(self, database: Database):
        self.database = database
        self._insert = sqlite.insert if database.is_sqlite else postgresql.insert

    def hit(self, key: str, *, window_seconds: int, now: datetime) -> int:
        start = _window_start(now, window_seconds)
        table = RateLimitCounter.__table__
        statement = self._insert(table).values(key=key, window_start=start, hits=1)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "hits": case((table.c.window_start == start, table.c.hits + 1), else_=1),
                "window_start": start,
            },
        ).returning(table.c.hits)
        with self.database.scope() as session:
            hits = session.execute(statement).scalar_one()
            session.commit()
        return hits

    def reset(self, key: str) -> None:
        with self.database.scope() as session:
            session.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))
            session.commit()


class RedisRateLimiter:
    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url)

    def hit(self, key: str, *, window_seconds: int, now: datetime) -> int:
        name = f"thidua:rl:{key}:{_window_start(now, window_seconds)}"
        pipe = self.client.pipeline()
        pipe.incr(name)
        pipe.expire(name, window_seconds + 5)
        hits, _ = pipe.execute()
        return int(hits)

    def reset(self, key: str) -> None:
        for name in self.client.scan_iter(f"thidua:rl:{key}:*"):
            self.client.delete(name)


def make_limiter(database: Database, redis_url: str | None) -> RateLimiter:
    return RedisRateLimiter(redis_url) if redis_url else DatabaseRateLimiter(database)


def enforce(
    limiter: RateLimiter, key: str, *, limit: int, window_seconds: int, now: datetime,
    message: str,
) -> None:
    """Count this request and refuse it with 429 once `key` is over `limit` in its window."""
    if limiter.hit(key, window_seconds=window_seconds, now=now) > limit:
        elapsed = (to_epoch_ms(now) // 1000) % window_seconds
        retry_after = max(1, window_seconds - elapsed)
        minutes = math.ceil(retry_after / 60)
        raise Throttled(f"{message} Vui lòng thử lại sau khoảng {minutes} phút.",
                        retry_after=retry_after)


def forget_old_counters(*, database: Database, now: datetime, keep_seconds: int = 86_400) -> int:
    """Delete database counters whose window ended long ago; returns how many went."""
    horizon = to_epoch_ms(now) // 1000 - keep_seconds
    with database.scope() as session:
        result = session.execute(
            delete(RateLimitCounter).where(RateLimitCounter.window_start < horizon)
        )
        session.commit()
    return result.rowcount or 0
