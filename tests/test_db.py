"""The database handle: a new SQLite file is its owner's alone, and every lock wait is bounded by LOCK_WAIT."""

from __future__ import annotations

import stat
import time

import pytest
from peewee import OperationalError

from bot.config import ConfigError, load_settings
from bot.db import close_all, database, open_database, upgrade
from tests.fault_helpers import database_locked


def test_a_new_sqlite_database_and_its_journal_files_are_readable_by_their_owner_only(tmp_path):
    path = tmp_path / "instance" / "new.sqlite3"
    open_database(f"sqlite:///{path}")
    try:
        with database.connection_context():
            upgrade()
            files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
            modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}
    finally:
        close_all()
    assert all(mode & 0o077 == 0 for mode in modes.values()), {name: oct(mode) for name, mode in modes.items()}
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0


def test_a_write_waits_no_longer_than_the_lock_wait(app, database_url):
    from bot.models import Member

    open_database(database_url, lock_wait=0.3)
    with database_locked(database_url), database.connection_context():
        started = time.monotonic()
        with pytest.raises(OperationalError) as refused, database.atomic():
            Member.create(phone="+12125550123", created_at=app.config["CLOCK"]())
        waited = time.monotonic() - started
    assert waited < 1.5, (refused.value, waited)


@pytest.mark.parametrize("raw", ["soon", "0", "-1"])
def test_a_malformed_lock_wait_is_a_startup_error_naming_it(raw):
    with pytest.raises(ConfigError, match="LOCK_WAIT"):
        load_settings({"LOCK_WAIT": raw}, dotenv=False)
