"""SMS segment counting at the GSM-7 and UCS-2 boundaries."""

import pytest

from messages.segments import GSM7, GSM7_BASIC, UCS2, Segments, count, fits_one_segment


def test_empty_text_is_one_segment_of_zero_units():
    assert count("") == Segments(GSM7, 0, 1)


def test_default_alphabet_has_all_127_characters():
    assert len(GSM7_BASIC) == 127
    assert count("£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉÄÖÑÜ§¿äöñüà\n\r").encoding == GSM7


@pytest.mark.parametrize(
    ("length", "segments"),
    [(160, 1), (161, 2), (153 * 2, 2), (153 * 2 + 1, 3)],
)
def test_gsm_boundaries(length, segments):
    assert count("a" * length) == Segments(GSM7, length, segments)


@pytest.mark.parametrize("char", list("^{}\\[~]|€\f"))
def test_extension_characters_cost_two_units(char):
    assert count(char) == Segments(GSM7, 2, 1)


def test_euro_sign_tips_a_full_message_over():
    assert count("a" * 158 + "€") == Segments(GSM7, 160, 1)
    assert count("a" * 159 + "€") == Segments(GSM7, 161, 2)


def test_extension_character_is_not_split_across_segments():
    # 152 units then a 2-unit character: it moves whole to the second segment.
    assert count("a" * 152 + "€" + "a" * 153).segments == 3
    assert count("a" * 151 + "€" + "a" * 153).segments == 2


@pytest.mark.parametrize(
    ("length", "segments"),
    [(70, 1), (71, 2), (67 * 2, 2), (67 * 2 + 1, 3)],
)
def test_ucs2_boundaries(length, segments):
    assert count("ж" * length) == Segments(UCS2, length, segments)


def test_one_emoji_switches_to_ucs2_and_counts_two_units():
    assert count("a" * 100) == Segments(GSM7, 100, 1)
    assert count("a" * 100 + "🙂") == Segments(UCS2, 102, 2)
    assert count("a" * 68 + "🙂") == Segments(UCS2, 70, 1)


def test_emoji_is_not_split_at_a_67_unit_boundary():
    assert count("a" * 66 + "🙂" + "a" * 67).segments == 3
    assert count("a" * 65 + "🙂" + "a" * 67).segments == 2


def test_curly_apostrophe_forces_ucs2():
    straight = "I can't reach out right now, " * 5
    assert count(straight).encoding == GSM7
    assert fits_one_segment(straight)
    curly = straight.replace("'", "\u2019")
    assert count(curly).encoding == UCS2
    assert not fits_one_segment(curly)


def test_fits_one_segment_at_the_edge():
    assert fits_one_segment("a" * 160)
    assert not fits_one_segment("a" * 161)
