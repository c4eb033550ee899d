"""Hot queries built once: a peewee SELECT turned into SQL on first use, then re-run with new parameters.

Building a query's SQL cost peewee more than the database spent running it
(the webhook's profile: 40-55% of a text). `Prepared` builds the SQL once per
database kind and afterwards runs it raw through `Model.raw`, which maps rows
to model instances exactly as the select would (same columns, same field
conversions, nothing dirty). What varies between calls must be a parameter:
`build` receives one marker per parameter (a value node peewee never
converts), to use where the value goes (any number of times, or none). Values are passed as the
database takes them: ids as ints, text as str, times through `stamp`.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections.abc import Callable
from datetime import datetime

from peewee import Value

from bot.db import is_postgres


def stamp(value: datetime):
    """A time as the database takes it: SQLite's fixed-width text, PostgreSQL's aware datetime."""
    from bot.models import Message

    return Message.created_at.db_value(value)


class Prepared:
    """`Prepared(lambda phone: Member.select().where(Member.phone == phone))(phone)`: the select, built once."""

    def __init__(self, build: Callable, parameters: int = 1):
        self.build, self.parameters = build, parameters
        self._built: dict[bool, tuple] = {}

    def _sql(self):
        key = is_postgres()
        if key not in self._built:
            markers = [f"\x00prepared-parameter-{n}\x00" for n in range(self.parameters)]
            query = self.build(*(Value(marker, converter=False) for marker in markers))
            sql, params = query.sql()
            slots = [markers.index(p) if isinstance(p, str) and p in markers else None for p in params]
            self._built[key] = (query.model, sql, params, slots)
        return self._built[key]

    def sql(self, *values) -> tuple[str, list]:
        """The SQL and its parameters for `values` (one per parameter), as peewee's query.sql() gives them."""
        _, sql, params, slots = self._sql()
        return sql, [params[n] if slot is None else values[slot] for n, slot in enumerate(slots)]

    def __call__(self, *values):
        """The rows for `values`, as model instances (a peewee ModelRaw query); on PostgreSQL the statement is
        prepared on the server once per connection (on_server)."""
        sql, params = self.sql(*values)
        model = self._sql()[0]
        if is_postgres():
            sql = on_server(model._meta.database, sql, len(params))
        return model.raw(sql, *params)

    def first(self, *values):
        """The first row for `values`, or None."""
        return next(iter(self(*values).execute()), None)


_UPDATES: dict[tuple, str] = {}


def save_changes(instance) -> None:
    """`instance.save()` for a stored row of a model with only_save_dirty: its changed columns in one UPDATE,
    whose SQL is written once per set of changed fields (peewee composing it cost more than running it)."""
    model = type(instance)
    names = tuple(sorted(instance._dirty))
    if not names:
        return
    key = (model, names, is_postgres())
    if key not in _UPDATES:
        meta, mark = model._meta, model._meta.database.param
        columns = ", ".join(f'"{meta.fields[name].column_name}" = {mark}' for name in names)
        _UPDATES[key] = f'UPDATE "{meta.table_name}" SET {columns} WHERE "{meta.primary_key.column_name}" = {mark}'
    fields = model._meta.fields
    model._meta.database.execute_sql(_UPDATES[key], [fields[name].db_value(instance.__data__.get(name))
                                                     for name in names] + [instance._pk])
    instance._dirty.clear()


_INSERTS: dict[tuple, str] = {}


def create(model, **values):
    """`model.create(**values)`: the row stored (defaults filled in as peewee fills them) by one INSERT whose SQL
    is written once per set of columns, and returned as stored."""
    instance = model(**values)
    meta = model._meta
    names = tuple(name for name in instance.__data__ if name != meta.primary_key.name)
    key = (model, names, is_postgres())
    if key not in _INSERTS:
        mark = meta.database.param
        columns = ", ".join(f'"{meta.fields[name].column_name}"' for name in names)
        _INSERTS[key] = (f'INSERT INTO "{meta.table_name}" ({columns}) VALUES ({", ".join([mark] * len(names))}) '
                         f'RETURNING "{meta.primary_key.column_name}"')
    # fetchall: SQLite finishes an INSERT ... RETURNING only once its rows are read
    [(pk,)] = meta.database.execute_sql(_INSERTS[key], [meta.fields[name].db_value(instance.__data__[name])
                                                         for name in names]).fetchall()
    instance._pk = pk
    instance._dirty.clear()
    return instance


# PostgreSQL plans a statement every time it is sent; for the hot statements planning cost as much as running
# them. The names prepared on each connection, for as long as the connection lives.
_ON_SERVER: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_REGISTRY = threading.Lock()  # connections are used one thread at a time; the registry is shared


def on_server(database, sql: str, count: int) -> str:
    """PostgreSQL: prepare `sql` (with `count` %s markers, psycopg2's style) on this connection once; the
    EXECUTE statement that runs it with the same %s parameters.

    Parameters in a SELECT list must carry a cast in `sql` (PostgreSQL infers every other parameter's type
    from where it stands).
    """
    connection = database.connection()
    with _REGISTRY:
        prepared = _ON_SERVER.setdefault(connection, set())
    name = "br_" + hashlib.sha1(sql.encode()).hexdigest()[:20]
    if name not in prepared:
        numbered = sql.replace("%%", "\x00")
        for n in range(1, count + 1):
            numbered = numbered.replace("%s", f"${n}", 1)
        # A literal % stays %%: psycopg2 formats the PREPARE too, even with no parameters.
        database.execute_sql(f"PREPARE {name} AS {numbered.replace(chr(0), '%%')}")
        prepared.add(name)
    return f"EXECUTE {name} ({', '.join(['%s'] * count)})" if count else f"EXECUTE {name}"


def execute_on_server(database, sql: str, params):
    """PostgreSQL: run `sql` as a statement prepared once per connection (see on_server); the cursor."""
    return database.execute_sql(on_server(database, sql, len(params)), params)
