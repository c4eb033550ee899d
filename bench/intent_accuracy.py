"""Understanding members: per-intent precision and recall on the development split, the crisis
figures (recall, false alarms, the possible path), answers in context, every held-out file, and the
time a text takes to read.

Run: .venv/bin/python bench/intent_accuracy.py   (also a section of `make bench`)

dev.tsv set the model's thresholds, so it is not a clean measure either; the held-out files are.
heldout.tsv, heldout2.tsv and heldout3.tsv were measured in earlier rounds and have been tuned on
since (spent). heldout4.tsv and answers_heldout4.tsv were written after the model was frozen and
measured once (README).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ratio(right: int, out_of: int) -> str:
    return f"{right / out_of:.3f} ({right}/{out_of})" if out_of else "-"


def per_intent(name: str = "dev") -> str:
    """Per-intent precision, recall and support on a fine-labelled file, and the crisis figures."""
    from bot.understanding import NAMES, classify, corpus

    rows = corpus.texts(name)
    readings = [classify(r.text) for r in rows]
    lines = ["| intent | precision | recall | support |", "| --- | ---: | ---: | ---: |"]
    for label in NAMES:
        support = sum(r.label == label for r in rows)
        chosen = sum(i.name == label for i in readings)
        right = sum(r.label == i.name == label for r, i in zip(rows, readings, strict=True))
        if support or chosen:
            lines.append(f"| {label} | {right / chosen if chosen else 0:.3f} | {right / support if support else 0:.3f}"
                         f" | {support} |")
    fine = sum(r.label == i.name for r, i in zip(rows, readings, strict=True))
    base = sum(i.base == corpus.base(r.label) for r, i in zip(rows, readings, strict=True))
    lines += ["", (f"Accuracy: {_ratio(fine, len(rows))} on the {len(NAMES)} names, {_ratio(base, len(rows))} on the "
              "sixteen documented ones (thanks, feeling, question... read as other)."), "", crisis_line(rows, readings)]
    return "\n".join(lines)


def crisis_line(rows, readings) -> str:
    crises = [(r, i) for r, i in zip(rows, readings, strict=True) if r.label == "crisis"]
    others = [(r, i) for r, i in zip(rows, readings, strict=True) if r.label != "crisis"]
    found = sum(i.name == "crisis" for _, i in crises)
    caught = sum(i.name == "crisis" or i.risk is not None for _, i in crises)
    alarms = sum(i.name == "crisis" for _, i in others)
    checked = sum(i.risk is not None for _, i in others)
    spanish = [(r, i) for r, i in crises if "es" in r.tags]
    return (f"Crisis recall {_ratio(found, len(crises))}; with the possible path (normal reply, \"are you safe?\" and "
            f"988) {_ratio(caught, len(crises))}. False crisis {_ratio(alarms, len(others))} of other texts; a safety "
            f"check on {_ratio(checked, len(others))}. Spanish crisis texts answered in Spanish "
            f"{_ratio(sum(i.language == 'es' for _, i in spanish), len(spanish))}.")


def answers(name: str = "answers_dev") -> str:
    """Answers in context: each reply read as the answer its question expects."""
    from bot.understanding import classify, corpus

    rows = corpus.answers(name)
    by_kind: dict[str, list[bool]] = {}
    for row in rows:
        by_kind.setdefault(row.expecting, []).append(corpus.right(row, classify(row.text, row.expecting)))
    lines = ["| the bot asked | right | answers |", "| --- | ---: | ---: |"]
    lines += [f"| {kind} | {_ratio(sum(ok), len(ok))} | {len(ok)} |" for kind, ok in sorted(by_kind.items())]
    total = [ok for oks in by_kind.values() for ok in oks]
    return "\n".join(lines + ["", f"All answers: {_ratio(sum(total), len(total))}"])


def heldout_table() -> str:
    """One row per held-out file: texts, accuracy (sixteen names), crisis recall and false crisis."""
    from bot.understanding import classify, corpus

    lines = ["| file | texts | accuracy | crisis recall | with the possible path | false crisis |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for path in sorted(corpus.FOLDER.glob("heldout*.tsv")):
        rows = corpus.texts(path.stem)
        readings = [classify(r.text) for r in rows]
        pairs = list(zip(rows, readings, strict=True))
        crises = [i for r, i in pairs if r.label == "crisis"]
        others = [i for r, i in pairs if r.label != "crisis"]
        lines.append(f"| {path.name} | {len(rows)} | {_ratio(sum(i.base == corpus.base(r.label) for r, i in pairs), len(rows))}"
                     f" | {_ratio(sum(i.name == 'crisis' for i in crises), len(crises))}"
                     f" | {_ratio(sum(i.name == 'crisis' or i.risk is not None for i in crises), len(crises))}"
                     f" | {_ratio(sum(i.name == 'crisis' for i in others), len(others))} |")
    return "\n".join(lines)


def speed() -> str:
    """Microseconds per text for classify and for the model alone, over the development split."""
    from bot.understanding import classify, corpus
    from bot.understanding.model import default

    texts = [r.text for r in corpus.texts("dev")]
    classify("warm up")
    timings = []
    for read in (classify, default().score):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for text in texts:
                read(text)
            best = min(best, (time.perf_counter() - start) / len(texts))
        timings.append(best * 1e6)
    return (f"Reading a text: {timings[0]:.0f} µs on average for classify (rules, model and answers), of which "
            f"{timings[1]:.0f} µs is the learned model ({len(texts)} texts, best of 3).")


def report() -> str:
    return f"Development split (tests/corpus/dev.tsv):\n\n{per_intent()}\n\nAnswers in context (tests/corpus/answers_dev.tsv):\n\n{answers()}\n\nHeld-out files:\n\n{heldout_table()}\n\n{speed()}"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # run as a script from anywhere: make `bot` importable
    print(report())
