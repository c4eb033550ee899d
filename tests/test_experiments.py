"""Prompt experiments: the variant each urge episode saw is recorded; experiments assign arms for good."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from itertools import pairwise

import pytest

import messages
from bot import experiments
from bot.db import database
from bot.models import Member, UrgeEpisode
from messages.library import Library, LibraryError


def reply_prompt():
    return messages.load().prompt("urge.reply")


def digests(*indexes):
    variants = reply_prompt().variants
    return [variants[i].digest for i in indexes]


def consented(phone):
    phone.replies("hi")
    phone.replies("yes")
    phone.replies("10")


def test_each_urge_episode_records_the_variant_the_member_read(app, phone, clock):
    consented(phone)
    texts = []
    for _ in range(3):
        texts += phone.replies("I really want to text him")
        clock.advance(minutes=5)
    with database.connection_context():
        episodes = list(UrgeEpisode.select().order_by(UrgeEpisode.id))
    variants = reply_prompt().variants
    assert [e.prompt_variant for e in episodes] == [0, 1, 2]  # the usual rotation
    for episode, text in zip(episodes, texts, strict=True):
        assert episode.variant_digest == variants[episode.prompt_variant].digest
        assert variants[episode.prompt_variant].text.split("{")[0] in text
        assert episode.experiment_id is None


def test_a_running_experiment_gives_each_member_one_arm_for_good(app, phone, clock):
    with database.connection_context():
        experiment = experiments.start(reply_prompt(), digests(3, 5), "coach@example.org", clock())
    consented(phone)
    for _ in range(4):
        phone.replies("urge")
        clock.advance(minutes=5)
    with database.connection_context():
        episodes = list(UrgeEpisode.select())
        member = Member.get()
    arm = experiment.arm_for(member.id)
    assert {e.variant_digest for e in episodes} == {arm}  # sticky: no rotation inside an experiment
    assert {e.experiment_id for e in episodes} == {experiment.id}


def test_arms_split_members_evenly():
    experiment = experiments.Experiment(id=4, prompt_id="urge.reply", arms='["x", "y", "z"]')
    split = Counter(experiment.arm_for(member_id) for member_id in range(1, 3001))
    assert set(split) == {"x", "y", "z"} and all(900 <= n <= 1100 for n in split.values()), split
    assert experiment.arm_for(17) == experiment.arm_for(17)


def test_starting_needs_two_current_variants_of_a_measured_prompt_and_none_running(app, clock):
    with database.connection_context():
        with pytest.raises(experiments.ExperimentError, match="two or more"):
            experiments.start(reply_prompt(), digests(1), "a@example.org", clock())
        with pytest.raises(experiments.ExperimentError, match="two or more"):
            experiments.start(reply_prompt(), [*digests(1), "not-a-variant"], "a@example.org", clock())
        with pytest.raises(experiments.ExperimentError, match="no outcome"):
            experiments.start(messages.load().prompt("urge.passed"), digests(0, 1), "a@example.org", clock())
        first = experiments.start(reply_prompt(), digests(0, 1), "a@example.org", clock())
        with pytest.raises(experiments.ExperimentError, match="already running"):
            experiments.start(reply_prompt(), digests(2, 3), "b@example.org", clock())
        assert experiments.running("urge.reply").id == first.id
        assert first.arm_digests == digests(0, 1)


def test_ending_with_a_winner_can_retire_the_losers_from_the_rotation(app, phone, clock):
    with database.connection_context():
        experiment = experiments.start(reply_prompt(), digests(0, 1, 2), "a@example.org", clock())
        with pytest.raises(experiments.ExperimentError, match="one of"):
            experiments.end(experiment.id, digests(4)[0], True, "a@example.org", clock())
        ended = experiments.end(experiment.id, digests(1)[0], True, "a@example.org", clock() + timedelta(days=30))
        assert ended.ended_by == "a@example.org" and ended.retired == set(digests(0, 2))
        with pytest.raises(experiments.ExperimentError, match="not running"):
            experiments.end(experiment.id, None, False, "a@example.org", clock())
    consented(phone)
    for _ in range(len(reply_prompt().variants)):
        phone.replies("urge")
        clock.advance(minutes=5)
    with database.connection_context():
        seen = [e.variant_digest for e in UrgeEpisode.select().order_by(UrgeEpisode.id)]
    assert not set(seen) & set(digests(0, 2)) and digests(1)[0] in seen
    assert all(a != b for a, b in pairwise(seen))  # still never the same twice in a row


def test_an_arm_whose_wording_was_edited_away_falls_back_to_the_rotation(app, clock, tmp_path):
    edited = Library.load(write_prompt(tmp_path, ["Wait {delay} minutes. What do you need?",
                                                  "Give it {delay} minutes. What would help?"]))
    prompt = edited.prompt("urge.reply")
    with database.connection_context():
        experiment = experiments.start(prompt, [v.digest for v in prompt.variants], "a@example.org", clock())
        experiment.arms = '["gone", "also gone"]'
        experiment.save()
        assert experiments.choice(prompt, 7) == experiments.ROTATION


def write_prompt(tmp_path, variants):
    path = tmp_path / "prompts.yaml"
    body = "".join(f'    - "{v}"\n' for v in variants)
    path.write_text(f"- id: urge.reply\n  advice: []\n  variants:\n{body}")
    return path


def test_render_picks_a_variant_or_skips_retired_ones(tmp_path):
    library = Library.load(write_prompt(tmp_path, ["one {delay}", "two {delay}", "three {delay}"]))
    variants = library.prompt("urge.reply").variants
    assert library.render("urge.reply", {"delay": 5}, variant=2).text == "three 5"
    skip = frozenset({variants[1].digest})
    assert library.render("urge.reply", {"delay": 5}, after=0, skip=skip).variant == 2
    every = frozenset(v.digest for v in variants)
    assert library.render("urge.reply", {"delay": 5}, after=0, skip=every).variant == 1  # never none at all
    with pytest.raises(LibraryError, match="no variant 3"):
        library.render("urge.reply", {"delay": 5}, variant=3)
    assert len({v.digest for v in variants}) == 3 and variants[0].digest == Library.load(
        write_prompt(tmp_path, ["zero {delay}", "one {delay}"])).prompt("urge.reply").variants[1].digest
