"""The busiest statements, compiled once per database and run straight on the driver's cursor.

SQLAlchemy compiles and types these statements as usual: its SQL, its bind and result
processors, its transactions (and so the SQLite writer lock taken when one begins), its error
wrapping. What is left out is the per-execution machinery around a cached statement (cache
key, execution context, events, Row objects), which costs several times the statement itself
on SQLite, at a few dozen statements per contestant. Only fixed statements qualify: named
bind parameters, no expanding IN lists, no Python-side column defaults.
"""

from collections import namedtuple
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, insert, select
from sqlalchemy.exc import MultipleResultsFound, NoResultFound


class Rows:
    """What a statement returned: its rows, fetched at once, and how many rows it changed."""

    __slots__ = ("rowcount", "rows")

    def __init__(self, rows: list, rowcount: int):
        self.rows, self.rowcount = rows, rowcount

    def first(self):
        return self.rows[0] if self.rows else None

    def one(self):
        if len(self.rows) != 1:
            raise (NoResultFound if not self.rows else MultipleResultsFound)(
                f"{len(self.rows)} rows where exactly one was expected")
        return self.rows[0]

    def all(self) -> list:
        return self.rows

    def scalar(self):
        return self.rows[0][0] if self.rows else None

    def __iter__(self) -> Iterator:
        return iter(self.rows)


class _Plan:
    """One statement compiled for one dialect."""

    def __init__(self, statement, dialect):
        compiled = statement.compile(dialect=dialect)
        if (compiled.literal_execute_params or compiled.post_compile_params
                or compiled.insert_prefetch or compiled.update_prefetch):
            raise ValueError(f"not a fixed statement: {compiled.string}")
        self.sql = compiled.string
        self.dialect = dialect
        processors = compiled._bind_processors
        names = compiled.positiontup if compiled.positional else list(compiled.binds)
        # (name, key of the caller's parameter or None, constant value, processor)
        self.binds = []
        for name in names:
            bind = compiled.binds[name]
            key = bind.key if bind.required else None
            self.binds.append((name, key, None if key else bind.effective_value,
                               processors.get(name)))
        self.positional = compiled.positional
        self.columns = [(entry.keyname, entry.type) for entry in compiled._result_columns]
        self.row = namedtuple("Row", [name for name, _ in self.columns], rename=True)
        self.row_processors: list | None = None

    def arguments(self, params: Mapping[str, Any]):
        values = []
        for name, key, constant, process in self.binds:
            value = params[key] if key is not None else constant
            values.append((name, process(value) if process is not None else value))
        if self.positional:
            return self.dialect.execute_sequence_format([value for _, value in values])
        return dict(values)

    def rows(self, cursor) -> list:
        if cursor.description is None:
            return []
        fetched = cursor.fetchall()
        if self.row_processors is None:
            self.row_processors = [
                type_._cached_result_processor(self.dialect, described[1])
                for (_, type_), described in zip(self.columns, cursor.description, strict=True)]
        processors, make = self.row_processors, self.row._make
        if not any(processors):
            return [make(row) for row in fetched]
        return [make([value if process is None else process(value)
                      for process, value in zip(processors, row, strict=True)])
                for row in fetched]


class Prepared:
    """A fixed Core statement; `prepared(connection, params)` runs it in the connection's
    transaction (begun as SQLAlchemy would begin it) and returns its Rows."""

    def __init__(self, statement):
        self.statement = statement
        # One plan per driver: the same database may be reached through two (psycopg and
        # asyncpg), with their own parameter styles and type processing.
        self._plans: dict[type, _Plan] = {}

    def __call__(self, connection: Connection, params: Mapping[str, Any] | None = None) -> Rows:
        plan = self._plan(connection)
        arguments = plan.arguments(params or {})
        cursor = connection.connection.cursor()
        try:
            cursor.execute(plan.sql, arguments)
            return Rows(plan.rows(cursor), cursor.rowcount)
        except connection.dialect.loaded_dbapi.Error as error:
            connection._handle_dbapi_exception(error, plan.sql, arguments, cursor, None)
        finally:
            cursor.close()

    def many(self, connection: Connection, rows: list[Mapping[str, Any]]) -> int:
        """Run the statement once per mapping in `rows` (the driver's executemany), in the
        connection's transaction; how many rows it changed. For bulk writes, where building
        SQLAlchemy's parameters per row costs more than the database's work."""
        plan = self._plan(connection)
        arguments = [plan.arguments(row) for row in rows]
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(plan.sql, arguments)
            return cursor.rowcount
        except connection.dialect.loaded_dbapi.Error as error:
            connection._handle_dbapi_exception(error, plan.sql, arguments, cursor, None)
        finally:
            cursor.close()

    def _plan(self, connection: Connection) -> _Plan:
        plan = self._plans.get(type(connection.dialect))
        if plan is None:
            plan = self._plans[type(connection.dialect)] = _Plan(self.statement,
                                                                  connection.dialect)
        if not connection.in_transaction():
            connection.begin()
        return plan

    def __repr__(self) -> str:
        return f"Prepared({self.statement})"


def row_values(table, prefix: str = "") -> dict:
    """Every column but an autoincrementing key, each a parameter named after it (`prefix`
    first)."""
    return {column.name: bindparam(prefix + column.name, type_=column.type)
            for column in table.columns
            if not (column.primary_key and column.autoincrement is not False
                    and isinstance(column.type, Integer))}


def insert_row(table, *, returning=None) -> Prepared:
    """INSERT of one row (see row_values), returning `returning` (the new id, say)."""
    statement = insert(table).values(row_values(table))
    return Prepared(statement.returning(returning) if returning is not None else statement)


class Returned:
    """In a Chain's follow-up row: the value of column `name` that the first statement
    returned."""

    def __init__(self, name: str):
        self.name = name


class Chain:
    """A statement with RETURNING whose every returned row is followed by a row inserted into
    `table` (`values`: column -> Returned, or a SQL expression such as a bindparam): both or
    neither, and the first statement's rows come back. PostgreSQL runs the pair as one
    statement (a data-modifying CTE), so on an autocommit connection it is one round trip and
    one transaction; SQLite, which has no such CTE, runs the two in the connection's
    transaction (the caller commits)."""

    def __init__(self, first, table, values: dict):
        changed = first.cte("changed")

        def typed(column: str, value):
            if isinstance(value, Returned):
                return changed.c[value.name]
            if getattr(value, "type", None) is not None and value.type._isnull:
                return value._with_binary_element_type(table.c[column].type)
            return value

        followed = insert(table).from_select(
            list(values), select(*[typed(column, value) for column, value in values.items()]))
        self.together = Prepared(select(*changed.c).add_cte(followed.cte("followed")))
        self.first = Prepared(first)
        self.then = Prepared(insert(table).values({
            column: bindparam(f"returned_{value.name}", type_=table.c[column].type)
            if isinstance(value, Returned) else value
            for column, value in values.items()}))
        self._returned = [(f"returned_{v.name}", v.name) for v in values.values()
                          if isinstance(v, Returned)]

    def __call__(self, connection: Connection, params: Mapping[str, Any] | None = None) -> Rows:
        params = params or {}
        if connection.dialect.name == "postgresql":
            return self.together(connection, params)
        rows = self.first(connection, params)
        for row in rows:
            self.then(connection, {**params, **{key: getattr(row, name)
                                                for key, name in self._returned}})
        return rows
