"""seed-demo's members are internally consistent: what every text says agrees with the records beside it."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import timedelta

import pytest

import messages
from bot import localtime, reflections
from bot.admin import demo
from bot.db import database
from bot.models import CheckIn, Contact, HeldDraft, Member, Message, SafetyFlag, ScheduledMessage, UrgeEpisode


@pytest.fixture
def seeded(app, clock):
    with database.connection_context():
        totals = demo.seed(clock(), members=40, days=90, seed=5)
        yield totals


def texts_of(kind):
    return list(Message.select().where(Message.kind == kind).order_by(Message.created_at))


def test_texts_quote_the_members_own_delay_baseline_and_minutes(seeded):
    members = {m.id: m for m in Member.select()}
    replies = texts_of("urge.reply")
    assert replies
    for reply in replies:
        assert f"{members[reply.member_id].delay_minutes} minutes" in reply.body, reply.body
    for saved in texts_of("onboarding.baseline_saved"):
        assert f"{members[saved.member_id].baseline_weekly} is your starting point" in saved.body
    passed = {(m.member_id, m.created_at - timedelta(seconds=2)): m.body for m in texts_of("urge.passed")}
    waited = UrgeEpisode.select().where(UrgeEpisode.outcome == "waited_out")
    for episode in waited:
        minutes = round((episode.closed_at - episode.opened_at).total_seconds() / 60)
        assert f"{minutes} minutes" in passed[(episode.member_id, episode.closed_at)]


def test_follow_ups_come_after_the_members_delay_and_episodes_record_the_reply_they_followed(seeded):
    members = {m.id: m for m in Member.select()}
    variants = messages.load().prompt("urge.reply").variants
    followups = {(m.member_id, m.created_at) for m in texts_of("urge_followup")}
    replies = {(m.member_id, m.created_at - timedelta(seconds=2)): m.body for m in texts_of("urge.reply")}
    checked = 0
    for episode in UrgeEpisode.select():
        variant = variants[episode.prompt_variant]
        assert episode.variant_digest == variant.digest
        assert variant.text.split("{delay}")[0] in replies[(episode.member_id, episode.opened_at)]
        if episode.outcome in ("waited_out", "expired", "still_strong"):
            due = episode.opened_at + timedelta(minutes=members[episode.member_id].delay_minutes)
            assert (episode.member_id, due) in followups
            checked += 1
    assert checked > 50


def test_a_superseded_urge_is_followed_by_the_urge_that_replaced_it(seeded):
    opened = {(e.member_id, e.opened_at) for e in UrgeEpisode.select()}
    superseded = list(UrgeEpisode.select().where(UrgeEpisode.outcome == "superseded"))
    assert superseded
    assert all((e.member_id, e.closed_at) in opened for e in superseded)


def test_weekly_summaries_quote_what_the_bot_would_count(seeded):
    """The seeded reflection says what bot.reflections computes from the same rows at the same moment."""
    members = {m.id: m for m in Member.select()}
    weeklies = [t for t in texts_of("weekly") if t.body.startswith(("Your week", "Your first week"))]
    assert len(weeklies) > 20 and any(t.body.startswith("Your first week") for t in weeklies)
    for text in weeklies:
        found = reflections.numbers(members[text.member_id], text.created_at)
        week = int(re.search(r"reached out (\d+)", text.body)[1])
        last_week = re.search(r"last week (\d+)", text.body)
        assert (week, last_week and int(last_week[1])) == (found.week, found.last_week), text.body
        assert f"since {found.since}" in text.body or f"from {found.since}" in text.body, text.body
        assert f"They reached out: {found.theirs}." in text.body and f"waited out: {found.waited}." in text.body


def test_check_in_answers_are_the_contacts_logged_that_day(seeded):
    contacts = defaultdict(list)
    for c in Contact.select().where((Contact.initiator == "member") & ~Contact.needed):
        contacts[c.member_id].append(c.at)
    zones = dict(Member.select(Member.id, Member.timezone).tuples())
    answered = list(CheckIn.select().where(CheckIn.answered_at.is_null(False)))
    assert answered and CheckIn.select().where(CheckIn.answered_at.is_null()).exists()
    for checkin in answered:
        day = sum(1 for at in contacts[checkin.member_id] if at < checkin.answered_at
                  and localtime.local(at, zones[checkin.member_id]).date().isoformat() == checkin.local_date)
        assert checkin.count == day
        assert Message.get((Message.member == checkin.member_id) & (Message.created_at == checkin.answered_at)
                           & (Message.direction == "in")).body == str(day)


def test_contacts_logged_at_once_are_one_row_each(seeded):
    logs = Message.select().where(Message.body.in_(("I texted him 3 times", "called her 3x", "texted him twice",
                                                    "I called her 2 times today")))
    assert logs.count()
    for log in logs:
        rows = Contact.select().where((Contact.member == log.member_id) & (Contact.at == log.created_at)).count()
        assert rows == (3 if "3" in log.body else 2)
    receptions = Counter(c.reception for c in Contact.select().where((Contact.initiator == "member") & ~Contact.needed))
    assert set(receptions) == {"glad", "not_glad", "unsure", "no_answer", None}


def test_only_a_crisis_puts_a_member_on_hold(app, clock):
    with database.connection_context():
        demo.seed(clock(), members=600, days=60, messages_target=30_000, seed=9)
        flags = list(SafetyFlag.select(SafetyFlag, Member).join(Member))
        waiting = {m for (m,) in ScheduledMessage.select(ScheduledMessage.member)
                   .where(ScheduledMessage.state == "held").tuples()}
        on_hold = {m for (m,) in Member.select(Member.id).where(Member.safety_hold).tuples()}
    assert flags and {f.danger for f in flags} <= {"self", "other", "both", "review", "possible"}
    for flag in flags:
        assert flag.member.safety_hold == (flag.danger in ("self", "other", "both") and flag.state != "resolved")
    assert waiting <= on_hold  # only a member on hold has held messages


def test_the_demo_runs_an_experiment_whose_arms_are_sticky(seeded):
    from bot import experiments

    experiment = experiments.running("urge.reply")
    assert experiment is not None and len(experiment.arm_digests) == 2
    inside = list(UrgeEpisode.select().where(UrgeEpisode.experiment_id == experiment.id))
    assert inside and all(e.opened_at >= experiment.started_at for e in inside)
    assert all(e.variant_digest == experiment.arm_for(e.member_id) for e in inside)


def test_outbox_rows_name_the_record_they_belong_to(seeded):
    """As in the live bot: a follow-up names its episode, a check-in its question, a return its draft."""
    owners = {"urge_followup": UrgeEpisode, "checkin": CheckIn, "hold_return": HeldDraft}
    rows = list(ScheduledMessage.select().where(ScheduledMessage.kind.in_(list(owners))))
    assert rows
    for row in rows:
        record = owners[row.kind].get_by_id(row.ref_id)
        assert record.member_id == row.member_id
        if row.kind == "checkin":
            assert record.asked_at == row.due_at
    assert ScheduledMessage.select().where(ScheduledMessage.kind.in_(list(owners))
                                           & ScheduledMessage.ref_id.is_null()).count() == 0
