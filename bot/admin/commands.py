"""Operator commands: `flask admin create EMAIL`, `flask admin demo`, `flask seed-demo`."""

from __future__ import annotations

import secrets
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from bot.admin import demo
from bot.admin.auth import create_operator
from bot.admin.models import AdminUser, AuditLog
from bot.admin.passwords import WeakPassword
from bot.db import database
from bot.models import Member

DEMO_EMAIL = "demo@example.org"


def _now():
    return current_app.config["CLOCK"]()


@click.group("admin")
def admin_cli():
    """Operator accounts for the /admin dashboard."""


@admin_cli.command("create")
@click.argument("email")
@with_appcontext
def create_command(email):
    """Create an operator. The password is prompted for, or read from the first line of standard input."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    with database.connection_context():
        try:
            user = create_operator(email, password, _now())
        except (ValueError, WeakPassword) as error:
            raise click.ClickException(str(error)) from None
        AuditLog.create(at=_now(), actor="cli", action="create_operator", detail=user.email)
    click.echo(f"created operator {user.email}; log in at /admin/login")


@admin_cli.command("demo")
@with_appcontext
def demo_command():
    """Create a demo operator with a random password and print it, once: only while no operator exists."""
    with database.connection_context():
        if AdminUser.select().exists():
            click.echo("an operator account exists; `flask admin create EMAIL` adds another")
            return
        password = secrets.token_urlsafe(12)
        create_operator(DEMO_EMAIL, password, _now())
        AuditLog.create(at=_now(), actor="cli", action="create_operator", detail=f"{DEMO_EMAIL} (demo)")
    click.echo(f"Demo operator for /admin/login (shown once): {DEMO_EMAIL} / {password}")


@click.command("seed-demo")
@click.option("--members", default=300, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--days", default=120, show_default=True, type=click.IntRange(1, 3650), help="Months of history, in days.")
@click.option("--messages", "messages_target", type=click.IntRange(1), help="Aim for about this many texts in all.")
@click.option("--seed", default=7, show_default=True, help="The same seed gives the same data.")
@click.option("--force", is_flag=True, help="Add demo members even if the database already has members.")
@with_appcontext
def seed_demo_command(members, days, messages_target, seed, force):
    """Fill the database with realistic synthetic members and their history (skipped if it has members)."""
    with database.connection_context():
        existing = Member.select().count()
        if existing and not force:
            click.echo(f"not seeding: the database already has {existing} member(s) (--force adds more)")
            return
        totals = demo.seed(_now(), members=members, days=days, messages_target=messages_target, seed=seed,
                           progress=lambda done, total: click.echo(f"  {done}/{total} members", err=True))
    click.echo("seeded " + ", ".join(f"{count} {name}" for name, count in sorted(totals.items())))


def init_app(app) -> None:
    app.cli.add_command(admin_cli)
    app.cli.add_command(seed_demo_command)
