"""Outbox rows keep the prompt kind of a reply, and when an `unknown` row is next looked up."""

from peewee import CharField

from bot.timefields import UTCDateTimeField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("scheduled_message", "prompt_kind", CharField(null=True)),
        migrator.add_column("scheduled_message", "next_check_at", UTCDateTimeField(null=True)),
    )
    # Rows already unknown are looked up once more, then backed off like new ones.
    db.execute_sql("UPDATE scheduled_message SET next_check_at = updated_at WHERE state = 'unknown'")


def down(migrator, db):
    migrator.migrate(migrator.drop_column("scheduled_message", "next_check_at"),
                     migrator.drop_column("scheduled_message", "prompt_kind"))
