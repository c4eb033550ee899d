"""How many SMS segments a text costs.

A text that uses only the GSM 03.38 default alphabet (3GPP TS 23.038) is sent
as GSM-7: one unit per character, two for the extension table (an escape plus
the character). Any other character switches the whole text to UCS-2, where
each UTF-16 code unit is one unit and an emoji outside the BMP takes two.
One segment holds 160 GSM-7 or 70 UCS-2 units; a multipart message spends
room on its header, leaving 153 or 67 units per segment, and a character is
never split across two segments.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7 = "GSM-7"
UCS2 = "UCS-2"

# The default alphabet in code-point order of the 3GPP table; 0x1B (escape) is
# omitted because it only introduces an extension-table character.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

SINGLE_LIMIT = {GSM7: 160, UCS2: 70}
MULTIPART_LIMIT = {GSM7: 153, UCS2: 67}


@dataclass(frozen=True)
class Segments:
    """The encoding a text needs, its length in that encoding's units, and
    how many SMS segments it is sent as."""

    encoding: str
    units: int
    segments: int


def _char_units(text: str) -> tuple[str, list[int]]:
    """The encoding for `text` and the units each of its characters costs."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text):
        return GSM7, [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return UCS2, [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def _pack(units: list[int], room: int) -> int:
    """Segments needed when characters are packed greedily, none split."""
    segments, used = 1, 0
    for cost in units:
        if used + cost > room:
            segments, used = segments + 1, 0
        used += cost
    return segments


def count(text: str) -> Segments:
    """Encoding, units and segment count of `text`; the empty text is one
    segment of zero units."""
    encoding, units = _char_units(text)
    total = sum(units)
    if total <= SINGLE_LIMIT[encoding]:
        return Segments(encoding, total, 1)
    return Segments(encoding, total, _pack(units, MULTIPART_LIMIT[encoding]))


def fits_one_segment(text: str) -> bool:
    """True when `text` is sent as a single SMS segment."""
    return count(text).segments == 1


def non_gsm_characters(text: str) -> list[str]:
    """The distinct characters of `text` that force UCS-2, in order of first use."""
    seen: list[str] = []
    for ch in text:
        if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION and ch not in seen:
            seen.append(ch)
    return seen
