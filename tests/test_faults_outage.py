"""A burst of texts while the database is locked (SQLite) or gone (PostgreSQL), against a live gunicorn.

SQLite: this process holds the database file's write lock (BEGIN EXCLUSIVE) for the whole burst.
PostgreSQL: gunicorn reaches the server through a TCP proxy (tests/tcp_proxy.py) that is SIGKILLed, so
every pooled connection breaks and new ones are refused, as when the server stops; it is started again
on the same port for the recovery. The test's own connection goes straight to the server.

What a member notices: every text answered within 5 s; after recovery the crisis resources and the STOP
confirmation arrive, and nothing else reaches the member who texted STOP.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import time as wall_time
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from bot import outbox, spool
from bot.db import database
from bot.models import Member, Message, ScheduledMessage
from bot.timefields import now_utc
from schedules.worker import drain
from tests.conftest import PUBLIC_URL, sign
from tests.fault_helpers import SPOOL_SECRET, database_locked, gunicorn, wait_for
from tests.processes import free_port

TWILIO_WINDOW = 5.0  # seconds: the bound, well inside Twilio's 15 s
NEVER_QUIET = {"QUIET_HOURS": "00:00-00:00"}  # the test may run at any hour
CRISIS, STOPPING = "+12125550601", "+12125550602"
OTHERS = [f"+121255507{n:02d}" for n in range(24)]  # 26 texts: the burst the audit sent


def post(base_url: str, number: str, body: str, sid: str) -> tuple[int, list[str], float]:
    """One signed text; (HTTP status, the TwiML replies, seconds until the answer)."""
    params = {"MessageSid": sid, "From": number, "To": "+15550000000", "Body": body}
    request = urllib.request.Request(base_url + "/sms", data=urlencode(params).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded",
                                              "X-Twilio-Signature": sign(PUBLIC_URL + "/sms", params)})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=30) as response:
        replies = [m.text or "" for m in ET.fromstring(response.read()).iter("Message")]
        return response.status, replies, time.monotonic() - started


def burst(base_url: str, texts: list[tuple[str, str]]) -> list[tuple[int, list[str], float]]:
    """All `texts` (number, body) posted at the same moment, each by its own client."""
    start = threading.Barrier(len(texts))

    def client(n, number, body):
        start.wait(timeout=30)
        return post(base_url, number, body, f"SMburst{n:026d}")

    with ThreadPoolExecutor(len(texts)) as pool:
        return list(pool.map(lambda item: client(*item), [(n, *t) for n, t in enumerate(texts)]))


class Proxy:
    """tests/tcp_proxy.py on a fixed port in front of the PostgreSQL server."""

    def __init__(self, target_url: str):
        self.target, self.port, self.process = urlsplit(target_url), free_port(), None

    @property
    def url(self) -> str:
        return urlunsplit(self.target._replace(netloc=f"{self.target.username}@127.0.0.1:{self.port}"))

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tests.tcp_proxy", str(self.port),
                                         self.target.hostname, str(self.target.port or 5432)],
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process.stdout.close()


@pytest.fixture
def outage(database_url):
    """(the URL gunicorn uses, a context manager during which the database is unavailable to it)."""
    if database_url.startswith("sqlite"):
        yield database_url, lambda: database_locked(database_url)
        return
    proxy = Proxy(database_url)
    proxy.start()

    @contextmanager
    def stopped():
        proxy.kill()
        try:
            yield
        finally:
            proxy.start()

    try:
        yield proxy.url, stopped
    finally:
        if proxy.process.poll() is None:
            proxy.kill()


def onboard(base_url: str, number: str) -> None:
    for n, body in enumerate(("hi", "YES")):
        assert post(base_url, number, body, f"SMonboard{number[-4:]}{n}")[0] == 200


def test_a_burst_during_an_outage_is_answered_in_time_and_delivered_in_order_after_it(app, outage, tmp_path,
                                                                                      transport, capsys):
    url, unavailable = outage
    app.config["SETTINGS"] = app.config["SETTINGS"].with_overrides({
        "secret_key": SPOOL_SECRET, "spool_dir": str(tmp_path / "spool"), "quiet_hours": (wall_time(0), wall_time(0))})
    with gunicorn(url, tmp_path, workers=3, settings=NEVER_QUIET) as base_url:
        for number in (CRISIS, STOPPING):
            onboard(base_url, number)
        with database.connection_context():
            stopping = Member.get(Member.phone == STOPPING)
            for n in range(3):
                outbox.schedule(stopping, "manual", f"from your coach {n}", now_utc(), f"coach:{n}", now_utc())
        texts = [(CRISIS, "I want to kill myself"), (STOPPING, "STOP")] + [(n, "I really want to call him")
                                                                         for n in OTHERS]
        with unavailable():
            answers = burst(base_url, texts)
        recovered = time.monotonic()
        waits = sorted(seconds for _, _, seconds in answers)
        assert [status for status, _, _ in answers] == [200] * len(texts)
        assert waits[-1] < TWILIO_WINDOW, f"answers took {waits}"
        assert all(replies == [] for _, replies, _ in answers), "a reply was promised while the database was away"
        assert len(spool.pending(str(tmp_path / "spool"))) == len(texts)

        drain(app, now_utc, transport)  # the worker's dispatch job, run by hand: replay, then send
        delivered = time.monotonic() - recovered
        # After the outage, the web app answers from the database again (once its probe interval is past).
        after = wait_for(lambda: post(base_url, OTHERS[0], "URGE", f"SMafter{time.monotonic_ns()}")[1], 15,
                         "a TwiML reply once the database is back", interval=0.5)

    crisis_bodies, stop_bodies = transport.bodies(CRISIS), transport.bodies(STOPPING)
    assert any("988" in body and "741741" in body for body in crisis_bodies), crisis_bodies
    assert len(stop_bodies) == 1 and "unsubscribed" in stop_bodies[0], stop_bodies
    assert all(transport.bodies(number) for number in OTHERS), "a spooled text was never answered"
    assert after
    with database.connection_context():
        assert Member.get(Member.phone == STOPPING).status == "opted_out"
        left = ScheduledMessage.select().join(Member).where(
            (Member.phone == STOPPING) & ScheduledMessage.state.in_(outbox.ACTIVE_STATES)).count()
        assert left == 0
        assert Message.select().where((Message.direction == "in") & Message.twilio_sid.startswith("SMburst")).count() \
            == len(texts)
    assert spool.rejected(str(tmp_path / "spool")) == []
    with capsys.disabled():
        print(f"\nFAULT {url.split(':')[0]}: {len(texts)} texts in a burst during the outage, answered in "
              f"{waits[0]:.2f}-{waits[-1]:.2f} s; all spooled; replayed and delivered {delivered:.2f} s after "
              f"recovery ({len(transport.sent)} texts sent)")


def test_replies_ready_after_the_twiml_budget_go_through_the_outbox(app, database_url, tmp_path, capsys):
    """A lock released after 3.5 s, with LOCK_WAIT long enough to outlast it: the text is stored late, so its
    replies are queued in the outbox and nothing is left `queued` as a TwiML reply that may never arrive."""
    app.config["SETTINGS"] = app.config["SETTINGS"].with_overrides({"secret_key": SPOOL_SECRET})
    with gunicorn(database_url, tmp_path, workers=2, settings={**NEVER_QUIET, "LOCK_WAIT": "8"}) as base_url:
        with database_locked(database_url):
            pending = ThreadPoolExecutor(1).submit(post, base_url, "+12125550699", "I want to call him", "SMlate1")
            time.sleep(3.5)  # how long the lock is held: the fault itself, not a clock
        status, replies, seconds = pending.result(timeout=30)
    assert status == 200 and replies == [] and seconds < TWILIO_WINDOW, (status, replies, seconds)
    with database.connection_context():
        queued = [r.prompt_kind for r in ScheduledMessage.select().where(ScheduledMessage.kind == "reply")
                  .order_by(ScheduledMessage.id)]
        assert queued == ["welcome", "urge.reply", "welcome.consent"]
        assert not Message.select().where((Message.direction == "out") & (Message.status == "queued")).exists()
    with capsys.disabled():
        print(f"\nFAULT {database_url.split(':')[0]}: a text stored after a 3.5 s lock was answered in "
              f"{seconds:.2f} s with empty TwiML; its {len(queued)} replies went through the outbox")
