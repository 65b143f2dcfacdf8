"""The schema Alembic builds is exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

import backend.models  # noqa: F401
from backend.db import kept_on, metadata


def test_upgraded_empty_database_matches_the_models(database_url):
    engine = create_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": kept_on(connection.dialect.name)})
        differences = compare_metadata(context, metadata)
    engine.dispose()
    assert differences == []


def test_attempt_events_cannot_be_edited_or_deleted(database):
    with database.write_engine.connect() as connection:
        names = connection.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'" if database.is_sqlite else
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'attempt_event'::regclass "
            "AND NOT tgisinternal")).scalars().all()
    assert names
