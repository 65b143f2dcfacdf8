"""A PostgreSQL test database put back as a test found it, cheaply.

TRUNCATE of every table took 0.2-0.7 s a test: it gives each table new files and forces a
synchronous commit. Emptying only the tables a test wrote to, with DELETE, leaves the same
empty tables with their identities restarted in a few milliseconds. A snapshot (COPY of the
tables a fixture filled, and where their sequences stood) puts a prepared world back in as
little, instead of building it again through the services for each test.
"""

from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import NullPool

from backend.db import metadata

# Tables that refuse DELETE (the append-only audit trail has a trigger saying so): TRUNCATE
# empties them, as it did every table before.
GUARDED_TABLES = """
    SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND (t.tgtype & 8) <> 0
"""
# Each table's own sequences (serial and identity columns), which RESTART IDENTITY restarted.
OWNED_SEQUENCES = """
    SELECT t.relname, s.relname FROM pg_class s
    JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
        AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid
    WHERE s.relkind = 'S'
"""


def worker_database(url: str, worker: str) -> str:
    """The URL of `url`'s database with the worker's name appended (`test` -> `test_gw0`),
    created on the same server if missing, so that parallel workers never share tables."""
    base = make_url(url)
    name = f"{base.database}_{worker}"
    server = create_engine(base.set(database="postgres"), poolclass=NullPool,
                           isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": name})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _quoted(names) -> str:
    return ", ".join(f'"{name}"' for name in names)


@dataclass
class Snapshot:
    """What a fixture wrote: each non-empty table's rows in COPY's text form, parents first,
    and each sequence's (last_value, is_called)."""

    rows: dict[str, bytes]
    sequences: dict[str, tuple[int, bool]]


class Tables:
    """The migrated schema of one database, read once: which tables to empty, in which
    order, and the sequences to restart with them."""

    def __init__(self, url: str):
        self.engine = create_engine(url, pool_size=1, max_overflow=0)
        self.order = [table.name for table in metadata.sorted_tables]  # parents first
        with self.engine.connect() as connection:
            self.guarded = set(connection.scalars(text(GUARDED_TABLES)))
            self.sequences: dict[str, list[str]] = {}
            for table, sequence in connection.execute(text(OWNED_SEQUENCES)):
                self.sequences.setdefault(table, []).append(sequence)
        self._probe = text(" UNION ALL ".join(
            f"SELECT '{name}' WHERE EXISTS (SELECT FROM \"{name}\")" for name in self.order))

    def filled(self, connection: Connection) -> list[str]:
        """The tables holding a row, parents first."""
        found = set(connection.scalars(self._probe))
        return [name for name in self.order if name in found]

    def empty(self) -> None:
        """Every table empty and every identity back at 1, as TRUNCATE ... RESTART IDENTITY
        leaves them."""
        with self.engine.begin() as connection:
            filled = self.filled(connection)
            if not filled:
                return
            guarded = [name for name in filled if name in self.guarded]
            if guarded:
                connection.execute(text(f"TRUNCATE {_quoted(guarded)} CASCADE"))
            for name in reversed(filled):  # children before the rows they point at
                if name not in guarded:
                    connection.execute(text(f'DELETE FROM "{name}"'))
            restart = [s for name in filled for s in self.sequences.get(name, ())]
            if restart:
                connection.execute(text("SELECT " + ", ".join(
                    f"setval('\"{s}\"', 1, false)" for s in restart)))

    def snapshot(self) -> Snapshot:
        with self.engine.begin() as connection:
            filled = self.filled(connection)
            cursor = connection.connection.driver_connection.cursor()
            rows = {}
            for name in filled:
                with cursor.copy(f'COPY "{name}" TO STDOUT') as copy:
                    rows[name] = b"".join(bytes(block) for block in copy)
            sequences = {
                s: tuple(connection.execute(text(f'SELECT last_value, is_called FROM "{s}"')).one())
                for name in filled for s in self.sequences.get(name, ())}
        return Snapshot(rows=rows, sequences=sequences)

    def restore(self, snapshot: Snapshot) -> None:
        """The snapshot's rows and sequences back in the (empty) tables."""
        with self.engine.begin() as connection:
            cursor = connection.connection.driver_connection.cursor()
            for name, data in snapshot.rows.items():
                with cursor.copy(f'COPY "{name}" FROM STDIN') as copy:
                    copy.write(data)
            if snapshot.sequences:
                connection.execute(text("SELECT " + ", ".join(
                    f"setval('\"{s}\"', {value}, {'true' if called else 'false'})"
                    for s, (value, called) in snapshot.sequences.items())))

    def dispose(self) -> None:
        self.engine.dispose()
