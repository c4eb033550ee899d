"""The shared per-sender send rate."""

from peewee import CharField, Model

from bot.timefields import UTCDateTimeField


def up(migrator, db):
    class SendBudget(Model):
        sender = CharField(primary_key=True)
        next_free_at = UTCDateTimeField()

        class Meta:
            database = db
            table_name = "send_budget"

    db.create_tables([SendBudget])


def down(migrator, db):
    db.execute_sql("DROP TABLE IF EXISTS send_budget")
