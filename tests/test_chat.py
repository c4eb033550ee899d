"""`flask chat` driven through piped stdin: every text a member receives, at its moment, in its own database."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot import chat as chat_module
from bot import outbox, planner
from bot.chat import parse_wait
from bot.db import database
from bot.localtime import local
from bot.models import Member, Message

ONBOARD = ("hi", "yes", "12")  # hello, consent to scheduled texts, a baseline
STAMP = re.compile(r"^bot> \[(\w{3} \d\d:\d\d)\] (.*)$")


@pytest.fixture
def served(app, tmp_path):
    """The app serves a database elsewhere, so the chat may use the test database as its own."""
    app.config["SETTINGS"] = dataclasses.replace(app.config["SETTINGS"],
                                                 database_url=f"sqlite:///{tmp_path / 'served.sqlite3'}")
    return tmp_path / "served.sqlite3"


@pytest.fixture
def chat(runner, database_url, served):
    """Pipe lines into `flask chat` on the test database; returns what it printed."""
    def run(*lines: str, args: tuple[str, ...] = ("--database", database_url)) -> str:
        result = runner.invoke(args=["chat", *args], input="".join(line + "\n" for line in lines))
        assert result.exit_code == 0, result.output
        return result.stdout
    return run


def scheduled(output: str) -> list[tuple[str, str]]:
    """The scheduled texts the chat printed: (local send time, body), in printed order."""
    return [match.groups() for match in map(STAMP.match, output.splitlines()) if match]


def sent(kind: str) -> list[Message]:
    with database.connection_context():
        return list(Message.select().where((Message.kind == kind) & (Message.direction == "out"))
                    .order_by(Message.created_at))


def new_york(message: Message) -> str:
    return f"{local(message.created_at, 'America/New_York'):%a %H:%M}"


def test_one_wait_delivers_each_text_at_its_own_moment_in_order(chat):
    # Tuesday 10:00 in New York; the evening check-in is at 19:00.
    output = chat(*ONBOARD, "/wait 8h50m", "I really want to call him", "/wait 1h", "/quit")
    after = output.split("you> /wait 1h", 1)[1]
    [checkin], [followup] = sent("checkin"), sent("urge_followup")
    assert scheduled(after) == [("Tue 19:00", checkin.body), ("Tue 19:10", followup.body)]
    assert (new_york(checkin), new_york(followup)) == ("Tue 19:00", "Tue 19:10")  # sent then, not at 19:50
    assert "now 2026-11-25 00:50 UTC, Tue 19:50 in America/New_York" in after


def test_the_evening_checkins_and_the_weekly_reflection_arrive_in_order_over_days(chat):
    output = chat(*ONBOARD, "/wait 5d9h30m", "/quit")  # Tuesday 10:00 to Sunday 19:30
    weekly, checkins = sent("weekly"), sent("checkin")
    assert weekly and len(checkins) == 6
    stamps = [stamp for stamp, _ in scheduled(output)]
    assert stamps == ["Tue 19:00", "Wed 19:00", "Thu 19:00", "Fri 19:00", "Sat 19:00",
                      *["Sun 18:00"] * len(weekly), "Sun 19:00"]
    assert [body for _, body in scheduled(output)] == [m.body for m in sorted(checkins + weekly,
                                                                                key=lambda m: m.created_at)]
    assert weekly[0].created_at == datetime(2026, 11, 29, 23, 0, tzinfo=UTC)  # Sunday 18:00 in New York


def test_a_recurring_text_a_new_planning_job_adds_arrives_without_changing_the_chat(chat, monkeypatch):
    worker_planning = planner.run_planning
    hour_before = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)  # Wednesday 17:00 in New York

    def planning_with_a_new_job(now, settings=None):
        queued = worker_planning(now, settings)
        if hour_before - planner.AHEAD <= now <= hour_before:
            member = Member.get()
            queued += outbox.schedule(member, "risk_checkin", "Thinking of you before the evening.", hour_before,
                                      f"risk:{member.id}:wed", now) is not None
        return queued

    monkeypatch.setattr(planner, "run_planning", planning_with_a_new_job)
    output = chat(*ONBOARD, "/wait 2d", "/quit")
    assert [stamp for stamp, _ in scheduled(output)] == ["Tue 19:00", "Wed 17:00", "Wed 19:00"]
    assert ("Wed 17:00", "Thinking of you before the evening.") in scheduled(output)


def test_a_text_the_send_rules_stop_on_the_way_is_explained(app, chat):
    app.config["SETTINGS"] = dataclasses.replace(app.config["SETTINGS"], daily_scheduled_cap=1)
    output = chat(*ONBOARD, "/wait 9h20m", "I want to call him", "/wait 30m", "/quit")
    assert "(urge_followup not sent: daily cap reached)" in output
    assert sent("urge_followup") == []


def test_the_chat_keeps_its_own_database_by_default_and_says_which(app, runner, tmp_path, monkeypatch):
    own = tmp_path / "instance" / "chat.sqlite3"
    monkeypatch.setattr(chat_module, "CHAT_DATABASE", own)
    result = runner.invoke(args=["chat"], input="hi\nyes\n/wait 10h\n/quit\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith(f"chat database: {own} (the chat's own")
    with database.connection_context():  # the database the app serves
        assert Member.select().count() == 0 and Message.select().count() == 0
    with sqlite3.connect(own) as kept:
        assert kept.execute("SELECT phone FROM member").fetchall() == [("+15551234567",)]


def test_the_chat_refuses_the_database_the_app_serves(runner, database_url):
    result = runner.invoke(args=["chat", "--database", database_url], input="hi\n")
    assert result.exit_code == 2
    assert "the database the app serves" in result.output
    with database.connection_context():
        assert Member.select().count() == 0


def test_a_later_chat_resumes_its_clock_where_the_last_text_was(runner, tmp_path, monkeypatch, app):
    monkeypatch.setattr(chat_module, "CHAT_DATABASE", tmp_path / "chat.sqlite3")
    first = runner.invoke(args=["chat"], input="hi\nyes\n/wait 2d\n")
    assert first.exit_code == 0 and "bot> [Wed 19:00]" in first.stdout
    again = runner.invoke(args=["chat"], input="/quit\n")
    assert "now 2026-11-26 00:00 UTC, Wed 19:00 in America/New_York" in again.stdout.splitlines()[1]
    fresh = runner.invoke(args=["chat", "--fresh"], input="/quit\n")
    assert "now 2026-11-24 15:00 UTC" in fresh.stdout.splitlines()[1]
    with sqlite3.connect(tmp_path / "chat.sqlite3") as kept:
        assert kept.execute("SELECT count(*) FROM member").fetchone() == (0,)


def test_fresh_never_erases_a_database_named_with_database(runner, tmp_path, served):
    result = runner.invoke(args=["chat", "--fresh", "--database", f"sqlite:///{tmp_path / 'mine.sqlite3'}"])
    assert result.exit_code == 2 and "--fresh erases only the chat's own database" in result.output


def test_chat_prints_scheduled_messages_even_when_transport_is_twilio(app, chat):
    app.config["SETTINGS"] = dataclasses.replace(app.config["SETTINGS"], transport="twilio")
    app.extensions["transport_factory"] = lambda: pytest.fail("chat must never build the configured transport")
    output = chat("I want to call him", "/wait 21m")
    [(stamp, body)] = scheduled(output)
    assert stamp == "Tue 10:20" and body == sent("urge_followup")[0].body


def test_chat_bad_slash_command_shows_help_and_changes_nothing(chat):
    output = chat("/frobnicate", "/wait soon", "/wait 0m", "/now please", "/now")
    helps = [line for line in output.splitlines() if "commands: /wait 25m" in line]
    assert len(helps) == 1 + 4  # the banner, then one per bad command
    assert output.split("you> /now\n", 1)[1].startswith("now 2026-11-24 15:00 UTC")  # the clock did not move
    with database.connection_context():
        assert Member.select().count() == 0


def test_chat_wait_accepts_compound_durations():
    assert parse_wait("1h30m") == timedelta(minutes=90)
    assert parse_wait("90s") == timedelta(seconds=90)
    assert parse_wait("1d") == timedelta(days=1)
    assert [parse_wait(bad) for bad in ("", "0m", "25", "m", "soon", "-5m", "25 m", "400d")] == [None] * 8


def test_the_note_before_a_hard_hour_arrives_in_the_chat_through_the_workers_planning(chat):
    from bot.models import UrgeEpisode

    chat(*ONBOARD, "/quit")
    with database.connection_context():
        member = Member.get()
        for days_ago in range(1, 9):  # an urge at 21:10 in New York on each of the last eight evenings
            opened = datetime(2026, 11, 25, 2, 10, tzinfo=UTC) - timedelta(days=days_ago)
            UrgeEpisode.create(member=member, opened_at=opened, closed_at=opened + timedelta(minutes=15),
                               outcome="waited_out", minutes=15)
    output = chat("STATS", "yes", "/wait 11h", "/quit")
    assert "Want a short note at 8:45 PM, a little before? Reply YES or NO." in output
    [note] = sent("nudge")
    assert [stamp for stamp, _ in scheduled(output)] == ["Tue 19:00", "Tue 20:45"]
    assert ("Tue 20:45", note.body) in scheduled(output)
