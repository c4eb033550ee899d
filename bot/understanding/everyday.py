"""Everyday texts that ask for no command: thanks, a feeling shared, a question for the bot.

Each reader takes a bot.understanding.message.Message and returns an Intent or None. They run after
the commands and the reports (an urge, a contact), so "thanks, i want to call him" is an urge.
Questions carry a topic the conversation answers from the advice and the member's own reasons.
"""

from __future__ import annotations

import re

from bot.understanding.intent import Intent
from bot.understanding.message import Message
from bot.understanding.optout import ONLY_WHEN, plain
from bot.understanding.patterns import alt

KIND_EMOJI = "❤♥💕💖💗💓💞💜💙💚🧡🤍🖤🙏👍👌😊🙂😌🥰😍🤗💪✨🌷🌸🌻☺😀😁😄😃🫶🤝✌🥲😅😂🤣👏🙌"
SAD_EMOJI = "😭😢😔💔😞😩😫🥺☹🙁😿😓😥😪😰😟🫠😣😖😮‍💨🥀"
THANKS_FIRST = re.compile(r"^(?:thank you|thanks|thank u|thx|ty|gracias|muchas gracias)\b")
THANKS = re.compile(
    r"^(?:(?:ok(?:ay)?|k+|oh|ah|aw+|wow|yeah|yes|sure|alright|ty|so|really|and|,) )*"
    r"(?:thank(?:s| you| u|s so much| you so much| you very much)?|thx|thnx|tnx|tysm|ty|thanku|much appreciated"
    r"|appreciate (?:it|you|this|that)|i appreciate (?:it|you|this|that|the)\w*|got it|gotcha|will do|sounds good"
    r"|cool|nice|great|perfect|lol+|lmao|lmfao|haha\w*|hehe\w*|sweet|awesome|good to know|noted|makes sense|fair"
    r"|true|i see|understood|for sure|you rock|youre (?:the best|sweet|kind|a lifesaver)|this (?:actually |really )?"
    r"helps?|that (?:actually |really )?help(?:s|ed)|(?:that|this) (?:was|is) (?:really )?(?:helpful|nice|kind)"
    r"|good (?:idea|point|call|advice)|gracias|muchas gracias|mil gracias|grax|vale|ok gracias|bueno|dale gracias"
    r"|que amable|me ayudo|me ayuda)"
    r"(?:\W+(?:so much|a lot|again|bot|friend|for (?:this|that|the \w+|everything|listening|being here|checking in)"
    r"|this (?:actually |really )?helps|really|lol|haha|i needed that|i needed this|<3|x+|:\)|:-\)|!+))*$")
FEELING_WORDS = (
    "sad", "lonely", "alone", "hurt", "hurting", "awful", "terrible", "horrible", "anxious", "numb", "lost", "empty",
    "angry", "mad", "furious", "pissed", "heartbroken", "broken", "tired", "exhausted", "drained", "overwhelmed",
    "stressed", "scared", "afraid", "confused", "miserable", "depressed", "down", "low", "a mess", "a wreck",
    "crushed", "devastated", "jealous", "bitter", "guilty", "ashamed", "embarrassed", "stupid", "pathetic", "weak",
    "sick", "nauseous", "shaky", "restless", "sick to my stomach", "off", "blah", "meh", "rough", "crappy",
    "shitty", "like crap", "like shit", "like garbage", "defeated", "hopeless", "worthless", "hollow", "raw",
    "okay", "ok", "fine", "good", "better", "great", "proud", "happy", "hopeful", "calm", "relieved", "strong",
    "peaceful", "lighter", "grateful", "thankful", "excited", "alright", "decent", "not bad", "pretty good",
    "triste", "sola", "solo", "mal", "fatal", "cansada", "cansado", "deprimida", "deprimido", "ansiosa", "ansioso",
    "enojada", "enojado", "bien", "mejor", "tranquila", "tranquilo", "destrozada", "destrozado", "vacia", "vacio",
)
FEELING = re.compile(
    rf"\b(?:i|im|i am|i feel|i felt|feel|feeling|felt|ive been|i was|been|im just|im so|im feeling|i keep feeling"
    rf"|me siento|estoy|ando|me sentia|me senti)\b(?: \w+){{0,3}}? {alt(FEELING_WORDS)}\b"
    r"|\b(?:today|tonight|this week|this morning|the night|the weekend|mornings|nights|evenings|weekends|it|this|that"
    r"|everything|life|sundays|holidays|the house)(?: is| was| has been| feels| been|s|s been)(?: \w+){0,2}?"
    r" (?:hard|rough|bad|awful|brutal|tough|terrible|the worst|a lot|heavy|quiet|lonely|long|good|okay|better|great"
    r"|so hard|too much|unbearable|weird|strange|surreal)\b"
    r"|\b(?:i hate (?:this|it|everything|feeling|how|that|being)|this sucks|it sucks|life sucks|everything sucks"
    r"|i miss (?:him|her|them|my|us|our|the|having|being|\w+ so)|missing (?:him|her|them|my)|i cant stop crying"
    r"|cant stop crying|(?:been |keep |kept |just |started |im )?crying|(?:rough|bad|hard|long|good|tough|shit|crap)"
    r" (?:day|night|week|morning|weekend)|ugh+|sigh|fml|oof|i dont know how to feel|i dont know what to feel"
    r"|my heart (?:hurts|aches|is broken)|it hurts|this hurts|so much pain|hes moving on|shes moving on"
    r"|(?:hes|shes|theyre) (?:already )?(?:dating|seeing|with) (?:someone|somebody|another)"
    r"|(?:posted|was|is|showed up) (?:w|with) (?:some|another|a new|this) (?:guy|girl|woman|man|dude|chick)"
    r"|first (?:thanksgiving|christmas|holiday|holidays|birthday|anniversary|weekend|\w+) without (?:him|her|them)"
    r"|embarrass\w*|humiliat\w*|ashamed|good news|(?:got|was|been) approved|finally (?:got|came through)"
    r"|(?:his|her|their) new (?:gf|bf|girlfriend|boyfriend|partner|wife|husband)"
    r"|lo extrano|la extrano|los extrano|me duele|me siento|estoy (?:triste|mal|fatal|bien|cansad[ao])|que dia"
    r"|ando (?:triste|mal|bien))\b")
QUESTION_TOPICS = (
    ("reasons", (r"\b(?:remind me why|why (?:am i|are we|do i|should i) (?:even )?(?:doing|do|bother)|whats the point"
                r" of (?:this|waiting|not|doing)|why (?:am i|should i) (?:waiting|wait|holding back|not texting)"
                r"|what (?:are|were) my reasons|why not just|recuerdame por que|para que (?:hago|sirve) esto)\b")),
    ("normal", (r"\b(?:is (?:it|this|that) normal|is it weird|am i (?:crazy|normal|pathetic|weak|the only|overreacting|wrong|being)"
               r"|is something wrong with me|does everyone|do other people|is it bad that i|is it wrong that i"
               r"|why do i (?:feel|keep|still|miss|want)|es normal)\b")),
    ("will_they", (r"\b(?:(?:will|would|does|do|did|is|could|might|can) (?:he|she|they|my \w+) (?:ever )?(?:come back"
                  r"|miss me|still love|love me|care|want me|think about me|regret|change|forgive|be back|realize)"
                  r"|(?:do you think|you think|think) (?:he|she|they|hell|shell|theyll|hed|shed)|is (?:it|this|the marriage|my marriage) over"
                  r"|are we (?:done|over|going to make it)|what does (?:it|that|this|he|she) mean|what did (?:he|she)"
                  r" mean|why (?:wont|doesnt|didnt|hasnt|isnt|cant) (?:he|she|they)|why (?:did|does|is) (?:he|she)"
                  r"|va a volver|me extrana|todavia me quiere)\b")),
    ("how_long", (r"\b(?:how long (?:does|will|until|till|before|is|do|can)|how long (?:\w+ ){0,4}(?:lasts?|takes?)|does (?:this|it) (?:ever )?get (?:easier|better)|when (?:will|does) (?:it|this) (?:stop|get"
                 r" easier|end|pass)|will (?:it|this) (?:ever )?(?:get easier|stop hurting|pass|end|get better)"
                 r"|cuanto tiempo)\b")),
    ("what_to_do", (r"\b(?:what (?:should|do|can|would) (?:i|you)(?: even)? (?:do|say|try)|what am i (?:supposed|meant) to do|what now|now what|any (?:advice"
                   r"|tips|ideas)|how do i (?:stop|handle|deal|cope|get through|not|keep|make|move)|how can i"
                   r"|what would you do|help me (?:figure|decide|understand|think)|give me (?:something|an idea|ideas)"
                   r"|what helps|que (?:hago|debo hacer|puedo hacer))\b")),
    ("when_texts", ONLY_WHEN.pattern),  # "can you stop texting me at night?": a wish about when, not an opt-out
    ("why_ask", r"\bwhy (?:do|did|does) (?:you|u|this|the bot) (?:ask|keep asking|text|send|need)\b|\bwhy do you need to know\b"),
    ("bot", (r"\b(?:are you (?:a )?(?:real|human|person|bot|robot|ai)|(?:writing|talking|texting) to a (?:real )?(?:person"
             r"|computer|program|robot|bot|machine|human)|(?:youre|you are|ur) (?:just )?(?:a )?(?:robot|bot|machine"
             r"|not (?:real|a person|human))|who (?:is this|are you|am i talking to|reads"
            r" (?:this|these))|is this (?:a )?(?:real person|bot|automated|ai|private|confidential)|can (?:anyone|he|she)"
            r" see (?:this|these|my)|who sees (?:this|these|my)|eres (?:una persona|un robot|real))\b")),
)
TOPICS = tuple((topic, re.compile(pattern)) for topic, pattern in QUESTION_TOPICS)
QUESTION_START = re.compile(r"^(?:what|why|how|when|where|who|which|is|are|am|do|does|did|should|shall|can|could|would"
                            r"|will|wont|isnt|arent|have|has|was|were|any|que|por que|como|cuando|donde|quien|es|debo"
                            r"|puedo)\b")


def thanks(m: Message) -> Intent | None:
    text = plain(m.core)
    if text and (len(text) < 90 and THANKS.match(text) or len(text.split()) <= 20 and THANKS_FIRST.match(text)):
        return Intent("thanks")
    if not m.core and any(c in KIND_EMOJI for c in m.norm) and all(
            c in KIND_EMOJI or c.isspace() or c in "\ufe0f\u200d" or "\U0001F3FB" <= c <= "\U0001F3FF" for c in m.norm):
        return Intent("thanks")
    return None


GOOD = re.compile(r"\b(?:okay|ok|fine|good|better|great|proud|happy|hopeful|calm|relieved|strong|peaceful|lighter|grateful"
                  r"|approved|good news|came through"
                  r"|thankful|excited|alright|decent|not bad|pretty good|good day|bien|mejor|tranquil[ao]|feliz)\b")
LOW = re.compile(r"\b(?:not(?! (?:bad|too bad|terrible|awful|so bad))|no|isnt|wasnt|dont|cant|sad|hard|hurt|miss|cry|crying"
                 r"|lonely|awful|(?<!not )bad|tired|angry"
                 r"|hate|sucks|rough|worse|terrible|ugh|triste|mal|sola|solo|callada|sin el|sin ella|extrano|llorar)\b")


def feeling(m: Message) -> Intent | None:
    """A feeling shared; answer is "good" for a good one ("feeling better today"), else "low"."""
    text = plain(m.norm)
    if any(c in SAD_EMOJI for c in m.norm) and (not m.core or not QUESTION_START.match(m.core)):
        return Intent("feeling", answer="low")
    if not FEELING.search(text):
        return None
    return Intent("feeling", answer="good" if GOOD.search(text) and not LOW.search(text) else "low")


def question(m: Message) -> Intent | None:
    text = plain(m.norm)
    topic = next((name for name, pattern in TOPICS if pattern.search(text)), None)
    if topic is None and not (m.norm.rstrip().endswith("?") or QUESTION_START.match(m.core)):
        return None
    return Intent("question", topic=topic or "other")
