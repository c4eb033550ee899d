"""Member settings and the conversation's records: urge episodes, contacts, drafts, check-ins, safety flags."""

from peewee import AutoField, BooleanField, CharField, ForeignKeyField, IntegerField, Model, TextField

from bot.timefields import UTCDateTimeField


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Member(Base):
        id = AutoField()

    class Message(Base):
        id = AutoField()

    class UrgeEpisode(Base):
        id = AutoField()
        member = ForeignKeyField(Member, on_delete="CASCADE")
        opened_at = UTCDateTimeField()
        closed_at = UTCDateTimeField(null=True)
        outcome = CharField(default="open")
        rounds = IntegerField(default=1)
        first_rating = IntegerField(null=True)
        last_rating = IntegerField(null=True)

        class Meta:
            indexes = ((("member", "opened_at"), False),)

    class Contact(Base):
        id = AutoField()
        member = ForeignKeyField(Member, on_delete="CASCADE")
        at = UTCDateTimeField()
        initiator = CharField()
        channel = CharField(null=True)
        needed = BooleanField(default=False)
        reception = CharField(null=True)

        class Meta:
            indexes = ((("member", "at"), False),)

    class HeldDraft(Base):
        id = AutoField()
        member = ForeignKeyField(Member, on_delete="CASCADE")
        body = TextField()
        created_at = UTCDateTimeField()
        return_at = UTCDateTimeField()
        state = CharField(default="held")

    class CheckIn(Base):
        id = AutoField()
        member = ForeignKeyField(Member, on_delete="CASCADE")
        local_date = CharField()
        count = IntegerField(null=True)
        asked_at = UTCDateTimeField()
        answered_at = UTCDateTimeField(null=True)

        class Meta:
            indexes = ((("member", "local_date"), True),)

    class SafetyFlag(Base):
        id = AutoField()
        member = ForeignKeyField(Member, on_delete="CASCADE")
        message = ForeignKeyField(Message, null=True, on_delete="SET NULL")
        danger = CharField()
        created_at = UTCDateTimeField()
        state = CharField(default="open", index=True)
        note = TextField(null=True)
        resolved_at = UTCDateTimeField(null=True)

    migrator.migrate(
        migrator.add_column("member", "delay_minutes", IntegerField(default=20)),
        migrator.add_column("member", "spouse_name", CharField(null=True)),
        migrator.add_column("member", "checkin_time", CharField(default="19:00")),
        migrator.add_column("member", "quiet_hours", CharField(null=True)),
        migrator.add_column("member", "baseline_weekly", IntegerField(null=True)),
        migrator.add_column("member", "paused_until", UTCDateTimeField(null=True)),
        migrator.add_column("member", "safety_hold", BooleanField(default=False)),
        migrator.add_column("member", "discreet", BooleanField(default=True)),
        migrator.add_column("member", "awaiting", CharField(null=True)),
        migrator.add_column("member", "awaiting_ref", IntegerField(null=True)),
        migrator.add_column("member", "awaiting_until", UTCDateTimeField(null=True)),
        migrator.add_column("member", "prompt_state", TextField(default="{}")),
        migrator.add_column("member", "next_checkin_at", UTCDateTimeField(null=True)),
        migrator.add_column("member", "next_weekly_at", UTCDateTimeField(null=True)),
        migrator.add_index("member", ("next_checkin_at",), False),
        migrator.add_index("member", ("next_weekly_at",), False),
    )
    db.create_tables([UrgeEpisode, Contact, HeldDraft, CheckIn, SafetyFlag])


def down(migrator, db):
    for table in ("safety_flag", "check_in", "held_draft", "contact", "urge_episode"):
        db.execute_sql(f"DROP TABLE IF EXISTS {table}")
    columns = ("delay_minutes", "spouse_name", "checkin_time", "quiet_hours", "baseline_weekly", "paused_until",
               "safety_hold", "discreet", "awaiting", "awaiting_ref", "awaiting_until", "prompt_state", "next_checkin_at",
               "next_weekly_at")
    migrator.migrate(*(migrator.drop_column("member", c) for c in columns))
