"""The vocabulary of crisis cues read by bot.understanding.crisis: words and regular-expression fragments.

Same form as bot.understanding.vocabulary (lowercase, no apostrophes; a tuple is an alternation).
Crisis words are deliberately broad (ADVICE.md, "Our stance": safety comes first). A false alarm
costs one kind message and a human's look; a miss can cost a life. Narrow crisis detection only
through IDIOMS, which are blanked out before any crisis cue is looked for, never by deleting a cue.
"""

from __future__ import annotations

from bot.understanding.vocabulary import _ALT, PEOPLE, SPOUSE, SPOUSE_WORDS

# --- Crisis: figures of speech, blanked out first --------------------------------------------------

# Mundane things that "are killing me": the urge, the wait, sore feet. Not people.
THINGS_WORDS = ("this", "that", "thats", "it", "its", "urge", "urges", "wait", "waiting", "suspense", "feet", "back",
                "head", "headache", "anxiety", "silence", "distance", "limbo", "uncertainty", "not knowing", "traffic",
                "job", "work", "heat", "commute", "kids", "signals", "separation", "curiosity", "missing (?:him|her)",
                "day", "week", "month", "weather", "boss", "meetings?", "schedule", "deadline", "shift", "class",
                "homework", "game", "cold", "flu", "cough", "knee", "neck", "stomach", "cramps", "allergies")
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
# "wanna die". The words before them decide (bot.understanding.crisis._about_member): a first-person word
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
    (r"\b(?:after|once|by the time) im gone\b(?! (?:for|to|from|on|at|away|out|home|back))|\bill (?:already )?be gone"
     r" before (?:you|anyone|they|he|she)\b|\bdone (?:with )?living\b(?! (?:here|there|in|with|at|together|like))"),
    r"\b(?:feel|be) nothing\W+(?:ever again|permanently|forever)\b|\bno (?:tiene|vale la pena|hay) (?:caso|razon)? ?seguir viviendo\b",
    (r"\b(?:want|wish|like|just want|ready|going|deserve|rather|should|could)\b(?: \w+){0,3}? (?:disappear|vanish)\b"
     r"(?! (?:into|in) (?:a|my|the) (?:book|show|movie|game|bed|blanket)| for (?:a|the) (?:few|couple|while|bit|week"
     r"|weekend|day|night)| (?:to|into) (?:the|a|my) (?:beach|cabin|mountains|woods for the weekend|lake)| on vacation)"),
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
    # "tired of living with him", "sick of living in this house" are about housing, not life.
    (r"\b(?:tired|sick|exhausted|done|weary) (?:of|with) (?:living\b(?! (?:here|there|together|with|in (?:this|that|his|her"
     r"|my|the|a)|at|under|near|so close|out of))|life|being alive|existing|this life|this world|breathing)\b"),
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

# Needs a doer named or implied before it (bot.understanding.clauses.by_someone): "he hit me", not "it hit me".
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
