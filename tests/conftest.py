"""Shared fixtures: the app on SQLite and PostgreSQL, a client, a fake clock, a fake transport.

Every test that uses `app` runs once per database backend. PostgreSQL tests use
a throwaway database created for this pytest session on 127.0.0.1:5432; they
skip with a reason when no server answers, except under CI where they fail.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from twilio.request_validator import RequestValidator

from bot import create_app
from bot.db import close_all, database, upgrade
from bot.transport import SendError, SendResult

pytest_plugins = ["tests.twilio_mocks", "tests.admin_fixtures"]

AUTH_TOKEN = "test-auth-token"
PUBLIC_URL = "https://bot.example.org"
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
START = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 10:00 in New York


class FakeClock:
    """A clock tests move by hand: `clock.advance(minutes=25)`."""

    def __init__(self, start: datetime = START):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, when: datetime) -> datetime:
        self.now = when
        return when


class FakeTransport:
    """Records what would have been sent; `fail_with` makes the next sends raise."""

    name = "fake"

    def __init__(self):
        self.sent: list[tuple[str, str, str]] = []
        self.fail_with: SendError | None = None

    def send(self, to: str, body: str, *, channel: str = "sms", ref: int | None = None) -> SendResult:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append((to, body, channel))
        return SendResult("SM" + uuid.uuid4().hex, "queued")

    def find_sent(self, to, since, *, channel="sms"):
        return []

    def bodies(self, to: str | None = None) -> list[str]:
        return [body for (number, body, _) in self.sent if to is None or number == to]


def _postgres_session_url():
    import psycopg2

    name = f"breathing_room_test_{os.getpid()}"
    try:
        admin = psycopg2.connect(PG_ADMIN_URL, connect_timeout=3)
    except psycopg2.OperationalError as error:
        return None, f"no PostgreSQL server at {PG_ADMIN_URL}: {error}".strip()
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name}")
        cur.execute(f"CREATE DATABASE {name}")
    admin.close()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", name


@pytest.fixture(scope="session")
def postgres_url():
    url, detail = _postgres_session_url()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI: {detail}")
        pytest.skip(detail)
    yield url
    import psycopg2

    database.close()
    admin = psycopg2.connect(PG_ADMIN_URL)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {detail} WITH (FORCE)")
    admin.close()


BACKENDS = [b for b in os.environ.get("TEST_DATABASES", "sqlite,postgres").split(",") if b]


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def transport():
    return FakeTransport()


@pytest.fixture
def app(database_url, clock, monkeypatch, tmp_path):
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID",
                 "PUBLIC_URL", "SECRET_KEY", "TRANSPORT", "DATABASE_URL", "QUIET_HOURS"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({
        "database_url": database_url, "transport": "console", "twilio_auth_token": AUTH_TOKEN,
        "public_url": PUBLIC_URL, "secret_key": "test-secret", "send_rate": 1000.0,
        "spool_dir": str(tmp_path / "spool"),
    })
    app.config["CLOCK"] = clock
    with database.connection_context():
        if database_url.startswith("postgres"):
            database.execute_sql(
                "DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        upgrade()
    yield app
    if not database.is_closed():
        database.close()
    close_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def sign(url: str, params: dict) -> str:
    return RequestValidator(AUTH_TOKEN).compute_signature(url, params)


class Phone:
    """A member's phone texting the bot through the signed webhook."""

    def __init__(self, client, number: str = "+12125550123"):
        self.client, self.number, self.count = client, number, 0

    def text(self, body: str, *, sid: str | None = None, sender: str | None = None):
        self.count += 1
        params = {"MessageSid": sid or f"SM{self.number[-6:]}{self.count:026d}", "From": sender or self.number,
                  "To": "+15550000000", "Body": body}
        return self.client.post("/sms", data=urlencode(params), content_type="application/x-www-form-urlencoded",
                                headers={"X-Twilio-Signature": sign(PUBLIC_URL + "/sms", params)})

    def replies(self, body: str, **kwargs) -> list[str]:
        """Text the bot and return the texts of its TwiML reply."""
        import xml.etree.ElementTree as ET

        response = self.text(body, **kwargs)
        assert response.status_code == 200, response.data
        return [m.text or "" for m in ET.fromstring(response.data).iter("Message")]


@pytest.fixture
def phone(client):
    return Phone(client)


@pytest.fixture
def dispatch(app, transport, clock):
    """Run one outbox pass as of the fake clock's now, sending through the fake transport."""
    from bot.outbox import send_due

    def run(now: datetime | None = None):
        with database.connection_context():
            return send_due(now or clock(), transport, app.config["SETTINGS"])

    return run
