"""Whether the database answers, for /healthz, asked at most once a second per process.

Load balancers poll /healthz, and the load benchmark uses it as the cost of a request that
does nothing, so its healthy path must cost next to nothing: the last probe's answer is reused
for a second, and only one request at a time probes when it is older.
"""

import asyncio
import logging
import math
import time

from sqlalchemy import literal, literal_column, select, text

from backend.db import Database
from backend.prepared import Prepared

FRESH_SECONDS = 1.0
PROBE_TIMEOUT_SECONDS = 3.0
log = logging.getLogger(__name__)


class DatabaseHealth:
    """The answer of the last trivial query to the database, and when it came."""

    def __init__(self, database: Database):
        self.database = database
        # On SQLite, SELECT 1 would not read the file; the schema version is in its header.
        self.probe = Prepared(
            select(literal_column("schema_version")).select_from(text("pragma_schema_version"))
            if database.is_sqlite else select(literal(1)))
        self.answered: bool | None = None
        self.asked_at = -math.inf
        self.asked = 0  # how many times the database was asked, since the process started
        self._lock: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None

    async def answers(self) -> bool:
        """True when the database answered a query within the last second or so."""
        if time.monotonic() - self.asked_at >= FRESH_SECONDS:
            async with self._turn():
                if time.monotonic() - self.asked_at >= FRESH_SECONDS:
                    self._record(await self._ask())
        return bool(self.answered)

    async def _ask(self) -> bool:
        self.asked += 1
        try:
            async with asyncio.timeout(PROBE_TIMEOUT_SECONDS):
                await self.database.run(self._query)
        # Whatever the driver raises (refused, timed out, not a database), it did not answer.
        except Exception as error:
            if self.answered is not False:
                log.warning("The database does not answer: %r", error)
            return False
        return True

    def _query(self) -> None:
        with self.database.reads(on_loop=True) as db:
            db.read(self.probe)

    def _record(self, answered: bool) -> None:
        if answered and self.answered is False:
            log.warning("The database answers again.")
        self.answered, self.asked_at = answered, time.monotonic()

    def _turn(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock[0] is not loop:
            self._lock = (loop, asyncio.Lock())
        return self._lock[1]
