"""Prepared statements: the same rows, types, transactions and errors as SQLAlchemy's own."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import JSON, bindparam, select, update
from sqlalchemy.exc import IntegrityError, NoResultFound

from backend.attempts.models import Attempt, AttemptState
from backend.prepared import Prepared, insert_row
from backend.ratelimit import RateLimitCounter
from tests.factories import on_a_loop_of_its_own

COUNTERS = RateLimitCounter.__table__
ADD = insert_row(COUNTERS)
HITS = Prepared(select(COUNTERS.c.hits).where(COUNTERS.c.key == bindparam("key")))
BUMP = Prepared(update(COUNTERS).where(COUNTERS.c.key == bindparam("k"))
                .values(hits=COUNTERS.c.hits + 1))
TYPED = select(
    bindparam("at", type_=Attempt.__table__.c.started_at.type).label("at"),
    bindparam("doc", type_=JSON).label("doc"),
    bindparam("state", type_=Attempt.__table__.c.state.type).label("state"))
ROUND_TRIP = {"at": datetime(2026, 12, 1, 5, 30, tzinfo=UTC), "doc": {"12": [3, 1]},
              "state": AttemptState.SUBMITTED}


def test_values_come_back_typed_as_sqlalchemy_types_them(database):
    with database.connection(write=False) as lazy:
        mine = Prepared(TYPED)(lazy.connection(), ROUND_TRIP).one()
        theirs = lazy.execute(TYPED, ROUND_TRIP).one()
    assert tuple(mine) == tuple(theirs)
    assert mine.at == ROUND_TRIP["at"]
    assert mine.at.tzinfo is not None
    assert mine.doc == {"12": [3, 1]}
    assert mine.state is AttemptState.SUBMITTED


def test_a_write_runs_in_the_connection_transaction_and_rolls_back_with_it(database):
    with database.connection(write=True) as lazy:
        ADD(lazy.connection(), {"key": "k", "window_start": 0, "hits": 1})
        assert HITS(lazy.connection(), {"key": "k"}).scalar() == 1
        lazy.rollback()
        assert HITS(lazy.connection(), {"key": "k"}).first() is None
        ADD(lazy.connection(), {"key": "k", "window_start": 0, "hits": 1})
        lazy.commit()
    with database.connection(write=False) as lazy:
        assert HITS(lazy.connection(), {"key": "k"}).scalar() == 1


def test_many_rows_are_written_as_sqlalchemy_writes_them_in_one_transaction(database):
    rows = [{"key": f"k{n}", "window_start": n, "hits": n * 2} for n in range(3)]
    with database.connection(write=True) as lazy:
        ADD.many(lazy.connection(), rows)
        lazy.rollback()
        assert HITS(lazy.connection(), {"key": "k1"}).first() is None
        ADD.many(lazy.connection(), rows)
        lazy.commit()
    with database.connection(write=False) as lazy:
        assert [HITS(lazy.connection(), {"key": f"k{n}"}).scalar() for n in range(3)] == [0, 2, 4]
    with database.connection(write=True) as lazy, pytest.raises(IntegrityError):
        ADD.many(lazy.connection(), rows[:1])


def test_an_update_tells_how_many_rows_it_changed(database):
    with database.connection(write=True) as lazy:
        ADD(lazy.connection(), {"key": "k", "window_start": 0, "hits": 1})
        assert BUMP(lazy.connection(), {"k": "k"}).rowcount == 1
        assert BUMP(lazy.connection(), {"k": "other"}).rowcount == 0
        assert HITS(lazy.connection(), {"key": "k"}).scalar() == 2


def test_a_unique_violation_is_sqlalchemys_integrity_error(database):
    with database.connection(write=True) as lazy:
        ADD(lazy.connection(), {"key": "k", "window_start": 0, "hits": 1})
        lazy.commit()
        with pytest.raises(IntegrityError):
            ADD(lazy.connection(), {"key": "k", "window_start": 0, "hits": 1})
        lazy.rollback()
        assert HITS(lazy.connection(), {"key": "k"}).scalar() == 1


def test_one_row_is_demanded_when_one_is_expected(database):
    with database.connection(write=False) as lazy, pytest.raises(NoResultFound):
        HITS(lazy.connection(), {"key": "missing"}).one()


def test_a_statement_that_changes_shape_per_call_is_refused(database):
    expanding = Prepared(select(COUNTERS.c.hits).where(COUNTERS.c.key.in_(["a", "b"])))
    refused = pytest.raises(ValueError, match="not a fixed statement")
    with database.connection(write=False) as lazy, refused:
        expanding(lazy.connection())


def test_one_statement_serves_both_postgresql_drivers(database, is_postgres):
    if not is_postgres:
        pytest.skip("PostgreSQL is reached through psycopg and asyncpg")
    prepared = Prepared(TYPED)
    with database.connection(write=False) as lazy:
        through_psycopg = prepared(lazy.connection(), ROUND_TRIP).one()

    def read_on_the_loop():
        with database.reads(on_loop=True) as db:
            return db.read(prepared, **ROUND_TRIP).one()

    async def through_asyncpg():
        return await database.run(read_on_the_loop)

    assert tuple(on_a_loop_of_its_own(through_asyncpg)) == tuple(through_psycopg)


def test_the_sqlalchemy_internals_prepared_statements_rely_on_are_still_there(database):
    """backend/prepared.py reaches past SQLAlchemy's public API; pyproject.toml pins the minor
    version these were tested with. If this fails after an upgrade, re-check prepared.py
    against the new version's compiler and connection before moving the pin."""
    import sqlalchemy
    from sqlalchemy import Connection
    from sqlalchemy.sql.compiler import SQLCompiler

    assert sqlalchemy.__version__.startswith("2.1."), sqlalchemy.__version__
    compiled = select(COUNTERS.c.hits).where(COUNTERS.c.key == bindparam("key")).compile(
        dialect=database.write_engine.dialect)
    assert isinstance(compiled, SQLCompiler)
    for name in ("literal_execute_params", "post_compile_params", "insert_prefetch",
                 "update_prefetch", "_bind_processors", "positiontup", "binds",
                 "_result_columns", "positional"):
        assert hasattr(compiled, name), f"SQLCompiler.{name} is gone"
    bind = compiled.binds["key"]
    assert (bind.required, bind.key) == (True, "key")
    assert hasattr(bind, "effective_value")
    entry = compiled._result_columns[0]
    assert (entry.keyname, type(entry.type).__name__) == ("hits", "Integer")
    assert callable(entry.type._cached_result_processor)
    assert entry.type._isnull is False
    assert bindparam("x").type._isnull is True
    assert callable(bindparam("x")._with_binary_element_type)
    assert callable(database.write_engine.dialect.execute_sequence_format)
    assert database.write_engine.dialect.loaded_dbapi is not None
    assert callable(Connection._handle_dbapi_exception)
    with database.connection(write=False) as lazy:
        assert lazy.connection().connection.driver_connection is not None
