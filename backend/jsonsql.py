"""JSON in SQL where SQLite and PostgreSQL spell it differently: one construct, two spellings."""

from sqlalchemy import JSON, Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class json_merge(FunctionElement):  # noqa: N801 - named like the SQL functions it stands for
    """The first JSON object with the second's keys put over it (top level only)."""

    type = JSON()
    inherit_cache = True
    name = "json_merge"


@compiles(json_merge, "postgresql")
def _merge_postgresql(element, compiler, **kw):
    first, second = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(CAST({first} AS JSONB) || CAST({second} AS JSONB) AS JSON)"


@compiles(json_merge, "sqlite")
def _merge_sqlite(element, compiler, **kw):
    # RFC 7396 merge: values here are arrays, never null, so keys are only replaced or added.
    first, second = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"json_patch({first}, {second})"


class json_array_has(FunctionElement):  # noqa: N801
    """Whether a JSON array of strings holds the given text."""

    type = Boolean()
    inherit_cache = True
    name = "json_array_has"


@compiles(json_array_has, "postgresql")
def _has_postgresql(element, compiler, **kw):
    array, value = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(CAST({array} AS JSONB) @> jsonb_build_array(CAST({value} AS TEXT)))"


@compiles(json_array_has, "sqlite")
def _has_sqlite(element, compiler, **kw):
    array, value = (compiler.process(clause, **kw) for clause in element.clauses)
    # Both are compiled clauses (a column, a bound parameter), never values.
    return f"EXISTS (SELECT 1 FROM json_each({array}) WHERE json_each.value = {value})"  # noqa: S608
