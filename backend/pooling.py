"""PostgreSQL connection pools: checking a pooled connection only when it may have gone stale."""

import time

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError


def ping_when_idle(engine: Engine, idle_limit: float) -> None:
    """Instead of pool_pre_ping's round trip at every checkout, only a connection that has sat
    idle is checked before use: one in steady use has just proven itself, and a dead one found
    here is replaced transparently (SQLAlchemy retries the checkout)."""

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy):
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < idle_limit:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError(str(error)) from error
