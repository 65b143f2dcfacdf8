"""PostgreSQL for the busiest requests: synchronous code whose database waits are awaited.

The contestant API's use cases are the same synchronous functions the pages and jobs call. On
PostgreSQL each statement is a network round trip; run in threads, the waiting threads then
contend for the interpreter lock, and the pool of threads caps how many requests can wait at
once. Here they run on the event loop in a greenlet (SQLAlchemy's bridge from synchronous code
to asyncio, the one its own async engine is built on): every wait for the database is awaited,
one loop serves many requests at once, and the asyncpg driver spends a fraction of a
synchronous driver's CPU per statement.
"""

import asyncio

from sqlalchemy import Engine, NullPool, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from backend.config import Settings
from backend.pooling import ping_when_idle


class AwaitedPostgres:
    """Engines whose connections are used only by code that Database.run runs.

    A server process serves its requests on one event loop, opened by the application's
    lifespan (`open`), and its connections are pooled on that loop. Code running on any other
    loop (a test client without lifespan, say) gets connections that live for one use, as
    asyncpg's cannot move between loops."""

    def __init__(self, settings: Settings):
        self.url = make_url(settings.database_url).set(drivername="postgresql+asyncpg")
        self.settings = settings
        self._pooled: tuple[asyncio.AbstractEventLoop, AsyncEngine, asyncio.Semaphore] | None = None
        self._unpooled: AsyncEngine | None = None

    def engine(self) -> Engine:
        """The engine for the running loop (its synchronous face, for code run in a greenlet
        by Database.run)."""
        loop = asyncio.get_running_loop()
        if self._pooled is not None and self._pooled[0] is loop:
            return self._pooled[1].sync_engine
        if self._unpooled is None:
            self._unpooled = create_async_engine(self.url, poolclass=NullPool)
        return self._unpooled.sync_engine

    def gate(self) -> asyncio.Semaphore | None:
        """How many use cases of the running loop may work on the database at once (one
        connection each), or None off the application's loop."""
        loop = asyncio.get_running_loop()
        if self._pooled is not None and self._pooled[0] is loop:
            return self._pooled[2]
        return None

    def open(self) -> None:
        """Pool connections on the running loop, for the life of the application: exactly
        db_pool_size of them, as a use case holds one at a time and no more than that many
        work at once (see Database.run), so the pool never opens extra connections (each a
        fork on the server) nor runs dry."""
        size = self.settings.db_pool_size
        engine = create_async_engine(self.url, pool_size=size, max_overflow=0,
                                     pool_timeout=60)
        ping_when_idle(engine.sync_engine, self.settings.db_ping_after_idle_seconds)
        self._pooled = (asyncio.get_running_loop(), engine, asyncio.Semaphore(size))

    async def close(self) -> None:
        if self._pooled is not None:
            engine = self._pooled[1]
            self._pooled = None
            await engine.dispose()
