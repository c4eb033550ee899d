"""The database handle: one peewee proxy, opened from DATABASE_URL, migrated by peewee's runner."""

from __future__ import annotations

import math
import os
from pathlib import Path

from peewee import Database, DatabaseProxy, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect, parse
from playhouse.migrations import Runner

from bot.writers import TurnTakingSqliteDatabase

database = DatabaseProxy()
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# WAL lets the web app read while the worker writes; IMMEDIATE transactions take
# the write lock up front so two writers wait on the busy timeout instead of
# failing with "database is locked" when a read lock cannot be upgraded.
SQLITE_PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "synchronous": "normal"}
DEFAULT_LOCK_WAIT = 10.0  # seconds; the app passes its shorter LOCK_WAIT


POOL = {"max_connections": 32, "stale_timeout": 300}


def _pooled(url: str) -> str:
    """The `+pool` form of a sqlite:// or postgresql:// URL (an explicit +pool is kept)."""
    scheme, rest = url.split("://", 1)
    return url if scheme.endswith("+pool") else f"{scheme}+pool://{rest}"


def open_database(url: str, *, lock_wait: float = DEFAULT_LOCK_WAIT) -> Database:
    """Open (lazily) a connection pool for `url` and bind the proxy to it.

    Pooled, because opening a connection per request cost a fifth of the
    webhook's time (SQLite re-runs its PRAGMAs, PostgreSQL forks a backend).
    A statement waits at most `lock_wait` seconds for a lock (SQLite's busy
    timeout, PostgreSQL's lock_timeout, and the connect timeout), then fails
    with OperationalError. A new SQLite file is readable by its owner only
    (SQLite gives its -wal and -shm files the same mode).
    """
    if url.startswith("sqlite"):
        path = parse(url)["database"]
        if path and path != ":memory:":
            _create_private(Path(path))
        # A pooled connection moves between threads, one at a time.
        options = {"pragmas": {**SQLITE_PRAGMAS, "busy_timeout": int(lock_wait * 1000)}, "lock_type": "IMMEDIATE",
                   "autoconnect": True, "check_same_thread": False, **POOL}
        if path and path != ":memory:":  # a file several processes write: they take turns (bot.writers)
            db = TurnTakingSqliteDatabase(**{**parse(url), **options}, lock_wait=lock_wait)
        else:
            db = connect(_pooled(url), **options)
    else:
        db = connect(_pooled(url), autoconnect=True, connect_timeout=max(2, math.ceil(lock_wait)),
                     options=f"-c lock_timeout={int(lock_wait * 1000)}", **POOL)
    database.initialize(db)
    return db


def _create_private(path: Path) -> None:
    """Create the directory (0700) and an empty database file (0600) unless they exist."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def close_all() -> None:
    """Close every pooled connection (tests and shutdown)."""
    if database.obj is not None and hasattr(database.obj, "close_all"):
        database.obj.close_all()


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
