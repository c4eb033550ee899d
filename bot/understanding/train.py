"""Train the learned second opinion: `python -m bot.understanding.train` (or `make model`).

Deterministic and offline: the same corpus gives the same model.npz. Thresholds are chosen on the
development split (tests/corpus/dev.tsv), never on held-out files:
- crisis: the lowest probability at which the rules plus the model flag no more than
  MAX_FALSE_CRISIS of dev's texts that are not a crisis;
- possible: the highest probability at which rules plus model find POSSIBLE_RECALL of dev's
  crisis texts, as a crisis or a possible one (the normal reply, "are you safe?" and 988);
- intent: the probability above which the intent head may name a text the rules left as
  "other", chosen for dev's accuracy.
scikit-learn is a training dependency (requirements-dev.txt); the app reads the weights with numpy.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

from bot.understanding import corpus
from bot.understanding.model import PATH, Model, features

MAX_FALSE_CRISIS = 0.03  # of dev's texts that are not a crisis, flagged as one by rules and model together
POSSIBLE_RECALL = 0.985  # of dev's crisis texts, found as a crisis or a possible one
TRAIN_FILES = ("train",)
EXTRA_CRISIS_FILES = ("intents", "heldout", "heldout2")  # older, base-labelled: crisis or not only
ANSWER_FILES = ("answers_train",)  # short replies: crisis when the answer is intent:crisis


def _fit(matrix, labels, *, c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=0).fit(matrix, labels)


def train() -> dict[str, np.ndarray]:
    """Fit the vocabulary and the three heads; returns the arrays model.npz holds (thresholds apart).

    The crisis head is two logistic models averaged: one on every feature, one on the words and
    word classes only (no character n-grams), which generalises differently.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    rows = [row for name in TRAIN_FILES for row in corpus.texts(name)]
    extra = [row for name in EXTRA_CRISIS_FILES for row in corpus.texts(name)]
    extra += [corpus.Labelled("crisis" if a.answer == "intent:crisis" else "other", frozenset(), a.text)
              for name in ANSWER_FILES for a in corpus.answers(name) if a.expecting != "safe"]
    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=2, dtype=np.float64)
    everything = vectorizer.fit_transform([r.text for r in rows + extra])
    vocabulary = vectorizer.get_feature_names_out()
    words_only = np.array([not term.startswith("c:") for term in vocabulary])
    is_crisis = [int(r.label == "crisis") for r in rows + extra]
    full, words = _fit(everything, is_crisis, c=32.0), _fit(everything[:, words_only], is_crisis, c=64.0)
    word_weights = np.zeros((1, len(vocabulary)))
    word_weights[0, words_only] = words.coef_[0]
    dangers = [i for i, r in enumerate(rows) if r.label == "crisis" and r.danger]
    danger = _fit(everything[dangers], [rows[i].danger for i in dangers], c=8.0)
    intent = _fit(everything[:len(rows)], [r.label for r in rows], c=8.0)
    arrays = {"vocabulary": np.array(vocabulary.tolist()), "idf": vectorizer.idf_.astype(np.float32),
              "crisis_classes": np.array(("none", "crisis")),
              "crisis_weights": np.vstack((full.coef_, word_weights)).astype(np.float32),
              "crisis_bias": np.array((full.intercept_[0], words.intercept_[0]), dtype=np.float32)}
    for name, head in (("danger", danger), ("intent", intent)):
        arrays.update({f"{name}_classes": np.array([str(c) for c in head.classes_]),
                       f"{name}_weights": head.coef_.astype(np.float32), f"{name}_bias": head.intercept_.astype(np.float32)})
    return arrays


def _thresholds(arrays: dict[str, np.ndarray]) -> dict[str, float]:
    """Thresholds for the crisis and intent heads, chosen on the development split."""
    from bot.understanding import classify, crisis
    from bot.understanding.message import read

    model = Model.from_arrays(arrays)
    dev = corpus.texts("dev")
    scored = [(row.label == "crisis", crisis.danger(read(row.text)) is not None,
               model.score(row.text, ("crisis",))["crisis"]["crisis"]) for row in dev]
    others = sorted((p for is_crisis, ruled, p in scored if not is_crisis and not ruled), reverse=True)
    budget = int(MAX_FALSE_CRISIS * sum(not is_crisis for is_crisis, _, _ in scored))
    budget -= sum(ruled for is_crisis, ruled, _ in scored if not is_crisis)
    high = others[budget] + 1e-9 if 0 <= budget < len(others) else 1.0
    missed = sorted((p for is_crisis, ruled, p in scored if is_crisis and not ruled), reverse=True)
    crises = sum(is_crisis for is_crisis, _, _ in scored)
    needed = max(0, int(np.ceil(POSSIBLE_RECALL * crises)) - (crises - len(missed)))
    low = min(missed[needed - 1] if 0 < needed <= len(missed) else high, high)

    def accuracy(intent_min: float) -> float:
        model.thresholds = {"crisis_high": high, "crisis_low": low, "intent_min": intent_min}
        return sum(classify(row.text, model=model).name == row.label for row in dev) / len(dev)

    best = max((accuracy(t), -t) for t in np.arange(0.30, 0.96, 0.05))
    return {"crisis_high": float(high), "crisis_low": float(low), "intent_min": float(round(-best[1], 2))}


def write(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Save `arrays` as an .npz numpy can load, byte for byte the same for the same arrays."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue())
    path.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=PATH, help="where to write the weights (default: %(default)s)")
    args = parser.parse_args(argv)
    arrays = train()
    thresholds = _thresholds(arrays)
    arrays.update({name: np.array(value, dtype=np.float64) for name, value in thresholds.items()})
    write(args.output, arrays)
    print(f"wrote {args.output} ({len(arrays['vocabulary'])} features); thresholds "
          + ", ".join(f"{k}={v:.3f}" for k, v in thresholds.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
