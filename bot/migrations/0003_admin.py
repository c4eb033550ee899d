"""The admin dashboard: operators, sessions, login attempts, the audit log, and indexes its pages need."""

from peewee import AutoField, BooleanField, CharField, ForeignKeyField, IntegerField, Model, TextField
from playhouse.migrate import make_index_name

from bot.timefields import UTCDateTimeField

# (table, columns): each one serves an aggregate or a list on a dashboard page.
INDEXES = (
    ("message", ("status", "direction", "created_at")),  # delivery failures by week (covering)
    ("scheduled_message", ("member_id", "state")),  # a member's pending messages
    ("urge_episode", ("opened_at", "outcome")),  # urges today / this week / by week, waited out (covering)
    ("urge_episode", ("closed_at", "outcome", "opened_at")),  # share waited out, median minutes (covering)
    ("contact", ("at", "initiator", "needed")),  # outreach and spouse-initiated trends (covering)
    ("member", ("last_inbound_at",)),  # the members list, most recent first
    ("member", ("created_at",)),  # new this week
    ("member", ("stopped_at",)),  # opt-outs by week
    ("safety_flag", ("state", "created_at")),  # the safety queue, newest first
)


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class AdminUser(Base):
        id = AutoField()
        email = CharField(unique=True)
        password_hash = CharField()
        created_at = UTCDateTimeField()
        last_login_at = UTCDateTimeField(null=True)
        active = BooleanField(default=True)

    class AdminSession(Base):
        id = AutoField()
        token_hash = CharField(unique=True)
        user = ForeignKeyField(AdminUser, on_delete="CASCADE")
        created_at = UTCDateTimeField()
        expires_at = UTCDateTimeField()
        ended_at = UTCDateTimeField(null=True)

    class LoginAttempt(Base):
        id = AutoField()
        email = CharField()
        address = CharField()
        at = UTCDateTimeField()
        ok = BooleanField()

        class Meta:
            indexes = ((("email", "at"), False), (("address", "at"), False))

    class AuditLog(Base):
        id = AutoField()
        at = UTCDateTimeField(index=True)
        actor = CharField()
        action = CharField()
        member_id = IntegerField(null=True, index=True)
        detail = TextField(default="")
        address = CharField(null=True)

    db.create_tables([AdminUser, AdminSession, LoginAttempt, AuditLog])
    migrator.migrate(*(migrator.add_index(table, columns, False) for table, columns in INDEXES))


def down(migrator, db):
    migrator.migrate(*(migrator.drop_index(table, make_index_name(table, columns)) for table, columns in INDEXES))
    for table in ("audit_log", "login_attempt", "admin_session", "admin_user"):
        db.execute_sql(f"DROP TABLE IF EXISTS {table}")
