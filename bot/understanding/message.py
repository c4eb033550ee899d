"""An inbound text in the forms the rules match against."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.understanding import vocabulary as w
from bot.understanding.patterns import cues

TYPO = re.compile(cues(r"\b" + re.escape(t) for t in sorted(w.TYPOS, key=len, reverse=True)) + r"(?!')\b")
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'",
                        "\u201c": '"', "\u201d": '"'})
EMOJI_NOISE = re.compile(r"[\s\ufe0f\U0001F3FB-\U0001F3FF]+")  # skin tones, variation selector


@dataclass(frozen=True)
class Message:
    """`norm`: casefolded, typos fixed, apostrophes dropped ("im", "dont"), whitespace collapsed.
    `core`: norm without surrounding punctuation, symbols or emoji."""

    raw: str
    norm: str
    core: str

    @property
    def bare(self) -> str:
        """`core`, or for an emoji-only text the emoji without skin tones or spaces."""
        return self.core or EMOJI_NOISE.sub("", self.norm)


def trim(text: str) -> str:
    """`text` without leading or trailing punctuation, symbols or emoji (linear, unlike a regex)."""
    start = next((i for i, c in enumerate(text) if c.isalnum()), len(text))
    end = next((i for i in range(len(text) - 1, start - 1, -1) if text[i].isalnum()), start - 1)
    return text[start:end + 1]


def read(text: str) -> Message:
    """Normalise `text`: casefold, straighten quotes, drop accents, fix common typos, collapse whitespace."""
    norm = " ".join(text.translate(QUOTES).casefold().split())
    if not norm.isascii():  # "escribió" is read as "escribio", "más" as "mas"; emoji stay
        norm = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFKD", norm)
                                                     if not unicodedata.combining(c)))
    norm = TYPO.sub(lambda t: w.TYPOS[t.group(0)], norm).replace("'", "")
    return Message(raw=text, norm=norm, core=trim(norm))
