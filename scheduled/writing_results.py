"""The writing competition's scheduled aggregation: final scores, ranks and prizes kept up
to date while judges score, by the same service as the results page's button."""

from datetime import datetime

from backend.db import Database
from backend.judging import aggregate


def compute_aggregates(*, database: Database, now: datetime) -> list[aggregate.Summary]:
    """Aggregate every judged, unlocked level whose scores changed since it was last done."""
    with database.scope() as session:
        return aggregate.aggregate_stale_levels(session=session, now=now)
