"""Fixtures for the admin dashboard: an operator, a logged-in client, CSRF tokens, a SQL statement counter."""

from __future__ import annotations

import functools
import logging
import re
import secrets
from contextlib import contextmanager

import pytest

from bot.admin import passwords
from bot.admin.auth import token_hash
from bot.admin.models import AdminSession, AdminUser
from bot.admin.security import SESSION_LIFETIME
from bot.db import database

OPERATOR_EMAIL = "coach@example.org"
OPERATOR_PASSWORD = "a long enough passphrase"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@functools.cache
def operator_hash() -> str:
    """One argon2id hash per test session: hashing costs ~0.15 s, and most tests need an account, not a hash."""
    return passwords.hash_password(OPERATOR_PASSWORD)


@pytest.fixture
def operator(app, clock):
    with database.connection_context():
        return AdminUser.create(email=OPERATOR_EMAIL, password_hash=operator_hash(), created_at=clock())


def csrf_token(client, url: str = "/admin/login") -> str:
    """The CSRF token a page carries (bound to the client's session)."""
    response = client.get(url)
    match = CSRF_FIELD.search(response.text)
    assert match, f"no CSRF token in {url} ({response.status_code})"
    return match.group(1)


def log_in(client, email: str = OPERATOR_EMAIL, password: str = OPERATOR_PASSWORD, **extra):
    """Log in through the form, as a browser would; returns the response."""
    return client.post("/admin/login", data={"email": email, "password": password,
                                             "csrf_token": csrf_token(client), **extra})


@pytest.fixture
def admin_client(app, client, operator, clock):
    """A client with a live operator session, made directly (no password hashing) for tests of the pages."""
    token = secrets.token_urlsafe(32)
    with database.connection_context():
        AdminSession.create(token_hash=token_hash(token), user=operator, created_at=clock(),
                            expires_at=clock() + SESSION_LIFETIME)
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return client


def post(client, url: str, data: dict | None = None, *, page: str = "/admin/", **kwargs):
    """POST a dashboard form with a valid CSRF token taken from `page`."""
    return client.post(url, data={"csrf_token": csrf_token(client, page), **(data or {})}, **kwargs)


class StatementCounter(logging.Handler):
    """Counts the SQL statements peewee executes (it logs each one at DEBUG on the "peewee" logger)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record):
        if isinstance(record.msg, tuple):
            self.statements.append(record.msg[0])

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def counting_statements():
    logger = logging.getLogger("peewee")
    counter, level, propagate = StatementCounter(), logger.level, logger.propagate
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
        logger.propagate = propagate


@pytest.fixture
def statements():
    """`with statements() as counter:` counts the SQL run inside the block."""
    return counting_statements
