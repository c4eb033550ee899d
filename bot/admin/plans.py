"""Plain plans for the dashboard's aggregate statements on PostgreSQL.

The overview's statements are unions of dozens of small index ranges, or a few
thousand correlated counts. PostgreSQL expects them to be costly and reaches
for JIT compilation and parallel workers, whose start-up takes longer than the
statements themselves (and on a small, busy machine much longer). `simple()`
turns both off for one transaction. SQLite needs neither, and a transaction
there would take its write lock, so it does nothing.
"""

from __future__ import annotations

from contextlib import contextmanager

from bot.db import database, is_postgres


@contextmanager
def simple():
    if not is_postgres():
        yield
        return
    with database.atomic():
        database.execute_sql("SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0")
        yield
