"""`flask chat`: text the bot from a terminal, on a clock only /wait moves.

The same code paths as production: bot.inbound.receive for each line,
bot.outbox.send_due for every clock jump, printed through a console transport.
"""

from __future__ import annotations

import re
import sys
import uuid
from datetime import datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from bot.cli import phone_argument
from bot.db import database
from bot.inbound import BadInbound, receive
from bot.localtime import local
from bot.models import Member
from bot.outbox import send_due
from bot.phones import guess_timezone, mask
from bot.transport import ConsoleTransport, SendResult

CHAT_HELP = "commands: /wait 25m (s, m, h, d; e.g. 90s, 1h30m), /now, /dispatch, /quit"
WAIT_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}

def parse_wait(text: str) -> timedelta | None:
    """A wait like "25m", "90s", "1h30m" or "1d" as a timedelta of a second to a year; None if malformed."""
    if not re.fullmatch(r"(?:\d{1,6}[smhd])+", text):
        return None
    delta = sum((timedelta(**{WAIT_UNITS[u]: int(n)}) for n, u in re.findall(r"(\d+)([smhd])", text)), timedelta())
    return delta if timedelta() < delta <= timedelta(days=366) else None


class ChatTransport(ConsoleTransport):
    """The console transport, printed as the bot's side of the chat; it never reaches a phone."""

    def send(self, to: str, body: str, *, channel: str = "sms", ref: int | None = None) -> SendResult:
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
            member = Member.get_or_none(Member.phone == self.phone)
            if member is None:
                return
            # The chat clock runs ahead of real time, so the pass touches only
            # this member's rows: never another member's, never a worker's claim.
            result = send_due(self.now, ChatTransport(), self.settings, worker="chat", member_id=member.id,
                              sleep=lambda seconds: None)
        if result.sent != result.total:  # say why an expected message did not come
            click.echo(f"(dispatch: {result.summary()})")

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
    chat = Chat(phone_argument(phone, "--phone"), current_app.config["CLOCK"](), current_app.config["SETTINGS"])
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


