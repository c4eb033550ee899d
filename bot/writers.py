"""SQLite writers taking turns on a file lock, so a waiting writer starts the moment the last one commits.

SQLite lets one writer in at a time; the others wait in its busy handler,
which sleeps 1, 2, 5, 10... ms between tries. Under load (two web workers and
the dispatcher) a writer slept several milliseconds after the lock was long
free, and most of a text's time was that sleep. Here every write transaction
of every process first takes an exclusive `flock` on a file beside the
database (`<database>-writer`), retried within a millisecond, and
releases it when the transaction ends: writers queue on the lock file, and
SQLite's own lock is then free when BEGIN IMMEDIATE asks for it. A writer that
is not ours (the sqlite3 shell, a backup) still meets the busy timeout as
before; a process that dies lets go of its turn with its file.

The wait is bounded by the same lock wait as SQLite's own: past it the
transaction fails with OperationalError ("database is locked"), as before.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time

from peewee import OperationalError
from playhouse.pool import PooledSqliteDatabase

# Seconds between tries for the turn: every fifth of a millisecond for the first two (a turn is about a
# millisecond, so one waiter goes almost at once), then doubling to at most four, so several waiters (four
# dispatchers on two cores) do not spend the holder's CPU polling.
QUICK_RETRY, QUICK_FOR, LAST_RETRY = 0.0002, 0.002, 0.004


class TurnTakingSqliteDatabase(PooledSqliteDatabase):
    """A pooled SQLite database whose write transactions take turns across processes (see the module)."""

    def __init__(self, database, *args, lock_wait: float = 10.0, **kwargs):
        super().__init__(database, *args, **kwargs)
        self.turn_file, self.lock_wait = f"{database}-writer", lock_wait
        self._turns = threading.local()  # each thread its own open file: flock then orders threads as well

    def begin(self, lock_type=None):
        self._take_turn()
        try:
            super().begin(lock_type)
        except BaseException:
            self._end_turn()
            raise

    def commit(self):
        try:
            super().commit()
        finally:
            self._end_turn()

    def rollback(self):
        try:
            super().rollback()
        finally:
            self._end_turn()

    def _take_turn(self) -> None:
        turns = self._turns
        if getattr(turns, "held", False):
            return
        if getattr(turns, "fd", None) is None:
            turns.fd = os.open(self.turn_file, os.O_RDWR | os.O_CREAT, 0o600)
        started = time.monotonic()
        deadline, retry = started + self.lock_wait, QUICK_RETRY
        while True:
            try:
                fcntl.flock(turns.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                turns.held = True
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OperationalError("database is locked (another writer held its turn too long)") from None
                time.sleep(retry)
                if time.monotonic() - started > QUICK_FOR:
                    retry = min(retry * 2, LAST_RETRY)

    def _end_turn(self) -> None:
        turns = self._turns
        if getattr(turns, "held", False):
            fcntl.flock(turns.fd, fcntl.LOCK_UN)
            turns.held = False
