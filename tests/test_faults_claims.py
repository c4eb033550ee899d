"""A dispatch pass that has already claimed its batch when a crisis text, a PAUSE and a STOP arrive.

The texts come through the signed webhook, on their own connection, while the pass is sending its first
message: every other row of the batch is claimed by then. Nothing may reach those three members afterwards
but what their own texts asked for.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from datetime import timedelta

from bot import outbox
from bot.db import database
from bot.models import Member, ScheduledMessage
from tests.conftest import FakeTransport, Phone

FIRST, CRISIS, PAUSED, STOPPED = "+12125550100", "+12125550101", "+12125550102", "+12125550103"
TEXTS = {CRISIS: "I want to kill myself", PAUSED: "PAUSE", STOPPED: "STOP"}


class TextsArriveMidPass(FakeTransport):
    """Sends like the fake; during the first send, the three members text the bot (each its own request)."""

    def __init__(self, client):
        super().__init__()
        self.client, self.answers = client, {}

    def send(self, to, body, *, channel="sms", ref=None):
        result = super().send(to, body, channel=channel, ref=ref)
        if len(self.sent) == 1:
            def text(number, words):
                response = Phone(self.client, number).text(words)
                self.answers[number] = [m.text for m in ET.fromstring(response.data).iter("Message")]

            threads = [threading.Thread(target=text, args=item) for item in TEXTS.items()]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
        return result


def test_holds_pauses_and_opt_outs_reach_rows_already_claimed(app, client, clock):
    with database.connection_context():
        members = {number: Member.create(phone=number, created_at=clock(), consent_at=clock(), status="active")
                   for number in (FIRST, CRISIS, PAUSED, STOPPED)}
        outbox.schedule(members[FIRST], "manual", "first of the batch", clock() - timedelta(minutes=1), "first",
                        clock())
        for number in TEXTS:
            for kind in ("manual", "weekly"):
                outbox.schedule(members[number], kind, f"{kind} for {number[-4:]}", clock(), f"{kind}:{number}",
                                clock())
        transport = TextsArriveMidPass(client)
        result = outbox.send_due(clock(), transport, app.config["SETTINGS"])
        rows = {(r.member.phone, r.kind): (r.state, r.last_error) for r in ScheduledMessage.select()}

    # A coach's own message is a person reaching out: it goes through a safety hold (bot.rules.THROUGH_SAFETY_HOLD).
    assert transport.bodies() == ["first of the batch", f"manual for {CRISIS[-4:]}"], \
        "a claimed row went out after its member's text"
    assert "988" in " ".join(transport.answers[CRISIS])
    assert "pause" in " ".join(transport.answers[PAUSED]).lower()
    assert "unsubscribed" in " ".join(transport.answers[STOPPED])
    assert result.sent == 2 and result.total == 7
    assert (rows[(CRISIS, "manual")][0], rows[(CRISIS, "weekly")][0]) == ("sent", "held")
    assert rows[(PAUSED, "manual")] == ("pending", "member paused")  # it waits out the pause
    assert rows[(PAUSED, "weekly")] == ("cancelled", "member paused")
    assert rows[(STOPPED, "manual")] == rows[(STOPPED, "weekly")] == ("cancelled", "member opted out")
