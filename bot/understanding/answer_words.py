"""The vocabulary of bot.understanding.answers: what members say when they answer the bot's questions.

Patterns match " ".join of the text's words (accents dropped, punctuation gone), padded with
spaces; they are lowercase and have no apostrophes ("didnt", "im"). Earlier entries win.
"""

from __future__ import annotations

import re

NUMBER_WORDS = {
    "zero": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "cero": 0, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "quince": 15, "veinte": 20, "treinta": 30,
}
# Number words that stand for a rating on their own ("two", "like a three"); not "one" (too common).
SMALL_NUMBER = re.compile(r"\b(two|three|four|five|dos|tres|cuatro|cinco)\b")


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(patterns) + ")")


UNSURE = _any(r"\b(?:idk|idek|dunno|not sure|unsure|no idea|no clue|hard to say|hard to tell|cant tell|cant say"
              r"|who knows|i dont know|dont know|i dont even know|no se|ni idea|quien sabe|not certain|unclear|hmm+"
              r"|dificil (?:de )?decir|no estoy segur[ao]|comes and goes|let me think|dejame pensarlo)\b")
# Strength of the urge now, 1-5; each cue found adds its level to an average.
STRENGTH = (
    (5, _any(r"\b(?:very|super|so|really|extremely|insanely|crazy|incredibly) (?:strong|intense|bad|high|loud)\b",
             r"\b(?:worse|worst|overwhelming|unbearable|off the charts|through the roof|maxed|max|terrible|awful"
             r"|horrible|cant stop thinking|cant take it|cant breathe|stronger|peor|muy fuerte|fatal|horrible"
             r"|insoportable|fuertisimo|no aguanto)\b",
             r"\b(?:even )?more than before\b|\b(?:10|100) ?(?:/|out of) ?10\b")),
    (4, _any(r"\b(?:still (?:strong|bad|there|here|high|pretty|really|want|wanna|rough|hard|thinking|pulling|tough"
             r"|going|intense|on my mind|bugging|nagging)|pretty (?:strong|bad|high|intense)|strong|not great|not good"
             r"|hard|rough|high|intense|not better|not gone|hasnt passed|hasnt gone|not passing|didnt pass|kinda strong"
             r"|bad|fuerte|todavia|sigue|aun)\b")),
    (3, _any(r"\b(?:same|the same|about the same|medium|middle|mid|so so|meh|ok ish|okay ish|in between|halfway"
             r"|moderate|its there|up and down|igual|mas o menos|regular|en medio|ni muy fuerte)\b")),
    (2, _any(r"\b(?:better|lower|less|little|a bit|a little|mild|milder|fading|faded|weaker|calmer|calmed|easing|eased"
             r"|manageable|softer|quieter|not as (?:bad|strong)|not so bad|not too bad|way down|down|dropping|ok now"
             r"|okay now|fine now|mejor|menos|poquito|bajo|bajando|leve|calmad[ao]|tranquil[ao])\b")),
    (1, _any(r"\b(?:gone|nothing|none|barely|faint|not at all|passed|its over|over it|no urge|all good|zero|nada"
             r"|ya paso|se fue|ya se me paso|se me paso|completely gone|totally gone|not there|vanished|disappeared"
             r"|dont feel it|no longer|nothing now|didnt (?:text|call|message|reach out|do it)|it passed)\b")),
)

# Negated strength words read as their opposite: "not bad" is milder, "not gone" is still there.
NEGATED_WEAK = re.compile(r"\bnot (?:very |that |so |too |as |at all )?(?:bad|strong|intense|high|loud)(?: at all)?\b")
NEGATED_STRONG = re.compile(r"\bnot (?:yet |really )?(?:gone|better|faint|fading|passed|over)\b")
UNCOUNTABLE = _any(r"\b(?:a lot|lots|tons|too many(?! to)|too many to count|so many|lost count|countless|many many"
                   r"|cant count|muchas|un monton|infinite|a million|a bunch|demasiadas|perdi la cuenta)\b")
PER_DAY = re.compile(r"\b(?:(?P<n>\d{1,2})|(?P<w>once|twice|one|two|three|four|five|a couple|un par|dos|tres))"
                     r"(?: times| veces)? (?:a|per|each|every|al|por) (?:day|dia)\b")
TIMES_EACH = re.compile(r"\b(?:(\d{1,2}|" + "|".join(w for w in NUMBER_WORDS if w != "none")
                        + r") (?:times|veces|x)|(?<!not )(?<!not even )(once|twice|thrice))\b")
CONTACT_BEFORE = re.compile(r"\b(?:called|call|texted|text|messaged|message|emailed|rang|phoned|reached out|tried|sent"
                            r"|wrote|dm(?:ed|d)?|facetimed|llame|le llame|le escribi|mensajes?|marque)\b")
# ...or a count said as a count: "I believe it was three times today", "maybe twice".
COUNT_LEAD = re.compile(r"(?:^|\b(?:was|were|is|its|about|around|like|maybe|probably|perhaps|roughly|only|just|exactly"
                        r"|approximately|say|guess|think|fueron|como|unas?)) $")
# "no" that negates something else ("no puedo dormir", "no estoy segura", "no way") is not a zero.
NO_NOT_ZERO = r"idea|clue|se|puedo|pude|quiero|quise|aguanto|estoy segur\w*|way|sleep|luck"
NONE_FIRST = re.compile(r"^ (?:nothing|none|zero|nope|not once|no|nada|ninguna|0)\b(?! (?:" + NO_NOT_ZERO + r")\b)"
                        r"(?!.*\b(?<!not )(?<!not even )(?:\d+|once|twice|thrice|times|one|two|three|four|five)\b)")
A_FEW = {"a couple": 2, "un par": 2}
HEDGED_LAST = _any(r"\b(?:so|thats|which is|call it|lets say|in all|total)(?: (?:like|about|around|maybe|roughly|prob"
                   r"|probably))? (\d{1,3})(?: (?:a|per) week| times)?\W*$")
SUMMED_LAST = _any(r"\b(?:call it|lets say|so|say|total(?: is)?|makes it|so thats|thats|which is|in all) (\d{1,3})\W*$")
ZERO_LAST = _any(r"\b(?:makes it|so thats|thats|so|total(?: is)?|which is) (?:zero|none|0|nothing)\W*$")
COUNT_FIRST = re.compile(r"^ (?:(?:honestly|probably|prob|id say|i would say|i would estimate|i guess|um+|uh+|maybe|like"
                         r"|about|around|roughly|at least|over|ok|okay|so|hmm+|well|just|only|solo|como|unas?|unos?|oh"
                         r"|yeah|i think|i dunno|idk) )*(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
                         r"|twelve|fifteen|twenty|thirty|forty|fifty|once|twice|thrice|una|uno|dos|tres|cuatro|cinco"
                         r"|diez|veinte)\b(?! (?:am|pm|min|minutes|hours|oclock))")
COUNT_WORD_NEAR = _any(r"\b(?:times|veces|today|hoy|this week|total|so far|x)\b")
ONCE_TWICE = {"once": 1, "twice": 2, "thrice": 3}
EVERY_DAY = _any(r"\b(?:every ?day|daily|each day|every single day|todos los dias|cada dia|diario)\b")
COUNT_WORDS = (
    (11, _any(r"\bonce veces\b")),
    (0, _any(r"\b(?:none|zero|not once|not at all|not even once|ninguna|ninguno|cero|ni una|ni una vez)\b"
             r"|^ (?:no(?! (?:" + NO_NOT_ZERO + r")\b)|nope|nah|nothing|didnt|did not|i didnt|never|nada)(?: \w+){0,3} $")),
    (12, _any(r"\ba dozen\b")),
    (5, _any(r"\ba handful\b")),
    (4, _any(r"\b(?:several|varias|varios)\b")),
    (3, _any(r"\b(?:a few|few|thrice|three|unas cuantas|algunas|tres)\b")),
    (2, _any(r"\b(?:twice|a couple|couple|two|dos veces|un par|dos)\b")),
    (1, _any(r"\b(?:once|one time|just one|only one|una vez|one|una|uno)\b")),
) + tuple((n, re.compile(rf"\b{word}\b")) for word, n in NUMBER_WORDS.items() if n > 3 and word != "none")

LEADING_NO = re.compile(r"^ (?:no|nope|nah|not really|not rly|not at all|not much|definitely not|def not)\b")
LEADING_YES = re.compile(r"^ (?:yes|yeah|yep|yup|ya|yea|i think so|definitely|totally|for sure|si)\b")
PASSED = _any(r"\b(?:it|the urge|the pull|urge)? ?(?:passed|went away|is gone|faded|eased off|calmed down)\b"
              r"|\bi didnt (?:text|call|message|reach out to|contact) (?:him|her|them)\b|\bdidnt do it\b")
NOT_REALLY_BAD = (r"\b(?:not|wasnt|werent|didnt seem|didnt sound|not too|wasnt too|not that|wasnt that|not really)"
                  r" (?:mad|angry|annoyed|upset|cold|rude|mean|bothered|irritated|short)\b|\bmixed\b|\bimpossible to read\b"
                  r"|\bcant read (?:him|her|them)\b")
# Reception of a contact; no_answer first: "he didnt answer" is not a no.
RECEPTION = (
    ("no_answer", _any(r"\b(?:didnt|did not|never|wouldnt|wont|hasnt|havent|doesnt) (?:answer|pick up|picked up"
                       r"|respond|reply|replied|text back|call back|write back|wrote back|written back|gotten back"
                       r"|get back|open|read|responded|answered)",
                       r"\b(?:no answer|no reply|no response|voicemail|vm|left on read|on read|not answered"
                       r"|unanswered|ignored (?:me|it|my)|blocked|declined|sent me to|rang out|no pick up|nothing back"
                       r"|crickets|silence|nothing yet|still waiting|no contesto|no me contesto|buzon"
                       r"|me dejo en visto|en visto|no respondio|sin respuesta|ni contesto|no lo leyo|ni lo leyo"
                       r"|nunca me (?:respondio|contesto)|me tiene bloquead[ao]|no me abrio)\b")),
    ("unsure", _any(NOT_REALLY_BAD)),
    ("not_glad", _any(r"\b(?:not|wasnt|isnt|werent|didnt seem|didnt sound|didnt look|doesnt seem|no he wasnt"
                      r"|no she wasnt) (?:very |really |that |so |too |at all |all that )?(?:glad|happy|pleased"
                      r"|thrilled|excited|interested|nice|warm|friendly|into it|good|great)",
                      r"\b(?:annoyed|irritated|angry|mad|pissed|upset|cold|short with me|short w me|curt|distant|rushed"
                      r"|excuses|hung up|cut me off|didnt want to talk|bothered|snapped|yelled|rude|(?:was|so|really|kinda) mean|frustrated|over it"
                      r"|tired of me|not glad|not happy|annoying|irritable|grumpy|dismissive|brushed me off|blew me off"
                      r"|told me to stop|stop (?:calling|texting|contacting)|leave (?:him|her|them) alone|one word answers"
                      r"|please dont|molest[oa]|enojad[oa]|se enojo|frio|fria|cortante|no le gusto|se molesto"
                      r"|ya no le escriba|con un k)\b")),
    ("not_glad", _any(r"\bnot so much\b|\b(?:never|hardly|barely) (?:glad|happy|nice|warm|friendly|pleased)\b")),
    ("glad", _any(r"\b(?:was|were|seemed|sounded|is) (?:really |so |very |super )?(?:nice|good|great|kind(?! of)|warm|sweet"
                  r"|happy|glad|friendly|lovely)\b",
                  r"\b(?:glad|happy|pleased|relieved|excited|thrilled|sweet|warm|friendly|went well|lovely|laughed"
                  r"|smiled|thanked me|said thank you|said thanks|loved it|seemed to like|appreciated|chatty|missed me"
                  r"|hoping i would|hearted it|liked it|more than ive gotten|contento|contenta|se oia contento"
                  r"|contenta|feliz|amable|carinos[oa]|fue bonito|bonito)\b")),
    ("unsure", _any(r"\b(?:polite|neutral|fine i guess|ok i guess|okay i guess|normal|flat|hard to read"
                    r"|couldnt tell|cant tell|cannot tell|hard to tell|not sure|unsure|idk|dunno|no idea|maybe|kind of|kinda"
                    r"|sort of|i guess|i think so|i dont know|dont know|no se|mas o menos|meh|so so|hmm+|okay|ok"
                    r"|fine|whatever|busy|short|dry|brief|quick|ni idea|quien sabe|cortito|eh)\b")),
    ("not_glad", _any(r"\b(?:no|nope|nah|not really|not rly|ugh|not at all|no way|mal)\b")),
    ("glad", _any(r"\b(?:yes|yeah|yep|yup|ya|yea|sure|definitely|totally|nice|good|great|open|positive|si|sip|bien)\b")),
)
# How a contact went, when told with the report itself ("called her, she picked up and was nice").
REPORTED_RECEPTION = (
    ("not_glad", _any(r"\b(?:(?:he|she|they) )?(?:was|were|seemed|sounded|got) (?:really |so |kind of |kinda |super )?(?:annoyed"
                      r"|irritated|angry|mad|pissed|upset|cold|distant|short|curt|rude|mean|dismissive)\b|\bhung up on me\b"
                      r"|\bshort with me\b|\byelled at me\b|\bblew me off\b|\bbrushed me off\b")),
    ("glad", _any(r"\b(?:he|she|they) (?:was|were|seemed|sounded) (?:really |so |very |super |actually )?(?:nice|good|great"
                  r"|kind|warm|sweet|happy|glad|friendly|lovely|relieved)\b|\b(?:he|she|they) (?:laughed|thanked me)\b"
                  r"|\b(?:picked up|answered) and (?:was|seemed) (?:nice|sweet|kind|happy|glad|friendly)\b"
                  r"|(?<!hope )(?<!hoping )(?<!hopefully )(?<!hope that )(?<!glad )(?<!said )"
                  r"\b(?:it|the call|talking|we) (?:was|were|went) (?:actually |really |so |pretty )?(?:nice|good|great|lovely"
                  r"|sweet|fine|ok|okay)\b(?! (?:until|till|til|at first|for a (?:minute|bit|second)))")),
)
DECISION_CLEAR = (
    ("let_go", _any(r"\b(?:let (?:it )?go|letting (?:it )?go|not send(?:ing)?|dont send|wont send|never send|not going to"
                    r" send|drop it|delete(?: it)?|trash|toss|scrap|bin it|forget it|never mind|nevermind|leave it"
                    r"|skip|throw it|dejalo|borralo|no lo mando|no (?:se )?lo voy a mandar|olvidalo|no mandar"
                    r"|ya no lo mando)\b")),
    ("rework", _any(r"\b(?:rework|re work|rewrite|re write|redo|edit|change|tweak|revise|fix|shorten|shorter|softer"
                    r"|different|work on it|another version|cambiar|cambiarlo|cambiarle|corregir|arreglar|arreglarlo)\b")),
    ("unsure", _any(r"\b(?:not sure|unsure|idk|dunno|maybe|let me think|think about it|dont know|no se|not yet"
                    r"|later|hmm+|no idea|or not|no wait|pensarlo|dejame pensar)\b")),
    ("send", _any(r"\b(?:send|sending|sent|still want to|mandalo|mandarlo|enviar|enviarlo|envialo|lo mando"
                  r"|lo voy a mandar|say it to (?:him|her|them)|tell (?:him|her|them) (?:myself|in person)|in person)\b")),
)
# A bare no or yes to "SEND, REWORK or LET GO?", read only once the draft has been seen.
DECISION = DECISION_CLEAR + (
    ("let_go", _any(r"\b(?:no|nope|nah|naw)\b")),
    ("send", _any(r"\b(?:yes|yeah|yep|yup|si)\b")),
)
# "Your note is ready, reply SHOW to see it": asking to see it, a yes (show it), or not now (keep it).
SHOW = _any(r"\b(?:show|view|open it|read it|let me see|lemme see|can i see|i want to see|see it|see the note"
            r"|what did i (?:write|say|put|send)|what i (?:wrote|said)|what was it|what does it say|whats in it"
            r"|remind me what|muestra\w*|ensena\w*|quiero verl[oa]|que escribi|que dice)\b")
SHOW_FIRST = _any(r"\b(?:show|view|open it|let me see|lemme see|can i see|want to see|wanna see|see it first|see what i"
                  r"|what did i (?:write|say|put)|remind me|muestra\w*|ensena\w*|quiero verl[oa]|que escribi)\b")
SHOW_YES = _any(r"\b(?:yes|yeah|yep|yup|ya|yea|sure|ok|okay|k|go ahead|please|pls|alright|si|dale|claro)\b")
NOT_NOW = _any(r"\b(?:no|nope|nah|not now|not yet|not ready|not tonight|later|maybe later|another time|rather not"
               r"|ahora no|luego|despues|todavia no)\b")
# How often scheduled texts should come, in answer to an offer of fewer. Earlier entries win.
FREQUENCY = (
    ("every_other_day", _any(r"\b(?:every other day|every second day|every 2 days|every two days|alternate days"
                             r"|every couple (?:of )?days|cada dos dias|dia por medio|un dia si y otro no)\b")),
    ("weekly", _any(r"\b(?:weekly|once a week|(?:just|only) (?:the )?(?:sunday|weekly|week)|sundays? only"
                    r"|no (?:daily )?check ?ins|una vez (?:a|por) semana|solo (?:el )?domingo)\b")),
    ("same", _any(r"\b(?:keep (?:them|it|things) (?:as (?:is|they are)|the same|coming)|(?:as|how) (?:it|they) (?:is|are)"
                  r"|leave (?:it|them)|stay the same|no change|fine as is|asi (?:esta|estan) bien|igual)\b")),
    ("daily", _any(r"\b(?:daily|every day|each day|todos los dias|cada dia|diario)\b")),
    ("less", _any(r"\b(?:less|fewer|not as (?:often|many)|cut (?:it |them )?(?:back|down)|too many|menos)\b")),
    ("more", _any(r"\b(?:more(?: often)?|mas seguido|mas a menudo)\b")),
)
KIND_YES = re.compile("[\U0001F44D\U0001F44C\u2705\u2714]")  # a thumbs-up to "may I send check-ins?"
CONSENT = (
    ("unsure", _any(r"\b(?:not sure|unsure|maybe|idk|dunno|let me think|think about it|no se|dejame pensarlo"
                    r"|how often|what kind|luego te digo|todavia|no entiendo|no comprendo|no le entiendo|que es esto"
                    r"|(?:i )?dont (?:understand|get it|get what)|what do you mean|what does that mean|confused"
                    r"|hablas espanol|en espanol)\b")),
    ("yes", _any(r"\b(?:no problem|no worries|why not|of course|absolutely|definitely|go ahead|sounds good"
                 r"|please do|yes please|claro|dont mind|do not mind|i dont mind)\b")),
    ("no", _any(r"\b(?:no|nope|nah|not now|rather not|prefer not|no thanks|no thank you|dont|do not|not really"
                r"|no gracias|mejor no)\b")),
    ("yes", _any(r"\b(?:yes|yeah|yep|yup|ya|yea|sure|ok|okay|k|fine|alright|please|si|dale|va|esta bien|por favor)\b")),
)
UNSAFE = _any(r"\b(?:not safe|unsafe|scared|afraid|terrified|help|hes here|shes here|still here|outside|at the door"
              r"|die|dying|kill|pills|gun|knife|not okay|not ok|not fine|not good|not really|not rly|not sure|not yet"
              r"|think so|i guess|depends|for now|ask me|tengo miedo|ayuda|no estoy bien|no estoy a salvo)\b")
SAFE = _any(r"\b(?:im safe|i am safe|safe now|im ok|im okay|i am ok|i am okay|im fine|i am fine|im alright|im good"
            r"|not going to do anything|wont do anything|not gonna do anything|not going to hurt myself|i wont|i promise"
            r"|all good|estoy bien|estoy a salvo|toy a salvo|a salvo|just venting|(?:hes|shes) gone|(?:he|she) left"
            r"|two states away)\b")
# "im safe" said outright wins over a worry in the same text ("im safe, just scared"), unless danger is named.
SAFE_SAID = _any(r"(?<!not sure )(?<!dont think )(?<!not )\b(?:im safe|i am safe|im safe now|safe now|estoy a salvo"
                 r"|toy a salvo)\b")
DOUBT = _any(r"\b(?:not|dont think|do not think|not sure|unsure|sort of|kind of|kinda|not exactly|not really|no se si)\b"
             r"[^.!?]{0,15}\bsafe\b|\bsafe enough\b")
DANGER_NAMED = _any(r"\b(?:outside|here|coming|at the door|help|die|dying|kill|pills|gun|knife|hurt me|ayuda)\b")
UNSAFE_WEAK = _any(r"\b(?:no|nope|nah|idk|dont know|i dont know|unsure|cant|no se)\b")
SAFE_WEAK = _any(r"\b(?:yes|yeah|yep|yup|ya|yea|ok|okay|fine|alright|good|safe|si|tranquila|tranquilo)\b")
NOT_REFLECTION = re.compile(r"(?:ok|okay|k|kk|idk|dunno|not sure|no idea|nothing|lol|ha|haha|hm+|yes|no|yeah|nah|sure"
                            r"|thanks|thank you|ty|thx|fine|alright|\d+|[^\w]+)")
CONFIRM_DELETE = _any(r"\b(?:delete|yes|yeah|yep|confirm|do it|erase|sure|borrar|si)\b")
CANCEL = _any(r"\b(?:no|nope|nah|cancel|dont|do not|never mind|nevermind|wait|keep|stop|changed my mind)\b")
