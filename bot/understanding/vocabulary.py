"""The vocabulary of bot.intents: words and regular-expression fragments, no logic.

Rules match the normalised text (bot.intents._message): casefolded, curly quotes
straightened, TYPOS fixed, then apostrophes dropped ("im", "dont", "hed", "hell" for
"he'll") and whitespace collapsed. So every fragment here is lowercase and has no
apostrophes. A tuple of fragments is an alternation: bot.intents joins it with "|".

Crisis words are deliberately broad (ADVICE.md, "Our stance": safety comes first). A
false alarm costs one kind message and a human's look; a miss can cost a life. Narrow
crisis detection only through IDIOMS, which are blanked out before any crisis cue is
looked for, never by deleting a cue.
"""

from __future__ import annotations

_ALT = "(?:{})"  # one alternation group: _ALT.format("|".join(words))

# --- Normalisation ---------------------------------------------------------------------------------

# Fixed before apostrophes are dropped, so "od'd" does not become "odd".
TYPOS = {
    "texed": "texted", "txted": "texted", "txtd": "texted", "textd": "texted", "texd": "texted", "txt": "text",
    "tx": "text", "txting": "texting", "texing": "texting", "textin": "texting", "caled": "called",
    "calld": "called", "cald": "called", "callin": "calling", "urgw": "urge", "urg": "urge", "urgee": "urge",
    "urgr": "urge", "wnat": "want", "wnt": "want", "wanna": "want to", "gonna": "going to", "gunna": "going to",
    "hime": "him", "hte": "the", "msg": "message", "msgd": "messaged", "msged": "messaged", "dm'd": "dmd",
    "dmed": "dmd", "od'd": "overdosed", "oded": "overdosed", "u": "you", "ur": "your", "pls": "please",
    "plz": "please", "abt": "about", "sould": "should", "shld": "should", "shud": "should", "shoud": "should",
    # Added with the held-out crisis work: text-speak and filter-dodging spellings.
    "od'ing": "overdosing", "oding": "overdosing", "tryna": "trying to", "sewerslide": "suicide",
    "sewer slide": "suicide", "su1c1de": "suicide", "suicde": "suicide", "sucide": "suicide", "suicid3": "suicide",
    "w/o": "without", "w/out": "without", "thru": "through", "tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow",
    "tomorow": "tomorrow", "tonite": "tonight", "2nite": "tonight", "2night": "tonight", "cuz": "because",
    "bc": "because", "b/c": "because", "gotta": "got to", "lemme": "let me", "prolly": "probably", "ppl": "people",
    "every1": "everyone", "any1": "anyone", "some1": "someone", "no1": "no one", "2day": "today", "gonn": "going to",
}

# --- People ----------------------------------------------------------------------------------------

NAME = r"[^\W\d_]+"  # any single word: a first name after "called" or before "texted me"
SPOUSE_WORDS = ("husband", "hubby", "wife", "wifey", "ex", "spouse", "partner", "boyfriend", "girlfriend", "bf",
                "gf", "stbx", "stbxh", "stbxw")
SPOUSE = _ALT.format("|".join(SPOUSE_WORDS))
# People a member also calls: calling them is neither an urge nor a contact, nor are they the spouse.
PEOPLE = ("mom", "mum", "mother", "dad", "father", "sister", "brother", "friend", "friends", "bestie", "boss",
          "therapist", "counselor", "coach", "sponsor", "lawyer", "attorney", "work", "doctor", "kid", "kids",
          "son", "daughter", "school", "neighbor", "neighbour", "coworker", "roommate", "cousin", "aunt", "uncle",
          "grandma", "grandpa", "pastor", "priest", "realtor", "landlord", "mediator", "nephew", "niece", "tia", "tio",
          "mama", "mami", "papa", "abuela", "hermana", "hermano", "prima", "primo", "vet", "dentist", "teacher")
NOT_OTHERS = rf"(?! (?:my |a |the |best )?(?:{'|'.join((*PEOPLE, '988', 'hotline'))})\b)"
# Words that can stand right before "called me" without naming the spouse.
NOT_ACTOR = (*PEOPLE, "i", "you", "we", "it", "this", "that", "who", "what", "nobody", "noone", "one",
             "someone", "somebody", "anyone", "everyone", "never", "still", "hasnt", "havent",
             "didnt", "and", "then", "so", "but", "not", "me", "reality", "bot", "number")
ADVERBS = ("just", "finally", "already", "totally", "accidentally", "kinda", "literally", "actually",
           "again", "stupidly", "also", "even", "randomly", "really", "suddenly")
# Last words before a verb that make the member its doer: "i caved and called", "lol texted him".
MEMBER_LEADS = ("i", "and", "then", "so", "but", "lol", "omg", "ugh", "well", "ok", "yeah", "have", "had", "ive", "id")
NEGATORS = ("not", "never", "didnt", "hasnt", "havent", "hadnt", "wont", "doesnt", "dont", "cant",
            "wish", "if", "hope", "almost", "nearly", "wouldnt", "shouldnt", "why")

# --- Crisis: figures of speech, blanked out first --------------------------------------------------

# Mundane things that "are killing me": the urge, the wait, sore feet. Not people.
THINGS_WORDS = ("this", "that", "thats", "it", "its", "urge", "urges", "wait", "waiting", "suspense", "feet", "back",
                "head", "headache", "anxiety", "silence", "distance", "limbo", "uncertainty", "not knowing", "traffic",
                "job", "work", "heat", "commute", "kids", "signals", "separation", "curiosity", "missing (?:him|her)")
THINGS = _ALT.format("|".join(THINGS_WORDS))
AUXILIARIES = r"(?: (?:is|are|was|were|going|to|will|would|literally|actually|really|so|just|honestly|slowly))*"
LAUGH = r"(?:lol|lmao|lmfao|haha\w*|😂|🤣|💀)"
IDIOMS = (
    r"\bdying (?:to|for)\b(?! (?:die|end|be dead|sleep forever))",  # "dying to hear his voice", "dying for a coffee"
    rf"\b{THINGS}{AUXILIARIES} kill(?:s|ing|ed)? me\b",  # "this urge is killing me", "this is going to kill me"
    rf"\bkill(?:s|ing|ed)? me (?:with|{LAUGH})",  # "hes killing me with these mixed signals"
    r"\bkill(?:ing)? for (?:a|an|some|one)\b|\bkill(?:ed|ing|s)? (?:it|time)\b",  # "id kill for a coffee", "killed it"
    (r"\b(?:die|died|dying|dead) (?:of|from) (?:embarrassment|laughter|laughing|shame|boredom|cuteness|cringe"
     r"|jealousy|excitement|curiosity)\b|\b(?:die|died|dying|dead) laughing\b"),  # "could die of embarrassment"
    # "im dead 😂", "im dying inside lol"
    rf"\b(?:im|i am|i was) (?:literally |actually |so |just )?(?:dead|dying|deceased)(?: inside)?\W{{0,3}}{LAUGH}",
    rf"{LAUGH}\W{{0,3}}(?:im|i am) (?:literally |actually |so |just )?(?:dead|dying|deceased)\b",  # "lol im dead"
    (r"\b(?:phone|battery|car|laptop|charger|plant|plants|fish|tv|wifi|convo|conversation|chat|vibe|spark|romance"
     r"|mood)(?: \w+){0,4}? (?:die|dies|died|dying|dead)\b"),  # "my phone died", "the plant he gave me died"
    r"\bdead (?:tired|battery|phone|end|serious|set|silence|weight|wrong|last)\b",  # "dead tired", "dead serious"
    r"\bdied a little\b|\b(?:die|died) for (?:my|you|him|her|them|the|our)\b|\b(?:end|edge) of my (?:rope|tether)\b",
    (r"\bthreaten\w* (?:me )?(?:with )?(?:to )?(?:divorce|disown|file|sue|take me to court|go to court|court|stop paying"
     r"|cut (?:me )?off|call (?:a|his|her|my) lawyer|get a lawyer|leave)\b"),  # legal and money threats
    # "id rather die than text first": pride about contact; "rather be dead than go through this" stays a crisis
    (r"\brather (?:die|be dead) than (?:be the one|(?:\w+ )?(?:text|call|message|email|reach out|admit|ask|apologi[sz]e"
     r"|beg|say sorry|go back to (?:him|her|them)|(?:see|let|give|talk to|tell) (?:him|her|them)))"),
    r"\bto die for\b|\bover my dead body\b|\b(?:till|til|until) death\b|\bdeath do us part\b|\bthe death of me\b",
    r"\bdeath of (?:our|the|my|this) (?:marriage|relationship)\b",
    r"\b(?:scared|bored|worried|sick|freaking|stressed|tickled) (?:\w+ )?to death\b",  # "bored to death"
    r"\bend of (?:the|this|my) (?:day|week|month|year|night|shift|session|call|conversation)\b",  # "end of the day"
    r"\bend(?:ing)? (?:it|things|this|everything) (?:with|between|w)\b",  # "end it with him": the relationship
    r"\bhit(?:s|ting)? (?:me |him |her |them )?up\b",  # "he hit me up": he texted
    r"\b(?:it|this|that|reality|everything)(?: \w+){0,2}? hit me\b",  # "it hit me today that hes gone"
    (r"\bhit (?:the (?:gym|road|hay|nail|bottle|sack|spot|jackpot|books|mall|store|shops|beach|bar|button|pause)"
     r"|rock bottom|send|bottom|my limit|snooze|pause|play)\b"),
    (r"\b(?:shot|shoot|shooting) (?:him|her|them|me|my \w+) (?:a|an|another) (?:text|message|dm|email|line|note|look"
     r"|glance|smile)\b|\bshoot my shot\b|\bshot my shot\b"),  # "shot him a text"
    (r"\bcut(?:s|ting)? (?:back|down|ties|off contact|contact|the cord|corners|my hair|my bangs|class|(?:him|her|them)"
     r"(?: some)? slack|(?:him|her|them) off|out|in line|loose)\b"),  # "cut back to one text a week"
    (r"\bjump\w* (?:off|in|into|on|from) (?:the |a |our )?(?:dock|pool|lake|boat|pier|diving board|trampoline|couch"
     r"|bed|bandwagon|call|phone|zoom|train)\b|\bjump(?:ed|ing)? (?:to conclusions|the gun|ship|rope|start|back in)\b"),
    (r"\b(?:my )?(?:mom|mum|mother|dad|father|sister|brother|friend|bestie|boss|kids?|son|daughter|grandma|grandpa"
     r"|aunt|uncle|landlord|teacher)\b(?: \w+){0,3}? threaten\w* to\b"
     r"(?!(?: \w+)? (?:kill|hurt|harm|hit|beat|shoot|stab|take|burn|come after|end))"),  # "mom threatens to visit lol"
)

# --- Crisis: danger to self ------------------------------------------------------------------------

# Death words count when the clause is about the member: "id rather be dead", "i feel like dying",
# "wanna die". The words before them decide (bot.intents._about_member): a first-person word
# means the member; a third party ("my dad died", "he'd die", "our marriage is dead") does not.
DEATH = r"\b(?:die|dies|died|dying|dead|death|deceased|bleeding|bled)\b"
ENDING = r"\bend(?:ing|ed)? (?:it|things)\b"  # "feel like ending things"; not "we decided to end things"
FIRST_PERSON = ("i", "im", "ive", "id", "ill", "me", "myself", "imma", "ima")
THIRD_PARTY = ("he", "she", "they", "hes", "shes", "hed", "shed", "theyd", "theyre", "theyll", "him", "her",
               "them", "his", "hers", "their", "our", "we", "were", "you", "youre", "your", "it", "its", "my",
               "everyone", "everybody", "someone", "somebody", "nobody", "the", "this", "that", "these", "those",
               *SPOUSE_WORDS, *PEOPLE)
# Words that are not people name the subject only right before the death word ("the marriage is dead",
# not "is it normal to think about dying"); for ENDING they never do ("its time to end it").
NEAR_ONLY = ("it", "its", "the", "this", "that", "these", "those")
OTHER_PEOPLE = tuple(w for w in THIRD_PARTY if w not in (*NEAR_ONLY, "my"))

DRUGS_WORDS = ("pills", "meds", "medication", "medications", "medicine", "tablets", "tylenol", "advil", "ibuprofen",
               "acetaminophen", "paracetamol", "aspirin", "benadryl", "xanax", "valium", "klonopin", "ambien",
               r"oxy\w*", "percocet", "vicodin", "opioids?", "fentanyl", "insulin", "painkillers",
               "antidepressants", "sleeping pills", "sleep aids?", "prescriptions?", "scripts?")
DRUGS = _ALT.format("|".join(DRUGS_WORDS))
HEIGHTS_WORDS = ("bridge", "overpass", "rooftop", "roof", "ledge", "cliff", "balcony", "tracks", "train tracks",
                 "railroad", "parking garage", "top floor")
HEIGHTS = _ALT.format("|".join(HEIGHTS_WORDS))
SELF = (
    # Named outright, in text-speak or spelled to dodge filters
    r"\bsuicid\w*|\bsu[i1!]c[i1!]d\w*|\bunaliv\w*|\bkms\b|\bself[ -]?harm\w*|\bself[ -]?injur\w*",
    r"\b(?:end|ending|take|taking) my (?:own )?life\b|\bend(?:ing)? (?:it all|everything|my life)\b",
    # Not wanting to exist, to wake up, to go on
    (r"\b(?:dont|do not|didnt|no longer|not|never|cant) (?:\w+ ){0,2}?(?:want|wish|like|feel like|care|bear) (?:to )?"
     r"(?:\w+ )?(?:exist|existing|be alive|being alive|live|living|be here|wake up|go on|keep going|keep living)\b"
     r"(?! (?:with|in|there|near|alone|together|at|under|without (?:him|her|them)))"),
    r"\bhate (?:being alive|existing|living)\b|\bstop (?:existing|living|breathing)\b",
    r"\bwill to (?:live|go on|keep going)\b|\bi (?:have|made|got) a plan\b(?= *(?:$|[.!?]))",
    r"\b(?:dont|cant) see myself (?:here|alive|around|living|making it)\b",
    (r"\b(?:think|thinking|thought|thoughts|dream|dreaming|fantasi\w*) (?:about|of) (?:dying|death|being dead|not being"
     r" here|ending it|killing myself|not existing|not waking up|my funeral)\b"),
    r"\bwaste of (?:space|air|oxygen|a life)\b|\b(?:no|any|a) future for (?:me|myself)\b|\bdont see a future\b(?! with)",
    r"\b(?:itll|it will|this will|everything will|itll all|it will all|will all) (?:all )?be over soon\b",
    r"\bdo something (?:drastic|permanent|to myself)\b|\b(?:be|join \w+) (?:\w+ ){0,3}?in heaven\b",
    r"\bmade (?:my )?peace\b(?! with (?:him|her|them|the|it|that|this|my (?:ex|husband|wife|decision)))",
    r"\b(?:wish|hope|pray|want)\w*\b[^.!?]{0,25}\b(?:never|not|didnt|wouldnt|dont) wake up\b",
    r"\b(?:never|not|didnt|wouldnt) wake up\b|\bsleep (?:forever|for ever|permanently)\b|\beternal sleep\b",
    (r"\b(?:be|being) (?:around|here|alive) (?:for )?(?:much|very) long(?:er)?\b|\b(?:not|wont|never) (?:going to )?be"
     r" (?:around|here|alive) (?:for )?(?:long(?:er)?|anymore|tomorrow)\b"),
    r"\bnever (?:been|be) born\b|\bwas never born\b|\b(?:if|once|after) i (?:was|were|am) gone\b|\bwhen im gone\b",
    (r"\b(?:want|wish|like|just want|ready|going|deserve|rather|should|could)\b(?: \w+){0,3}? (?:disappear|vanish)\b"
     r"(?! (?:into|in) (?:a|my|the) (?:book|show|movie|game|bed|blanket))"),
    r"\b(?:disappear|vanish)\w*\b[^.!?]{0,20}\b(?:forever|for good|permanently|never come back)\b",
    # Life not worth it, no point, no way out
    r"\bworth (?:living|being alive|going on|staying alive|sticking around)\b",
    (r"\b(?:life|living|existing|everything)(?: is| isnt| feels| seems)?(?: so| just)? (?:pointless|meaningless"
     r"|worthless|not worth it|hopeless)\b|\bmy life is over\b"),
    (r"\b(?:reason|point|purpose) (?:\w+ )?(?:to|in|of|for) (?:\w+ )?(?:live|living|life|go on|going on|keep going"
     r"|keep living|be here|being here|be alive|being alive|wake up|waking up|get up|exist|existing|anything"
     r"|any of (?:this|it)|it all|carry on)\b"),
    (r"\b(?:(?:whats|what is|wheres|what even is) the|theres no|there is no|no|dont see the|cant see the|dont see any"
     r"|lost all) (?:point|purpose|hope)\b"
     r"(?= *(?:$|[.!?,;]|anymore|any more|left|honestly|tbh|really|though|tho|i\b|im\b))"),
    # "so tired of everything", "i cant do this anymore" are distress (bot.understanding.distress), not crisis.
    (r"\b(?:tired|sick|exhausted|done|weary) (?:of|with) (?:living|life|being alive|existing|this life|this world"
     r"|breathing)\b"),
    r"\b(?:cant|cannot|can no longer|dont want to) (?:go on|keep going|keep living|live like this)\b",
    r"\b(?:no|only|dont see a|cant see a|theres no|there is no|see no|no other) way out\b",
    r"\b(?:want|need|wish)\w* (?:it all|everything|the pain|this pain|it|this) to (?:\w+ )?(?:end|stop|be over)\b",
    r"\bend(?:ing)? the pain\b|\bmake (?:it|the pain|everything) stop\b|\bstop forever\b",
    (r"\b(?:i want|i wish|i need|just want|wish i could|want to|ready to|going to|want it all to|want everything to)"
     r"(?:(?!\b(?:him|her|them|he|she|they|us|marriage)\b)[^.!?]){0,20}?\b(?:stop|end|out|gone|go away|disappear"
     r"|sleep|rest)\W+(?:forever|for good|permanently)\b"),
    # A burden; better off without me; nobody would notice
    (r"\bbetter (?:off )?(?:\w+ ){0,3}?(?:without me|with me gone|when im gone|if i (?:was|were|wasnt|werent"
     r"|was not|were not|died|disappeared|didnt exist|never existed))\b"),
    (r"\b(?:im|i am|i feel like|feel like im|being|ive become|i have become|just) (?:\w+ ){0,2}?(?:a|the|such a"
     r"|nothing but a|only a) burden\b|\bburden (?:to|on) (?:everyone|everybody|my (?:family|kids|friends)|them"
     r"|the world)\b"),
    (r"\b(?:nobody|no one|noone|who) (?:would|will|is going to|going to)(?: even| really)? (?:miss me|notice|care"
     r"|cry)\b(?=[^.!?]{0,30}\b(?:if|when|once) (?:i|im)\b)|\b(?:nobody|no one|noone) (?:would|will)(?: even)? miss"
     r" me\b"),
    # Farewells, giving things away
    (r"\bgoodbye (?:note|letter|letters|notes|text|texts|message|video|everyone|everybody|world|forever|cruel)"
     r"|\b(?:said|saying|say) (?:my |all my )?goodbyes\b|\bletters? (?:to|for) (?:everyone|my kids|the kids|each of)"
     r"|\b(?:im|i am) done\W+(?:goodbye|bye)\b|\bthis is goodbye\b|\bfinal goodbye\b|\baffairs in order\b"),
    (r"\b(?:gave|giving|give) away (?:all )?my (?:stuff|things|belongings|possessions|dog|cat|pets?)\b"
     r"|\bgave my (?:dog|cat|pets?|stuff|things|belongings) (?:away|to)\b"),
    # Self-harm: a harming verb on "myself", or on the member's body
    (r"\b(?:cut|cuts|cutting|hurt|hurts|hurting|harm|harming|harmed|burn|burning|burned|burnt|scratch\w*|hit|hitting"
     r"|punch\w*|starv\w*|hang|hanging|hanged|strangl\w*|chok\w*|poison\w*|drown\w*|shoot|shooting|shot|stab\w*"
     r"|slash\w*|carv\w*|bruis\w*|kill|killing|killed|off|offing|bleed\w*|suffocat\w*|overdos\w*) (?:my ?self)\b"),
    (r"\b(?:cut|cuts|cutting|slit|slitting|slash\w*|carv\w*|burn\w*|scratch\w*|slice\w*|slicing) (?:up |open |into )?"
     r"(?:my|both my) (?:arms?|wrists?|legs?|thighs?|skin|stomach|belly|hips?|body|veins?)\b"),
    r"\bcutting\b(?! (?:back|down|off|out|ties|him|her|them|the|my hair|corners|contact|it|class|in|loose|board))",
    r"\b(?:relaps\w*|clean from|clean of|urges? to) (?:on |with )?(?:sh|self ?harm\w*|cut\w*)\b",
    (r"\b(?:cut|cutting|slit|slitting|slash\w*|open\w*|carv\w*|blade|razor|knife)\b[^.!?]{0,20}\bmy (?:wrists?|veins)\b"
     r"|\bmy (?:wrists?|veins)\b[^.!?]{0,20}\b(?:cut|blade|razor|knife|bleed\w*|open)\b|\bmy (?:own )?death\b"),
    # Methods and means
    (rf"\b(?:all|bunch|handful|bottle|bottles|stash|whole|entire|enough|extra|too many|months? of|supply|stockpil\w*"
     rf"|hoard\w*|sav(?:e|ed|ing) up|saving|collect\w*|count\w*|swallow\w*|overdos\w*|how many|how much)"
     rf"\b(?: \w+){{0,3}}? {DRUGS}|\b[1-9]\d+(?: \w+){{0,3}}? {DRUGS}"),
    (rf"\b{DRUGS}(?: \w+){{0,4}}? (?:lined up|in front of me|it (?:would )?takes?|would (?:it )?take"
     r"|to (?:die|od|end it"
     r"|kill)|all at once|and (?:a |some )?(?:wine|vodka|alcohol|whiskey|booze))\b"),
    (r"\b(?:took|take|taking|swallowed|popped|ate) (?:some |a lot of |lots of |a few |all (?:the |my )?|the )?pills\b"
     r"(?! (?:for|with|this morning|at|on time|like|every|today|as))|\bpills (?:in|on|lined|all over) (?:front of me|my hand"
     r"|the (?:table|counter|floor)|up)\b|💊|\boverdos\w*|\b(?:od|odding|oded|odeing)\b|\bstockpil\w*"),
    r"\b(?:rope|noose|nooses|razors?|razor ?blades?|box ?cutter|blades?)\b|🪢",
    (rf"\b(?:jump\w*|stand\w*|sitting|sat|staring|stare|looking (?:over|down)|climb\w*|drove to|driving to|im on"
     rf"|i am on) (?:\w+ ){{0,2}}?(?:the |a |this |that )?{HEIGHTS}\b(?! of (?:\w+ )?(?:my seat|the bed|sanity))"),
    r"\b(?:train tracks|railroad|rooftop)\b|\b(?:standing|sitting|im|i am) on (?:the|a) (?:edge|ledge|roof)\b(?! of)",
    r"\bjump\w* (?:off|from|in front of|out (?:of )?(?:a |the )?window)\b",
    (r"\b(?:should|could|going to|want to|ready to|ill|just|might|about to|to) (?:just )?jump\b"
     r"(?! (?:in|on|at|to|back|for|up|into|start|over))"),
    (r"\b(?:drive|driving|drove|swerv\w*|steer\w*|crash\w*|run|running|walk\w*|step\w*) (?:my car |the car |myself )?"
     r"(?:off|into|in front of) (?:the |a |an |oncoming )?(?:road|bridge|cliff|wall|tree|river|lake|pole|truck"
     r"|traffic|ditch|barrier|train|bus|semi|overpass|ocean)\b|\bcrash(?:ing)? (?:my|the) car\b"),
    r"\b(?:drink|drinking|drank|swallow\w*) (?:the |some )?(?:bleach|antifreeze|poison)\b|\bcarbon monoxide\b",
    (r"\bswallow\w* (?:all|everything|every|the (?:whole|entire|rest)|a (?:bunch|handful|bottle|whole)|them all"
     r"|it all|the bottle|handfuls)\b"),
    r"\bi (?:have|got|bought) a gun\b|\b988\b|\bcrisis (?:line|text|hotline)\b|\bsuicide hotline\b|\b741741\b",
    r"⚰|🪦",
)

# --- Crisis: danger from someone else --------------------------------------------------------------

# Needs a doer named or implied before it (bot.intents._by_someone): "he hit me", not "it hit me".
HIT = (
    r"\bhit(?:s|ting)? me\b",
    (r"\b(?:punch|slap|chok|strangl|kick|beat|shov|push|attack|rap(?:e|ed|ing)|assault|stab|shot|shoot|grab|chas"
     r"|smack|slam|drag|thr[eo]w|pinn|bit|spit|spat|squeez|twist|yank|elbow|headbutt|kneed|tackl|smother|restrain"
     r"|corner|hurl)\w* me\b(?! (?:away|out|off|to (?!the |a )|aside|for|into (?:a|the) (?:decision|corner)"
     r"|an? (?!few|couple|bunch|lot)|the (?:text|message|pic|photo|link)))"),
    (r"\b(?:grab|chok|squeez|twist|pull|yank|punch|slap|hit|kick|smack|shov|push|pinn|bit|scratch|strangl|elbow"
     r"|burn|cut|stab)\w* (?:me )?(?:by )?(?:my|the kids|my (?:son|daughter)s?) (?:neck|throat|arms?|wrists?|hair"
     r"|face|head|hands?|shoulders?|jaw|ribs|chest|stomach|back|legs?|mouth|nose|eye)\b"),
    r"\b(?:took|broke|threw|hid|stole|snatched|smashed) my (?:phone|keys|car keys|passport|id)\b",
    r"\b(?:held|hold|holding|pinned|pinning) me (?:down|against|by|there|hostage)\b",
)
# Needs a threatener in the 60 characters before it: "hell kill me", "he said hed hurt the kids";
# "this is going to kill me" does not count.
VIOLENT = r"(?:kill|hurt|harm|shoot|stab|beat|hit|choke|strangle|find|come after|get back at|ruin)"
VICTIM = r"(?:me|us|the kids|my kids|the children|the baby|my (?:son|daughter))"
HARM = rf"\b{VIOLENT} {VICTIM}\b"
THREATENER = (r"\b(?:hell|shell|theyll|hed|shed|theyd)\b",
              (rf"\b(?:he|she|they|hes|shes|{SPOUSE})\b.*\b(?:will|would|might|could|going to|wants to|tried to"
              r"|try to|said|says)\b(?: \w+)?$"))
# Fear of someone, with a danger word within the sentence either side of it.
FEAR = r"(?:scared|afraid|terrified|frightened|fear|fearing|fearful|petrified|freaking out|panicking|worried)"
DANGER = (r"(?:hurt|kill|hit|harm|make me pay|come after|get me|find me|violent|rage|raging|yelling|screaming"
          r"|going crazy|losing it|out of control|for my (?:life|safety|kids|children)|for the kids|drunk|drinking"
          r"|angry|temper|snap|snaps|punch\w*|walls|weapon|take the kids|find (?:out )?where i"
          r"|what (?:he|she|they|hed|shed|hell|shell)"
          r"(?: will| would| might| could| is going to)? do|of (?:him|her|them|my " + SPOUSE + r")\b"
          r"(?! (?:leaving|moving|not|never|finding|forgetting|meeting|dating|being|getting|seeing))"
          r"|to (?:go|be|come|stay|sleep|return) (?:back )?(?:home|there|in (?:my|the|our) house)|to leave)")
OTHER = (
    rf"\b{FEAR}\b[^.!?]{{0,60}}\b{DANGER}\b|\b{DANGER}\b[^.!?]{{0,60}}\b{FEAR}\b",
    # Threats and the words of one
    r"\bthreat(?:s|en|ens|ened|ening)?\b|\bcant have (?:me|you)\b[^.!?]{0,20}\b(?:nobody|no one|noone)\b",
    (r"\bmake (?:me|you|us) (?:pay|regret|suffer|sorry)\b|\b(?:youll|you will|youre going to|you are going to)"
     r" (?:be sorry|regret (?:this|it|leaving)|pay for)\b|\bwatch (?:your|my) back\b"),
    (r"\b(?:said|says|told me|tells me|saying|threatened)\b[^.!?]{0,40}\b(?:ill|youll|you will|i will|id|youd)"
     r" (?:regret|be sorry|never see (?:the|my|your) kids|pay)\b"),
    (r"\b(?:wont|will not|refuses to|refused to) (?:give|bring) (?:them|the kids|my kids|the children|the baby"
     r"|my (?:son|daughter)) back\b|\btook the kids and (?:left|ran|disappeared)\b"),
    r"\b(?:trying|tried|try) to (?:get|break|force (?:his|her|their) way) in\b",
    r"\bbruises\b|\bbruised (?:my|me)\b|\bblack eye\b|\bsplit (?:my )?lip\b|\bharass\w*",
    r"\b(?:gets|got|getting|is|was|been|becomes) (?:really |so |very )?(?:violent|dangerous)\b",
    r"\bknows where i (?:live|am|work|stay|sleep)\b|\b(?:has|shares|sharing|tracks) my location\b",
    r"\b(?:dv|womens|domestic violence) shelter\b|\bsafe (?:place|house) to (?:stay|go|sleep)\b",
    # Pursuit, watching, tracking
    r"\bstalk\w* me\b|\bstalker\b|\bfollow(?:s|ing|ed) me\b(?! (?:on|back))",
    (rf"\b(?:he|she|hes|shes|they|theyre|{SPOUSE}) (?:is |has been |been |keeps |started )?stalk\w*\b"
     r"(?! (?:his|her|their|my (?:ig|insta|instagram|fb|facebook|page|profile|socials)))"),
    (r"\b(?:track\w*|bugg\w*|hack\w*|spy\w*|spied|monitor\w*) (?:on )?(?:my (?:phone|car|location|email|emails|texts"
     r"|messages|accounts?|laptop|computer|whereabouts)|me\b)|\bair ?tags?\b|\bgps tracker\b|\bspyware\b"),
    (r"\b(?:hes|shes|he is|she is|theyre|he was|she was|been|keeps) (?:out )?(?:looking|searching|hunting|coming)"
     r" for me\b|\b(?:hiding|hid) (?:in|from|at|out)\b"),
    (rf"\b(?:he|she|they|{SPOUSE})(?:s| is| was| keeps| kept| has been|s been)?\b[^.!?]{{0,25}}\b(?:outside"
     r"|in front of|around|near) (?:my|our) (?:door|house|home|window|windows|apartment|apt|place|work|job|office"
     r"|car|building|porch|yard|driveway|street|parents|moms|dads)\b"
     r"|\b(?:keeps|kept) (?:showing|turning|popping) up\b"),
    (r"\b(?:hes|shes|he is|she is) (?:here|outside|at (?:the|my) door|coming|on (?:his|her) way)\b"
      r"(?=.*\b(?:scared|afraid|terrified|help|angry|drunk|violent|yelling|screaming)\b)"),
    (r"\b(?:outside|at) (?:my|the) (?:door|house|window|apartment|place|home)\b"
      r"(?=.*\b(?:scared|afraid|terrified|frightened|help)\b)|\bthr[eo]w\w* [^.!?]{0,20}at me\b"),
    # Confinement and break-ins
    r"\block(?:ed)? (?:myself|me|us|the kids|me and the kids) in\b|\bbarricad\w*",
    (r"\b(?:wont|will not|wouldnt|refuses to|refused to) leave (?:me alone|my (?:house|place|work|porch|yard"
     r"|property|door|driveway|apartment))\b|\b(?:wont|will not|wouldnt|doesnt|didnt|refuses to|refused to) let me"
     r" (?:leave|go|out|in|sleep|call)\b|\b(?:wont|wouldnt) leave\b(?= *(?:$|[.!?]))"),
    (r"\bbr(?:oke|eak|eaks|eaking|oken) in\b(?! ?to (?:tears|a))|\bbr(?:oke|eak|eaks|eaking|oken) into (?:my|our|the)"
     r" (?:house|home|place|apartment|apt|car|room|office)\b|\bbr(?:oke|eak\w*) (?:down|open|through) (?:my|the|our)"
     r" (?:door|window|gate|lock)\b|\bkick\w* (?:in|down|open) (?:my|the|our) (?:door|window)\b"),
    r"\b(?:bang|pound)\w* on (?:my|the|our) (?:door|window)|\bsmash\w* my (?:phone|car|window|door|things|stuff|face|head)\b",
    (r"\bpunch\w* (?:a |the |holes in the )?(?:walls?|doors?|windows?)\b|\b(?:throw|threw|throwing|smash\w*)"
     r" (?:things|stuff|dishes|plates|furniture|glass|bottles)\b"),
    # Violence named outright
    r"\b(?:put|laid|lay|layed) (?:his|her|their) hands on (?:me|my|the kids)\b|\bby (?:my|the) (?:hair|throat|neck)\b",
    r"\bpulled my hair\b|\bbroke my (?:arm|nose|wrist|ribs?|jaw|hand|finger|tooth|teeth)\b",
    r"\bburn (?:the|my|our) house\b|\bset (?:me|it|the house|my car) on fire\b|\b(?:run|ran|running) me (?:over|off)\b",
    (r"\btried to (?:kill|hurt|choke|strangle|stab|shoot|run me|drown|smother)\b|\b(?:kill|hurt) (?:himself|herself"
     r"|themselves)\b"),
    r"\b(?:dont|do not|didnt|never|no longer) feel safe\b|\bunsafe\b|\bnot safe (?:at home|here|with|around)\b",
    r"\b(?:domestic|dv) (?:violence|abuse)\b|\babus(?:e|ed|ive|ing)\b|\b(?:raped|rape|molest\w*|sexually assault\w*)\b",
)

# Signs that someone else was a danger, told calmly ("the restraining order got approved today", "my cousin
# called 911 and the police took him, im ok"): not a crisis by themselves, but worth "are you safe?".
CONTEXT = (r"\bcalled (?:the )?(?:police|cops|911)\b|\b(?:restraining|protective|protection) order\b"
           r"|\border of protection\b|\b(?:the )?police (?:came|took|arrested|were called)\b"
           r"|\bsecurity (?:made|walked|escorted|had to)\b|\b(?:yelling|screaming) (?:at me|in the|outside)\b"
           r"|\b(?:asking|asked|wants to know|keeps asking) where (?:i|im) (?:live|am|staying|stay|sleep)\b")

# Weapons: danger from someone else, unless the member holds it ("i have a gun in my lap").
WEAPONS = (r"\b(?:gun|guns|knife|knives|weapon|weapons|rifle|pistol|shotgun|machete|firearm|bullets?|ammo|handgun|revolver"
           r"|pistola|arma|armas|cuchillo|navaja|escopeta)\b|🔪|🔫|🗡")
# What makes a weapon a danger: pointed, loaded, shown, threatened with, feared, or held to oneself.
WEAPON_DANGER = (r"\b(?:point\w*|aim\w*|load\w*|cock\w*|wav\w*|show\w*|pull\w*|threat\w*|held|hold\w*|grab\w*|came at"
                 r"|put (?:it|the|a) (?:to|in|on)|to my (?:head|throat|neck|chest|temple|wrist|arm)|in my (?:mouth|lap"
                 r"|hand|hands)|scared|afraid|terrified|kill|shoot|stab|cut|hurt|die|end it|staring|stare|looking at it"
                 r"|combination|safe|nightstand|under (?:his|her|the) (?:pillow|seat|bed)|has a|had a|got a|brought|carries"
                 r"|carrying|keeps a|tiene|sac\w*|apunt\w*|amenaz\w*|cargad\w*)\b|🔪|🔫|🗡")
# Weapons in ordinary life: hunting, the range, a sale, a film or a game.
WEAPON_ORDINARY = (r"\b(?:hunt\w*|deer|elk|duck|pheasant|season|range|target practice|gun shop|gun show|sell\w*|sold"
                   r"|safety (?:class|course)|museum|collection|collector|grandpa|grandfather|war|movie|film|show|game"
                   r"|minecraft|fortnite|call of duty|nerf|water gun|paintball|airsoft|butter knife|kitchen knives"
                   r"|knife set|steak knife|chef|cooking|chopping|sharpen\w*)\b")
# The member holds the weapon: "i have a gun", "my dads pistol is in my hand", "gun in my lap".
OWN_WEAPON = (r"\b(?:i|im|ive|id)\b(?: \w+){0,3}? (?:have|got|bought|holding|hold|loaded|load|cleaning|took out|took"
              r"|grabbed|found|keep|kept|am holding)\b|\b(?:in|on) my (?:lap|hand|hands|nightstand|mouth|head|temple)\b"
              r"|\bmy (?:own )?(?:gun|pistol|rifle|shotgun|knife|firearm)\b"
              r"|\b(?:tengo|agarre|compre|saque) (?:el|la|un|una|mi) (?:gun|pistola|arma|cuchillo|navaja)\b")

# --- Contact: by the spouse, by the member --------------------------------------------------------

# Groups say who must come before the match: "me" someone, named or implied ("called me again");
# "did" someone named ("he called"; a bare "called" is the member's own log); "from" anybody.
SPOUSE_CONTACTED = (
    r"(?P<me>\b(?:called|texted|messaged|emailed|facetimed|dmd|rang|phoned|telephoned|wrote|snapped|whatsapped"
    r"|contacted|voicemailed|reached out to|sent) me\b|\bhit me up\b"
    r"|\bleft me (?:a|an) (?:voicemail|message|vm|note|text)\b)"
    r"|(?P<did>\b(?:reached out|came by|came over|showed up|stopped by|dropped by|replied|responded|hugged me|kissed me"
    r"|dropped (?:the kids|them|the dog) (?:off|back)|came to (?:the|my) door"
    r"|wrote back|texted back|called back|answered (?:my|me)|(?:called|texted|messaged|emailed|facetimed|rang|phoned|telephoned)"
    r"(?=$|[.,!?]| (?:today|tonight|again|first|earlier|just now|last night|this morning|yesterday"
    r"|out of nowhere|finally|omg|lol|to (?:ask|say|tell|check|see|let|talk|complain|yell|apologi[sz]e|wish)|at \d|at night"
    r"|crying|drunk|asking|about|twice|3 times|all night|all day|me|and|every|at|again|back|late|early|this|i|saying|that"
    r"|something|a|an|the)))\b)"
    r"|(?P<es>\bme (?:escribio|llamo|marco|hablo|mando|contesto|respondio|texteo|busco|dejo un)\b"
    r"|\b(?:recibi|me llego) (?:un |una )?(?:mensaje|carta|text|llamada|mensajito|correo) de\b"
    r"|\bgot a (?:mensaje|text|message|call) from\b)"
    r"|(?P<from>\b(?:got|get|getting|received|had) (?:a |an |another |his |her |this |the )?(?:text"
    r"|call|message|email|voicemail|vm|dm|facetime|snap|letter|card|reply|response)s? (?:back )?from\b)"
)
CONTACTED = (
    rf"\b(?:called(?! (?:in|it)\b)|texted|messaged|emailed|facetimed|dmd|rang|phoned|telephoned|contacted){NOT_OTHERS}"
    r"|\bmet (?:up with )?[a-z]+ for (?:lunch|coffee|dinner|a drink|drinks|breakfast)\b"
    r"|\b(?:reached out|caved"
    rf"|gave in|slipped(?! on)|(?:snapped|whatsapped|visited) (?:him|her|them|my {SPOUSE})"
    rf"|sent (?:him|her|them|my {SPOUSE}|it|that)\b|sent (?:{NAME} )?(?:a|an|another|the) (?:long )?"
    r"(?:text|message|email|letter|dm|voice)|left (?:him|her|them) |wrote (?:him|her|them)"
    r"|went (?:over|to see|to his|to her|to their|by)|drove (?:over|to|by|past)|showed up|stopped by"
    rf"|had to (?:call|text|email|message|see|facetime|contact|talk to|dm)\b{NOT_OTHERS}"
    # Added with the held-out work: "ended up calling her", "shot him a text", "hit him up".
    r"|ended up (?:calling|texting|messaging|emailing|facetiming|going|driving|replying|answering)"
    rf"|(?:shot|hit) (?:him|her|them|my {SPOUSE}) (?:a (?:text|message|dm|email)|up)"
    r"|sent (?:a|an|him a|her a) (?:long |short |quick )?(?:paragraph|essay|novel|msg|voice memo|voice note|selfie|pic|photo)"
    r"|sent (?:him |her |them )?[\"\u201c]|sent (?:him |her |them )?(?:a )?(?:happy \w+|merry \w+|good (?:morning|night|luck)"
    r"|congrats|hey|hi)|met (?:him|her|them|up with (?:him|her|them))|venmo\w* (?:him|her|them)"
    r"|(?:stayed|hung out) (?:for|at) (?:coffee|dinner|a drink|his place|her place)"
    r"|\d+ (?:texts|calls|messages) to (?:him|her|them)"
    # Spanish: "le escribí", "lo llamé", "tuve q verlo"
    r"|(?:le|lo|la) (?:escribi|llame|marque|mande|hable|texte|conteste|respondi|busque|vi)"
    r"|tuve q(?:ue)? (?:verlo|verla|escribirle|llamarle|hablarle|marcarle|contestarle|ir a verlo|ir a verla)"
    r"|fui a (?:verlo|verla|su casa|su trabajo))\b"
)
CHANNEL = (r"\b(?:(?P<call>call|rang|phon|voicemail|facetim|dial)"
           r"|(?P<text>text|messag|dm|email|wrote|writ|sent|snap|whatsapp)"
           r"|(?P<visit>went|drove|came|come|showed up|stopped by|dropped by|visit|see))")
# The contact never connected: an attempt, not a conversation (no reception to ask about).
ATTEMPT = (r"\b(?:(?:didnt|did not|wouldnt|wont|never|doesnt) (?:pick up|picked up|answer|open (?:the door|up)|come to the door"
           r"|take my call|accept)|no answer|went (?:straight )?to (?:voicemail|vm)|straight to (?:voicemail|vm)"
           r"|sent (?:me )?to (?:voicemail|vm)|left (?:him|her|them)? ?(?:a |an )?(?:voicemail|vm|voice message)"
           r"|(?:declined|rejected|ignored|ended) (?:my|the) call|blocked (?:me|my number)|im blocked|(?:it|phone) just rang"
           r"|rang out|nobody (?:answered|home|came)|no one (?:answered|came)|not home|wasnt home|wasnt there|no contesto"
           r"|no me contesto|buzon|(?:did not|didnt|would not|wouldnt|did not wish to|didnt want to) (?:wish to )?(?:come to the"
           r" phone|talk to me|speak to me))\b")
# How many contacts one report logs: "3 times", "twice", "x3", "sent 4 texts".
TIMES_WORDS = {"once": 1, "twice": 2, "thrice": 3, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple": 2, "a few": 3, "several": 4, "like five": 5}
TIMES = (r"\b(?:(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a couple|a few|several) ?(?:times|x\b"
         r"|texts|messages|calls|emails|voicemails)|x ?(?P<m>\d{1,2})\b|(?P<word>once|twice|thrice))")

# Contact about children, money, housing or the divorce is never a slip (ADVICE.md, "Our stance").
NEEDED = ("kids?", "kiddos?", "children", "child", "son", "daughter", "custody", "school",
          "(?:school |daycare |kids? |the |for |about |a )pick ?-?ups?", "pickups?", "drop ?-?offs?",
          "dogs?", "puppy", "cats?", "pets?", "hand ?-?offs?", "venmo\\w*", "my half", "his half", "her half",
          "picking up (?:the )?\\w+", "ninos", "hijos", "hijas?", "recoger", "escuela", "dinero", "renta", "abogad[oa]",
          "custodia", "pension", "doctor", "cita", "daycare", "doctors?", "dentist", "appointments?", "mortgage", "rent", "bills?",
          "money", "payments?", "child support", "alimony", "insurance", "lawyers?", "attorney", "court",
          "mediat\\w+", "papers", "divorce", "tax(?:es)?", "bank", "soccer", "practice", "visitation",
          "schedule", "medical", "hospital", "emergency", "homework", "teacher", "utilities", "lease",
          "the house", "the car", "vet")

# --- Urge ------------------------------------------------------------------------------------------

DESIRE_WORDS = ("want", "wants", "wanting", "need", "needs", "going to", "about to", "tempted", "dying to",
                "close to", "thinking about", "thinking of", "feel like", "feeling like", "should i", "can i",
                "could i", "help me not", "stop me from", "myself from", "trying not to", "try not to",
                "hard not to", "itching to", "ill", "planning to", "ready to", "everything in me", "i might",
                # Added with the held-out work: "is it bad if i text her", "one second from calling".
                r"i could(?! (?:never|not|have))", "resist", "resisting", r"(?:is|would) it be (?:bad|ok|okay|wrong)",
                r"is it (?:bad|ok|okay|wrong|weird|crazy)", "what if i", r"(?:seconds?|minutes?|moments?) from")
DESIRE = _ALT.format("|".join(DESIRE_WORDS))
CONTACT_WORDS = ("call", "calling", "text", "texting", "message", "messaging", "email", "emailing", "facetime",
                 "facetiming", "dm", "snap", "whatsapp", "ring", "phone", "reach out", "reaching out", "cave",
                 "contact",
                 "contacting", "cave and", "break and", "send", "sending", "write", "writing", "drive", "driving",
                 "telephone", "telephoning", "ring (?:him|her|them)", "give (?:him|her|them) a (?:call|ring)",
                 "show up", "showing up", "go (?:see|over|in|inside)", "knock", "going over", "beg",
                 "hear from (?:him|her|them)", "hear (?:his|her|their) voice", "ask (?:him|her|them)",
                 "reply", "respond", "answer", "unblock", "follow (?:him|her|them) back", "like (?:his|her|their) (?:post|pic|photo|story)",
                 rf"(?:see|seeing|visit|visiting|talk to|talking to|tell) (?:him|her|them|my {SPOUSE})")
CONTACT = _ALT.format("|".join(CONTACT_WORDS))
URGE = (
    r"\burges?\b|\bcrav\w*",
    rf"\b(?<!not )(?<!dont )(?<!do not )(?<!never ){DESIRE}\b(?: \S+){{0,6}}? {CONTACT}\b{NOT_OTHERS}",
    (r"\btempt\w*|\b(?:outside|parked (?:outside|near|by)|in front of) (?:his|her|their) (?:house|place|work|apartment"
     r"|office|door|building)\b|\b(?:his|her|their) (?:number|contact|chat|thread|convo) (?:is )?(?:pulled up|open)\b"),
    r"\bstaring at (?:his|her|their) (?:name|number|picture|photo|pic|profile|contact|messages|texts|chat)\b",
    (r"\b(?:typing|writing|drafting|composing) (?:out )?(?:(?:a|an|the|this|him|her) )+(?:text|message"
      r"|email|letter|dm)\b|\b(?:finger|thumb)s?\b[^.!?]{0,30}\b(?:button|send|dial|hovering)\b"),
    r"\bhovering over\b|\b(?:picking up|pick up|grabbing|staring at) (?:my|the) phone\b",
    r"\b(?:text|message|email|letter) (?:to (?:him|her|them) )?(?:is )?(?:all )?(?:written|typed|drafted)",
    r"\bhavent sent\b|\bnot sent (?:it )?yet\b|\bunsent\b|\ba draft\b|\bin (?:my )?drafts\b",  # a message waiting
    (r"\b(?:crossing a line|any harm in (?:sending|texting|calling)|le doy enviar|en el parking de su|pls stop me|please stop me"
    r"|stop me from|dialing|voice (?:memo|note) for (?:him|her) ready)\b"),
    r"\bdrafted (?:a|an|the|another) (?:text|msg|message|email|letter)\b|\b(?:hand|phone) on the phone\b|\bhand on (?:my|the) phone\b",
    r"\b(?:about to|im|i am) send(?:ing)? it\b|\bdont stop me\b|\bhold me back\b|\btalk me (?:out of|down from) it\b",
    (r"\btentad[ao]\b|\ble voy a (?:decir|escribir|llamar|marcar|mandar|textear|hablar)\b|\bquiero (?:llamarle|escribirle"
    r"|hablarle|marcarle|textearle|verlo|verla|decirle)\b|\bganas de (?:llamarle|escribirle|hablarle|marcarle|verlo|verla"
    r"|mandarle|textearle|contestarle)\b"),
)
# A question whether to contact them, or to answer them: "should i text back?", "reply or ignore??", "le contesto?".
URGE_QUESTION = (
    r"\b(?:should i|do i|can i|could i|shall i|do i have to|do i need to|would it be (?:bad|ok|okay|weird|wrong) (?:if i|to)"
    r"|is it (?:bad|ok|okay|wrong|weird|a bad idea|so bad) (?:if i|to)|is it bad if i|what if i|would it hurt to)\b[^.!?]{0,40}"
    r"\b(?:text|call|reply|respond|answer|write|message|msg|dm|like|follow|unblock|reach out|say it back|send|contact|ask"
    r"|go see|visit|wish|email|facetime|tell (?:him|her|them)|say (?:\w+ ){1,3}back|meet (?:him|her|them|up)|see (?:him|her|them))"
    r"|\bshould i (?:go|meet|see)\b[^.!?]{0,30}\?"
    r"|\b(?:reply|respond|answer|text (?:him|her|them|back|\w+)|call (?:him|her|them|back)|msg (?:him|her|them)|unblock (?:him|her)"
    r"|follow back|say it back|go in|text back|call back|1 more text|one more text|just one (?:call|text))\b[^.!?]{0,20}\?"
    r"|\b(?:reply|answer|respond|text back) or (?:ignore|not|leave it|no)\b|\bor (?:just )?(?:ignore (?:it|him|her)|leave it"
    r"|leave (?:him|her) on read)\b"
    r"|\b(?:le|lo|la) (?:contesto|respondo|escribo|llamo|marco|mando|hablo|doy follow)\b|\bdeberia (?:contestarle|escribirle"
    r"|llamarle|responderle|marcarle)\b|\b(?:contestarle|escribirle|llamarle|responderle|marcarle|textearle)\b[^.!?]{0,20}\?"
)

# --- Short answers ---------------------------------------------------------------------------------

# A number and a few filler words: "3", "3/5", "a 4", "about 2 now", "like 20 times a week", "4ish".
RATING_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4,
                "cinco": 5}
RATING = (rf"(?P<pre>(?:[a-z]+ ){{0,5}})(?P<n>\d{{1,3}}|{'|'.join(RATING_WORDS)})(?:ish)?(?: ?(?:/|out of|de) ?\d{{1,3}}|x\b)?"
          r"(?P<post>(?: [a-z]+){0,3})")
RATING_FILLER = ("a", "an", "like", "about", "around", "maybe", "prob", "probably", "its", "it", "is", "id", "say",
                 "would", "honestly", "tbh", "still", "now", "rn", "right", "solid", "at", "least", "um", "umm",
                 "uh", "hmm", "ish", "lol", "ugh", "only", "just", "times", "x", "i", "guess", "think", "per", "week",
                 "day", "daily", "weekly", "rate", "somewhere", "today", "tonight", "idk", "un", "una", "como", "creo",
                 "passing", "passed", "better", "fading", "easing", "down", "gone", "going", "to", "bed", "fine",
                 "maso", "mas", "o", "menos", "yo", "diria", "le", "doy", "ahorita", "ahora", "more", "less", "or", "so",
                 "atm", "currently", "honest", "ok", "okay", "hm", "probs")
SHORT_FILLER = r"(?:\W+(?:please|pls|porfa|thanks|thank you|thx|lol|haha|i guess|i think|for sure|sure|ok|really|sorry"
SHORT_FILLER += r"|gracias|no|not really|good night|night|x+|:\)))*"
UNSURE = ((r"^(?:im |i am |honestly |um |hmm )?(?:not (?:really )?sure|unsure|idk|i dont know|dont know"
          r"|dunno|maybe|hard to say|no idea|eh|meh|possibly|perhaps|kinda|sort of|who knows|cant tell|no se|ni idea"
          r"|quien sabe|tal vez|quizas)(?: \S+){0,3}$"),)
YES_WORDS = (r"(?:y|yes+|yeah+|yea+|yep+|yup+|yah|ye|yas+|yass+|sure|alright|absolutely|definitely|certainly|of course"
             r"|totally|mhm+|uh huh|correct|indeed|affirmative|you bet|yes please|please do)")
YES = (rf"^(?:ok |okay |oh )?{YES_WORDS}\b(?! not\b)\S*(?:\s+\S+){{0,6}}$",
       rf"^(?:orale |bueno )?(?:ya+|si+|sip|simon|dale|aja|claro|por supuesto|va|sale)(?: claro| si| porfa)?{SHORT_FILLER}$",
       r"^(?:that is|thats|that's) (?:correct|right)\b",
       "^[\U0001F44D\u2705\u2714]+$")
# "no point texting him" is a remark, not an answer.
NO = ((r"^(?:n|no+|nope|nah+|naw|nop|negative|nuh uh|not really|not at all|no way|definitely not|hell no|not today"
       r"|not at the moment|not now|not rn|not yet|i dont think so|claro que no|ni modo|para nada|nel|know|no creo|na|nah"
       r"|id rather not|i would rather not|rather not)"
       r"(?:\W+(?:thanks|thank you|thx|ty|gracias|lol|sorry|really|not really|no|thank you though|maam|sir|creo))*$"),
      (r"^(?:no+|nope|nah+|naw)\b(?! (?:point|reason|one|body|longer|matter|se|me|le|lo|la|te|quiero|puedo|tengo|hay"
      r"|mas|estoy|sé|creo|es|era|fue)\b)\W+(?:(?:he|she|they|it|i|im|not|that|this|we|was|wasnt|didnt|dont|just)\b"
      r"(?:\s+\S+){0,8})$"),
      "^[\U0001F44E\u274C\U0001F6AB]+$")
