"""What the plain-language understanding records: members' own reasons, and what they add to a safety flag."""

from peewee import AutoField, ForeignKeyField, IntegerField, Model, TextField

from bot.timefields import UTCDateTimeField


def up(migrator, db):
    class Member(Model):
        class Meta:
            database = db
            table_name = "member"

    class Message(Model):
        class Meta:
            database = db
            table_name = "message"

    class SafetyFlag(Model):
        class Meta:
            database = db
            table_name = "safety_flag"

    class Reason(Model):
        id = AutoField()
        member = ForeignKeyField(Member, on_delete="CASCADE")
        at = UTCDateTimeField()
        body = TextField()
        prompt = TextField()
        episode = IntegerField(null=True)

        class Meta:
            database = db
            table_name = "reason"
            indexes = ((("member", "at"), False),)

    class FlagNote(Model):
        id = AutoField()
        flag = ForeignKeyField(SafetyFlag, on_delete="CASCADE")
        message = ForeignKeyField(Message, null=True, on_delete="SET NULL")
        created_at = UTCDateTimeField()

        class Meta:
            database = db
            table_name = "flag_note"
            indexes = ((("flag", "created_at"), False),)

    db.create_tables([Reason, FlagNote])


def down(migrator, db):
    db.execute_sql("DROP TABLE IF EXISTS flag_note")
    db.execute_sql("DROP TABLE IF EXISTS reason")
