"""Members, the message log and the outbox (a frozen copy of the schema at this step)."""

from peewee import AutoField, CharField, ForeignKeyField, IntegerField, Model, TextField

from bot.timefields import UTCDateTimeField


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Member(Base):
        id = AutoField()
        phone = CharField(unique=True)
        channel = CharField(default="sms")
        status = CharField(default="new", index=True)
        timezone = CharField(default="America/New_York")
        created_at = UTCDateTimeField()
        consent_at = UTCDateTimeField(null=True)
        stopped_at = UTCDateTimeField(null=True)
        last_inbound_at = UTCDateTimeField(null=True)

    class ScheduledMessage(Base):
        id = AutoField()
        member = ForeignKeyField(Member, on_delete="CASCADE")
        kind = CharField()
        body = TextField()
        due_at = UTCDateTimeField()
        state = CharField(default="pending")
        attempts = IntegerField(default=0)
        lease_until = UTCDateTimeField(null=True)
        claimed_by = CharField(null=True)
        last_error = TextField(null=True)
        idempotency_key = CharField(unique=True)
        ref_id = IntegerField(null=True)
        created_at = UTCDateTimeField()
        updated_at = UTCDateTimeField()
        sent_at = UTCDateTimeField(null=True)

        class Meta:
            indexes = ((("state", "due_at"), False),)

    class Message(Base):
        id = AutoField()
        member = ForeignKeyField(Member, on_delete="CASCADE")
        direction = CharField()
        body = TextField()
        twilio_sid = CharField(unique=True, null=True)
        status = CharField()
        error_code = IntegerField(null=True)
        kind = CharField()
        scheduled = ForeignKeyField(ScheduledMessage, null=True, on_delete="SET NULL")
        created_at = UTCDateTimeField()
        updated_at = UTCDateTimeField()

        class Meta:
            indexes = ((("member", "created_at"), False),)

    db.create_tables([Member, ScheduledMessage, Message])


def down(migrator, db):
    for table in ("message", "scheduled_message", "member"):
        db.execute_sql(f"DROP TABLE IF EXISTS {table}")
