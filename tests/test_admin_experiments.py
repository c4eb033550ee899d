"""Results by variant in the message library, and experiments started and ended from it."""

from __future__ import annotations

from datetime import timedelta

import pytest

import messages
from bot import experiments
from bot.admin import intervals, variants
from bot.admin.models import AuditLog
from bot.db import database
from bot.models import Member, UrgeEpisode
from tests.admin_fixtures import post


def reply_variants():
    return messages.load().prompt("urge.reply").variants


def episodes(clock, variant: int, outcomes: dict[str, int], *, minutes=lambda i: 20, experiment_id=None):
    """Urge episodes that followed variant `variant` of urge.reply, so many of each outcome."""
    member = Member.get_or_none() or Member.create(phone="+12125550123", created_at=clock())
    digest, rows, start = reply_variants()[variant].digest, [], clock() - timedelta(days=3)
    for outcome, count in outcomes.items():
        for i in range(count):
            closed = None if outcome == "open" else start + timedelta(minutes=minutes(i))
            rows.append({"member": member.id, "opened_at": start, "closed_at": closed, "outcome": outcome,
                         "prompt_variant": variant, "variant_digest": digest, "experiment_id": experiment_id})
    UrgeEpisode.insert_many(rows).execute()


def test_results_by_variant_count_decided_urges_with_intervals(app, clock):
    with database.connection_context():
        episodes(clock, 0, {"waited_out": 41, "contacted": 9, "open": 3, "superseded": 4},
                 minutes=lambda i: 41 - i)
        episodes(clock, 2, {"waited_out": 1, "expired": 2, "still_strong": 1})
        found = variants.results(reply_variants(), clock())
    a, b, c = found[:3]
    assert (a.label, a.episodes, a.decided, a.waited) == ("a", 57, 50, 41)
    assert a.share == intervals.wilson(41, 50)
    assert a.median == intervals.median_interval([float(m) for m in range(1, 42)])  # 21 (14 to 28)
    assert (a.median.estimate, a.median.low, a.median.high) == (21.0, 14.0, 28.0)
    assert (b.episodes, b.share, b.median) == (0, None, None)
    assert (c.decided, c.waited, c.median.estimate) == (4, 1, 20.0)
    assert len(found) == len(reply_variants())


def test_a_verdict_only_when_the_difference_is_clear(app, clock):
    with database.connection_context():
        episodes(clock, 0, {"waited_out": 116, "contacted": 84})
        episodes(clock, 1, {"waited_out": 142, "contacted": 58})
        episodes(clock, 2, {"waited_out": 20, "contacted": 9})  # too few to take part
        text = variants.verdict(variants.results(reply_variants(), clock()))
    assert text.startswith("Variant b waits out more urges than a: 71% vs 58%, 95% CI of the difference +4 to")
    with database.connection_context():
        episodes(clock, 3, {"waited_out": 13, "contacted": 7})
        episodes(clock, 4, {"waited_out": 11, "contacted": 9})
        found = variants.results(reply_variants(), clock())
    assert variants.verdict([r for r in found if r.label in ("d", "e")]) is None  # 65% vs 55% of 20: not clear


def test_results_follow_the_wording_not_its_position(app, clock):
    with database.connection_context():
        episodes(clock, 1, {"waited_out": 3})
        UrgeEpisode.update(variant_digest="an-edited-wording").execute()
        found = variants.results(reply_variants(), clock())
    assert found[1].episodes == 0
    assert (found[-1].label, found[-1].episodes, found[-1].current) == ("(wordings no longer in the library)", 3, False)


def audit():
    with database.connection_context():
        return [(a.action, a.detail) for a in AuditLog.select().order_by(AuditLog.id)]


def test_an_operator_starts_and_ends_an_experiment_from_the_library(app, admin_client, clock):
    digests = [v.digest for v in reply_variants()]
    page = admin_client.get("/admin/library").text
    assert 'id="outcomes-urge.reply"' in page and "Start the experiment" in page
    assert page.count('name="variant"') == len(digests)  # only the measured prompt can be tested
    refused = post(admin_client, "/admin/library/urge.reply/experiments", {"variant": digests[0]},
                   page="/admin/library", follow_redirects=True)
    assert "Not started: Choose two or more variants" in refused.text
    started = post(admin_client, "/admin/library/urge.reply/experiments", {"variant": [digests[1], digests[3]],
                                                                         "note": "reception vs hope"},
                   page="/admin/library", follow_redirects=True)
    assert "Experiment #1 started" in started.text and "Experiment #1 running since" in started.text
    assert "End the experiment" in started.text and "reception vs hope" in started.text
    twice = post(admin_client, "/admin/library/urge.reply/experiments", {"variant": [digests[0], digests[2]]},
                 page="/admin/library", follow_redirects=True)
    assert "already running" in twice.text
    with database.connection_context():
        episodes(clock, 3, {"waited_out": 5, "contacted": 1}, experiment_id=1)
    running = admin_client.get("/admin/library").text
    assert 'id="experiment-results-1"' in running and "83%" in running
    ended = post(admin_client, "/admin/experiments/1/end", {"winner": digests[3], "retire": "yes"},
                 page="/admin/library", follow_redirects=True)
    assert "Experiment #1 ended; winner: d; retired from the rotation: b." in ended.text
    assert 'id="past-experiment-1"' in ended.text and "badge-retired" in ended.text
    assert "Start the experiment" in ended.text
    assert post(admin_client, "/admin/experiments/1/end", {}, page="/admin/library",
                follow_redirects=True).text.count("is not running") == 1
    assert audit() == [("start_experiment", "#1 on urge.reply: variants b, d"),
                       ("end_experiment", "#1 on urge.reply: winner d, retired b")]
    with database.connection_context():
        assert experiments.running("urge.reply") is None


@pytest.mark.parametrize("url", ["/admin/library/urge.passed/experiments", "/admin/library/nope/experiments"])
def test_experiments_only_on_measured_prompts(app, admin_client, url):
    response = post(admin_client, url, {"variant": ["x", "y"]}, page="/admin/library")
    assert response.status_code in (302, 404)
    assert audit() == []


def result(label, waited, decided):
    return variants.Result(label, label, decided, decided, waited, intervals.wilson(waited, decided))


def test_a_verdict_over_several_variants_is_joint_and_says_where_it_is_not_yet_clear():
    text = variants.verdict([result("a", 60, 200), result("b", 150, 200), result("c", 70, 200),
                             result("d", 140, 200), result("e", 5, 10)])
    assert text.startswith("Variant b waits out more urges than a and c: 75% vs 30% to 35%; every difference's 95% "
                           "interval (joint, for 3 comparisons) is above zero")
    assert text.endswith("Not yet clear against d.")  # e has too few decided urges to take part
    assert variants.verdict([result("a", 10, 20), result("b", 19, 20)]) is None  # fewer than 30 decided each
    assert variants.verdict([result("a", 100, 200)]) is None
