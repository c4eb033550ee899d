"""Bulk reads and writes for the planner and the demo seeder: thousands of rows in a few statements.

peewee's insert_many and model rows build a node or an object per value, which cost more than the
database itself at planning sizes; these go straight to the driver, converting each distinct value
once.
"""

from __future__ import annotations

import json
from datetime import datetime

from peewee import AutoField, CharField, ForeignKeyField, IntegerField, TextField

from bot.db import database, is_postgres


def insert_ignoring(model, fields: list, rows: list[tuple], *, returning: str | None = None) -> list[tuple] | None:
    """Insert many rows with one prepared statement, skipping any that collide with a unique key.

    For planning-sized batches: peewee's insert_many builds a node per value,
    which cost more than the database itself. With `returning` (column names,
    SQL), PostgreSQL gives back those columns of the rows it inserted; SQLite
    (whose executemany cannot return rows) gives None.
    """
    if not rows:
        return [] if returning else None
    table = model._meta.table_name
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    values = _converted(rows, [None if _plain(f) else converter(_literal(f.db_value)) for f in fields])
    if is_postgres():
        # One array per column (psycopg2 adapts a list in C), not one VALUES tuple per row: quoting each row
        # through execute_values' template was most of a planning batch's Python.
        arrays = ", ".join(f"%s::{_postgres_type(f)}[]" for f in fields)
        tail = f" RETURNING {returning}" if returning else ""
        with database.atomic():
            cursor = database.execute_sql(f'INSERT INTO "{table}" ({columns}) SELECT * FROM unnest({arrays}) '
                                          f'ON CONFLICT DO NOTHING{tail}', [list(c) for c in zip(*values)])
            return cursor.fetchall() if returning else None
    marks = ", ".join(["?"] * len(fields))
    with database.atomic():
        database.cursor().executemany(f'INSERT OR IGNORE INTO "{table}" ({columns}) VALUES ({marks})', values)
    return None


def any_of(values) -> tuple[str, object]:
    """SQL that matches a column against many values with one parameter (`"id" {sql}`), and that parameter:
    an array on PostgreSQL, a JSON array read by json_each on SQLite. Its text is the same for any number of
    values, so no query is composed per batch."""
    values = list(values)
    if is_postgres():
        return "= ANY(%s)", values
    return "IN (SELECT value FROM json_each(?))", json.dumps(values)


def _postgres_type(field) -> str:
    """The PostgreSQL type of `field`'s column, as an array element type (a serial key is an integer)."""
    declared = database.obj._field_types.get(field.field_type, field.field_type)
    return {"SERIAL": "integer", "BIGSERIAL": "bigint"}.get(declared, declared).lower()


def converter(convert):
    """`convert` (a field's db_value or python_value) remembering its answers: a planning batch repeats a
    handful of times and texts across thousands of rows, and converting each datetime again was a third of
    the planner's time. Values are plain (ints, strings, datetimes), so they can be keys."""
    seen = {}

    def cached(value):
        try:
            return seen[value]
        except KeyError:
            seen[value] = result = convert(value)
            return result
    return cached


def _literal(db_value):
    """PostgreSQL: a time as its ISO text, which psycopg2 quotes several times faster than it adapts a
    datetime, and which PostgreSQL reads back as the column's timestamptz. SQLite's values are text already."""
    def convert(value):
        value = db_value(value)
        return value.isoformat() if isinstance(value, datetime) else value
    return convert


def rows_of(query, fields: list) -> list[tuple]:
    """The rows of a peewee select of `fields`, converted with each field's python_value (remembered, see
    converter) straight from the cursor, without peewee's per-row model machinery."""
    convert = [None if _plain(f) else converter(f.python_value) for f in fields]
    return _converted(database.execute(query).fetchall(), convert)


# Fields whose values pass between Python and both drivers unchanged (given values of the column's own type:
# ints for keys, strings for text), so the bulk paths skip converting them.
PLAIN_FIELDS = (AutoField, IntegerField, CharField, TextField)


def _plain(field) -> bool:
    target = field.rel_field if isinstance(field, ForeignKeyField) else field
    return type(target) in PLAIN_FIELDS


def _converted(rows, convert: list) -> list[tuple]:
    if all(c is None for c in convert):
        return [tuple(row) for row in rows]
    pairs = [(i, c) for i, c in enumerate(convert) if c is not None]
    result = []
    for row in rows:
        row = list(row)
        for i, c in pairs:
            row[i] = c(row[i])
        result.append(tuple(row))
    return result


def execute_values(sql: str, values: list[tuple]) -> None:
    """PostgreSQL: run `sql` (with one VALUES %s) for many rows in a few round trips, not one per row."""
    from psycopg2.extras import execute_values as run

    with database.atomic():
        run(database.cursor(), sql, values, page_size=1000)
