"""Time: aware UTC everywhere inside, converted to Asia/Ho_Chi_Minh only at the edges.

The database columns convert to UTC before storing (SQLite keeps no offset, PostgreSQL uses
timestamptz), so the two databases agree and nothing comes back shifted.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Aware datetimes converted to UTC; naive ones are taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def local_to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time typed by a person in `zone` (naive), as UTC."""
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    return local.replace(tzinfo=zone).astimezone(UTC)


def utc_to_local(moment: datetime, zone: ZoneInfo) -> datetime:
    """A stored instant in `zone`, for display."""
    return as_utc(moment).astimezone(zone)


def to_epoch_ms(moment: datetime) -> int:
    """Milliseconds since the epoch, the form browsers and mobile clients count from."""
    return int(as_utc(moment).timestamp() * 1000)
