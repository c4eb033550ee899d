"""The prompt library: the shipped prompts.yaml, rendering and load errors."""

import itertools
import re

import pytest

import messages
from messages.library import LOCK_SCREEN_WORDS, SAMPLE_VALUES, Library, LibraryError

# Every id the engine uses, with the placeholders it passes.
EXPECTED = {
    "welcome": set(), "welcome.consent": set(), "consent.given": {"tz"},
    "onboarding.baseline": set(), "onboarding.baseline_saved": {"count"},
    "stop.confirm": set(), "start.confirm": set(), "help.info": set(),
    "urge.reply": {"delay"}, "urge.again": {"delay"}, "urge.last": set(),
    "urge.followup": set(), "urge.passed": {"minutes"},
    "contact.logged": set(), "contact.needed": set(), "contact.reception_yes": set(),
    "contact.reception_no": set(), "contact.reception_unsure": set(),
    "spouse.contacted": set(), "spouse.contacted_named": {"name"},
    "hold.saved": {"when"}, "hold.empty": set(), "hold.return": {"held"}, "hold.return.open": {"draft"},
    "hold.shown": {"draft"}, "hold.resting": {"when"}, "hold.none": set(), "hold.later": set(),
    "hold.send": set(), "hold.rework": set(), "hold.letgo": set(),
    "checkin.ask": set(), "checkin.thanks": {"count"}, "checkin.zero": set(),
    "weekly.summary": {"since", "week", "last_week", "waited", "theirs"},
    "weekly.first": {"since", "week", "waited", "theirs"},
    "stats.week": {"since", "week", "last_week", "waited", "theirs"},
    "stats.first_week": {"since", "week", "waited", "theirs"},
    "progress.fewer": {"baseline", "week"}, "progress.none": {"baseline"}, "progress.steady": {"baseline", "week"},
    "stats.urges": {"median"}, "stats.rhythm": {"window", "found", "total"},
    "stats.rhythm_offer": {"window", "found", "total", "at"}, "stats.rhythm_soon": {"needed", "count"},
    "stats.rhythm_none": {"total"},
    "stats.reception": {"glad", "not_glad", "unsure"},
    "fallback.long": set(), "urge.followup.open": {"name"}, "checkin.ask.open": {"name"}, "discreet.on": set(), "discreet.off": set(),
    "stats.empty": set(), "pause.confirm": {"until"}, "pause.confirm_open": set(),
    "resume.confirm": set(), "resume.confirm_held": set(), "delete.ask": set(), "delete.done": set(),
    "crisis.self": set(), "crisis.other": set(),
    "delay.set": {"delay"}, "delay.bad": set(), "tz.set": {"tz"}, "tz.bad": set(),
    "name.set": {"name"}, "name.cleared": set(), "time.set": {"time"}, "time.bad": set(),
    "time.set_evening": {"time"}, "time.set_weekly": {"time"}, "time.nearest": {"time", "nearest"},
    "time.kept": {"time"},
    "consent.needed": set(), "paused.note": set(), "held.note": set(), "held.explained": set(), "loop.note": set(), "fallback": set(),
    "rating.bad": set(), "urge.passed_late": set(),
    "frequency.daily": set(), "frequency.every_other_day": set(), "frequency.weekly": set(),
    "frequency.least": set(), "frequency.most": set(), "taper.offer": set(), "taper.offer_weekly": set(),
    "taper.kept": set(), "nudge.offer": {"window", "at"}, "nudge.checkin": set(), "nudge.on": {"nudge"},
    "nudge.off": set(), "nudge.unsure": set(), "nudge.unknown": {"needed", "count"}, "nudge.night": {"window"},
    "contact.logged_count": {"count"}, "contact.attempt": set(), "contact.reception_no_answer": set(),
    "spouse.feeling": set(), "crisis.both": set(), "crisis.self.es": set(), "crisis.other.es": set(),
    "crisis.both.es": set(), "safety.check": set(), "safety.check.es": set(), "safety.thanks": set(),
    "safety.noted": set(), "safety.noted.es": set(), "thanks.reply": set(), "feeling.low": set(),
    "feeling.low_reason": {"reason"}, "feeling.good": set(), "reflection.thanks": set(),
    "question.reasons": {"reason"}, "question.reasons_none": set(), "question.normal": set(),
    "question.will_they": set(), "question.how_long": set(), "question.how_long_yours": {"median"},
    "question.what_to_do": set(), "question.bot": set(), "question.why_ask": set(), "question.when_texts": set(), "question.other": set(), "rating.unsure": set(),
    "count.unsure": set(), "consent.unsure": set(), "hold.unsure": set(), "delete.kept": set(),
    "stop.confirm.es": set(), "urge.reply_reason": {"delay", "reason"}, "urge.question": {"delay"}, "urge.heard": set(), "urge.logistics": set(), "reflection.heard": set(), "reflection.noted": set(), "urge.heard_long": set(),
}
MIN_VARIANTS = {
    "urge.reply": 8, "urge.again": 4, "urge.last": 3, "urge.followup": 4,
    "urge.passed": 4, "contact.logged": 4, "spouse.contacted": 4,
}


@pytest.fixture(scope="module")
def library():
    return Library.load()


def write(tmp_path, text):
    path = tmp_path / "prompts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_variant_fits_one_segment_with_long_values(library):
    assert library.lint() == []


def test_every_engine_id_exists_with_its_placeholders(library):
    assert set(library.ids()) == set(EXPECTED)
    for pid, names in EXPECTED.items():
        for variant in library.prompt(pid).variants:
            assert set(re.findall(r"{(\w+)}", variant.text)) == names, (pid, variant.text)


@pytest.mark.parametrize(("pid", "minimum"), MIN_VARIANTS.items())
def test_conversational_prompts_have_enough_variants(library, pid, minimum):
    assert len(library.prompt(pid).variants) >= minimum


def test_urge_reply_asks_one_question_per_variant_from_different_advice(library):
    variants = library.prompt("urge.reply").variants
    assert all(v.text.count("?") == 1 for v in variants)
    assert all(len(v.advice) == 1 for v in variants)
    assert len({v.advice for v in variants}) == 8


@pytest.mark.parametrize("pid", ["crisis.self", "crisis.other", "crisis.both"])
def test_crisis_prompts_carry_every_lifeline(library, pid):
    text = library.render(pid).text
    for needle in ("988", "HOME to 741741", "911"):
        assert needle in text


@pytest.mark.parametrize("pid", ["crisis.other", "crisis.both", "crisis.other.es", "crisis.both.es"])
def test_danger_from_someone_else_adds_the_domestic_violence_hotline(library, pid):
    text = library.render(pid).text
    assert "1-800-799-7233" in text
    assert ("START al 88788" if pid.endswith(".es") else "START to 88788") in text


@pytest.mark.parametrize("pid", ["crisis.self.es", "crisis.other.es", "crisis.both.es"])
def test_spanish_crisis_prompts_carry_the_spanish_lifelines(library, pid):
    text = library.render(pid).text
    for needle in ("988", "marca", "AYUDA", "741741", "911"):
        assert needle in text


@pytest.mark.parametrize("pid", ["safety.check", "safety.check.es", "fallback", "fallback.long"])
def test_the_safety_check_and_the_menu_carry_988_for_anyone_not_safe(library, pid):
    assert "988" in library.render(pid).text


def test_every_question_the_bot_asks_is_read_as_an_answer():
    from bot.conversation import QUESTIONS

    lib = Library.load()
    asking = {pid for pid in lib.ids() if any("?" in v.text for v in lib.prompt(pid).variants)}
    assert asking - set(QUESTIONS) == set()


def test_scheduled_prompts_are_discreet_unless_marked_open(library):
    scheduled = [library.prompt(pid) for pid in library.ids()
                 if library.prompt(pid).scheduled and not library.prompt(pid).open]
    assert {p.id for p in scheduled} >= {"urge.followup", "hold.return", "checkin.ask", "weekly.summary",
                                         "weekly.first", "progress.fewer", "nudge.checkin", "nudge.offer",
                                         "taper.offer"}
    for prompt in scheduled:
        for variant in prompt.variants:
            assert not LOCK_SCREEN_WORDS.search(variant.text), variant.text
            assert "{name}" not in variant.text


def test_weekly_numbers_fit_with_three_digits(library):
    values = {key: "999" for key in EXPECTED["weekly.summary"]} | {"since": "Wed Sep 30"}
    for pid in ("weekly.summary", "stats.week"):
        for i in range(len(library.prompt(pid).variants)):
            assert messages.fits_one_segment(library.render(pid, values, after=i - 1).text)


def test_checkin_thanks_reads_for_zero_and_nine(library):
    for n in (0, 9):
        assert str(n) in library.render("checkin.thanks", {"count": n}).text


def test_rotation_never_repeats_consecutively(library):
    last = None
    seen = []
    for _ in range(10):
        rendered = library.render("urge.reply", {"delay": 20}, after=last)
        assert rendered.variant != last
        last = rendered.variant
        seen.append(rendered.text)
    assert all(a != b for a, b in itertools.pairwise(seen))


def test_render_fills_values_and_ignores_extras(library):
    rendered = library.render("urge.passed", {"minutes": 12, "extra": "x"})
    assert rendered.prompt_id == "urge.passed"
    assert rendered.variant == 0
    assert "12 minutes" in rendered.text
    assert rendered.advice == library.prompt("urge.passed").variants[0].advice


def test_render_wraps_around_and_reports_per_variant_advice(library):
    n = len(library.prompt("urge.reply").variants)
    assert library.render("urge.reply", {"delay": 20}, after=n - 1).variant == 0
    assert library.render("urge.reply", {"delay": 20}, after=0).advice == ("A2",)


def test_single_variant_prompt_always_renders_it(library):
    assert library.render("rating.bad", after=0).variant == 0


def test_missing_placeholder_names_it(library):
    with pytest.raises(LibraryError, match=r"urge\.reply.*\{delay\}"):
        library.render("urge.reply", {"minutes": 5})


def test_unknown_prompt_is_a_key_error(library):
    with pytest.raises(KeyError, match="no.such"):
        library.prompt("no.such")
    with pytest.raises(LibraryError):
        library.render("no.such")


def test_module_load_is_cached():
    assert messages.load() is messages.load()
    assert "welcome" in messages.load().ids()


GOOD = "- id: ok\n  advice: []\n  scheduled: false\n  variants: ['Hi {name}']\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- advice: []\n  variants: ['x']\n", "entry 0: missing id"),
        (GOOD + GOOD, "ok: duplicate id"),
        ("- id: a\n  advice: []\n  variants: []\n", "a: variants"),
        ("- id: a\n  advice: []\n", "a: variants"),
        ("- id: a\n  advice: [A9]\n  variants: ['x']\n", "a: unknown advice id A9"),
        ("- id: a\n  advice: []\n  variants: ['x', 'Hi {name']\n", "a variant 1"),
        ("- id: a\n  advice: []\n  variants: ['Hi name}']\n", "a variant 0"),
        ("- id: a\n  advice: []\n  variants: ['{0}']\n", "plain name"),
        ("- id: a\n  variants: ['x']\n", "a: advice"),
        ("- id: a\n  advice: []\n  schedule: true\n  variants: ['x']\n", "a: unknown field schedule"),
        ("- id: a\n  advice: []\n  scheduled: maybe\n  variants: ['x']\n", "a: scheduled"),
        ("- id: a\n  advice: [A1]\n  variants: [{text: x, advice: [A2]}]\n", "a variant 0: advice A2"),
        ("- id: a\n  advice: []\n  variants: [yes]\n", "a variant 0: text"),
        ("id: a\n", "expected a list"),
        ("- id: [unclosed\n", "prompts.yaml"),
    ],
)
def test_malformed_yaml_is_refused_with_the_id_and_field(tmp_path, text, message):
    with pytest.raises(LibraryError, match=re.escape(message)):
        Library.load(write(tmp_path, text))


def test_missing_file_is_a_library_error(tmp_path):
    with pytest.raises(LibraryError, match="nope.yaml"):
        Library.load(tmp_path / "nope.yaml")


def test_variant_mapping_defaults_to_the_prompt_advice(tmp_path):
    path = write(tmp_path, "- id: a\n  advice: [A1, A2]\n  variants: [{text: x}, y]\n")
    variants = Library.load(path).prompt("a").variants
    assert [v.advice for v in variants] == [("A1", "A2"), ("A1", "A2")]


def test_lint_reports_each_kind_of_problem(tmp_path):
    path = write(tmp_path, "\n".join([
        "- id: long",
        "  advice: []",
        "  variants: ['" + "a" * 161 + "']",
        "- id: checkin",
        "  advice: []",
        "  scheduled: true",
        "  variants: ['How was your husband today, {name}?']",
        "- id: curly",
        "  advice: [A6]",
        "  variants: ['I can\u2019t', 'b', 'c']",
        "- id: odd",
        "  advice: []",
        "  multipart: true",
        "  variants: ['{mood}']",
        "- id: chatty",
        "  advice: [A1]",
        "  variants: ['x']",
    ]) + "\n")
    problems = "\n".join(Library.load(path).lint())
    assert "long variant 0: 161 units, over one segment" in problems
    assert "checkin variant 0: scheduled text says 'husband'" in problems
    assert "checkin variant 0: scheduled text uses {name}" in problems
    assert "curly variant 0: non-GSM characters" in problems
    assert "odd: multipart is reserved" in problems
    assert "odd variant 0: unknown placeholder mood" in problems
    assert "chatty: a conversational prompt needs 3 or more variants" in problems


def test_sample_draft_is_sixty_characters():
    assert len(SAMPLE_VALUES["draft"]) == 60


def test_open_wording_exists_only_beside_a_discreet_prompt(library):
    opened = [pid for pid in library.ids() if library.prompt(pid).open]
    assert opened
    for pid in opened:
        assert pid.endswith(".open") and library.prompt(pid.removesuffix(".open")).scheduled
