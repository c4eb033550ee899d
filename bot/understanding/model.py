"""The learned second opinion: linear models over word and character n-grams, trained on the corpus.

`Model.load()` reads the weights `python -m bot.understanding.train` wrote (model.npz beside this
module); nothing is downloaded, nothing is trained at run time. Three heads share the features:
`crisis` (the probability a text is a crisis), `danger` (self, other or both, for a crisis) and
`intent` (the corpus's labels, a fallback for texts the rules cannot place). Scores are computed
exactly as scikit-learn's TfidfVectorizer (sublinear tf, l2 norm) and LogisticRegression would.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.understanding.concepts import classes
from bot.understanding.message import read
from bot.understanding.optout import plain
from bot.understanding.spelling import repair

PATH = Path(__file__).with_name("model.npz")
WORD = re.compile(r"[^\W\d_]+|\d+")
SYMBOL = re.compile(r"[^\w\s.,!?'\"()\-:;/&@#*]")
HEADS = ("crisis", "danger", "intent")
THRESHOLDS = ("crisis_high", "crisis_low", "intent_min")


def features(text: str, norm: str | None = None) -> list[str]:
    """The n-grams a text is scored on: words and word pairs of the normalised, spelling-repaired
    text, character 3-5-grams inside words, each symbol or emoji, and the words' classes
    (bot.understanding.concepts) alone and in pairs. `norm` is the text already read, if it was."""
    norm = plain(repair(norm if norm is not None else read(text).norm))
    words = WORD.findall(norm)
    found = [f"w:{w}" for w in words]
    found += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    for word in words:
        padded = f"<{word}>"
        found += [f"c:{padded[i:i + n]}" for n in (3, 4, 5) for i in range(len(padded) - n + 1)]
    found += [f"s:{c}" for c in SYMBOL.findall(text) if c not in "\ufe0f\u200d"]
    kinds = classes(words)
    found += [f"k:{k}" for k in kinds] + [f"kk:{a} {b}" for a, b in itertools.pairwise(kinds)]
    return found or ["w:<empty>"]


@dataclass(frozen=True)
class Head:
    """A linear model: classes, weights (classes x features), bias. A binary head's rows are
    separate logistic models of the second class (an ensemble), whose probabilities are averaged."""

    classes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray

    def probabilities(self, index: np.ndarray, values: np.ndarray) -> dict[str, float]:
        return self.from_products(self.weights[:, index] @ values)

    def from_products(self, products: np.ndarray) -> dict[str, float]:
        """Probabilities from the weights' products with a text's vector (bias not yet added)."""
        scores = products + self.bias
        if len(self.classes) == 2:
            p = sum(1 / (1 + math.exp(-float(score))) for score in scores) / len(scores)
            return {self.classes[0]: 1 - p, self.classes[1]: p}
        exp = np.exp(scores - scores.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))


class Model:
    """The three heads over one vocabulary; `score(text)` gives each head's probabilities.

    `thresholds`: crisis_high (a crisis at or above it), crisis_low (a possible crisis at or above
    it), intent_min (the intent head may name a text the rules left as "other").
    """

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, heads: dict[str, Head],
                 thresholds: dict[str, float]):
        self.vocabulary, self.idf, self.heads, self.thresholds = vocabulary, idf, heads, thresholds
        # All heads' rows stacked, so one text costs one gather and one product.
        self._rows = {name: slice(sum(len(h.weights) for h in list(heads.values())[:i]),
                                  sum(len(h.weights) for h in list(heads.values())[:i + 1]))
                      for i, name in enumerate(heads)}
        self._weights = np.vstack([h.weights for h in heads.values()])

    @classmethod
    def from_arrays(cls, data) -> Model:
        """A model from the arrays model.npz holds (a mapping of name to numpy array)."""
        vocabulary = {term: i for i, term in enumerate(data["vocabulary"].tolist())}
        heads = {name: Head(tuple(data[f"{name}_classes"].tolist()), data[f"{name}_weights"].astype(np.float64),
                            data[f"{name}_bias"].astype(np.float64)) for name in HEADS}
        thresholds = {name: float(data[name]) for name in THRESHOLDS if name in data}
        return cls(vocabulary, data["idf"].astype(np.float64), heads, thresholds)

    @classmethod
    def load(cls, path: Path = PATH) -> Model:
        with np.load(path, allow_pickle=False) as data:
            return cls.from_arrays(data)

    def vector(self, text: str, norm: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The text's tf-idf vector as (feature indices, values), l2-normalised."""
        counts = Counter(map(self.vocabulary.get, features(text, norm)))
        counts.pop(None, None)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        index = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = (1 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self.idf[index]
        return index, values / np.linalg.norm(values)

    def score(self, text: str, heads: tuple[str, ...] = HEADS, *, norm: str | None = None) -> dict[str, dict[str, float]]:
        """Each head's probabilities for `text` (`norm`: its normalised form, when already read)."""
        index, values = self.vector(text, norm)
        products = self._weights[:, index] @ values
        return {name: self.heads[name].from_products(products[self._rows[name]]) for name in heads}


@functools.lru_cache(maxsize=1)
def default() -> Model:
    """The committed model, loaded once per process."""
    return Model.load()
