"""The prompt library: operator-edited texts in prompts.yaml, loaded and rendered.

Malformed data is refused at load with a LibraryError naming the prompt and
field, so a bad edit stops start-up rather than a conversation; `lint` reports
what still loads but should not ship (length, discretion, characters)."""

from __future__ import annotations

import functools
import hashlib
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from messages.segments import count, non_gsm_characters

DEFAULT_PATH = Path(__file__).with_name("prompts.yaml")
ADVICE_IDS = frozenset(f"A{n}" for n in range(1, 9))
ENTRY_FIELDS = frozenset({"id", "advice", "scheduled", "multipart", "open", "variants"})
VARIANT_FIELDS = frozenset({"text", "advice"})
# Long but realistic values: a prompt that fits one segment with these fits
# with what members really see.
SAMPLE_VALUES = {
    "delay": "120", "minutes": "45", "tz": "America/Argentina/Buenos_Aires",
    "when": "tomorrow at 9:00 AM", "name": "Christopher", "count": "12",
    "week": "14", "last_week": "21", "baseline": "30", "waited": "11",
    "median": "23", "theirs": "3", "glad": "12", "not_glad": "10", "unsure": "11", "until": "Sunday 9:00 PM", "time": "8:30 PM",
    "draft": "I keep thinking about our summer. Could we talk on Saturday?",
    "reason": "I want to feel calm and not wait by the phone all night again",  # 60: reasons are cut to fit
    "since": "Wed Sep 30", "held": "earlier today", "at": "10:45 PM", "nearest": "11:00 PM", "found": "14",
    "total": "28", "needed": "6", "window": "around 10:30 PM on Mondays, Thursdays and Saturdays",
    "nudge": "10:45 PM on Mondays, Thursdays and Saturdays",
}
# Only safety texts and a returned draft may run past one segment.
MULTIPART_ALLOWED = ("crisis.", "hold.return")
# Words that would give the member away on a lock screen.
LOCK_SCREEN_WORDS = re.compile(
    r"\b(husbands?|wife|wives|spouses?|ex|exes|separat\w*|marriages?|married|divorc\w*)\b",
    re.IGNORECASE,
)


class LibraryError(Exception):
    """The prompt data is malformed, or a prompt was asked for wrongly."""


class UnknownPromptError(LibraryError, KeyError):
    """No prompt has the requested id."""

    __str__ = Exception.__str__


@dataclass(frozen=True)
class Variant:
    """One wording of a prompt and the advice points it draws on."""

    text: str
    advice: tuple[str, ...]

    @property
    def digest(self) -> str:
        """A short fingerprint of the wording: results stay with the words, wherever the variant moves."""
        return hashlib.sha256(self.text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Prompt:
    """A message the bot can send, in one or more interchangeable wordings."""

    id: str
    advice: tuple[str, ...]
    scheduled: bool
    multipart: bool
    variants: tuple[Variant, ...]
    open: bool = False  # a scheduled text only for members who chose open wording (DISCREET OFF)


@dataclass(frozen=True)
class Rendered:
    """A variant with its placeholders filled, ready to send."""

    prompt_id: str
    variant: int
    text: str
    advice: tuple[str, ...]
    digest: str  # Variant.digest of the wording used


def placeholders(text: str) -> list[str]:
    """Names of the {placeholders} in `text`; raises ValueError unless every
    brace is balanced and every field is a plain name."""
    names = []
    for _, field, spec, conversion in string.Formatter().parse(text):
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise ValueError(f"placeholder {{{field}}} must be a plain name")
        names.append(field)
    return names


def _no_extra_fields(raw: Mapping, allowed: frozenset[str], where: str) -> None:
    extra = sorted(map(str, set(raw) - allowed))
    if extra:
        raise LibraryError(f"{where}: unknown field {', '.join(extra)}")


def _advice(raw: object, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
        raise LibraryError(f"{where}: advice must be a list of advice ids")
    unknown = sorted(set(raw) - ADVICE_IDS)
    if unknown:
        raise LibraryError(f"{where}: unknown advice id {', '.join(unknown)}")
    return tuple(raw)


def _variant(raw: object, prompt_advice: tuple[str, ...], where: str) -> Variant:
    if isinstance(raw, Mapping):
        _no_extra_fields(raw, VARIANT_FIELDS, where)
        text, advice = raw.get("text"), _advice(raw.get("advice", list(prompt_advice)), where)
    else:
        text, advice = raw, prompt_advice
    if not isinstance(text, str) or not text.strip():
        raise LibraryError(f"{where}: text must be a non-empty string")
    stray = sorted(set(advice) - set(prompt_advice))
    if stray:
        raise LibraryError(f"{where}: advice {', '.join(stray)} is not in the prompt's advice")
    try:
        placeholders(text)
    except ValueError as exc:  # unbalanced braces or a field that is not a plain name
        raise LibraryError(f"{where}: {exc}") from None
    return Variant(text.strip(), advice)


def _prompt(raw: object, index: int) -> Prompt:
    if not isinstance(raw, Mapping):
        raise LibraryError(f"entry {index}: must be a mapping with id and variants")
    pid = raw.get("id")
    if not isinstance(pid, str) or not pid:
        raise LibraryError(f"entry {index}: missing id")
    _no_extra_fields(raw, ENTRY_FIELDS, pid)
    advice = _advice(raw.get("advice"), pid)
    flags = {key: raw.get(key, False) for key in ("scheduled", "multipart", "open")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise LibraryError(f"{pid}: {key} must be true or false")
    variants = raw.get("variants")
    if not isinstance(variants, list) or not variants:
        raise LibraryError(f"{pid}: variants must be a non-empty list")
    return Prompt(
        pid, advice, flags["scheduled"], flags["multipart"],
        tuple(_variant(v, advice, f"{pid} variant {i}") for i, v in enumerate(variants)), flags["open"],
    )


class _Values(dict):
    def __missing__(self, key: str) -> object:
        raise LibraryError(f"missing value for placeholder {{{key}}}")


class Library:
    """An immutable, ordered collection of prompts."""

    def __init__(self, prompts: list[Prompt]) -> None:
        self._prompts: dict[str, Prompt] = {}
        for prompt in prompts:
            if prompt.id in self._prompts:
                raise LibraryError(f"{prompt.id}: duplicate id")
            self._prompts[prompt.id] = prompt

    @classmethod
    def load(cls, path: str | Path | None = None) -> Library:
        """Load prompts from a YAML list (default: prompts.yaml beside this
        module); raises LibraryError naming the id and field on bad data."""
        path = Path(path) if path is not None else DEFAULT_PATH
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise LibraryError(f"{path}: {exc}") from None
        if not isinstance(data, list):
            raise LibraryError(f"{path}: expected a list of prompts")
        return cls([_prompt(raw, i) for i, raw in enumerate(data)])

    def prompt(self, prompt_id: str) -> Prompt:
        """The prompt with this id; UnknownPromptError (a KeyError) if none."""
        try:
            return self._prompts[prompt_id]
        except KeyError:
            raise UnknownPromptError(f"unknown prompt id {prompt_id!r}") from None

    def has(self, prompt_id: str) -> bool:
        return prompt_id in self._prompts

    def ids(self) -> list[str]:
        """Every prompt id, in file order."""
        return list(self._prompts)

    def render(self, prompt_id: str, values: Mapping[str, object] | None = None, *,
               after: int | None = None, variant: int | None = None,
               skip: frozenset[str] = frozenset()) -> Rendered:
        """Fill the variant that follows index `after` (the first when None),
        so passing the last index used never repeats it; extra values are
        ignored, a missing one raises LibraryError naming it.

        `variant` picks one index outright (an experiment's arm); `skip` names
        digests the rotation passes over (retired variants), unless it would
        leave none."""
        prompt = self.prompt(prompt_id)
        count = len(prompt.variants)
        if variant is not None and not 0 <= variant < count:
            raise LibraryError(f"{prompt_id}: no variant {variant}")
        index = variant
        if index is None:
            start = 0 if after is None else after + 1
            order = [(start + i) % count for i in range(count)]
            index = next((i for i in order if prompt.variants[i].digest not in skip), order[0])
        chosen = prompt.variants[index]
        try:
            text = chosen.text.format_map(_Values(values or {}))
        except LibraryError as exc:
            raise LibraryError(f"{prompt_id}: {exc}") from None
        return Rendered(prompt_id, index, text, chosen.advice, chosen.digest)

    def lint(self) -> list[str]:
        """Problems an operator should fix; empty when every prompt is fine."""
        problems = []
        for prompt in self._prompts.values():
            if prompt.multipart and not prompt.id.startswith(MULTIPART_ALLOWED):
                problems.append(f"{prompt.id}: multipart is reserved for crisis.* and hold.return")
            if prompt.advice and len(prompt.variants) < 3:
                problems.append(f"{prompt.id}: a conversational prompt needs 3 or more variants")
            for i, variant in enumerate(prompt.variants):
                problems += _lint_variant(prompt, f"{prompt.id} variant {i}", variant.text)
        return problems


def _lint_variant(prompt: Prompt, where: str, text: str) -> list[str]:
    problems = []
    names = placeholders(text)
    unknown = sorted(set(names) - set(SAMPLE_VALUES))
    if unknown:
        problems.append(f"{where}: unknown placeholder {', '.join(unknown)}")
    odd = non_gsm_characters(text)
    if odd and not (prompt.multipart and prompt.id.endswith(".es")):  # Spanish safety texts keep their accents
        problems.append(f"{where}: non-GSM characters {' '.join(map(repr, odd))}")
    if prompt.open and not prompt.scheduled:
        problems.append(f"{where}: open wording only makes sense for a scheduled text")
    if prompt.scheduled and not prompt.open:
        word = LOCK_SCREEN_WORDS.search(text)
        if word:
            problems.append(f"{where}: scheduled text says {word.group()!r}")
        if "name" in names:
            problems.append(f"{where}: scheduled text uses {{name}}")
    if not unknown and not prompt.multipart:
        segments = count(text.format_map(SAMPLE_VALUES))
        if segments.segments > 1:
            problems.append(f"{where}: {segments.units} units, over one segment")
    return problems


@functools.lru_cache(maxsize=1)
def load() -> Library:
    """The default library, loaded once per process."""
    return Library.load()
