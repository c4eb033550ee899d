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
        """The rows for `values`, as model instances (a peewee ModelRaw query)."""
        sql, params = self.sql(*values)
        return self._sql()[0].raw(sql, *params)

    def first(self, *values):
        """The first row for `values`, or None."""
        return next(iter(self(*values).execute()), None)
