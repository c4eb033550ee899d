"""The labelled texts under tests/corpus/: loading them for training, tests and the benchmark.

Intent files (train.tsv, dev.tsv, and held-out files written after the model was frozen) have the
columns label, tags, text; older files (intents.tsv, heldout*.tsv) have label, text with base
labels only. Answer files have expecting, answer, text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.understanding.intent import DANGERS, REFINES, Intent

FOLDER = Path(__file__).resolve().parents[2] / "tests" / "corpus"


@dataclass(frozen=True)
class Labelled:
    label: str
    tags: frozenset[str]
    text: str

    @property
    def danger(self) -> str | None:
        return next((tag for tag in DANGERS if tag in self.tags), None)


@dataclass(frozen=True)
class Answer:
    expecting: str
    answer: str
    text: str


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line]
    header = lines[0].split("\t")
    return header, [line.split("\t", len(header) - 1) for line in lines[1:]]


def texts(name: str) -> list[Labelled]:
    """The labelled texts of tests/corpus/<name>.tsv (either column layout)."""
    header, rows = _rows(FOLDER / f"{name}.tsv")
    if header == ["label", "text"]:
        return [Labelled(label, frozenset(), text) for label, text in rows]
    if header != ["label", "tags", "text"]:
        raise ValueError(f"{name}.tsv: unexpected header {header}")
    return [Labelled(label, frozenset(() if tags == "-" else tags.split(",")), text) for label, tags, text in rows]


def answers(name: str) -> list[Answer]:
    """The answers in context of tests/corpus/<name>.tsv."""
    header, rows = _rows(FOLDER / f"{name}.tsv")
    if header != ["expecting", "answer", "text"]:
        raise ValueError(f"{name}.tsv: unexpected header {header}")
    return [Answer(*row) for row in rows]


def base(label: str) -> str:
    """The documented (base) name a fine label counts as: thanks, feeling, question... are "other"."""
    return REFINES.get(label, label)


def right(row: Answer, intent: Intent) -> bool:
    """Whether `intent` is the answer `row` says its text gives, for every kind of question.

    "intent:<name>" rows are a text that is not an answer at all ("STOP" to "how strong?"). A safety
    answer is scored as safe or not: "unsure" counts with "unsafe", since a doubt is followed up.
    """
    want = row.answer
    if want.startswith("intent:"):
        return intent.base == base(want[7:])
    got = {"reception": intent.answer, "draft": intent.answer, "reflection": intent.name,
           "spouse_feeling": intent.name}.get(row.expecting)
    if row.expecting in ("rating", "baseline", "checkin"):
        got = "unsure" if intent.unsure else str(intent.value) if intent.name in ("rating", "count") else None
        if row.expecting == "rating" and intent.name == "rating":
            got = str(max(1, min(intent.value, 5)))
    if row.expecting == "consent":
        got = "unsure" if intent.unsure else intent.name
    if row.expecting == "safe":
        got, want = ("safe" if intent.name == "yes" else "unsafe"), ("safe" if want == "safe" else "unsafe")
    return got == want
