"""A peewee field that stores UTC and always hands back timezone-aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime

from peewee import Field, PostgresqlDatabase


def utc(value: datetime) -> datetime:
    """Return `value` in UTC; a naive datetime is refused rather than guessed."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: every time in Breathing Room is timezone-aware")
    return value.astimezone(UTC)


class UTCDateTimeField(Field):
    """Aware datetimes in, aware UTC datetimes out.

    SQLite stores a fixed-width text form so that string comparison is time
    order; PostgreSQL stores TIMESTAMPTZ.
    """

    field_type = "TIMESTAMPTZ"

    def db_value(self, value):
        if value is None or not isinstance(value, datetime):
            return value
        value = utc(value)
        db = self.model._meta.database
        if isinstance(getattr(db, "obj", db), PostgresqlDatabase):
            return value
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")

    def python_value(self, value):
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def now_utc() -> datetime:
    """The real clock; only edges (views, the worker loop, CLI defaults) call it."""
    return datetime.now(UTC)
