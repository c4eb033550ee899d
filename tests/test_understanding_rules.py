"""bot.understanding.rules (through the bot.intents shim): each rule of the contract, the values it extracts, robustness, and the labelled corpus."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.intents import BASE_NAMES, NAMES, Intent, classify
from bot.understanding import crisis_words, cues, spelling, vocabulary
from bot.understanding.patterns import alt as _alt
from bot.understanding.patterns import cues as _cues

CORPUS = Path(__file__).parent / "corpus" / "intents.tsv"
# Texts written after the corpus was tuned. HELDOUT was measured first, then tuned on; HELDOUT2 was
# written after that, measured once (crisis recall 15/41), and has since been tuned on too (spent).
# HELDOUT3 was written before the second crisis layer (bot.understanding.crisis), measured once at the end, and must
# never be tuned on.
HELDOUT = Path(__file__).parent / "corpus" / "heldout.tsv"
HELDOUT2 = Path(__file__).parent / "corpus" / "heldout2.tsv"
HELDOUT3 = Path(__file__).parent / "corpus" / "heldout3.tsv"


def load_corpus(path: Path = CORPUS) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "label\ttext"
    return [tuple(line.split("\t", 1)) for line in lines[1:] if line]


def name_of(text: str) -> str:
    """The reading in the sixteen documented names (bot.understanding.intent.BASE_NAMES)."""
    return classify(text).base


def reads(message: str, name: str, **fields) -> bool:
    """True when `message` reads as `name` with exactly these values in `fields` (and nothing else set)."""
    intent = classify(message)
    expected = Intent(name, **fields)
    checked = ("value", "text", "duration", "danger", "also_stop", "channel", "needed", "unsure")
    return intent.base == name and all(getattr(intent, f) == getattr(expected, f) for f in checked)


def test_the_sixteen_documented_names_stay_and_the_added_ones_refine_them():
    assert BASE_NAMES == ("stop", "start", "help", "crisis", "urge", "contacted", "spouse_contacted", "rating",
                          "yes", "no", "hold", "stats", "pause", "resume", "delete", "other")
    assert set(BASE_NAMES) < set(NAMES)
    assert {Intent(name).base for name in NAMES} == set(BASE_NAMES)


# --- compliance: stop / start / help ------------------------------------------------------------

@pytest.mark.parametrize("text", ["STOP", "stop", "Stop.", "STOP!!", " stop. ", "STOPALL", "stop all", "UNSUBSCRIBE",
                                  "cancel", "END", "quit", "Revoke", "OPTOUT", "opt out", "opt-out", "🛑 stop",
                                  "stop 🙏", "STOP STOP STOP", "please stop"])
def test_compliance_keywords_alone_are_stop(text):
    assert reads(text, "stop")


@pytest.mark.parametrize("text", ["please stop texting me", "stop messaging me", "Stop texting me please",
                                  "unsubscribe me", "remove me from this list", "don't text me anymore",
                                  "stop sending me these", "i want to unsubscribe"])
def test_plain_opt_out_sentences_are_stop(text):
    assert name_of(text) == "stop"


@pytest.mark.parametrize("text", ["I need to stop myself from calling him", "stop me from texting her",
                                  "how do I stop wanting to call", "i can't stop thinking about calling her"])
def test_stop_inside_an_urge_sentence_is_an_urge(text):
    assert name_of(text) == "urge"


@pytest.mark.parametrize("text", ["I want to end it with him", "he said dont text me anymore",
                                  "she told me to stop texting her", "the end", "stop it"])
def test_ending_the_relationship_or_quoting_the_spouse_is_not_stop(text):
    assert name_of(text) == "other"


@pytest.mark.parametrize("text", ["START", "start", "unstop", "start again", "resubscribe", "START please",
                                  "sign me back up"])
def test_start_keywords_are_start(text):
    assert reads(text, "start")


@pytest.mark.parametrize("text", ["HELP", "help", "help?", "HELP!", "INFO", "info"])
def test_help_and_info_alone_are_help(text):
    assert reads(text, "help")


@pytest.mark.parametrize("text", ["help me not text him", "help I want to call her so bad"])
def test_help_inside_an_urge_sentence_is_an_urge(text):
    assert name_of(text) == "urge"


# --- crisis -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["I want to die", "i just wanna die", "gonna kill myself", "I want to end my life",
                                  "there's no reason to live", "everyone's better off dead", "kms",
                                  "I don’t want to be here anymore", "i want to unalive myself", "i feel suicidal",
                                  "i think about dying every day", "i want to go to sleep and never wake up"])
def test_suicidal_thoughts_are_crisis_about_self(text):
    assert reads(text, "crisis", danger="self")


@pytest.mark.parametrize("text", ["i've been cutting again", "I cut myself", "i want to hurt myself",
                                  "took pills", "i'm going to swallow all my pills", "thinking about an overdose",
                                  "i'm going to od", "i od’d last night", "there's a rope in the garage",
                                  "i'm standing on the bridge", "i bought razor blades"])
def test_self_harm_and_its_methods_are_crisis_about_self(text):
    assert reads(text, "crisis", danger="self")


@pytest.mark.parametrize("text", ["he hit me", "He threatened to kill me", "I'm scared he'll hurt me",
                                  "she has a gun", "he's outside my door and I'm scared", "he choked me",
                                  "my husband is hitting me", "he said if i leave he'll kill me",
                                  "i'm scared of him", "he broke into the house", "he beat me up"])
def test_fear_of_harm_from_someone_else_is_crisis_about_other(text):
    assert reads(text, "crisis", danger="other")


@pytest.mark.parametrize("text", ["stop, I want to die", "STOP i want to die", "i want to die, please stop texting me",
                                  "unsubscribe. i want to kill myself"])
def test_crisis_wins_over_stop_and_keeps_the_opt_out(text):
    intent = classify(text)
    assert (intent.name, intent.also_stop) == ("crisis", True)


@pytest.mark.parametrize("text", ["i want to die", "i can't stop thinking about killing myself",
                                  "he said stop texting me and then he hit me"])
def test_crisis_without_an_opt_out_does_not_set_also_stop(text):
    intent = classify(text)
    assert (intent.name, intent.also_stop) == ("crisis", False)


@pytest.mark.parametrize("text", ["HOLD i want to die", "URGE to kill myself", "he called me and said he'd kill me",
                                  "3 i want to die", "yes i took all my pills", "help he has a knife"])
def test_crisis_wins_over_every_other_intent(text):
    assert name_of(text) == "crisis"


@pytest.mark.parametrize("text", [
    "i wish i could just not wake up", "everyone would be better off without me", "whats the point anymore",
    "i have my pills lined up", "i keep thinking about driving off the road", "i'm ready to end it all",
    "is it normal to think about dying", "id rather be dead", "i feel like dying", "no reason to keep going",
    "life isnt worth living", "im just a burden", "nobody would notice if i was gone", "i cut my arms again",
    "i keep burning myself", "looked up how many tylenol it would take", "maybe i should just jump",
    "wrote goodbye letters to my kids", "i gave away my dog and said my goodbyes", "thinking about sewerslide",
    "i thought about od'ing", "i want out for good", "i have a plan.", "im a waste of space",
])
def test_indirect_thoughts_of_death_and_methods_are_crisis_about_self(text):
    assert reads(text, "crisis", danger="self")


@pytest.mark.parametrize("text", [
    "hes threatening me", "i'm afraid of what he'll do", "he broke down my door", "he's following me",
    "i had to lock myself in the bathroom", "he grabbed my neck", "she threw a knife at me", "hes got a 🔪",
    "he said if he cant have me nobody can", "she said shed make me regret leaving", "i think hes tracking my phone",
    "he keeps punching walls", "im hiding at my moms", "he keeps showing up at my work", "im scared to go home",
    "he held me down", "he gets violent when he drinks", "my ex is stalking me", "he knows where i live",
])
def test_threats_stalking_and_violence_are_crisis_about_other(text):
    assert reads(text, "crisis", danger="other")


@pytest.mark.parametrize(("text", "expected"), [
    ("dying to hear his voice", "urge"), ("he's killing me with these mixed signals", "other"),
    ("i'd kill for a coffee", "other"), ("i could die of embarrassment lol", "other"),
    ("end of the day i called him", "contacted"), ("lol im dead 😂", "other"), ("my phone died", "other"),
    ("the marriage is dead", "other"), ("my dad died last year", "other"), ("i'm at the end of my rope", "other"),
    ("we used to jump off the dock", "other"), ("my mom keeps threatening to visit lol", "other"),
    ("he's threatening divorce", "other"), ("no point texting him", "other"), ("i cut my hair today", "other"),
    ("scared he doesnt love me anymore", "other"), ("she hit me up this morning", "spouse_contacted"),
    ("shot him a text", "contacted"), ("he pushed me to sign the papers", "other"), ("i'd die for my kids", "other"),
])
def test_idioms_are_blanked_out_before_crisis_cues(text, expected):
    assert name_of(text) == expected


@pytest.mark.parametrize("text", [
    "i wnt to dye", "im sucidal", "gona kil myslef", "i want to kiiill myself", "k1ll myself", "ireallywanttodie",
    "feeling suuuicidal", "i keep cuting myself", "i want to end my lfie", "im gonna hurtt myslf", "want to overdos",
    "thinking about sucide again", "i wanna dieee", "im dyin inside and i want it to stop forever",
])
def test_misspelt_crisis_words_are_crisis_about_self(text):
    assert reads(text, "crisis", danger="self")


@pytest.mark.parametrize("text", [
    "checking out early sounds good", "a permanent solution is looking better", "i want to go to sleep and stay asleep",
    "this is probably the last text you'll get from me", "i've started giving my things away",
    "what happens to the kids if something happens to me", "i've been looking up ways to do it painlessly",
    "i took way more of my sleeping meds than i'm supposed to", "nobody would come to my funeral anyway",
    "sat in the garage with the car running", "i just want to be gone", "i won't need these texts much longer",
    "my kids deserve a better mom than me", "i looked up the lethal dose", "nothing left to live for",
    "me quiero morir", "ya no quiero vivir", "quiero matarme", "me voy a matar", "no quiero seguir viviendo asi",
])
def test_euphemisms_warning_signs_and_spanish_are_crisis_about_self(text):
    assert reads(text, "crisis", danger="self")


@pytest.mark.parametrize("text", [
    "he said he'll put me in the ground", "she knows people who can make me disappear", "too scared to go back",
    "he's been sitting in his truck across the street watching the house", "he keeps driving past my apartment",
    "he sent me a photo of my new apartment, i never told him where i moved", "i found a tracker on my car",
    "he told me i won't live to see the divorce", "his truck is parked across the street again",
    "he put me in the hospital last year", "me quiere matar", "tengo miedo de él", "mi esposo me pega",
])
def test_threats_and_watching_in_other_words_are_crisis_about_other(text):
    assert reads(text, "crisis", danger="other")


@pytest.mark.parametrize(("text", "expected"), [
    ("i want to dye my hair purple", "other"), ("he overdoes the guilt trips", "other"),
    ("the steak was overdone", "other"), ("i'm putting myself first for once", "other"),
    ("he's watching the kids tonight", "other"), ("my sister is watching the house while im away", "other"),
    ("the flu put me in the hospital", "other"), ("we need a permanent solution for the custody schedule", "other"),
    ("this is the last text i will send him", "other"), ("ill be checking out early from the conference", "other"),
    ("i'd rather die than text him first lol", "other"), ("the plant he gave me finally died", "other"),
    ("mi mama me va a matar jaja", "other"), ("cant make it tonight, kids are sick", "other"),
    ("burned my hand on the stove", "other"), ("im so tired i could sleep forever lol", "other"),
    ("he's better off without me", "other"), ("scared to go back to the gym", "other"),
    ("my fitness tracker says i slept 5 hours", "other"), ("kil the lights pls", "other"),
])
def test_look_alikes_of_the_new_crisis_cues_are_not_crisis(text, expected):
    assert name_of(text) == expected


@pytest.mark.parametrize(("norm", "repaired"), [
    ("gona kil myslef", "going to kill myself"), ("i wnt to dye", "i wnt to die"), ("im sucidal", "im suicidal"),
    ("k1ll myself", "kill myself"), ("justwanttodie", "justwant to die"), ("thinkin bout killin myself", "thinking about killing myself"),
    ("tengo miedo de él", "tengo miedo de el"), ("i keep cuting myself", "i keep cutting myself"),
    ("harg myself", "hang myself"), ("end my lfie", "end my life"),
])
def test_repair_spells_out_misspelt_crisis_words(norm, repaired):
    assert spelling.repair(norm) == repaired


@pytest.mark.parametrize("norm", ["i want to dye my hair", "he overdoes it", "the steak was overdone", "i did it",
                                  "putting myself first", "turn myself in", "tell myself", "end my wife's lease",
                                  "a kilt and a kiln", "diet and dice", "the skill to fill it"])
def test_repair_leaves_real_words_alone(norm):
    assert spelling.repair(norm) == norm


def test_danger_from_someone_else_and_to_self_together_is_both():
    assert classify("he hit me and i want to die").danger == "both"


@pytest.mark.parametrize(("text", "expected"), [
    ("this urge is killing me", "urge"),  # a figure of speech about the urge itself
    ("I'm dying to call him", "urge"),
    ("this is going to kill me", "other"),
    ("my phone died lol", "other"),
    ("i'm dead tired", "other"),
    ("he hit me up last night", "spouse_contacted"),  # slang: he texted
    ("it hit me today that he's really gone", "other"),
    ("he pushed me away for years", "other"),
    ("he hurt me so much when he left", "other"),
    ("i'm cutting back on texting him", "other"),
    ("i'm scared he won't ever come back", "other"),
    ("i took my meds this morning", "other"),
])
def test_figures_of_speech_are_not_crisis(text, expected):
    assert name_of(text) == expected


# --- urge ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["URGE", "urge", "urgw", "urg", "urges", "Urge!!", "CRAVE", "craving"])
def test_urge_keywords_and_their_typos_are_urge(text):
    assert reads(text, "urge")


@pytest.mark.parametrize("text", ["I want to call him", "I really want to text her", "so tempted to message my husband",
                                  "about to call my ex", "I'm going to text him", "i wanna call Dan",
                                  "can't stop thinking about calling her", "typing a text to him right now",
                                  "my finger is on the call button", "i wnat to call hime", "want to drive to her house",
                                  "i need to hear his voice", "should i text her", "i want to go see my wife",
                                  "hold on i really want to call him"])
def test_wanting_to_reach_the_spouse_is_an_urge(text):
    assert name_of(text) == "urge"


@pytest.mark.parametrize("text", ["i don't want to call him", "i'm not going to text him", "i want to call my sister",
                                  "i need to call my lawyer", "i miss him"])
def test_not_wanting_to_reach_the_spouse_is_not_an_urge(text):
    assert name_of(text) == "other"


# --- contacted / spouse_contacted ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "channel"), [
    ("I called him", "call"), ("CALLED", "call"), ("i calld him last night", "call"), ("i facetimed him", "call"),
    ("TEXTED", "text"), ("texted her again", "text"), ("I texed him", "text"), ("i txted him", "text"),
    ("I caved and messaged him", "text"), ("sent him a long text", "text"), ("emailed him", "text"),
    ("went to see her", "visit"), ("drove to his house", "visit"), ("i showed up at her work", "visit"),
    ("i caved", None), ("I called him 3 times", "call"),
])
def test_reports_of_reaching_out_are_contacted_with_their_channel(text, channel):
    intent = classify(text)
    assert (intent.name, intent.channel) == ("contacted", channel)


@pytest.mark.parametrize("text", ["NEEDED", "needed", "I called him about the kids", "texted her about the mortgage",
                                  "texted him about the rent", "called about the bills", "texted her about custody",
                                  "texted him about school pickup", "called her about the doctor appointment",
                                  "had to call him about money"])
def test_contact_that_had_to_happen_is_needed(text):
    intent = classify(text)
    assert (intent.name, intent.needed) == ("contacted", True)


@pytest.mark.parametrize("text", ["i called him", "texted him good morning", "drove to his house"])
def test_contact_by_choice_is_not_needed(text):
    assert classify(text).needed is False


@pytest.mark.parametrize("text", ["i didn't call him today!", "i almost texted him", "i wish i had called him",
                                  "i called my mom", "texted my sister"])
def test_negated_hypothetical_or_other_people_contact_is_not_contacted(text):
    assert name_of(text) == "other"


@pytest.mark.parametrize("text", ["he called me!", "she texted me", "my husband messaged me out of nowhere",
                                  "he reached out", "got a text from her", "he FaceTimed me", "Dan texted me",
                                  "she called", "he finally called me", "he texted me back"])
def test_the_spouse_reaching_out_is_spouse_contacted(text):
    assert name_of(text) == "spouse_contacted"


@pytest.mark.parametrize(("text", "channel"), [("he called me!", "call"), ("got a text from her", "text"),
                                               ("he came by today", "visit"), ("he reached out", None)])
def test_spouse_contacted_carries_the_channel_when_it_is_clear(text, channel):
    assert classify(text).channel == channel


@pytest.mark.parametrize("text", ["he sent a long happy thanksgiving text with old pictures of us",
                                  "she sent me a photo of the kids", "Greg sent a card"])
def test_the_spouse_sending_something_is_spouse_contacted(text):
    assert classify(text, spouse_name="Greg").name == "spouse_contacted"


@pytest.mark.parametrize(("text", "value"), [("He called at 11 last night and again at 7 this morning", 2),
                                             ("texted him at 9 and again at 10", 2), ("he called me twice", 2)])
def test_a_contact_and_again_logs_two(text, value):
    assert classify(text).value == value


@pytest.mark.parametrize("text", ["my mom called me", "my lawyer emailed me", "he didn't call me", "why hasn't he texted me",
                                  "he sent the kids home early", "my mom sent a card"])
def test_other_people_or_no_contact_is_not_spouse_contacted(text):
    assert name_of(text) == "other"


# --- short answers ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [("3", 3), ("3/5", 3), (" 4 ", 4), ("a 2", 2), ("like a 5", 5),
                                             ("2 now", 2), ("0", 0), ("12", 12), ("about 2", 2), ("5!!", 5),
                                             ("maybe a 3", 3), ("999", 999), ("like 20 times a week", 20)])
def test_a_bare_number_is_a_rating_with_its_value(text, value):
    assert reads(text, "rating", value=value)


@pytest.mark.parametrize("text", ["I called him 3 times", "1000", "he turns 45 today", "3 kids and a dog"])
def test_a_number_inside_a_sentence_is_not_a_rating(text):
    assert name_of(text) != "rating"


@pytest.mark.parametrize("text", ["yes", "y", "yeah", "yep", "ya", "sure", "YES!",
                                  "yes he seemed glad"])
def test_yes_answers_are_yes(text):
    assert reads(text, "yes")


@pytest.mark.parametrize("text", ["no", "n", "nope", "nah", "not really", "👎", "NO.", "no, he rushed me off the phone"])
def test_no_answers_are_no(text):
    assert reads(text, "no")


@pytest.mark.parametrize("text", ["not sure", "Not sure.", "idk", "maybe", "dunno", "hard to say", "no idea"])
def test_not_sure_is_other_and_unsure(text):
    assert reads(text, "other", unsure=True)


@pytest.mark.parametrize("text", ["send", "send it", "let go", "rework", "delete it", "drop it"])
def test_draft_decision_words_stay_other_for_the_draft_handler(text):
    assert reads(text, "other")


# --- commands -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "draft", "duration"), [
    ("HOLD I miss you so much", "I miss you so much", None),
    ("hold 2h I miss you", "I miss you", timedelta(hours=2)),
    ("HOLD 30m Can we talk tonight?", "Can we talk tonight?", timedelta(minutes=30)),
    ("hold 1d Happy birthday", "Happy birthday", timedelta(days=1)),
    ("hold: call me back?", "call me back?", None),
    ("Hold I’m sorry for everything", "I’m sorry for everything", None),
    ("hold", None, None),
    ("HOLD 2h", None, timedelta(hours=2)),
])
def test_hold_keeps_the_draft_in_its_original_case_with_an_optional_duration(text, draft, duration):
    assert reads(text, "hold", text=draft, duration=duration)


@pytest.mark.parametrize(("text", "duration"), [("PAUSE", None), ("pause 3d", timedelta(days=3)),
                                                ("PAUSE 12h", timedelta(hours=12)),
                                                ("pause for 2 days", timedelta(days=2)),
                                                ("pause for a week", timedelta(weeks=1)),
                                                ("take a break", None), ("snooze", None),
                                                ("snooze 2h", timedelta(hours=2))])
def test_pause_commands_with_an_optional_duration(text, duration):
    assert reads(text, "pause", duration=duration)


@pytest.mark.parametrize(("text", "name"), [
    ("STATS", "stats"), ("stat", "stats"), ("my stats", "stats"), ("how am I doing", "stats"),
    ("show my numbers", "stats"), ("progress", "stats"),
    ("RESUME", "resume"), ("unpause", "resume"), ("I'm back", "resume"),
    ("DELETE", "delete"), ("delete my data", "delete"), ("erase everything", "delete"),
    ("delete my account", "delete"),
])
def test_settings_commands(text, name):
    assert classify(text) == Intent(name)


# --- robustness ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\n\t", "hi", "thanks", "lol", "😭", "🙏🙏", "🤷‍♀️",
                                  "\x00\x01\x02\xff\xfe", "\ud800", "\u200d\u200f", "a" * 10_000,
                                  "!" * 10_000, "no " * 3_000 + "x", bytes(range(256)).decode("latin-1") * 40])
def test_classify_never_raises_and_reads_noise_as_other(text):
    intent = classify(text)
    assert isinstance(intent, Intent) and intent.name in NAMES
    assert intent.base in {"other", "no"}


def test_a_full_width_stop_still_opts_out():
    assert name_of("ＳＴＯＰ ＯＫ") == "stop"


CUE_WORDS = sorted(set(re.findall(r"[a-z]{2,}", "".join(Path(module.__file__).read_text(encoding="utf-8")
                                                          for module in (vocabulary, crisis_words, cues)))))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), st.lists(st.sampled_from(CUE_WORDS), max_size=120).map(" ".join)))
def test_any_text_even_one_made_of_cue_words_gets_a_valid_intent(text):
    intent = classify(text)
    assert intent.name in NAMES and (intent.danger in {"self", "other", "both"}) == (intent.name == "crisis")


def test_a_long_paragraph_without_signal_is_other():
    paragraph = ("we have been separated since march and the days blur together, work is busy and the dog needs "
                 "walks and my sister keeps asking how i am and i never know what to say. ") * 12
    assert name_of(paragraph[:2000]) == "other"


def test_a_crisis_at_the_end_of_a_long_message_is_still_found():
    assert name_of("so much happened today. " * 60 + "honestly i want to die") == "crisis"


# --- the labelled corpus ------------------------------------------------------------------------

def test_the_corpus_covers_every_intent():
    counts = Counter(label for label, _ in load_corpus())
    assert set(counts) == set(BASE_NAMES)
    assert sum(counts.values()) >= 320
    assert min(counts.values()) >= 10
    assert counts["crisis"] >= 40 and counts["urge"] >= 60 and counts["contacted"] >= 40
    assert counts["spouse_contacted"] >= 25


def test_no_crisis_text_in_the_corpus_is_missed():
    missed = [text for label, text in load_corpus() if label == "crisis" and name_of(text) != "crisis"]
    assert missed == []


def test_nothing_but_an_opt_out_is_classified_stop():
    wrongly_stopped = [text for label, text in load_corpus() if label != "stop" and name_of(text) == "stop"]
    assert wrongly_stopped == []


def test_corpus_accuracy_is_at_least_ninety_percent():
    rows = load_corpus()
    right = sum(name_of(text) == label for label, text in rows)
    assert right / len(rows) >= 0.9


def test_only_the_fields_of_the_intent_are_set():
    fields = {"value": {"rating", "count", "contacted", "spouse_contacted"}, "text": {"hold", "reflection", "feeling", "setting"},
              "duration": {"hold", "pause"}, "danger": {"crisis"}, "also_stop": {"crisis"},
              "channel": {"contacted", "spouse_contacted"}, "needed": {"contacted"}, "attempt": {"contacted"},
              "unsure": {"other"}, "answer": {"reception", "decision", "feeling", "contacted"},
              "topic": {"question", "urge", "setting", "other"}}
    for _, text in load_corpus():
        intent = classify(text)
        for field, owners in fields.items():
            if getattr(intent, field) not in (None, False):
                assert intent.name in owners, (text, intent)
        if intent.name == "crisis":
            assert intent.danger in {"self", "other", "both"}, text


# --- held-out texts -----------------------------------------------------------------------------

def test_the_held_out_files_are_big_enough_to_mean_something():
    first, second, third = (Counter(label for label, _ in load_corpus(path)) for path in (HELDOUT, HELDOUT2, HELDOUT3))
    assert sum(first.values()) >= 150 and first["crisis"] >= 60 and first["urge"] >= 30
    assert sum(second.values()) >= 60 and second["crisis"] >= 30
    assert sum(third.values()) >= 120 and third["crisis"] >= 60 and sum(third.values()) - third["crisis"] >= 40
    assert set(first) | set(second) | set(third) <= set(NAMES)


def test_no_crisis_text_in_the_first_held_out_file_is_missed():
    # Measured before tuning: 46/80. The classifier was then tuned on this file, so 100% here
    # says little about unseen texts; tests/corpus/heldout2.tsv is the honest measure.
    missed = [text for label, text in load_corpus(HELDOUT) if label == "crisis" and name_of(text) != "crisis"]
    assert missed == []


def test_no_figure_of_speech_in_the_first_held_out_file_is_taken_for_a_crisis():
    alarms = [text for label, text in load_corpus(HELDOUT) if label != "crisis" and name_of(text) == "crisis"]
    assert alarms == []


def test_the_second_held_out_file_now_tuned_on_is_read_right():
    # heldout2.tsv was measured once before tuning: crisis recall 15/41, precision 15/17. It was then
    # tuned on (bot.understanding.crisis: spelling repair, euphemisms, warning signs, Spanish, threats in other words),
    # so these checks only catch regressions; tests/corpus/heldout3.tsv is the honest measure now.
    rows = load_corpus(HELDOUT2)
    assert [text for label, text in rows if (label == "crisis") != (name_of(text) == "crisis")] == []


def test_crisis_recall_on_the_third_held_out_file_stays_above_its_measured_floor():
    # heldout3.tsv was measured once at the end of the previous round (recall 47/75 with word rules
    # alone) and is spent as an honest measure; with the learned second opinion it reads 66/75 with 5
    # false alarms in 60. These floors only catch regressions; tests/corpus/heldout4.tsv is the honest
    # measure now (README).
    rows = load_corpus(HELDOUT3)
    found = sum(name_of(text) == "crisis" for label, text in rows if label == "crisis")
    alarms = sum(name_of(text) == "crisis" for label, text in rows if label != "crisis")
    assert found / sum(label == "crisis" for label, _ in rows) >= 0.85
    assert alarms <= 6


# --- the compiled cue tables ----------------------------------------------------------------------

@pytest.mark.parametrize("group", ["IDIOMS", "SELF", "HIT", "OTHER", "URGE", "crisis.IDIOMS", "crisis.SELF",
                                   "crisis.OTHER", "crisis.WATCHING"])
def test_the_fast_cue_table_matches_exactly_what_the_plain_alternation_matches(group):
    module, _, name = group.rpartition(".")
    fragments = getattr(cues if module else (vocabulary if name == "URGE" else crisis_words), name)
    fast, plain = re.compile(_cues(fragments)), re.compile(_alt(fragments))
    texts = [text for path in (CORPUS, HELDOUT, HELDOUT2) for _, text in load_corpus(path)]
    texts = [" ".join(text.casefold().replace("'", "").split()) for text in texts]
    assert [bool(fast.search(t)) for t in texts] == [bool(plain.search(t)) for t in texts]
    assert [m.start() for t in texts for m in fast.finditer(t)] == [m.start() for t in texts for m in plain.finditer(t)]
