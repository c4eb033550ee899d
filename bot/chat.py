"""`flask chat`: text the bot from a terminal, on a clock only /wait moves, in a database of its own.

Each line goes through bot.inbound.receive, the webhook's own code. Each
/wait runs the worker's planning and outbox at every moment in between
(bot.timejump), so follow-ups, check-ins and weekly reflections arrive at
their times and in order, printed through a console transport that never
reaches a phone. The chat's clock runs ahead of real time, so it keeps its
own database (by default instance/chat.sqlite3) and refuses the one the app
serves.
"""

from __future__ import annotations

import re
import sys
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import with_appcontext
from peewee import fn

from bot import timejump
from bot.cli import phone_argument
from bot.config import ROOT
from bot.db import database, open_database, upgrade
from bot.inbound import BadInbound, receive
from bot.localtime import local
from bot.models import Member, Message, ScheduledMessage
from bot.phones import guess_timezone, mask
from bot.transport import ConsoleTransport, SendResult

CHAT_DATABASE = ROOT / "instance" / "chat.sqlite3"
CHAT_HELP = "commands: /wait 25m (s, m, h, d; e.g. 90s, 1h30m, 7d), /now, /dispatch, /quit"
WAIT_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
STOPPED = ("cancelled", "held")


def parse_wait(text: str) -> timedelta | None:
    """A wait like "25m", "90s", "1h30m" or "1d" as a timedelta of a second to a year; None if malformed."""
    if not re.fullmatch(r"(?:\d{1,6}[smhd])+", text):
        return None
    delta = sum((timedelta(**{WAIT_UNITS[u]: int(n)}) for n, u in re.findall(r"(\d+)([smhd])", text)), timedelta())
    return delta if timedelta() < delta <= timedelta(days=366) else None


def database_place(url: str) -> tuple:
    """What identifies the database `url` points at: a SQLite file's real path, or server, port and name."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = url.split("://", 1)[1][1:]  # sqlite:///relative or sqlite:////absolute
        return ("sqlite", str(Path(path).resolve()) if path and path != ":memory:" else path)
    return ("postgresql", parts.hostname or "localhost", parts.port or 5432, parts.path.lstrip("/"))


def describe_database(url: str) -> str:
    """The database as the banner names it: a SQLite file's path, or a server and name, never a password."""
    place = database_place(url)
    if place[0] == "sqlite":
        path = Path(place[1])
        return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)
    return f"postgresql://{place[1]}:{place[2]}/{place[3]}"


@contextmanager
def chat_database(url: str):
    """Bind the app's database handle to the chat's own, migrated; put the app's back afterwards."""
    served = database.obj
    own = open_database(url)
    try:
        upgrade()
        yield own
    finally:
        own.close_all()
        database.initialize(served)


class ChatTransport(ConsoleTransport):
    """The console transport as the bot's side of the chat: each text stamped with its local send time."""

    def __init__(self, phone: str):
        super().__init__()
        self.phone, self.at = phone, None

    def send(self, to: str, body: str, *, channel: str = "sms", ref: int | None = None) -> SendResult:
        member = Member.get_or_none(Member.phone == to)
        stamp = local(self.at, member.timezone if member else guess_timezone(to)).strftime("%a %H:%M")
        click.echo(f"bot> [{stamp}{'' if to == self.phone else ' to ' + mask(to)}] {body}")
        return SendResult("CONSOLE-" + uuid.uuid4().hex, "sent")


def _stopped_rows() -> dict[int, tuple[str, str, str | None]]:
    return {row_id: (kind, state, reason) for row_id, kind, state, reason in ScheduledMessage.select(
        ScheduledMessage.id, ScheduledMessage.kind, ScheduledMessage.state, ScheduledMessage.last_error)
        .where(ScheduledMessage.state.in_(STOPPED)).tuples()}


def resume_time(now: datetime) -> datetime:
    """`now`, or the latest text in the chat's database if later: the chat's clock never runs backwards."""
    latest = Message.select(fn.MAX(Message.created_at)).scalar()
    return max(now, Message.created_at.python_value(latest)) if latest is not None else now


class Chat:
    """One terminal conversation as `phone`, on its own clock that only /wait moves."""

    def __init__(self, phone: str, now: datetime, settings):
        self.phone, self.now, self.settings = phone, now, settings
        self.transport = ChatTransport(phone)

    def text(self, body: str) -> None:
        """Text the bot as the member; print its replies, then what the worker would send at once."""
        try:
            with database.connection_context():
                replies = receive(("SMchat" + uuid.uuid4().hex)[:34], self.phone, body, self.now, self.settings)
        except BadInbound as error:
            click.echo(f"(not sent: {error})")
            return
        for reply in replies or []:
            click.echo(f"bot> {reply.text}")
        self.advance(self.now)

    def advance(self, target: datetime) -> None:
        """Run the worker's jobs up to `target`, then say why any text due on the way will not come."""
        with database.connection_context():
            before = _stopped_rows()
            timejump.jump(self.now, target, self.settings, self.transport,
                          before=lambda at: setattr(self.transport, "at", at))
            stopped = {k: v for k, v in _stopped_rows().items() if k not in before}
        self.now = target
        for kind, state, reason in stopped.values():
            click.echo(f"({kind} {'not sent' if state == 'cancelled' else 'held'}: {reason})")

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
            self.advance(self.now + wait)
            click.echo(self.describe_now())
        elif (name, argument) == ("/now", ""):
            click.echo(self.describe_now())
        elif (name, argument) == ("/dispatch", ""):
            self.advance(self.now)
        elif (name, argument) != ("/quit", ""):
            click.echo(CHAT_HELP)
        return (name, argument) != ("/quit", "")


def _chat_url(explicit: str | None, fresh: bool) -> str:
    """The chat's database URL; a usage error for the served database or an unusable option."""
    url = explicit or f"sqlite:///{CHAT_DATABASE}"
    if not re.match(r"^(sqlite|postgres|postgresql)://", url):
        raise click.BadParameter("use a sqlite:/// or postgresql:// URL", param_hint="'--database'")
    if database_place(url) == database_place(current_app.config["SETTINGS"].database_url):
        raise click.BadParameter("that is the database the app serves; the chat's clock runs ahead of real time, "
                                 "so it needs one of its own", param_hint="'--database'")
    if fresh and explicit:
        raise click.BadParameter("--fresh erases only the chat's own database; give --database a new one instead",
                                 param_hint="'--fresh'")
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            CHAT_DATABASE.with_name(CHAT_DATABASE.name + suffix).unlink(missing_ok=True)
    return url


@click.command("chat")
@click.option("--phone", default="+15551234567", show_default=True, help="The number you text from.")
@click.option("--database", "database_url", metavar="URL",
              help="The chat's database (default: its own SQLite file, instance/chat.sqlite3); never the served one.")
@click.option("--fresh", is_flag=True, help="Start over: erase the chat's own database first.")
@with_appcontext
def chat_command(phone, database_url, fresh):
    """Text the bot from this terminal, with a clock you can jump (/wait 25m).

    /wait runs the worker's planning and outbox at every moment it passes,
    so scheduled texts print at their times. They print here through the
    console transport whatever TRANSPORT says: this never texts a real phone.
    """
    phone = phone_argument(phone, "--phone")
    url = _chat_url(database_url, fresh)
    with chat_database(url):
        with database.connection_context():
            chat = Chat(phone, resume_time(current_app.config["CLOCK"]()), current_app.config["SETTINGS"])
        click.echo(f"chat database: {describe_database(url)} (the chat's own; its clock runs ahead of real time, "
                   "so it never touches the database the app serves)")
        click.echo(f"texting as {mask(chat.phone)}, {chat.describe_now()}; replies print here and nothing is sent. "
                   f"{CHAT_HELP}")
        converse(chat)


def converse(chat: Chat) -> None:
    """Read lines until /quit or end of input; piped lines are echoed, since no terminal shows them."""
    echo_input = not sys.stdin.isatty()
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
