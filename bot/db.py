"""The database handle: one peewee proxy, opened from DATABASE_URL, migrated by peewee's runner."""

from __future__ import annotations

from pathlib import Path

from peewee import Database, DatabaseProxy, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect, parse
from playhouse.migrations import Runner

database = DatabaseProxy()
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# WAL lets the web app read while the worker writes; IMMEDIATE transactions take
# the write lock up front so two writers wait on the busy timeout instead of
# failing with "database is locked" when a read lock cannot be upgraded.
SQLITE_PRAGMAS = {"journal_mode": "wal", "busy_timeout": 10_000, "foreign_keys": 1, "synchronous": "normal"}


def open_database(url: str) -> Database:
    """Open (lazily) the database at `url` and bind the proxy to it."""
    if url.startswith("sqlite"):
        path = parse(url)["database"]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = connect(url, pragmas=SQLITE_PRAGMAS, timeout=10, lock_type="IMMEDIATE", autoconnect=True)
    else:
        db = connect(url, autoconnect=True)
    database.initialize(db)
    return db


def is_postgres() -> bool:
    return isinstance(database.obj, PostgresqlDatabase)


def is_sqlite() -> bool:
    return isinstance(database.obj, SqliteDatabase)


def upgrade() -> list[str]:
    """Apply pending numbered migrations; returns the names applied."""
    with database.obj.connection_context():
        return Runner(database.obj, str(MIGRATIONS)).up()


def migration_status() -> list:
    """Every numbered migration as playhouse's Migration tuple (`applied` is None while pending)."""
    with database.obj.connection_context():
        return Runner(database.obj, str(MIGRATIONS)).status()


def init_app(app) -> None:
    """Close each request's connection (opened on first use) and register the `db` CLI group.

    Connecting lazily matters: when the database is down, /sms must still run
    far enough to spool the text instead of failing before the view.
    """
    from bot.cli import db_cli

    @app.teardown_appcontext
    def _close(exc):
        if not database.is_closed():
            database.close()

    app.cli.add_command(db_cli)
