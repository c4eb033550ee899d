"""The dashboard's own tables: operators, their sessions, login attempts and the audit log.

The schema is owned by bot/migrations/0003_admin.py; these classes must match it.
"""

from __future__ import annotations

from flask_login import UserMixin
from peewee import AutoField, BooleanField, CharField, ForeignKeyField, IntegerField, TextField

from bot.models import BaseModel
from bot.timefields import UTCDateTimeField


class AdminUser(BaseModel, UserMixin):
    """An operator. Flask-Login identifies a logged-in operator by their session token, not this id."""

    id = AutoField()
    email = CharField(unique=True)  # lower case
    password_hash = CharField()  # argon2id, in the PHC string format
    created_at = UTCDateTimeField()
    last_login_at = UTCDateTimeField(null=True)
    active = BooleanField(default=True)

    session_token: str | None = None  # set when loaded through a live AdminSession

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active


class AdminSession(BaseModel):
    """A login. The cookie carries a random token; only its SHA-256 is stored, so a leaked table opens nothing."""

    id = AutoField()
    token_hash = CharField(unique=True)
    user = ForeignKeyField(AdminUser, backref="sessions", on_delete="CASCADE")
    created_at = UTCDateTimeField()
    expires_at = UTCDateTimeField()
    ended_at = UTCDateTimeField(null=True)  # logout: the cookie is worthless from then on


class LoginAttempt(BaseModel):
    """One try at the login form, kept so the throttle holds across every web process."""

    id = AutoField()
    email = CharField()  # bot.admin.throttle.account_key of what was typed, never the text: unknown accounts count too
    address = CharField()
    at = UTCDateTimeField()
    ok = BooleanField()

    class Meta:
        indexes = ((("email", "at"), False), (("address", "at"), False))


class AuditLog(BaseModel):
    """Who did what, when. No message bodies and no full numbers: a reveal records that it happened."""

    id = AutoField()
    at = UTCDateTimeField(index=True)
    actor = CharField()  # the operator's email, or "cli"
    action = CharField()
    member_id = IntegerField(null=True, index=True)  # not a foreign key: the log outlives erased data
    detail = TextField(default="")
    address = CharField(null=True)


ADMIN_MODELS = (AdminUser, AdminSession, LoginAttempt, AuditLog)
