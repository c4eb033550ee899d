"""Statement budgets on the two hot paths: an inbound text and a batch pass of the outbox.

Like the admin pages' query counts: a budget, so a change that adds a round
trip to every text or every sent message fails here before it shows in
`make bench`. The issue's aim is at most 4 statements per text and 3 per sent
message (bench/webhook.py TEXT_BUDGET, bench/dispatch.py MESSAGE_BUDGET); the
budgets below are what the code reaches today, and only ever go down.
Counted as the admin tests count: what peewee's execute_sql runs (BEGIN and
COMMIT not included).
"""

from __future__ import annotations

from datetime import timedelta

from bot import outbox
from bot.db import database, is_postgres
from bot.models import Member
from tests.conftest import Phone

# What members text in the benchmark (bench/webhook.py BODIES), once each, from members already in conversation.
TEXTS = ("i want to call him", "I really want to text her", "so tempted to message my husband",
         "typing a text to him right now", "I called him", "i texted her last night", "he texted me",
         "my wife messaged me", "3", "2", "4", "HOLD I miss you so much, can we talk tonight?",
         "hold: I just want to hear your voice", "STATS", "how am i doing")
MEAN_PER_TEXT = 6.5  # reached budget (12 before issue 12; 8.5 before the member read carried what the handlers ask: loop check, open urge, reasons, experiments); aim 4
MOST_PER_TEXT = 10  # reached budget for the costliest text of the mix
# Reached budgets in a batch pass (4.2 on both before issue 12); aim 3. PostgreSQL writes each send's claim
# renewal, its message and the previous send's record in one statement (bot.delivery); SQLite needs two: one
# UPDATE recording the previous row and renewing this one, one INSERT recording the previous message and
# storing this one. A pass's own reads (claim, members, today's counts) come on top.
PER_SENT_MESSAGE = {"sqlite": 2.2, "postgres": 1.3}  # PostgreSQL: PREPAREs once per connection


def active_member(clock, phone: str) -> None:
    with database.connection_context():
        Member.create(phone=phone, status="active", created_at=clock(), consent_at=clock())


def test_an_inbound_text_stays_within_its_statement_budget(client, clock, statements):
    counts = {}
    for n, text in enumerate(TEXTS):
        phone = Phone(client, f"+1212555{n:04d}")
        active_member(clock, phone.number)
        assert phone.text("3").status_code == 200  # warm: a first answer, as in the benchmark's warm-up
        with statements() as counter:
            assert phone.text(text).status_code == 200
        counts[text] = counter.count
    assert max(counts.values()) <= MOST_PER_TEXT, counts
    assert sum(counts.values()) / len(counts) <= MEAN_PER_TEXT, counts


def test_a_sent_message_stays_within_its_statement_budget(app, transport, clock, statements):
    # As in the benchmark: no shared send rate (SEND_RATE=0), whose slot is a statement of its own per message.
    settings = app.config["SETTINGS"].with_overrides({"send_rate": 0})
    with database.connection_context():
        members = [Member.create(phone=f"+1312555{n:04d}", status="active", created_at=clock(),
                                 consent_at=clock()) for n in range(40)]
        for n in range(40):  # one each: the daily cap stays out of it
            outbox.schedule(members[n], "manual", f"hello {n}", clock() - timedelta(minutes=1),
                            f"manual:{n}", clock())
    with database.connection_context(), statements() as counter:
        result = outbox.send_due(clock(), transport, settings)
    assert result.sent == 40 and len(transport.sent) == 40
    assert counter.count / 40 <= PER_SENT_MESSAGE["postgres" if is_postgres() else "sqlite"], counter.statements
