"""SQLite writers take turns on a lock file: a waiting writer goes as soon as the last one commits."""

from __future__ import annotations

import fcntl
import os
import threading
import time

import pytest
from peewee import OperationalError

from bot.writers import TurnTakingSqliteDatabase


@pytest.fixture
def db(tmp_path):
    database = TurnTakingSqliteDatabase(str(tmp_path / "turns.sqlite3"), lock_type="IMMEDIATE", lock_wait=0.3,
                                        pragmas={"journal_mode": "wal", "busy_timeout": 300},
                                        check_same_thread=False, max_connections=4)
    database.execute_sql("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    yield database
    database.close_all()


def bodies(db) -> list[str]:
    return [body for (body,) in db.execute_sql("SELECT body FROM note ORDER BY id")]


def test_a_second_writer_waits_for_the_first_to_commit_then_writes(db):
    inside, release, order = threading.Event(), threading.Event(), []

    def first():
        with db.atomic():
            db.execute_sql("INSERT INTO note (body) VALUES ('first')")
            inside.set()
            release.wait(2)
            order.append("first committed")

    thread = threading.Thread(target=first)
    thread.start()
    inside.wait(2)
    threading.Timer(0.1, release.set).start()
    with db.atomic():  # waits its turn: no "database is locked"
        order.append("second began")
        db.execute_sql("INSERT INTO note (body) VALUES ('second')")
    thread.join()
    assert order == ["first committed", "second began"]
    assert bodies(db) == ["first", "second"]


def test_a_turn_held_past_the_lock_wait_fails_cleanly_and_writes_nothing(db):
    other = os.open(db.turn_file, os.O_RDWR | os.O_CREAT, 0o600)  # another process's writer, mid-transaction
    fcntl.flock(other, fcntl.LOCK_EX)
    started = time.monotonic()
    try:
        with pytest.raises(OperationalError, match="database is locked"), db.atomic():
            db.execute_sql("INSERT INTO note (body) VALUES ('late')")
        assert 0.25 < time.monotonic() - started < 2
    finally:
        os.close(other)  # a process that dies lets go of its turn with its file
    with db.atomic():
        db.execute_sql("INSERT INTO note (body) VALUES ('now')")
    assert bodies(db) == ["now"]


def test_a_transaction_rolled_back_gives_up_its_turn(db):
    with pytest.raises(RuntimeError), db.atomic():
        db.execute_sql("INSERT INTO note (body) VALUES ('undone')")
        raise RuntimeError("the turn fails")
    outcome = []

    def another_thread():
        try:
            with db.atomic():
                db.execute_sql("INSERT INTO note (body) VALUES ('next')")
            outcome.append("written")
        except OperationalError as error:
            outcome.append(str(error))

    thread = threading.Thread(target=another_thread)
    thread.start()
    thread.join(2)
    assert outcome == ["written"] and bodies(db) == ["next"]


def test_the_turn_file_is_private(db):
    with db.atomic():
        db.execute_sql("INSERT INTO note (body) VALUES ('x')")
    assert os.stat(db.turn_file).st_mode & 0o077 == 0
