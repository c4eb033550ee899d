"""The conversation in plain language, over the signed webhook with a fake clock: answers in words,
reasons kept and handed back, the possible path, crisis replies in the member's language, true records."""

from __future__ import annotations

from bot.db import database
from bot.models import Contact, FlagNote, Member, Reason, SafetyFlag, ScheduledMessage, UrgeEpisode


def consented(phone):
    phone.text("hey")
    phone.text("sure, go ahead")
    phone.text("probably like 15 last week honestly")


def kinds(phone, text):
    """The prompt kinds of the bot's replies to `text`."""
    from bot.models import Message

    with database.connection_context():
        last = Message.select().order_by(Message.id.desc()).first()
    phone.replies(text)
    with database.connection_context():
        return [m.kind for m in Message.select().where((Message.id > last.id) & (Message.direction == "out"))
                .order_by(Message.id)]


def get(model, **where):
    with database.connection_context():
        return model.get(**where) if where else model.get()


def test_onboarding_takes_plain_answers(phone):
    consented(phone)
    member = get(Member)
    assert (member.status, member.baseline_weekly) == ("active", 15)


def test_an_urge_answered_in_words_is_rated_and_its_reason_kept_and_handed_back(phone, dispatch, clock):
    consented(phone)
    assert kinds(phone, "i really want to call him right now") == ["urge.reply"]
    assert kinds(phone, "i guess i want him to say he misses me") == ["reflection.thanks"]
    clock.advance(minutes=21)
    dispatch()
    assert kinds(phone, "honestly still pretty strong. like a 4") == ["urge.again"]
    clock.advance(minutes=21)
    dispatch()
    assert kinds(phone, "way better now, maybe a 2") == ["urge.passed"]
    assert get(Reason).body == "i guess i want him to say he misses me"
    clock.advance(hours=3)
    replies = phone.replies("ugh i want to text her so bad")
    assert "i guess i want him to say he misses me" in replies[0]  # their own words, at the next urge


def test_contacts_are_recorded_as_they_happened(phone):
    consented(phone)
    assert kinds(phone, "i called him. he didnt pick up") == ["contact.attempt"]
    assert kinds(phone, "texted him 3 times today") == ["contact.logged_count"]
    assert kinds(phone, "he sounded kind of annoyed tbh") == ["contact.reception_no"]
    with database.connection_context():
        receptions = sorted((c.reception or "") for c in Contact.select())
    assert receptions == ["no_answer", "not_glad", "not_glad", "not_glad"]


def test_the_spouse_by_name_and_how_it_felt(phone):
    consented(phone)
    phone.text("NAME Dave")
    assert kinds(phone, "Dave called to ask how I was") == ["spouse.contacted_named"]
    assert kinds(phone, "weird. good but weird") == ["spouse.feeling"]
    assert get(Contact).initiator == "spouse"


def test_settings_words_inside_a_sentence_change_nothing_but_a_plain_request_does(phone):
    consented(phone)
    phone.text("NAME Sam")
    phone.text("Name calling again from her mom, so tired of it")
    phone.text("Time to call him and get it over with")
    member = get(Member)
    assert (member.spouse_name, member.checkin_time) == ("Sam", "19:00")
    phone.text("can the check in come at 6:30 instead? i have yoga at 7")
    phone.text("also make the wait half an hour")
    member = get(Member)
    assert (member.checkin_time, member.delay_minutes) == ("18:30", 30)


def test_a_yes_with_no_question_asked_is_not_consent(phone):
    phone.text("yes i took all my pills")  # a crisis, and no consent question was asked before it
    member = get(Member)
    assert member.consent_at is None and member.awaiting == "consent"


def test_a_first_text_that_is_a_crisis_gets_the_resources_first_then_the_welcome(phone):
    replies = phone.replies("i just drank a bottle of bleach")
    assert "988" in replies[0] and "Breathing Room" in replies[1] and "YES" in replies[-1]
    assert get(SafetyFlag).danger == "self"


def test_distress_takes_the_possible_path_and_a_no_escalates_to_a_crisis(phone, dispatch, clock):
    consented(phone)
    first = kinds(phone, "i cant cope with any of this, everything is falling apart")
    assert first[-1] == "safety.check" and "crisis.self" not in first
    assert (get(SafetyFlag).danger, get(Member).safety_hold) == ("possible", False)
    assert kinds(phone, "not really") == ["crisis.both"]
    assert get(Member).safety_hold


def test_im_fine_after_a_crisis_is_added_to_the_flag_and_clears_nothing(phone):
    consented(phone)
    phone.text("i want to kill myself")
    assert kinds(phone, "i'm fine, not going to do anything") == ["safety.noted"]
    flag = get(SafetyFlag)
    assert (flag.state, get(Member).safety_hold) == ("open", True)
    with database.connection_context():
        assert FlagNote.select().where(FlagNote.flag == flag.id).count() >= 1


def test_a_spanish_crisis_gets_spanish_resources_and_a_spanish_opt_out(phone):
    consented(phone)
    reply = phone.replies("mi esposo me pega y tengo miedo")[0]
    assert "1-800-799-7233" in reply and "marca" in reply
    confirm = phone.replies("ya no me escribas")
    assert "START" in confirm[0] and get(Member).status == "opted_out"


def test_a_crisis_that_also_asks_to_stop_gets_the_resources_and_the_opt_out(phone):
    consented(phone)
    replies = phone.replies("leave me alone i just want to die")
    assert "988" in replies[0] and "unsubscribed" in replies[1]
    assert get(Member).status == "opted_out"


def test_opting_out_in_plain_words_cancels_everything_pending(phone):
    consented(phone)
    phone.text("i want to text him so bad")
    assert kinds(phone, "i don't want these messages anymore") == ["stop.confirm"]
    with database.connection_context():
        assert {r.state for r in ScheduledMessage.select()} == {"cancelled"}


def test_everyday_texts_get_everyday_replies_not_the_menu(phone):
    consented(phone)
    for text in ("thank you. this actually helps", "lol", "😭", "today is hard", "remind me why im doing this",
                 "is it normal to miss him this much?", "what should i do"):
        assert not {"fallback", "fallback.long"} & set(kinds(phone, text)), text


def test_a_returned_draft_is_decided_in_words(phone, dispatch, clock):
    consented(phone)
    phone.text("save this for me: i still think about our trip to maine")
    clock.advance(hours=24)
    dispatch()
    assert kinds(phone, "i think i'll let it go") == ["hold.letgo"]


def test_an_urge_that_passes_on_its_own_is_celebrated(phone):
    consented(phone)
    phone.text("i want to call her so bad")
    assert kinds(phone, "ok it passed. i called my sister instead") == ["urge.passed"]
    assert get(UrgeEpisode).outcome == "waited_out"


def test_a_text_the_bot_cannot_place_during_an_urge_wait_is_met_with_company_not_the_menu(phone):
    phone.text("hi")
    phone.text("YES")
    phone.text("12")
    phone.text("i want to call him and yell at him")
    phone.text("to feel close to him")  # the answer to the reflective question; the wait goes on
    reply = phone.replies("my tea is getting cold")
    assert len(reply) == 1 and "with you" in reply[0] and "988" in reply[0] and "URGE" not in reply[0]


def _asked_for_todays_count(phone, clock, dispatch):
    """The member consented, and the evening check-in (19:00 New York) has just been sent."""
    from datetime import UTC, datetime

    from bot.planner import run_planning

    consented(phone)
    clock.set(datetime(2026, 11, 24, 23, 50, tzinfo=UTC))
    with database.connection_context():
        run_planning(clock())
    clock.set(datetime(2026, 11, 25, 0, 0, tzinfo=UTC))
    dispatch()


def test_a_checkin_answered_after_a_side_conversation_still_counts(phone, clock, dispatch):
    from bot.models import CheckIn

    _asked_for_todays_count(phone, clock, dispatch)
    assert kinds(phone, "she called me crying this afternoon, her dad is in the hospital") == ["spouse.contacted"]
    phone.text("awful honestly. i want to be there for her")
    assert kinds(phone, "and 0 for today, she called me not the other way around") == ["checkin.zero"]
    assert get(CheckIn).count == 0
    with database.connection_context():
        assert Contact.select().where(Contact.initiator == "spouse").count() == 1  # the same call, told again


def test_a_number_about_something_else_is_not_taken_for_a_late_checkin(phone, clock, dispatch):
    from bot.models import CheckIn

    _asked_for_todays_count(phone, clock, dispatch)
    phone.text("he called me this afternoon")
    phone.text("weird honestly")
    phone.text("court is on the 14th")
    phone.text("day 4 of no contact with my sister too lol")
    assert get(CheckIn).count is None


def test_a_spouse_contact_told_inside_the_checkin_answer_is_logged_once(phone, clock, dispatch):
    from bot.models import CheckIn

    _asked_for_todays_count(phone, clock, dispatch)
    assert kinds(phone, "Zero, but he sent a long happy thanksgiving text with old pictures of us") == [
        "checkin.zero", "spouse.contacted"]
    assert get(CheckIn).count == 0
    with database.connection_context():
        assert Contact.select().where(Contact.initiator == "spouse").count() == 1


def test_the_spouses_calls_in_answer_to_the_checkin_are_theirs_not_the_members(phone, clock, dispatch):
    from bot.models import CheckIn

    _asked_for_todays_count(phone, clock, dispatch)
    assert kinds(phone, "he called me twice, i didnt pick up") == ["spouse.contacted"]
    assert get(CheckIn).count is None
    with database.connection_context():
        assert Contact.select().where(Contact.initiator == "spouse").count() == 2
        assert not Contact.select().where(Contact.initiator == "member").exists()


def test_during_an_urges_wait_a_rating_in_a_sentence_is_taken(phone, clock):
    consented(phone)
    phone.text("i want to call him so bad")
    phone.text("to feel like he still cares")  # the reflective question's answer
    clock.advance(minutes=15)
    assert kinds(phone, "ok its a 2 now. didnt send anything") == ["urge.passed"]
    assert get(UrgeEpisode).outcome == "waited_out"


def test_a_bounded_dont_text_me_is_a_pause_not_an_opt_out(phone):
    consented(phone)
    assert kinds(phone, "going fishing up north for 4 days, no signal. dont text me til tuesday") == ["pause.confirm"]
    assert get(Member).status == "active"


def test_despair_answering_a_reflective_question_is_met_warmly_and_not_kept_as_a_reason(phone):
    consented(phone)
    phone.text("i want to text him so bad")
    assert kinds(phone, "I feel so stupid and alone tonight, like I wasted 11 years. I'm just really sad") == [
        "reflection.heard"]
    with database.connection_context():
        assert not Reason.select().exists()


def test_yes_im_safe_with_a_promise_not_to_hurt_myself_is_the_answer_not_a_new_crisis(phone):
    consented(phone)
    phone.text("i cant cope with any of this, everything is falling apart")
    assert kinds(phone, "yes I'm safe. I'm not going to hurt myself. why does it keep asking me that") == [
        "safety.thanks"]


def test_asking_leave_for_a_practical_contact_is_answered_not_treated_as_an_urge(phone):
    consented(phone)
    assert kinds(phone, "so I do need to text him back tonight about Lily's dentist appt on Friday, it's actual"
                        " logistics, is that ok?") == ["urge.logistics"]
    with database.connection_context():
        assert not UrgeEpisode.select().exists()
    assert kinds(phone, "i need to text him about pickup but honestly i just miss him")[0].startswith("urge.")
    with database.connection_context():
        assert UrgeEpisode.select().count() == 1


def test_a_zero_day_told_with_no_checkin_open_is_celebrated_and_nothing_recorded(phone):
    from bot.models import CheckIn

    consented(phone)
    assert kinds(phone, "none today actually") == ["checkin.zero"]
    assert kinds(phone, "0 today") == ["checkin.zero"]
    with database.connection_context():
        assert not CheckIn.select().exists()


def test_a_yes_after_saying_no_to_consent_still_consents(phone):
    phone.text("hola")
    assert "YES" in phone.replies("no")[0]
    phone.replies("YES")
    assert get(Member).status == "active"


def test_not_understanding_the_consent_question_keeps_it_open_and_a_later_si_answers_it(phone):
    phone.text("hola")
    phone.text("no entiendo, hablas español?")
    phone.text("sí")
    assert get(Member).consent_at is not None


def test_a_held_member_asking_why_the_texts_stopped_is_told_and_not_blamed(phone):
    consented(phone)
    phone.text("i want to die")
    assert get(Member).safety_hold
    [reply] = phone.replies("hey u stopped texting me?? did i break it")
    assert "nothing wrong" in reply.lower() and "team" in reply


def test_resuming_a_pause_while_held_says_the_texts_still_wait(phone):
    consented(phone)
    phone.text("i want to die")
    phone.text("PAUSE")
    [reply] = phone.replies("RESUME")
    assert "team" in reply and "still wait" in reply


def test_a_pause_until_a_weekday_ends_that_morning_in_the_members_zone(phone):
    from datetime import UTC, datetime

    consented(phone)
    [reply] = phone.replies("could you pause things until Monday? I'll be travelling")
    assert "Monday" in reply and "RESUME" in reply
    assert get(Member).paused_until == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # 9:00 AM in New York


def test_a_pause_through_a_weekday_said_on_that_weekday_ends_the_morning_after_the_next_one(phone, clock):
    from datetime import UTC, datetime

    consented(phone)
    clock.set(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))  # Monday 7:00 AM in New York
    phone.text("pause until monday")
    assert get(Member).paused_until == datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # next Monday, 9:00 AM
    phone.text("pause through monday")
    assert get(Member).paused_until == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # Tuesday, 9:00 AM


def test_a_held_member_asking_about_something_else_gets_an_ordinary_answer(phone):
    consented(phone)
    phone.text("i want to die")
    [*replies] = phone.replies("did i mess up? i texted him")
    assert not any("nothing wrong" in r.lower() for r in replies)



def test_a_wish_about_when_to_text_is_answered_and_only_a_plain_stop_opts_out(phone):
    consented(phone)
    for text in ("can you stop texting me at night?", "dont text me at night", "please stop texting me so late"):
        assert kinds(phone, text) == ["question.when_texts"]
        assert get(Member).status == "active"
    assert kinds(phone, "stop texting me") == ["stop.confirm"]
    assert get(Member).status == "opted_out"
