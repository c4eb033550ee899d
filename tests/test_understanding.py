"""bot.understanding.classify: answers read in the light of the question asked, the three levels of a
crisis, danger's source and language, opt-out in plain words, and everyday texts."""

from __future__ import annotations

import pytest

from bot.understanding import EXPECTING, classify


def answer(expecting: str, text: str):
    return classify(text, expecting)


# --- every question the bot asks takes the answers people give ---------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("honestly still pretty strong. like a 4", 4), ("better. maybe a 2", 2), ("like a 4", 4), ("2 maybe", 2),
    ("pretty strong", 4), ("way better", 2), ("its gone", 1), ("still bad", 4), ("8/10", 4), ("like a 10", 5),
    ("better but still strong", 3), ("un 3 creo", 3), ("ya se me pasó", 1),
    ("maybe a 3? it's less than before. I made tea and folded laundry", 3),
])
def test_strength_is_read_from_numbers_and_words(text, value):
    intent = answer("rating", text)
    assert (intent.name, intent.value) == ("rating", value)


@pytest.mark.parametrize("text", ["idk", "hard to say", "not sure honestly", "no se"])
def test_not_knowing_how_strong_it_is_is_an_answer_too(text):
    intent = answer("rating", text)
    assert (intent.name, intent.unsure) == ("other", True)


@pytest.mark.parametrize(("expecting", "text", "value"), [
    ("baseline", "probably like 20 times last week honestly", 20), ("checkin", "twice", 2), ("checkin", "none", 0),
    ("checkin", "3 times", 3), ("baseline", "like 20", 20), ("baseline", "maybe 5 or 6", 6), ("checkin", "a couple", 2),
    ("checkin", "2-3", 3), ("baseline", "10 to 15", 13), ("checkin", "nope, not once", 0), ("baseline", "every day", 7),
    ("checkin", "called twice and texted 3 times", 5), ("checkin", "dos veces", 2),
    ("baseline", ("Monday I called him about the furnace, then twice more that night, and I think Thursday and"
                 " Saturday too. Call it 8?"), 8),
])
def test_counts_follow_the_documented_rule_for_words_and_ranges(expecting, text, value):
    intent = answer(expecting, text)
    assert (intent.name, intent.value) == ("count", value)


@pytest.mark.parametrize(("text", "value"), [
    (("I believe it was three times today, though one of those was about the property tax bill, which I suppose"
     " was necessary."), 3),
    ("We had a long day with the kids at the park and then I texted him twice about pickup times for Friday", 2),
])
def test_in_a_story_only_the_contacts_are_counted(text, value):
    intent = answer("checkin", text)
    assert (intent.name, intent.value) == ("count", value)


def test_a_story_of_something_else_happening_once_is_not_a_count():
    intent = answer("checkin", "We sat on the porch for a long while and my daughter laughed once at the dog, which was nice")
    assert intent.name != "count"


@pytest.mark.parametrize("text", ["too many to count", "a lot honestly", "idk", "lost count"])
def test_a_count_nobody_could_give_asks_for_a_rough_guess(text):
    assert answer("checkin", text).unsure


@pytest.mark.parametrize(("text", "reception"), [
    ("he sounded kind of annoyed tbh", "not_glad"), ("no he wasnt happy at all", "not_glad"),
    ("she seemed happy to hear from me", "glad"), ("polite i guess", "unsure"), ("he didn't answer", "no_answer"),
    ("went to voicemail", "no_answer"), ("yeah he was sweet about it", "glad"), ("se enojó bien feo", "not_glad"),
])
def test_reception_is_read_in_plain_words_with_a_distinct_outcome_for_no_answer(text, reception):
    intent = answer("reception", text)
    assert (intent.name, intent.answer) == ("reception", reception)


@pytest.mark.parametrize(("text", "decision"), [
    ("i think i'll let it go", "let_go"), ("send it", "send"), ("maybe rework it", "rework"),
    ("not sending it", "let_go"), ("delete it", "let_go"), ("hmm idk yet", "unsure"), ("mándalo", "send"),
])
def test_a_returned_draft_is_decided_in_plain_words(text, decision):
    intent = answer("draft", text)
    assert (intent.name, intent.answer) == ("decision", decision)


@pytest.mark.parametrize(("text", "name", "decision"), [
    ("SHOW", "show", None), ("show me", "show", None), ("what did i write?", "show", None), ("ok", "show", None),
    ("lemme see it", "show", None), ("not now", "decision", "unsure"), ("no", "decision", "unsure"),
    ("later maybe", "decision", "unsure"), ("just let it go", "decision", "let_go"), ("send it", "decision", "send"),
])
def test_a_note_announced_on_the_lock_screen_is_shown_or_decided_in_plain_words(text, name, decision):
    intent = answer("draft_ready", text)
    assert (intent.name, intent.answer) == (name, decision)


@pytest.mark.parametrize(("text", "name", "level"), [
    ("yes", "yes", None), ("sure, every other day", "frequency", "every_other_day"), ("no thanks", "no", None),
    ("just the sunday one", "frequency", "weekly"), ("keep them as they are", "frequency", "same"),
    ("less please", "frequency", "less"), ("daily is good", "frequency", "daily"),
])
def test_an_offer_of_fewer_texts_is_answered_in_plain_words(text, name, level):
    intent = answer("taper", text)
    assert (intent.name, intent.answer) == (name, level)


@pytest.mark.parametrize(("expecting", "text", "name"), [
    ("nudge", "yes please", "yes"), ("nudge", "nah im good", "no"), ("time_offer", "ok that works", "yes"),
    ("time_offer", "no, leave it", "no"), ("nudge", "maybe", "other"),
])
def test_an_offer_is_answered_yes_or_no_in_plain_words(expecting, text, name):
    assert answer(expecting, text).name == name


@pytest.mark.parametrize("text", ["i guess i want him to say he misses me", "to feel like i matter to someone",
                                  "honestly just some peace", "que me diga que me extraña"])
def test_any_sincere_answer_to_a_reflective_question_is_a_reflection_in_its_own_words(text):
    intent = answer("reflection", text)
    assert (intent.name, intent.text) == ("reflection", text)


@pytest.mark.parametrize(("text", "name"), [
    ("i want to text her so bad", "urge"), ("i already texted him", "contacted"), ("PAUSE", "pause"),
    ("3", "rating"), ("i want to kill myself", "crisis"), ("stop texting me", "stop"),
])
def test_a_text_that_is_plainly_something_else_outranks_the_answer(text, name):
    assert answer("reflection", text).name == name


@pytest.mark.parametrize(("text", "name"), [("sure go ahead", "yes"), ("ok", "yes"), ("no thanks", "no"),
                                            ("no problem", "yes"), ("maybe, what kind of texts?", "other")])
def test_consent_is_read_in_plain_words(text, name):
    assert answer("consent", text).name == name


@pytest.mark.parametrize(("text", "name"), [("yeah im ok", "yes"), ("i'm fine, not going to do anything", "yes"),
                                            ("not really", "no"), ("idk anymore", "no"), ("he's still outside", "no")])
def test_are_you_safe_reads_a_doubt_as_not_safe(text, name):
    assert answer("safe", text).name == name


def test_every_expectation_has_a_reader():
    assert set(EXPECTING) >= {"rating", "baseline", "checkin", "reception", "draft", "consent", "safe",
                              "reflection", "spouse_feeling", "delete", "draft_ready", "time_offer", "nudge", "taper"}


# --- crisis: three levels, the danger's source, the language ------------------------------------

@pytest.mark.parametrize("text", [
    "i just drank a bottle of bleach", "he forced me to have sex", "help hes here", "he kicked the door in",
    "sorry for everything. goodbye", "tomé muchas pastillas", "took them all", "car running. garage shut",
])
def test_the_crisis_texts_word_lists_missed_are_found(text):
    assert classify(text).name == "crisis"


@pytest.mark.parametrize(("text", "danger"), [
    ("i have a gun in my lap", "self"), ("he has a gun and he's outside", "other"),
    ("he hit me again and i don't want to live anymore", "both"), ("bought a gun today. not for protection", "self"),
])
def test_the_danger_comes_from_whoever_holds_it(text, danger):
    assert classify(text).danger == danger


@pytest.mark.parametrize(("text", "danger"), [("me quiero morir", "self"), ("mi esposo me pega", "other"),
                                              ("tengo miedo de él, dijo que me va a matar", "other")])
def test_spanish_crisis_texts_are_marked_spanish(text, danger):
    intent = classify(text)
    assert (intent.name, intent.danger, intent.language) == ("crisis", danger, "es")


@pytest.mark.parametrize("text", ["stop, I want to die", "leave me alone i just want to die",
                                  "ya no me escribas, me quiero morir"])
def test_a_crisis_that_also_asks_to_stop_gets_both(text):
    intent = classify(text)
    assert (intent.name, intent.also_stop) == ("crisis", True)


@pytest.mark.parametrize("text", ["i cant cope with any of this, everything is falling apart",
                                  "i feel so hopeless and numb tonight"])
def test_distress_that_is_not_a_crisis_takes_the_possible_path(text):
    intent = classify(text)
    assert intent.name != "crisis" and intent.risk in ("distress", "possible")


@pytest.mark.parametrize(("expecting", "text"), [
    ("rating", "2. honestly whats even the point anymore"), ("rating", "5 and i feel like disappearing"),
    ("checkin", "none. its all just too much lately"), ("reception", "he didnt answer. i cant do this"),
])
def test_an_answer_that_says_it_is_too_much_gets_the_safety_check(expecting, text):
    intent = classify(text, expecting)
    assert intent.risk in ("distress", "possible")


@pytest.mark.parametrize(("expecting", "text"), [
    ("rating", "way better"), ("rating", "its gone"), (None, "PAUSE for a week"), (None, "thanks so much"),
    ("draft", "I think this one is right. I will send it myself."), ("rating", "4. I think I'm going to go"),
    ("baseline", "Honestly maybe 3? It's more that he keeps texting ME"),
])
def test_plain_answers_and_commands_never_get_the_safety_check(expecting, text):
    assert classify(text, expecting).risk is None


# --- opt-out in plain words, any language ---------------------------------------------------------

@pytest.mark.parametrize("text", ["stop texting me", "leave me alone bot", "unsubscribe me", "remove me from this",
                                  "i don't want these messages anymore", "no más", "ya no me escribas",
                                  "please take me off this list", "i want out of this please stop all messages",
                                  "STOPPP", "dejen de mandarme mensajes"])
def test_opting_out_in_any_words_is_stop(text):
    assert classify(text).name == "stop"


@pytest.mark.parametrize(("text", "name"), [("I need to stop myself from calling him", "urge"),
                                            ("stop the check ins for a few days but dont unsubscribe me", "pause"),
                                            ("he told me to stop texting him", "other")])
def test_stop_aimed_at_something_else_is_not_an_opt_out(text, name):
    assert classify(text).base == name


# --- reports, names, attempts, counts --------------------------------------------------------------

def test_the_spouse_is_known_by_the_name_the_member_gave():
    assert classify("Dave called to ask how I was", spouse_name="Dave").name == "spouse_contacted"


def test_a_call_that_did_not_connect_is_an_attempt_not_necessary_contact():
    intent = classify("i called him. he didnt pick up")
    assert (intent.name, intent.attempt, intent.needed) == ("contacted", True, False)


def test_a_report_of_several_contacts_carries_how_many():
    assert classify("texted him 3 times today").value == 3


def test_asking_whether_to_reply_is_an_urge_answered_as_a_question():
    intent = classify("he texted me happy thanksgiving, should i text back?")
    assert (intent.name, intent.topic) == ("urge", "reply")


# --- everyday texts ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "name"), [
    ("thank you. this actually helps", "thanks"), ("ok", "thanks"), ("lol", "thanks"), ("❤️", "thanks"),
    ("i'm ok just sad", "feeling"), ("today is hard", "feeling"), ("i hate this", "feeling"), ("😭", "feeling"),
    ("should i text him back?", "urge"), ("what should i do", "question"), ("remind me why im doing this", "question"),
])
def test_ordinary_texts_get_an_ordinary_reading(text, name):
    assert classify(text).name == name


@pytest.mark.parametrize(("text", "topic"), [("remind me why im doing this", "reasons"),
                                             ("is it normal to miss him this much?", "normal"),
                                             ("do you think he'll ever come back", "will_they"),
                                             ("how long does this take to stop hurting", "how_long"),
                                             ("what should i do", "what_to_do"), ("are you a real person?", "bot")])
def test_questions_carry_the_topic_they_ask_about(text, topic):
    assert classify(text).topic == topic


@pytest.mark.parametrize(("text", "tone"), [("feeling better today", "good"), ("i'm ok just sad", "low")])
def test_a_feeling_says_whether_the_day_is_good_or_hard(text, tone):
    assert classify(text).answer == tone


# --- what a tester living a member's weeks found (2026-12-01) ------------------------------------

@pytest.mark.parametrize("text", [
    "I'm not suicidal, please don't worry. I meant the waiting feels useless. Why should I wait, honestly?",
    "i would never hurt myself, i have my kids",
])
def test_a_plain_denial_of_harm_is_heard_as_said_and_still_asked_after(text):
    intent = classify(text)
    assert intent.name != "crisis" and intent.risk == "possible"


@pytest.mark.parametrize("text", [
    "im not going to be around much longer", "im not going to kill myself but i want to die",
    # what a reviewer wrote against the denial reader: hedged or qualified denials are not denials
    "I can't promise I won't hurt myself", "I'm not going to kill myself today. Tomorrow maybe.",
    "I promised her I wouldn't kill myself but I'm not sure anymore", "I'm not sure I won't hurt myself tonight",
    "I don't know how much longer I can not hurt myself", "honestly not sure if im not going to kill myself",
    "i told my therapist im not suicidal but i lied", "im not suicidal i just have a plan",
    "I'm not suicidal anymore, I've made my decision", "who says im not going to kill myself", "I won't kill myself yet",
    "i wont kill myself if he comes back", "i would never kill myself... unless she leaves for good",
    "I'm not going to kill myself, I'm going to make it look like an accident",
    "nobody believes me when i say im not going to hurt myself but tonight i might",
    "i'm not suicidal suicidal but i'm standing on the train platform closer than i should be rn",
    "a veces pienso que sería mejor desaparecer y ya", "sometimes i think it would be better to just disappear",
])
def test_what_only_sounds_like_a_denial_and_the_wish_to_vanish_are_crises(text):
    assert classify(text).name == "crisis"


def test_a_trip_away_is_not_a_crisis_and_a_short_figure_of_speech_gets_no_safety_net():
    assert classify("i want to disappear for a few days, going camping").name != "crisis"
    intent = classify("this traffic is killing me")
    assert intent.name != "crisis" and intent.risk is None


@pytest.mark.parametrize(("text", "value"), [
    ("Honestly probably twenty or so? Some days it's five or six times", 20),
    ("a couple times a day so like 14", 14), ("twice a day", 14), ("dos veces al dia", 14), ("probably 5 or 6", 6),
])
def test_the_baseline_is_the_count_the_member_gave(text, value):
    intent = answer("baseline", text)
    assert (intent.name, intent.value) == ("count", value)


@pytest.mark.parametrize("text", ["URGE 4", "URGE like a 3", "no puedo dormir y quiero llamarlo. pretty bad"])
def test_an_urge_after_the_checkin_is_an_urge_not_the_days_count(text):
    assert answer("checkin", text).name == "urge"


@pytest.mark.parametrize("text", ["urge to text him but i didnt. 0", "urge 0 today", "no he hablado con el hoy",
                                  "no me comunique con el"])
def test_a_zero_day_told_with_the_word_urge_or_a_spanish_no_is_still_zero(text):
    intent = answer("checkin", text)
    assert (intent.name, intent.value) == ("count", 0)


@pytest.mark.parametrize(("text", "value"), [("Twice. well 3 or 4 if you count the texts", 4),
                                             ("honestly? 5 or 6", 6)])
def test_a_range_that_corrects_the_first_count_is_the_count(text, value):
    assert answer("checkin", text).value == value


@pytest.mark.parametrize("text", ["its killing me, i want out", "im over it, this is killing me"])
def test_a_figure_of_speech_about_the_separation_keeps_its_safety_check(text):
    assert classify(text).risk == "possible"

@pytest.mark.parametrize("text", ["no entiendo, hablas español?", "i dont understand", "what do you mean"])
def test_not_understanding_the_consent_question_is_not_a_no(text):
    intent = answer("consent", text)
    assert (intent.name, intent.unsure) == ("other", True)


@pytest.mark.parametrize(("text", "clock"), [
    ("could you check in with me around 9 at night? That's usually when it gets bad.", "21:00"),
    ("can the check in be at 9 in the evening", "21:00"), ("move the check in to 7 in the morning", "07:00"),
    ("can the check in be at 12 at night", "00:00"), ("move the check in to 11 at night", "23:00"),
])
def test_a_check_in_time_said_with_its_part_of_the_day(text, clock):
    from bot.preferences import parse_clock

    intent = classify(text)
    assert (intent.name, intent.topic) == ("setting", "time")
    assert parse_clock(intent.text).strftime("%H:%M") == clock


def test_a_call_that_was_tried_and_not_answered_is_an_attempt():
    intent = classify("I tried calling Rachel again just now. She didn't pick up. I left a voicemail", spouse_name="Rachel")
    assert (intent.name, intent.attempt) == ("contacted", True)
    assert classify("i tried not to call him").name != "contacted"


def test_a_practical_reason_the_member_calls_an_excuse_is_not_needed_contact_and_its_reception_is_kept():
    intent = classify("I caved. I called Rachel. I told myself it was about the house but honestly it was just to "
                      "hear her voice. it was actually nice", spouse_name="Rachel")
    assert (intent.name, intent.needed, intent.answer) == ("contacted", False, "glad")
    assert classify("called him about the kids").needed
