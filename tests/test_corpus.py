"""The labelled corpus (tests/corpus/): big and varied enough to mean something, well-formed, split
into train and dev without overlap, and read at least as well as when the model was frozen."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.understanding import NAMES, classify, corpus

TAGS = {"self", "other", "both", "es", "stop", "attempt", "needed", "distress", "idiom"}


@pytest.fixture(scope="module")
def labelled():
    return {name: corpus.texts(name) for name in ("train", "dev")}


def test_the_corpus_has_over_three_thousand_texts_in_a_train_and_a_dev_split(labelled):
    assert len(labelled["train"]) + len(labelled["dev"]) >= 3000
    assert 0.15 <= len(labelled["dev"]) / (len(labelled["train"]) + len(labelled["dev"])) <= 0.25
    train_texts = {r.text.casefold() for r in labelled["train"]}
    assert not train_texts & {r.text.casefold() for r in labelled["dev"]}


def test_every_label_and_tag_is_documented_and_every_crisis_names_its_danger(labelled):
    for row in labelled["train"] + labelled["dev"]:
        assert row.label in NAMES, row
        assert all(tag in TAGS or tag.startswith("count=") for tag in row.tags), row
        assert (row.label == "crisis") == (row.danger is not None), row


def test_every_intent_and_answer_kind_is_well_represented(labelled):
    counts = Counter(r.label for r in labelled["train"] + labelled["dev"])
    assert counts["crisis"] >= 1000 and counts["urge"] >= 300 and counts["stop"] >= 100
    assert min(counts.values()) >= 25
    answers = Counter(a.expecting for a in corpus.answers("answers_train") + corpus.answers("answers_dev"))
    assert min(answers.values()) >= 40


def test_spanish_is_in_the_corpus_and_read_as_spanish(labelled):
    spanish = [r for r in labelled["dev"] if "es" in r.tags]
    assert len(spanish) >= 40
    assert sum(classify(r.text).language == "es" for r in spanish) / len(spanish) >= 0.95


def test_dev_is_read_at_least_as_well_as_when_the_model_was_frozen(labelled):
    # Measured at the freeze (README): crisis recall 0.86, false crisis 0.026, base accuracy 0.89.
    dev = labelled["dev"]
    readings = [(row, classify(row.text)) for row in dev]
    crises = [intent for row, intent in readings if row.label == "crisis"]
    others = [intent for row, intent in readings if row.label != "crisis"]
    assert sum(i.name == "crisis" for i in crises) / len(crises) >= 0.84
    assert sum(i.name == "crisis" or i.risk is not None for i in crises) / len(crises) >= 0.95
    assert sum(i.name == "crisis" for i in others) / len(others) <= 0.03
    base = sum(intent.base == corpus.base(row.label) for row, intent in readings) / len(readings)
    assert base >= 0.88


def test_answers_in_context_on_dev_are_read_at_least_as_well_as_at_the_freeze():
    rows = corpus.answers("answers_dev")
    assert sum(corpus.right(row, classify(row.text, row.expecting)) for row in rows) / len(rows) >= 0.85


def test_the_fourth_held_out_file_stays_at_what_it_measured_once():
    # heldout4.tsv: 330 texts by three writers who never saw the code or the corpus, written after the
    # model was frozen and measured once (README): crisis 109/116, with the possible path 114/116, 4
    # false crises in 214, 303/330 on the sixteen names. The floors sit just below, to catch regressions.
    rows = corpus.texts("heldout4")
    readings = [(row, classify(row.text)) for row in rows]
    crises = [intent for row, intent in readings if row.label == "crisis"]
    others = [intent for row, intent in readings if row.label != "crisis"]
    assert sum(i.name == "crisis" for i in crises) / len(crises) >= 0.92
    assert sum(i.name == "crisis" or i.risk is not None for i in crises) / len(crises) >= 0.97
    assert sum(i.name == "crisis" for i in others) <= 6
    assert sum(intent.base == corpus.base(row.label) for row, intent in readings) / len(readings) >= 0.90


def test_answers_in_the_fourth_held_out_file_stay_at_what_they_measured_once():
    rows = corpus.answers("answers_heldout4")  # 180 answers, 166 read right when measured once
    assert sum(corpus.right(row, classify(row.text, row.expecting)) for row in rows) / len(rows) >= 0.90
