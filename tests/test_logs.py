"""Logs at debug level never carry a full phone number or a message body.

In process: the webhook, the outbox sending over real HTTP through twilio-python and urllib3 to a local fake
Twilio, and a lookup by number, with the root logger at DEBUG and bot.logs' setup. Out of process: a live
gunicorn with LOG_LEVEL=debug and the Procfile's own access log format, asked for a text and for a search
of the members list by the full number.
"""

from __future__ import annotations

import io
import logging
import re
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

from bot import logs, outbox
from bot.db import database
from bot.models import Member
from bot.transport import TwilioTransport
from tests.conftest import Phone
from tests.fault_helpers import gunicorn
from tests.test_faults_outage import post
from tests.twilio_mocks import ACCOUNT_SID, AUTH_TOKEN

NUMBER = "+12125550142"
BODY = "I miss him so much tonight"
SCHEDULED = "Thinking of you: how is the evening going"
ROOT = Path(__file__).resolve().parent.parent


def leaks(text: str) -> list[str]:
    """The full number (however it is written) or a body, if they appear in `text`."""
    found = [needle for needle in (BODY, SCHEDULED, "(212) 555-0142") if needle in text]
    if re.search(r"(?<!\d)1?2125550142(?!\d)", text):  # E.164, URL-encoded or national, digits in a row
        found.append(NUMBER)
    return found


def test_nothing_at_debug_level_names_a_member_or_quotes_a_text(app, client, clock, fake_twilio, monkeypatch):
    captured = io.StringIO()
    handler = logging.StreamHandler(captured)
    root = logging.getLogger()
    monkeypatch.setattr(root, "level", logging.DEBUG)
    for name in logs.PAYLOAD_LOGGERS + logs.QUIET_UNLESS_DEBUG:
        monkeypatch.setattr(logging.getLogger(name), "level", logging.getLogger(name).level)
    root.addHandler(handler)
    try:
        logs.configure("debug")
        phone = Phone(client, NUMBER)
        phone.text(BODY)
        phone.text("YES")  # consent, so the scheduled text may go
        fake_twilio.reply(201, {"sid": "SM" + "1" * 32, "status": "queued", "to": "{To}", "body": SCHEDULED})
        transport = TwilioTransport(ACCOUNT_SID, AUTH_TOKEN, from_number="+15550000000",
                                    http_client=fake_twilio.http_client())
        with database.connection_context():
            member = Member.get(Member.phone == NUMBER)
            outbox.schedule(member, "manual", SCHEDULED, clock(), "manual:1", clock())
            assert outbox.send_due(clock(), transport, app.config["SETTINGS"]).sent == 1
        fake_twilio.reply(200, {"messages": [], "end": 0, "start": 0, "page": 0, "page_size": 20})
        transport.find_sent(NUMBER, clock() - timedelta(minutes=5))
        logging.getLogger("tests").debug("a stray number %s", NUMBER)  # caught by the masking filter
    finally:
        root.removeHandler(handler)
    text = captured.getvalue()
    assert "inbound from ***0142" in text and "sent manual" in text, text[-2000:]
    assert any(r.url.startswith("/2010-04-01/Accounts/") and "To=" in r.url for r in fake_twilio.requests)
    assert leaks(text) == [], [line for line in text.splitlines() if leaks(line)][:5]


def procfile_access_format() -> str:
    web = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    return re.search(r"--access-logformat '([^']+)'", web).group(1)


def test_a_debug_gunicorn_logs_no_number_or_body_not_even_from_a_search_by_number(app, database_url, tmp_path):
    access = tmp_path / "access.log"
    with gunicorn(database_url, tmp_path, workers=1, settings={"LOG_LEVEL": "debug"},
                  args=("--log-level", "debug", "--access-logfile", str(access),
                        "--access-logformat", procfile_access_format())) as base_url:
        assert post(base_url, NUMBER, BODY, "SM" + "2" * 32)[0] == 200
        for query in ("q=%2B12125550142", "q=12125550142", "q=(212)%20555-0142"):
            try:
                urllib.request.urlopen(f"{base_url}/admin/members?{query}", timeout=10).close()
            except urllib.error.HTTPError:
                pass  # not logged in: a redirect to the login page, whose next= holds the search
    written = access.read_text() + (tmp_path / "gunicorn.stderr").read_text()
    assert "/admin/members" in written and "/sms" in written, written[-2000:]
    assert leaks(written) == [], [line for line in written.splitlines() if leaks(line)][:5]
