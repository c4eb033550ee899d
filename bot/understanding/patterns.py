"""Building blocks for the rules' regular expressions: alternations and fast cue tables."""

from __future__ import annotations

import re


def alt(words) -> str:
    """One non-capturing alternation of `words` (regex fragments)."""
    return "(?:" + "|".join(words) + ")"


def any_of(*patterns: str) -> re.Pattern[str]:
    return re.compile(alt(patterns))


TOKEN = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|.", re.DOTALL)  # an escape, a [class] or one character


def _units(fragment: str):
    """(offset, unit) for each top-level unit of a regex fragment: a token, or a whole (group)."""
    depth, start = 0, 0
    for token in TOKEN.finditer(fragment):
        depth += (token[0] == "(") - (token[0] == ")")
        if depth == 0:
            yield start, fragment[start:token.end()]
            start = token.end()


def _branches(fragment: str) -> list[str]:
    """The top-level alternatives of a regex fragment ("a|(b|c)" -> ["a", "(b|c)"])."""
    cuts = [i for i, unit in _units(fragment) if unit == "|"]
    return [fragment[i + 1:j] for i, j in zip([-1, *cuts], [*cuts, len(fragment)], strict=True)]


def _heads(branch: str) -> list[tuple[str, str]] | None:
    """`branch` as (first character, rest) pairs, leading groups spelt out ("(?:a|b)?c" -> a+c,
    b+c, c+""); None when it starts with anything else (a class, a lookaround, a quantifier)."""
    branch = branch.removeprefix(r"\b")  # only called where a word boundary is already asserted
    unit = next((u for _, u in _units(branch)), "")
    after = branch[len(unit):]
    optional = after[:1] == "?"
    if after[:1] in ("*", "+", "{") or after[1:2] in ("?", "+") and optional:
        return None
    if unit.startswith("(?:"):
        heads = [_heads(alt_ + after[optional:]) for alt_ in _branches(unit[3:-1]) + [""] * optional]
        return None if None in heads else [pair for found in heads for pair in found]
    return None if len(unit) != 1 or unit in "\\[].^$()|?*+{}" or optional else [(unit, after)]


def cues(fragments) -> str:
    """One alternation of many fragments, compiled for speed: the leading \\b is tested once and the
    rest is grouped by first character, which re checks cheaply (about 5x faster than a flat list)."""
    by_head: dict[str, list[str]] = {}
    rest = []
    for branch in (b for f in fragments for b in _branches(f)):
        heads = _heads(branch) if branch.startswith(r"\b") else None
        for head, tail in heads or ():
            by_head.setdefault(head, []).append(tail)
        if heads is None:
            rest.append(branch)
    worded = [re.escape(head) + alt(tails) for head, tails in by_head.items()]
    return alt((r"\b" + alt(worded), *rest) if worded else rest)
