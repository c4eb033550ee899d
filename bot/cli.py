"""Operator commands: `flask db`, `flask dispatch`, `flask transcript`, `flask chat`.

Thin shells over the code the web app and the worker run (bot.inbound,
bot.outbox.send_due), on the app's settings and clock.
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from playhouse.migrations import Runner

from bot.db import MIGRATIONS, database, upgrade
from bot.inbound import BadInbound, receive
from bot.localtime import local
from bot.models import Member, Message, ScheduledMessage
from bot.outbox import send_due
from bot.phones import BadNumber, guess_timezone, mask, parse_address
from bot.transport import ConsoleTransport, SendResult

CHAT_HELP = "commands: /wait 25m (s, m, h, d; e.g. 90s, 1h30m), /now, /dispatch, /quit"
WAIT_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def aware_time(ctx, param, value: str | None) -> datetime | None:
    """Parse an ISO 8601 time with a UTC offset ("Z" counts) into aware UTC; a naive time is refused."""
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 time like 2026-11-24T15:00:00Z") from None
    if when.tzinfo is None:  # guessing a zone would silently shift the pass by hours
        raise click.BadParameter(f"{value!r} has no UTC offset; add Z or +00:00 (or the offset you mean)")
    return when.astimezone(UTC)


def migration_status() -> list:
    """Every numbered migration as playhouse's Migration tuple (`applied` is None while pending)."""
    with database.connection_context():
        return Runner(database.obj, str(MIGRATIONS)).status()


def summary(result) -> str:
    """A PassResult as one line: "sent 1, deferred 0, cancelled 0, failed 0, unknown 0, retried 0"."""
    return ", ".join(f"{name} {count}" for name, count in asdict(result).items())


@click.group("db")
def db_cli():
    """Database schema: apply or list the numbered migrations in bot/migrations."""


@db_cli.command("upgrade")
@with_appcontext
def db_upgrade_command():
    """Apply pending migrations (the release step); prints what was applied or "up to date"."""
    applied = upgrade()
    click.echo("\n".join(f"applied {name}" for name in applied) if applied else "up to date")


@db_cli.command("status")
@with_appcontext
def db_status_command():
    """List every migration as applied (with when) or pending."""
    for row in migration_status():
        state = f"applied {row.applied:%Y-%m-%d %H:%M}" if row.applied else "pending"
        click.echo(f"{row.name:<32} {state}{'' if row.path else ' (file missing)'}")


@click.command("dispatch")
@click.option("--now", callback=aware_time, metavar="ISO8601",
              help="Run as of this time, with its UTC offset (2026-11-24T15:21:00Z); default: now.")
@with_appcontext
def dispatch_command(now):
    """Run one outbox pass with the configured transport and print what happened."""
    transport = current_app.extensions["transport_factory"]()
    with database.connection_context():
        result = send_due(now or current_app.config["CLOCK"](), transport, current_app.config["SETTINGS"],
                          worker="cli")
    click.echo(summary(result))


def _phone(raw: str, hint: str) -> str:
    """`raw` in E.164; a BadParameter (exit 2) when it is not a phone number."""
    try:
        return parse_address(raw, current_app.config["SETTINGS"].default_region).phone
    except BadNumber as error:
        raise click.BadParameter(f"{raw!r}: {error}", param_hint=hint) from None


@click.command("transcript")
@click.argument("phone")
@click.option("--json", "as_json", is_flag=True,
              help='One JSON object a line: at (UTC, "+00:00" form), direction, kind, body, status.')
@with_appcontext
def transcript_command(phone, as_json):
    """Print a member's texts in and out, bodies included, in time order."""
    number = _phone(phone, "PHONE")
    with database.connection_context():
        member = Member.get_or_none(Member.phone == number)
        if member is None:
            raise click.ClickException(f"no member has the number {mask(number)}")
        rows = list(member.messages.order_by(Message.created_at, Message.id))
    if not as_json:
        click.echo(f"member #{member.id} {member.masked_phone} ({member.channel}, {member.status}, "
                   f"{member.timezone}): {len(rows)} messages, times in UTC")
    for row in rows:
        at = row.created_at.astimezone(UTC)
        if as_json:
            click.echo(json.dumps({"at": at.isoformat(timespec="seconds"), "direction": row.direction,
                                   "kind": row.kind, "body": row.body, "status": row.status}))
            continue
        prefix = f"{at:%Y-%m-%d %H:%M:%S}  {'<-' if row.direction == 'in' else '->'}  {row.kind:<20} {row.status:<12} "
        click.echo(prefix + ("\n" + " " * len(prefix)).join(row.body.splitlines()))


def parse_wait(text: str) -> timedelta | None:
    """A wait like "25m", "90s", "1h30m" or "1d" as a timedelta of a second to a year; None if malformed."""
    if not re.fullmatch(r"(?:\d{1,6}[smhd])+", text):
        return None
    delta = sum((timedelta(**{WAIT_UNITS[u]: int(n)}) for n, u in re.findall(r"(\d+)([smhd])", text)), timedelta())
    return delta if timedelta() < delta <= timedelta(days=366) else None


class ChatTransport(ConsoleTransport):
    """The console transport, printed as the bot's side of the chat; it never reaches a phone."""

    def send(self, to: str, body: str, *, channel: str = "sms") -> SendResult:
        click.echo(f"bot> [scheduled] {body}")
        return SendResult("CONSOLE-" + uuid.uuid4().hex, "sent")


class Chat:
    """One terminal conversation as `phone`, on its own clock that only /wait moves."""

    def __init__(self, phone: str, now: datetime, settings):
        self.phone, self.now, self.settings = phone, now, settings

    def text(self, body: str) -> None:
        try:
            with database.connection_context():
                replies = receive(("SMchat" + uuid.uuid4().hex)[:34], self.phone, body, self.now, self.settings)
        except BadInbound as error:
            click.echo(f"(not sent: {error})")
            return
        for reply in replies or []:
            click.echo(f"bot> {reply.text}")

    def dispatch(self) -> None:
        with database.connection_context():
            # The chat clock runs ahead of real time: a pass as of it would print
            # other members' due rows here as sent and take over a running
            # worker's live claims, so it only runs when nobody else is affected.
            mine = Member.select(Member.id).where(Member.phone == self.phone)
            others = ScheduledMessage.select().where(ScheduledMessage.member.not_in(mine) & (
                ((ScheduledMessage.state == "pending") & (ScheduledMessage.due_at <= self.now))
                | ((ScheduledMessage.state == "claimed") & (ScheduledMessage.lease_until < self.now)))).count()
            if others:
                click.echo(f"(not dispatching: {others} message(s) of other members would be affected; "
                           "chat on a database of your own, e.g. DATABASE_URL=sqlite:///instance/chat.sqlite3)")
                return
            result = send_due(self.now, ChatTransport(), self.settings, worker="chat")
        if result.sent != sum(asdict(result).values()):  # say why an expected message did not come
            click.echo(f"(dispatch: {summary(result)})")

    def describe_now(self) -> str:
        with database.connection_context():
            member = Member.get_or_none(Member.phone == self.phone)
        zone = member.timezone if member else guess_timezone(self.phone)
        return f"now {self.now:%Y-%m-%d %H:%M} UTC, {local(self.now, zone):%a %H:%M} in {zone}"

    def command(self, line: str) -> bool:
        """Run one slash command; False means quit. A bad one prints the help and changes nothing."""
        name, _, argument = line.partition(" ")
        wait = parse_wait(argument.strip().lower()) if name == "/wait" else None
        if wait is not None:
            self.now += wait
            click.echo(self.describe_now())
            self.dispatch()
        elif (name, argument) == ("/now", ""):
            click.echo(self.describe_now())
        elif (name, argument) == ("/dispatch", ""):
            self.dispatch()
        elif (name, argument) != ("/quit", ""):
            click.echo(CHAT_HELP)
        return (name, argument) != ("/quit", "")


@click.command("chat")
@click.option("--phone", default="+15551234567", show_default=True, help="The number you text from.")
@with_appcontext
def chat_command(phone):
    """Text the bot from this terminal, with a clock you can jump (/wait 25m).

    Scheduled messages print here through the console transport whatever
    TRANSPORT says: this command never texts a real phone. It reads and writes
    the configured database, so point DATABASE_URL at a local one.
    """
    chat = Chat(_phone(phone, "--phone"), current_app.config["CLOCK"](), current_app.config["SETTINGS"])
    echo_input = not sys.stdin.isatty()  # a terminal echoes what is typed; piped lines would stay invisible
    click.echo(f"texting as {mask(chat.phone)}; replies print here and nothing is sent. {CHAT_HELP}")
    while True:
        try:
            line = input("you> ").strip()
        except EOFError:
            click.echo()
            return
        if echo_input:
            click.echo(line)
        if line.startswith("/"):
            if not chat.command(line):
                return
        elif line:
            chat.text(line)


def init_app(app) -> None:
    """Register dispatch, transcript and chat (bot.db.init_app registers the db group)."""
    for command in (dispatch_command, transcript_command, chat_command):
        app.cli.add_command(command)
