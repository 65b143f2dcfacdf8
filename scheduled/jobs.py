"""The jobs themselves: each calls the same service the pages and API call."""

from datetime import datetime

from backend import ratelimit
from backend.db import Database


def forget_old_rate_counters(*, database: Database, now: datetime) -> int:
    """Drop request counters whose window closed more than a day ago."""
    return ratelimit.forget_old_counters(database=database, now=now)
