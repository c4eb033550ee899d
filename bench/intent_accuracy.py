"""Intent classifier accuracy: the per-intent table for the labelled corpus, then a short
table for each held-out file (texts written after tuning, to measure generalisation).

Run: .venv/bin/python bench/intent_accuracy.py [path/to/intents.tsv]

The held-out files are tests/corpus/heldout*.tsv. heldout.tsv and heldout2.tsv were each measured
once before the classifier was tuned on them (heldout2: crisis recall 15/41), so they are spent.
heldout3.tsv (sha256 ffc69e58...) was written before the second crisis layer (bot.crisis) and
measured once at the end; it must never be tuned on.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "intents.tsv"
HELDOUT = tuple(sorted((ROOT / "tests" / "corpus").glob("heldout*.tsv")))


def _rows(path: Path) -> list[tuple[str, str]]:
    """(label, text) pairs of a `label<TAB>text` file with a header line; text is kept verbatim."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")[1:]
    return [tuple(line.split("\t", 1)) for line in lines if line]


def _ratio(right: int, out_of: int) -> str:
    return f"{right / out_of:.3f} ({right}/{out_of})" if out_of else "-"


def report(path: Path | str = CORPUS) -> str:
    """Per-intent precision, recall and support, overall accuracy, and the texts still misread."""
    from bot.intents import NAMES, classify

    rows = _rows(Path(path))
    predicted = [classify(text).name for _, text in rows]
    lines = ["| intent | precision | recall | support |", "| --- | ---: | ---: | ---: |"]
    for name in NAMES:
        support = sum(label == name for label, _ in rows)
        chosen = sum(p == name for p in predicted)
        right = sum(label == p == name for (label, _), p in zip(rows, predicted, strict=True))
        precision = f"{right / chosen:.3f}" if chosen else "-"
        recall = f"{right / support:.3f}" if support else "-"
        lines.append(f"| {name} | {precision} | {recall} | {support} |")
    wrong = [(label, p, text) for (label, text), p in zip(rows, predicted, strict=True) if label != p]
    lines += ["", f"Overall accuracy: {1 - len(wrong) / len(rows):.3f} ({len(rows) - len(wrong)}/{len(rows)})"]
    if wrong:
        lines += ["", "Misclassified (label -> predicted: text):"]
        lines += [f"- {label} -> {p}: {text!r}" for label, p, text in wrong]
    return "\n".join(lines)


def heldout_table(paths=HELDOUT) -> str:
    """One row per held-out file: texts, accuracy, crisis recall and crisis precision."""
    from bot.intents import classify

    lines = ["| file | texts | accuracy | crisis recall | crisis precision |", "| --- | ---: | ---: | ---: | ---: |"]
    for path in paths:
        rows = _rows(Path(path))
        predicted = [classify(text).name for _, text in rows]
        pairs = list(zip((label for label, _ in rows), predicted, strict=True))
        crisis = sum(label == p == "crisis" for label, p in pairs)
        lines.append(f"| {Path(path).name} | {len(rows)} | {_ratio(sum(label == p for label, p in pairs), len(rows))}"
                     f" | {_ratio(crisis, sum(label == 'crisis' for label, _ in pairs))}"
                     f" | {_ratio(crisis, predicted.count('crisis'))} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # run as a script from anywhere: make `bot` importable
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    print(f"Corpus `{path.name}`:\n\n{report(path)}\n\n"
          f"Held-out texts (heldout.tsv and heldout2.tsv have since been tuned on; heldout3.tsv never):\n\n"
          f"{heldout_table()}")
