"""Operator commands: `flask db`, `flask dispatch`, `flask transcript`, `flask chat`, `flask spool`.

Thin shells over the code the web app and the worker run (bot.inbound,
bot.outbox.send_due), on the app's settings and clock.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from bot.db import database, migration_status, upgrade
from bot.models import Member, Message
from bot.outbox import send_due
from bot.phones import BadNumber, mask, parse_address


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


FUTURE_LIMIT = timedelta(minutes=5)  # beyond this, a pass "as of" later sends real texts before their time


def describe_ahead(ahead: timedelta) -> str:
    hours, minutes = divmod(int(ahead.total_seconds()) // 60, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


@click.command("dispatch")
@click.option("--now", callback=aware_time, metavar="ISO8601",
              help="Run as of this time, with its UTC offset (2026-11-24T15:21:00Z); default: now.")
@click.option("--force", is_flag=True,
              help="With the Twilio transport, allow a --now more than 5 minutes ahead of the clock.")
@with_appcontext
def dispatch_command(now, force):
    """Run one outbox pass with the configured transport and print what happened.

    With the Twilio transport a --now more than FUTURE_LIMIT ahead is refused
    without --force: it would text real members early (drafts returned hours
    before their time, tomorrow's check-ins tonight).
    """
    settings, clock = current_app.config["SETTINGS"], current_app.config["CLOCK"]()
    if now is not None and now - clock > FUTURE_LIMIT and settings.transport == "twilio" and not force:
        raise click.BadParameter(
            f"{now:%Y-%m-%d %H:%M}Z is {describe_ahead(now - clock)} ahead of the clock; with the Twilio transport "
            "that texts real members early. Add --force if that is what you mean.", param_hint="'--now'")
    transport = current_app.extensions["transport_factory"]()
    with database.connection_context():
        result = send_due(now or clock, transport, settings, worker="cli")
    click.echo(result.summary())


def phone_argument(raw: str, hint: str) -> str:
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
    number = phone_argument(phone, "PHONE")
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


@click.command("spool")
@click.option("--replay", "replay_now", is_flag=True,
              help="Apply the waiting items now (the worker does this before every dispatch pass).")
@with_appcontext
def spool_command(replay_now):
    """What waits in the inbound spool (texts and status updates from an outage), and what was set aside."""
    from bot import replay, spool

    settings = current_app.config["SETTINGS"]
    if replay_now:
        with database.connection_context():
            click.echo(f"replayed {replay.replay(settings, limit=1_000_000)}")
    found = spool.backlog(settings.spool_dir)
    oldest = f", the oldest from {found.oldest:%Y-%m-%d %H:%M:%S} UTC" if found.oldest else ""
    click.echo(f"{settings.spool_dir}: {found.texts} texts and {found.statuses} status updates waiting{oldest}; "
               f"{found.set_aside} set aside (*.rejected, for an operator to read)")


def init_app(app) -> None:
    """Register dispatch, transcript, chat and spool (bot.db.init_app registers the db group)."""
    from bot.chat import chat_command

    for command in (dispatch_command, transcript_command, chat_command, spool_command):
        app.cli.add_command(command)
