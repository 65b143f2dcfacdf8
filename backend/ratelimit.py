"""Counting requests per key in fixed windows, shared by every worker and host.

Redis when configured, the database otherwise. The counter is incremented before the
guarded work runs, so a burst of parallel requests cannot slip past the limit.
"""

import math
import re
from contextlib import nullcontext
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple, Protocol

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    String,
    bindparam,
    case,
    delete,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel

from backend.clock import to_epoch_ms
from backend.errors import Throttled
from backend.prepared import Prepared

if TYPE_CHECKING:
    from backend.db import Database

_GLOB = re.compile(r"([*?\[\]\\])")


class RateLimitCounter(SQLModel, table=True):
    __tablename__ = "rate_limit_counter"

    key: str = Field(sa_column=Column(String(200), primary_key=True))
    window_start: int = Field(sa_column=Column(BigInteger, nullable=False))
    hits: int = Field(sa_column=Column(Integer, nullable=False))


class Limit(NamedTuple):
    key: str
    limit: int
    window_seconds: int


class RateLimiter(Protocol):
    # True where counts are best written in the guarded work's own transaction (Writes.count).
    counts_with_writes: bool

    def hit(self, key: str, *, window_seconds: int, now: datetime,
            session: Session | None = None) -> int:
        """Count one request for `key` and return how many the current window holds."""

    def hit_all(self, limits: list[Limit], *, now: datetime,
                session: Session | None = None, commit: bool = True) -> list[int]:
        """`hit` for several keys at once (one commit, one round trip); with commit=False
        the counts join the transaction of `session`."""

    def reset(self, key: str, *, session: Session | None = None) -> None:
        """Forget the requests counted for `key` (after a successful sign-in)."""

    def used_up(self, limits: list[Limit], *, now: datetime, session: Session) -> bool:
        """Whether one more request would go over a limit (only where counts_with_writes)."""


def _window_start(now: datetime, window_seconds: int) -> int:
    seconds = to_epoch_ms(now) // 1000
    return seconds - seconds % window_seconds


class DatabaseRateLimiter:
    def __init__(self, database: "Database"):
        self.database = database
        # On SQLite, where every write takes the one write lock, counts are better written in
        # the guarded work's own transaction (see backend.usecase.Writes.count).
        self.counts_with_writes = database.is_sqlite
        self._insert = sqlite.insert if database.is_sqlite else postgresql.insert
        self._upserts: dict[int, Prepared] = {}
        self._reads: dict[int, Prepared] = {}

    def _upsert(self, count: int):
        """`count` keys in one INSERT .. SELECT .. ON CONFLICT DO UPDATE .. RETURNING, built
        once. The rows come as a UNION ALL of selects, not a multi-row VALUES, which
        SQLAlchemy would compile again at every call; `WHERE true` keeps SQLite's parser from
        reading ON CONFLICT as a join condition."""
        if count not in self._upserts:
            table = RateLimitCounter.__table__
            rows = union_all(*[
                select(bindparam(f"k{n}", type_=String).label("key"),
                       bindparam(f"s{n}", type_=BigInteger).label("window_start"),
                       literal(1, Integer).label("hits")).where(true())
                for n in range(count)])
            statement = self._insert(table).from_select(["key", "window_start", "hits"], rows)
            new_start = statement.excluded.window_start
            self._upserts[count] = Prepared(statement.on_conflict_do_update(
                index_elements=[table.c.key],
                set_={"hits": case((table.c.window_start == new_start, table.c.hits + 1),
                                   else_=1),
                      "window_start": new_start},
            ).returning(table.c.key, table.c.hits))
        return self._upserts[count]

    def hit(self, key: str, *, window_seconds: int, now: datetime,
            session: Session | None = None) -> int:
        return self.hit_all([Limit(key, 0, window_seconds)], now=now, session=session)[0]

    def hit_all(self, limits: list[Limit], *, now: datetime,
                session: Session | None = None, commit: bool = True) -> list[int]:
        """Every key in one statement, committed at once in the request's `session` when
        given: no second connection is needed, so none can wait on the SQLite lock the
        request holds. With `commit=False` the counts join the session's transaction."""
        windows: dict[str, int] = {}
        for limit in limits:
            windows[limit.key] = max(windows.get(limit.key, 0), limit.window_seconds)
        parameters = {}
        for n, (key, window) in enumerate(windows.items()):
            parameters[f"k{n}"], parameters[f"s{n}"] = key, _window_start(now, window)
        with self._session(session) as current:
            hits = dict(self._upsert(len(windows))(current.connection(), parameters).all())
            if commit:
                current.commit()
        return [hits[limit.key] for limit in limits]

    def used_up(self, limits: list[Limit], *, now: datetime, session: Session) -> bool:
        """Whether one more request would go over a limit (a read; counts nothing)."""
        read = self._reads.get(len(limits))
        if read is None:
            table = RateLimitCounter.__table__
            read = self._reads[len(limits)] = Prepared(
                select(table.c.key, table.c.window_start, table.c.hits)
                .where(table.c.key.in_([bindparam(f"k{n}") for n in range(len(limits))])))
        rows = read(session.connection(), {f"k{n}": limit.key for n, limit in enumerate(limits)})
        current = {row.key: row for row in rows}
        return any(
            limit.key in current and current[limit.key].hits >= limit.limit
            and current[limit.key].window_start == _window_start(now, limit.window_seconds)
            for limit in limits)

    def reset(self, key: str, *, session: Session | None = None) -> None:
        with self._session(session) as current:
            current.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))
            current.commit()

    def _session(self, given: Session | None):
        return nullcontext(given) if given is not None else self.database.scope()


class RedisRateLimiter:
    counts_with_writes = False

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url)

    def hit(self, key: str, *, window_seconds: int, now: datetime,
            session: Session | None = None) -> int:
        return self.hit_all([Limit(key, 0, window_seconds)], now=now)[0]

    def hit_all(self, limits: list[Limit], *, now: datetime,
                session: Session | None = None, commit: bool = True) -> list[int]:
        pipe = self.client.pipeline()
        for limit in limits:
            name = f"thidua:rl:{limit.key}:{_window_start(now, limit.window_seconds)}"
            pipe.incr(name)
            pipe.expire(name, limit.window_seconds + 5)
        return [int(hits) for hits in pipe.execute()[::2]]

    def reset(self, key: str, *, session: Session | None = None) -> None:
        # Keys hold user input ("login:user:a*"): escaped, it cannot match other accounts' keys.
        pattern = "thidua:rl:" + _GLOB.sub(r"\\\1", key) + ":*"
        for name in self.client.scan_iter(pattern):
            self.client.delete(name)


def make_limiter(database: "Database", redis_url: str | None) -> RateLimiter:
    return RedisRateLimiter(redis_url) if redis_url else DatabaseRateLimiter(database)


def enforce(
    limiter: RateLimiter, key: str, *, limit: int, window_seconds: int, now: datetime,
    message: str, session: Session | None = None,
) -> None:
    """Count this request and refuse it with 429 once `key` is over `limit` in its window."""
    enforce_all(limiter, [Limit(key, limit, window_seconds)], now=now, message=message,
                session=session)


def enforce_all(limiter: RateLimiter, limits: list[Limit], *, now: datetime, message: str,
                session: Session | None = None) -> None:
    """`enforce` for several keys, counted together; refused if any is over its limit."""
    refuse_over(limits, limiter.hit_all(limits, now=now, session=session), now, message)


def refuse_over(limits: list[Limit], hits: list[int], now: datetime, message: str) -> None:
    """Throttled, saying when to come back, if any count is over its limit."""
    over = [limit for limit, count in zip(limits, hits, strict=True) if count > limit.limit]
    if over:
        window_seconds = max(limit.window_seconds for limit in over)
        elapsed = (to_epoch_ms(now) // 1000) % window_seconds
        retry_after = max(1, window_seconds - elapsed)
        minutes = math.ceil(retry_after / 60)
        raise Throttled(f"{message} Vui lòng thử lại sau khoảng {minutes} phút.",
                        retry_after=retry_after)


def forget_old_counters(*, database: "Database", now: datetime,
                        keep_seconds: int = 86_400) -> int:
    """Delete database counters whose window ended long ago; returns how many went."""
    horizon = to_epoch_ms(now) // 1000 - keep_seconds
    with database.scope() as session:
        result = session.execute(
            delete(RateLimitCounter).where(RateLimitCounter.window_start < horizon)
        )
        session.commit()
    return result.rowcount or 0
