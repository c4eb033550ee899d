"""The login throttle, kept in the database so every gunicorn worker (and every host) sees the same count.

At most ACCOUNT_LIMIT failures per account and ADDRESS_LIMIT per client address
within WINDOW. A success clears the account's count, not the address's, so one
valid account cannot be used to reset the counter while guessing at others.
What was typed as the email is never stored: an attempt keeps only a keyed
hash of it (`account_key`), which may as well be a password typed in the
wrong box. The worker drops attempts older than a day (`forget_before`).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from peewee import fn

from bot.admin.models import LoginAttempt

WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20


def account_key(email: str, secret: str) -> str:
    """What an attempt records for the account: an HMAC of the normalised email, never the email."""
    return hmac.new(secret.encode(), email.encode(), hashlib.sha256).hexdigest()


def begin(email: str, address: str, now: datetime) -> LoginAttempt | None:
    """Record an attempt as a failure before the password is checked; None (and no trace) when over a limit.

    `email` is the account's key (`account_key`), `address` the client's.

    Writing first and counting after means concurrent attempts in other
    processes are counted too, so a burst cannot slip past the limit while
    the password hashes are being computed.
    """
    attempt = LoginAttempt.create(email=email, address=address, at=now, ok=False)
    since = now - WINDOW
    last_ok = (LoginAttempt.select(fn.MAX(LoginAttempt.at))
               .where((LoginAttempt.email == email) & LoginAttempt.ok & (LoginAttempt.at >= since)).scalar())
    account_since = max(since, LoginAttempt.at.python_value(last_ok)) if last_ok else since
    failures = LoginAttempt.select().where(
        (LoginAttempt.email == email) & ~LoginAttempt.ok & (LoginAttempt.at >= account_since)).count()
    from_address = LoginAttempt.select().where(
        (LoginAttempt.address == address) & ~LoginAttempt.ok & (LoginAttempt.at >= since)).count()
    if failures > ACCOUNT_LIMIT or from_address > ADDRESS_LIMIT:
        # A refused attempt leaves no row, so waiting out the window always works.
        attempt.delete_instance()
        return None
    return attempt


def succeed(attempt: LoginAttempt) -> None:
    LoginAttempt.update(ok=True).where(LoginAttempt.id == attempt.id).execute()


def forget_before(now: datetime) -> int:
    """Drop attempts older than a day (retention, run by the worker and after each login); returns how many."""
    return LoginAttempt.delete().where(LoginAttempt.at < now - timedelta(days=1)).execute()
