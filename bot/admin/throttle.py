"""The login throttle, kept in the database so every gunicorn worker (and every host) sees the same count.

At most ACCOUNT_LIMIT failures per account and ADDRESS_LIMIT per client address
within WINDOW. A success clears the account's count, not the address's, so one
valid account cannot be used to reset the counter while guessing at others.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from peewee import fn

from bot.admin.models import LoginAttempt

WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20


def begin(email: str, address: str, now: datetime) -> LoginAttempt | None:
    """Record an attempt as a failure before the password is checked; None (and no trace) when over a limit.

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
    """Drop attempts older than a day (retention); returns how many."""
    return LoginAttempt.delete().where(LoginAttempt.at < now - timedelta(days=1)).execute()
