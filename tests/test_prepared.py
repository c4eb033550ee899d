"""Hot statements built once, and on PostgreSQL prepared on the server once per connection."""

from __future__ import annotations

import pytest

from bot.db import database, is_postgres
from bot.models import Member
from bot.prepared import Prepared, execute_on_server

BY_PHONE = Prepared(lambda phone: Member.select().where(Member.phone == phone))


def test_a_prepared_select_gives_the_rows_a_select_would_each_time(app, clock):
    with database.connection_context():
        member = Member.create(phone="+12125550140", status="active", created_at=clock())
        for _ in range(7):  # PostgreSQL switches a prepared statement to a generic plan after five runs
            found = BY_PHONE.first(member.phone)
            assert (found.id, found.status, found.created_at) == (member.id, "active", clock())
        assert BY_PHONE.first("+12125550199") is None


def test_a_statement_prepared_on_a_connection_still_runs_on_the_next_one(app, clock):
    from bot.db import close_all  # every pooled connection closed: a new one has nothing prepared

    with database.connection_context():
        Member.create(phone="+12125550141", status="active", created_at=clock())
        assert BY_PHONE.first("+12125550141") is not None
    close_all()
    with database.connection_context():
        assert BY_PHONE.first("+12125550141") is not None


def test_a_literal_percent_survives_server_preparation(app):
    if not is_postgres():
        pytest.skip("statements are prepared on the server only on PostgreSQL")
    with database.connection_context():
        assert execute_on_server(database, "SELECT '100%%' || %s", ("x",)).fetchone() == ("100%x",)
        assert execute_on_server(database, "SELECT '5%%'", ()).fetchone() == ("5%",)


def test_saving_changes_writes_only_the_changed_columns(app, clock, statements):
    from bot.prepared import save_changes

    with database.connection_context():
        member = Member.create(phone="+12125550142", status="active", created_at=clock())
        read = Member.get_by_id(member.id)
        Member.update(timezone="Europe/Madrid").where(Member.id == member.id).execute()  # another writer
        read.awaiting, read.last_inbound_at = "rating", clock()
        save_changes(read)
        with statements() as counter:
            save_changes(read)  # nothing changed since: no statement
        stored = Member.get_by_id(member.id)
    assert counter.count == 0
    assert (stored.awaiting, stored.last_inbound_at, stored.timezone) == ("rating", clock(), "Europe/Madrid")
