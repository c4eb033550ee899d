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


def test_the_rhythm_migration_fills_in_only_the_urge_durations_answered_within_their_window(app, clock):
    from datetime import timedelta

    from playhouse.migrations import Runner

    from bot.db import MIGRATIONS
    from bot.models import Member, UrgeEpisode

    opened = clock()
    stamp = UrgeEpisode.opened_at.db_value
    with database.connection_context():
        runner = Runner(database.obj, str(MIGRATIONS))
        assert runner.down() == ["0009_slimmer_writes"]
        assert runner.down() == ["0008_rhythm"]
        mark = database.obj.param
        database.execute_sql(f"INSERT INTO member (phone, channel, status, timezone, created_at, delay_minutes, "
                             f"checkin_time, safety_hold, discreet, prompt_state) VALUES ('+12125550123', 'sms', "
                             f"'active', 'America/New_York', {mark}, 20, '19:00', {mark}, {mark}, '{{}}')",
                             (stamp(opened), False, True))
        for closed_after in (15, 750):  # answered before the follow-up; the next morning
            database.execute_sql(
                f"INSERT INTO urge_episode (member_id, opened_at, closed_at, outcome, rounds) "
                f"VALUES (1, {mark}, {mark}, 'waited_out', 1)",
                (stamp(opened), stamp(opened + timedelta(minutes=closed_after))))
        database.execute_sql(
            f"INSERT INTO scheduled_message (member_id, kind, body, due_at, state, attempts, idempotency_key, ref_id, "
            f"created_at, updated_at, sent_at) VALUES (1, 'urge_followup', 'x', {mark}, 'sent', 1, 'k', 2, {mark}, "
            f"{mark}, {mark})", tuple(stamp(opened + timedelta(minutes=20)) for _ in range(4)))
        assert runner.up() == ["0008_rhythm", "0009_slimmer_writes"]
        assert [e.minutes for e in UrgeEpisode.select().order_by(UrgeEpisode.id)] == [15, None]
        existing = Member.get()
        assert (existing.frequency, existing.nudge_on, existing.next_nudge_at) == ("daily", False, None)


def test_no_index_is_only_the_leading_columns_of_another_on_the_same_table(app):
    """Such an index serves nothing the longer one does not, and costs a write on every insert."""
    with database.connection_context():
        for table in database.get_tables():
            indexes = [tuple(i.columns) for i in database.get_indexes(table) if not i.unique and all(i.columns)]
            for short in indexes:
                longer = [other for other in indexes if len(other) > len(short) and other[:len(short)] == short]
                assert not longer, f"{table}: index on {short} is the start of {longer[0]}"


def test_the_slimmer_writes_migration_can_be_undone_and_redone(app):
    from playhouse.migrations import Runner

    from bot.db import MIGRATIONS

    with database.connection_context():
        runner = Runner(database.obj, str(MIGRATIONS))
        assert runner.down() == ["0009_slimmer_writes"]
        assert "message_member_id" in {i.name for i in database.get_indexes("message")}
        assert runner.up() == ["0009_slimmer_writes"]
        assert "message_member_id" not in {i.name for i in database.get_indexes("message")}
