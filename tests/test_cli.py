"""The operator commands: dispatch, transcript and the db group (the chat: test_chat.py)."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import click
import pytest

from bot.cli import aware_time
from bot.db import database
from bot.models import Message, ScheduledMessage
from tests.conftest import START

SUMMARY_ZERO = "sent 0, deferred 0, cancelled 0, failed 0, unknown 0, retried 0"


def followups():
    with database.connection_context():
        return list(ScheduledMessage.select().where(ScheduledMessage.kind == "urge_followup"))


def scheduled_sends():
    with database.connection_context():
        return list(Message.select().where(Message.scheduled.is_null(False)))


def test_dispatch_sends_the_urge_followup_at_twenty_one_minutes_and_not_at_nineteen(runner, phone, clock):
    phone.text("I want to call him")

    early = runner.invoke(args=["dispatch", "--now", (clock() + timedelta(minutes=19)).isoformat()])
    assert early.exit_code == 0, early.output
    assert early.stdout.strip() == SUMMARY_ZERO
    assert scheduled_sends() == []

    late = runner.invoke(args=["dispatch", "--now", f"{clock() + timedelta(minutes=21):%Y-%m-%dT%H:%M:%SZ}"])
    assert late.exit_code == 0, late.output
    printed, summary = late.stdout.strip().splitlines()
    assert printed.startswith("[console -> sms ***0123] ")
    assert summary == "sent 1, deferred 0, cancelled 0, failed 0, unknown 0, retried 0"
    [sent] = scheduled_sends()
    assert (sent.kind, sent.status) == ("urge_followup", "sent")
    # The outbox adds the time spent in the pass to `now`, so allow a little.
    assert timedelta(0) <= sent.created_at - (clock() + timedelta(minutes=21)) < timedelta(seconds=5)
    assert printed.endswith(sent.body)


@pytest.mark.parametrize("when", ["2026-11-24T15:21:00", "2026-11-24", "tomorrow", "15:21Z", ""])
def test_dispatch_refuses_a_time_without_offset_or_not_iso_and_sends_nothing(runner, phone, when):
    phone.text("I want to call him")
    result = runner.invoke(args=["dispatch", "--now", when])
    assert result.exit_code == 2
    assert "--now" in result.output and ("no UTC offset" in result.output or "not an ISO 8601" in result.output)
    assert [row.state for row in followups()] == ["pending"]
    assert scheduled_sends() == []


@pytest.fixture
def twilio(app, transport):
    """The Twilio transport configured (a fake one built in its place): real members would get the texts."""
    app.config["SETTINGS"] = dataclasses.replace(app.config["SETTINGS"], transport="twilio")
    app.extensions["transport_factory"] = lambda: transport
    return transport


def test_dispatch_far_ahead_with_twilio_is_refused_without_force_and_sends_nothing(runner, phone, clock, twilio):
    phone.text("I want to call him")
    result = runner.invoke(args=["dispatch", "--now", f"{clock() + timedelta(minutes=25):%Y-%m-%dT%H:%M:%SZ}"])
    assert result.exit_code == 2
    assert "2026-11-24 15:25Z is 25 min ahead of the clock" in result.output and "--force" in result.output
    assert twilio.sent == [] and scheduled_sends() == []
    assert [row.state for row in followups()] == ["pending"]


def test_dispatch_far_ahead_with_twilio_and_force_sends_what_is_due_then(runner, phone, clock, twilio):
    phone.text("I want to call him")
    result = runner.invoke(args=["dispatch", "--force", "--now", (clock() + timedelta(hours=1, minutes=5)).isoformat()])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith("sent 1,")
    assert len(twilio.sent) == 1 and [row.state for row in followups()] == ["sent"]


def test_dispatch_a_few_minutes_ahead_with_twilio_needs_no_force(runner, phone, clock, twilio):
    phone.text("I want to call him")
    result = runner.invoke(args=["dispatch", "--now", (clock() + timedelta(minutes=4)).isoformat()])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == SUMMARY_ZERO


def test_the_refusal_says_hours_and_minutes_ahead(runner, clock, twilio):
    result = runner.invoke(args=["dispatch", "--now", (clock() + timedelta(hours=7, minutes=30)).isoformat()])
    assert result.exit_code == 2 and "7 h 30 min ahead of the clock" in result.output


@pytest.mark.parametrize("text", ["2026-11-24T15:00:00Z", "2026-11-24T15:00:00+00:00", "2026-11-24T10:00:00-05:00",
                                  "2026-11-24 15:00:00.000+00:00"])
def test_now_with_z_or_any_offset_is_the_same_utc_instant(text):
    when = aware_time(None, None, text)
    assert when == START and when.utcoffset() == timedelta(0)


def test_now_without_offset_is_refused_not_guessed():
    with pytest.raises(click.BadParameter, match="no UTC offset"):
        aware_time(None, None, "2026-11-24T15:00:00")


def test_transcript_json_prints_one_object_a_line_with_exact_keys_in_time_order(runner, phone, clock):
    phone.text("I want to call him")
    runner.invoke(args=["dispatch", "--now", (clock() + timedelta(minutes=21)).isoformat()])
    clock.advance(minutes=22)
    phone.text("2")

    result = runner.invoke(args=["transcript", "(212) 555-0123", "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(list(line) == ["at", "direction", "kind", "body", "status"] for line in lines)
    assert lines[0] == {"at": "2026-11-24T15:00:00+00:00", "direction": "in", "kind": "inbound",
                        "body": "I want to call him", "status": "received"}
    assert [line["at"] for line in lines] == sorted(line["at"] for line in lines)
    followup = next(line for line in lines if line["kind"] == "urge_followup")
    assert (followup["direction"], followup["status"]) == ("out", "sent")
    assert followup["at"].startswith("2026-11-24T15:21:0") and followup["at"].endswith("+00:00")
    assert lines[-2]["body"] == "2" and lines[-1]["direction"] == "out"
    assert {line["direction"] for line in lines} == {"in", "out"}


def test_transcript_text_form_has_a_header_and_one_aligned_row_per_text(runner, phone):
    phone.text("I want to call him")
    result = runner.invoke(args=["transcript", "+1 212 555 0123"])
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert "***0123" in header and "times in UTC" in header
    assert rows[0].startswith("2026-11-24 15:00:00  <-  inbound") and rows[0].endswith("I want to call him")
    body_column = rows[0].index("I want to call him")
    starts = [row for row in rows if row.startswith("2026-")]
    assert all(row[body_column - 1] == " " and row[body_column] != " " for row in starts)


def test_transcript_of_an_unknown_number_is_a_clear_error(runner, phone):
    phone.text("I want to call him")
    result = runner.invoke(args=["transcript", "+12125559999", "--json"])
    assert result.exit_code == 1
    assert "no member has the number ***9999" in result.output
    assert result.stdout == ""


def test_transcript_of_something_that_is_no_number_is_a_usage_error(runner):
    result = runner.invoke(args=["transcript", "not-a-number"])
    assert result.exit_code == 2
    assert "PHONE" in result.output


def test_db_upgrade_on_a_current_database_says_up_to_date(runner):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "up to date"


def test_db_status_lists_every_migration_as_applied(runner):
    result = runner.invoke(args=["db", "status"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines and lines[0].startswith("0001_initial")
    assert all(" applied " in line and "pending" not in line for line in lines)
