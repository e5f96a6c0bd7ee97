"""Spot emergencies, crises and non-English text: pure functions, no Rasa.

``detect(text)`` says whether a message describes an emergency (answer: call 911),
a suicide or self-harm crisis (answer: 988, and 911 in immediate danger), or is
not in English. It runs on every message after the NLU model (see
``rasa_plugins.components.SafetyGuard``), so it works whatever the model's confidence.

The detector matches phrases, not single words: "what does protection mean to
West Sac?" or "courage in the face of danger" name no emergency, while "I'm in
danger" does. A crisis is also read in plain words ("I can't go on", "I'm in a
really dark place", "she gave her things away"), and a crisis wins over an
emergency: its reply names 911 for immediate danger too. Phrases that name a
programme or a field of police work ("suicide prevention training", "domestic
violence outreach", "emergency preparedness goal") are masked first
(``TOPIC_PATTERNS``), so statement questions stay questions. Typos are
tolerated: each word of five letters or more that is one edit (two for long
words) away from a trigger word is read as that word, so "somone has a gun",
"attaked" and "sucide" are understood.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import Enum
from functools import lru_cache

from rapidfuzz.distance import OSA

from statement_bot import text as shared
from statement_bot.text import cap_text


class Alert(str, Enum):
    """What a message needs before anything else (the value is the intent name)."""

    EMERGENCY = "emergency"
    CRISIS = "crisis"
    NON_ENGLISH = "non_english"


# --- normalising -----------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_REPEATS = re.compile(r"(.)\1{2,}")

# Chat spellings read as words before matching.
_SPELLINGS: dict[str, str] = {
    "some1": "someone",
    "sum1": "someone",
    "someon": "someone",
    "sombody": "somebody",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "rn": "now",
    "ppl": "people",
    "b4": "before",
    "gonna": "going to",
    "gunna": "going to",
    "wanna": "want to",
    "wana": "want to",
    "tryna": "trying to",
    "gotta": "got to",
    "bein": "being",
    "beeing": "being",
    "gettin": "getting",
    "tryin": "trying",
    "goin": "going",
    "myslef": "myself",
    "mysefl": "myself",
    "myselft": "myself",
}

# Words a typo could otherwise turn into a trigger word ("attached" -> "attacked").
_KEEP_AS_IS = frozenset(
    """attached attach attaches breeding shooing stable stabled stubbed hunting
    hurting hurts heart heard fired firing fires filing killer skill skilled
    kills spilling shooter shorting starving striving string strong bleeping
    sleeping smoking cutting stroke strike strokes choice choose chosen
    following followed deadline values valued assault assist assisted dying
    dining drowned drawing dangerous protect protection protects protecting
    protected missing mission missions vision visions""".split()
    # Everyday words next to the crisis phrases' words ("homeless" is not
    # "hopeless", a "noise complaint" has no noose, a "beach" no bleach).
    + """homeless noise noises beach breach blond staff while whose leaving learning
    leading failing filling setting spending testing smart stated stared sharing
    saving shall though thorough thank widow emergence brake mediation meditation
    massage metal battle battles newer older sleek steep sweep bride lodge despite
    inclusive intensive drink drunk cooked waiting wasting matter masters heated
    halted raising raining write thought tested packed pocket shading shaping
    feeding needy masses messes deaths depth wound scouting clearing cleansing
    practice friend situation situations lined""".split()
)


def normalize(text: str) -> str:
    """``statement_bot.text.normalize`` read as chat: "I'M" -> "im", "u" -> "you".

    On top of the shared rules: apostrophes are dropped rather than split on
    ("don't" -> "dont", as the phrases spell it), a character repeated three
    times or more counts twice ("hellllp" -> "hellp"), and chat spellings
    (``_SPELLINGS``) are read as the words they stand for.
    """
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = _REPEATS.sub(r"\1\1", shared.normalize(text.replace("'", "")))
    return " ".join(_SPELLINGS.get(w, w) for w in text.split())


# --- the phrases -----------------------------------------------------------

_SELF = r"(?:myself|my self|meself|himself|herself|themselves|themself|ourselves)"
_PERSON = (
    r"(?:someone|somebody|anyone|anybody|people|a person|person|a man|man|a woman|"
    r"woman|a guy|guy|a kid|kid|a child|child|a baby|baby|he|she|they|we|im|i am|"
    r"hes|shes|theyre|were|"
    r"i|my \w+|a \w+|the \w+|his \w+|her \w+|our \w+)"
)
_WEAPON = (
    r"(?:gun|guns|pistol|handgun|rifle|shotgun|knife|knifes|knives|machete|weapon|"
    r"weapons|firearm|bomb|blade|bat|ar15|ar|ak47|ak)"
)
_VICTIM = (
    r"(?:me|us|him|her|them|someone|somebody|people|everyone|everybody|my|his|"
    r"their|our|a|an|the|this|that|kids|children|neighbors|neighbours)"
)
_NOW = r"(?:now|right now|currently|at the moment|still here|still inside|outside)"

# A young child who swallowed pills did so by accident: an emergency, not a crisis.
_NOT_A_YOUNG_CHILD = (
    r"^(?!.*\b(?:kid|kids|baby|toddler|child|little (?:one|brother|sister|boy|girl))"
    r"(?: \w+){0,6} (?:took|take|taking|swallowed|swallow|swallowing|ate|downed|"
    r"popped|got into)\b).*?"
)
# What a person could use on themselves, for "I'm going to do it".
_MEANS = (
    r"(?:pills|tablets|meds|knife|blade|blades|razor|gun|rope|noose|ledge|bridge|"
    r"roof|cliff|tracks)"
)

# Each group below is one way of saying it; a message matching any pattern is a
# crisis. Crisis wins over emergency (``detect``): "I have a gun and I want to kill
# myself" gets the crisis reply, which names 911 for immediate danger too. The
# patterns speak of a person; programmes ("suicide prevention training") are
# masked first by ``TOPIC_PATTERNS``.
CRISIS_PATTERNS: tuple[str, ...] = (
    # Suicide and self-harm named outright, typos included.
    r"\bsuicid\w*",
    r"\bsucidal\b|\bsuicidial\b",
    r"\bself ?(?:harm|harming|injury|injuring|hurt)\w*",
    r"\b(?:kms|kys|unalive \w+)\b",
    # Killing, hurting or ending oneself; not safe with oneself.
    rf"\b(?:kill|killing|killed|hurt|hurting|harm|harming|cut|cutting|cuts|shoot|"
    rf"shooting|hang|hanging|drown|poison|poisoning|burn|burning|starve|starving|"
    rf"end|ending|stab|stabbing|off|offing) {_SELF}\b",
    r"\b(?:end|ending|ended|take|taking|took) (?:my|his|her|their|your) (?:own )?"
    r"lifes?\b",
    r"\b(?:end|ending|ended) (?:it all|everything|things|it)\b"
    r"(?! (?:with|for|on|at|by|in) )",
    rf"\b(?:do|doing|did) something (?:stupid |bad |drastic |terrible )?to {_SELF}\b",
    r"\b(?:going to|gonna|might|afraid ill|scared ill|scared im going to|want to) "
    r"do something (?:stupid|drastic)\b",
    r"\b(?:not|dont|do not|no longer) (?:feel )?(?:safe|trust (?:myself|himself|"
    r"herself)) (?:with|around|from|near) (?:myself|himself|herself|themselves)\b",
    # Self-harm going on: cutting again, cuts on the arms.
    r"\b(?:i|ive|im|he|hes|she|shes|been|started|keep|keeps|kept)(?: \w+){0,2} "
    r"(?:cutting|cut|burning|scratching|harming|hurting) again\b",
    r"\b(?:cut|cutting|cuts|slit|slitting|slice|slicing|slashed|slashing) "
    r"(?:on )?(?:my|his|her|their) (?:wrists?|arms?|thighs?|legs?|skin)\b",
    # Wanting to die, to disappear, or not to be alive.
    r"\b(?:want|wants|wanted|going|ready|plan|planning|plans|trying|try|tried|"
    r"deserve|deserves|just want|wish i could|need|about) to die\b",
    r"\b(?:i|we|he|she|they) (?:wanna|want to|should|will|am going to|m going to) "
    r"die\b",
    r"\b(?:dont|do not|doesnt|does not|dont really|no longer|dont even) "
    r"(?:want to|wish to|care to) (?:live|be alive|be here|exist|wake up|go on|"
    r"be around)\b",
    r"\b(?:want|wants|wanted|wanting|just want|wish i could|wishes he could|"
    r"wishes she could|going|plan|planning|would rather|talking about wanting) to "
    r"(?:just |really |simply )?(?:disappear|vanish|not exist|stop existing|"
    r"not be here|not be alive|not be around|not wake up|never wake up|"
    r"sleep forever|go to sleep forever|be gone|be dead|go away forever|fade away|"
    r"slip away)\b",
    r"\b(?:go to sleep|fall asleep|sleep) and (?:never|not) wake up\b",
    r"\bwish(?:es|ed)? (?:i|he|she|they) (?:was|were|had been|could be) "
    r"(?:dead|gone)\b",
    r"\bwish(?:es|ed)? (?:i|he|she|they) (?:had |was |were |had been )?never "
    r"(?:been )?born\b",
    r"\bwish(?:es|ed)? (?:i|he|she|they) (?:didnt|did not|wouldnt|would not|"
    r"could just) (?:exist|wake up|disappear|die)\b",
    r"\b(?:not|wont|will not|no longer) (?:be |being )(?:here|around|alive)"
    r"(?: much longer| anymore| any more| for long)\b",
    r"\b(?:better off dead|better off without me|wish i (?:was|were) dead|"
    r"want to be dead|cant go on|can not go on|cannot go on|tired of living|"
    r"tired of being alive|sick of living|nothing to live for|life is not worth|"
    r"life isnt worth|not worth living|hate my life and want)\b",
    # Better off without me; nobody would care.
    r"\bbe (?:so |much |so much |a lot )?(?:better|happier|easier) (?:off )?"
    r"without me\b",
    r"\bbetter off if (?:i|he|she) (?:was|were|wasnt|werent|was not|were not|"
    r"had not been|hadnt been|never) (?:gone|dead|here|around|alive|born)\b",
    r"\b(?:nobody|no one|noone) (?:would|will|is going to|going to) (?:even )?"
    r"(?:care|notice|miss (?:me|him|her))\b",
    r"\b(?:nobody|no one|noone) (?:would |will )?(?:even )?(?:cares?|cared|misses) "
    r"(?:about |for |if )?(?:me|him|her|whether i|if i)\b",
    # No point, no reason, no way out, nothing matters.
    r"\bno (?:reason|point|will|purpose) (?:for me |for him |for her )?(?:to|in|for) "
    r"(?:keep )?(?:live|living|go on|going on|"
    r"being alive|life|stay alive|staying alive)\b",
    r"\b(?:no|see no|dont see the|dont see any|do not see the|do not see any|"
    r"cant see the|cant see any|cannot see the|whats the|what is the|lost the|"
    r"lost all) point (?:in |of |to )?(?:living|life|going on|carrying on|anything|"
    r"anymore|any more|any longer|being alive|being here|existing|waking up|it all|"
    r"any of this|any of it|trying anymore)\b",
    r"\b(?:cant|can not|cannot|couldnt|could not|dont|do not) see (?:a|any) way "
    r"out\b(?! of (?:the|a|my|our|this|here) (?:building|house|home|room|"
    r"apartment|flat|car|fire|smoke|basement|garage)\b)",
    r"\bnothing (?:matters|is worth it|feels real|is worth living for)"
    r"(?: anymore| any more| to me| at all)?\b(?! (?:more|as much|but|except|"
    r"other|than)\b)",
    # Can't go on, can't take any more, done with it all, want it to stop.
    r"\b(?:cant|can not|cannot|couldnt|could not|dont think i can|unable to) "
    r"(?:go on|carry on|keep going|keep living|keep on living|cope|live like this|"
    r"live with this|(?:do|take|handle|stand|deal with) (?:it|this|life|any of it|"
    r"any of this)? ?(?:anymore|any more|any longer|much longer))\b",
    r"\b(?:im|i am|so|just|really) (?:so |just |really |completely |totally )?"
    r"done with (?:life|living|everything|it all|all of this|this life|"
    r"being alive|existing|this world)\b",
    r"\b(?:tired|sick|exhausted) of (?:living|life|being alive|existing|"
    r"everything|it all|being me|being here|waking up|this life)\b",
    r"\b(?:give|giving|gave|given) up on (?:life|living|everything|myself|"
    r"himself|herself|themselves|the world|it all)\b",
    r"\b(?:want|wants|going|ready|about) to give up\b(?! \w)",
    r"\b(?:at|reached|hit|hitting|reaching|past) (?:my|his|her|their|the) "
    r"breaking point\b",
    r"\b(?:want|wants|need|needs|wish|just want|just need)(?: for)? (?:it all|"
    r"everything|all of it|all of this|the pain|this pain|the hurt|the thoughts|"
    r"the voices|my life|life|(?:it|this)(?= to (?:stop|end|be over)"
    r"(?:$| for good| forever| already| now| please))) to (?:stop|end|be over)\b",
    # Despair in plain words: hopeless, worthless, falling apart, a dark place.
    r"\b(?:feel|feels|feeling|felt|im|i am|hes|shes|he is|she is|ive been|been) "
    r"(?:so |really |very |completely |totally |utterly |just |pretty |kind of |"
    r"kinda |such )*(?:hopeless|worthless|numb|dead inside|empty|like a burden|"
    r"a burden|like nothing|like dying|like disappearing|like ending it|"
    r"like giving up)\b",
    r"\b(?:everything|life|my life|it all|the future|my future) (?:is|feels|"
    r"looks|seems) (?:so |really |very |completely |totally |just )*(?:hopeless|"
    r"pointless|meaningless|unbearable|too much|empty|worthless|not worth it)\b",
    r"\b(?:im|i am|i feel|feel|feels|feeling|i keep|my life is|my life|my world is|"
    r"everything is|everythings|everything|my mind is|he is|hes|she is|shes)"
    r"(?: \w+)? (?:falling apart|falling to pieces|coming apart|coming undone|"
    r"breaking down|losing it|losing my mind|spiraling|spiralling)\b",
    r"\b(?:in|into|at) (?:a |such a |this |that )?(?:really |very |so |pretty |"
    r"super |bad |deep |dark )*dark (?:place|places|space|headspace|hole)\b",
    r"\b(?:dark|bad|scary|intrusive) thoughts\b",
    r"\bthoughts? (?:of|about) (?:dying|death|ending it|ending things|"
    r"not being here|not waking up|hurting myself|disappearing)\b",
    r"\b(?:cant|can not|cannot) stop (?:crying|shaking|sobbing)\b",
    r"\b(?:having|had|have|in the middle of) (?:a |another )?(?:panic attack|"
    r"anxiety attack|mental breakdown|nervous breakdown|breakdown)\b",
    r"\b(?:im|i am) (?:really |just |so |very |honestly |seriously )?not "
    r"(?:okay|ok|alright|all right)\b(?! (?:with|about|that|if|to)\b)",
    r"\b(?:i|he|she|they) (?:really |just |so )?(?:hate|hates|hated|loathe|loathes|"
    r"despise|despises) (?:myself|himself|herself|themselves|being alive|living)\b",
    # Asking for a crisis line or counselor (a department's are masked as topics).
    r"\b(?:crisis|suicide|mental health crisis) (?:line|lines|hotline|hotlines|"
    r"text line|counselor|counsellor|counselors|counsellors|counseling|counselling|"
    r"center|centre|worker|workers|support|services|team)\b",
    # Pills taken: all of them, a bottle of them, too many.
    rf"{_NOT_A_YOUNG_CHILD}\b(?:took|take|taking|swallowed|swallow) (?:all |"
    rf"a bunch of |a lot of |too many |loads of |lots of )?(?:my |the |of my |"
    rf"these |those )?(?:pills|sleeping pills|tablets)\b"
    rf"(?! (?:for|from|at|to help)\b)",
    rf"{_NOT_A_YOUNG_CHILD}\b(?:took|take|taking|swallowed|swallow|swallowing|ate|"
    rf"downed|popped) (?:a |an |the |my |his |her |their |half a |half the )?"
    rf"(?:whole |entire |full )?(?:bottle|bottles|handful|fistful|box|pack|packet|"
    rf"strip|jar|bunch|lot|load|loads) of (?:\w+ )?(?:pills|tablets|meds|"
    rf"medication|medications|medicine|painkillers|pain killers|tylenol|advil|"
    rf"aspirin|paracetamol|ibuprofen|xanax|oxy|insulin|antidepressants)\b",
    rf"{_NOT_A_YOUNG_CHILD}\b(?:took|take|taking|swallowed|swallow|swallowing|"
    rf"downed|overdose on|overdosing on|od on) (?:all|every one of|"
    rf"every single one of|the rest of|a bunch of|a lot of|too many|loads of|"
    rf"lots of|a handful of) (?:of )?(?:my |his |her |their |the |these |those )?"
    rf"(?:\w+ )?(?:meds|medication|medications|medicine|pills|tablets|painkillers|"
    rf"insulin|antidepressants)\b",
    # Means at hand, an attempt under way: a ledge, a jump, a noose, "doing it".
    r"\b(?:going to|want to|will|hell|shell|ill|theyll|about to|gonna|plan to|"
    r"tried to|trying to|try to|attempted to|threatening to|threatened to|"
    r"threatens to|wants to|ready to) (?:overdose|od|jump off|jump in front|"
    r"jump from|slit (?:my|his|her|their)|(?:hang|shoot|stab)$|"
    r"jump\b(?! (?:to|into|in|on|at|back|ahead|over|up|around|through|between|"
    r"start|ship|right|straight)\b))",
    r"\b(?:standing|stood|sitting|sat|climbing|climbed|climbs|up|hanging|"
    r"perched|leaning) (?:on|onto|over|off|at) (?:the |a |top of the |top of a )?"
    r"(?:\w+ )?(?:ledge|railing|cliff|overpass|tracks|bridge|edge of (?:the |a )?"
    r"(?:roof|bridge|building|cliff|balcony|platform))\b",
    r"\b(?:is|are|im|i am|hes|shes|theyre|was|lying|laying) (?:out )?on "
    r"(?:the |a )?(?:\w+ )?(?:ledge|railing|tracks|edge of (?:the |a )?(?:roof|"
    r"bridge|building|cliff|balcony|platform))\b",
    r"\b(?:pills|tablets|meds|rope|noose|razor|razors|blades) (?:lined up|"
    r"counted out|laid out|all ready|ready to go|in (?:my|his|her) hand)\b",
    r"\bnoose\b|\brope (?:around|round) (?:my|his|her|their) neck\b",
    r"\bin (?:the|a|his|her|my|their) (?:garage|car) with the (?:car|engine) "
    r"running\b",
    rf"^(?=.*\b{_MEANS}\b).*\b(?:im|i am|i m) (?:going to|about to|ready to|"
    rf"finally going to) (?:do it|go through with it)\b",
    r"\b(?:im|i am|i m) (?:going to|about to|ready to|finally going to) "
    r"(?:do it|go through with it) (?:tonight|today|this time|for real)\b",
    # Warning signs: goodbyes to everyone, things given away, a note.
    r"(?<!we )\b(?:said|saying|says|say|texted|texting|wrote|writing|written|sent|"
    r"sending|posted|posting|left) (?:me |us |him |her |them )?(?:a |his |her |"
    r"their |my )?(?:goodbye|goodbyes|good bye|farewell|farewells)"
    r"(?: message| note| letter| text| post| video)? (?:to (?:everyone|everybody|"
    r"us all|all of us|the family|his family|her family|their family|my family|"
    r"the world|all his friends|all her friends|all my friends)|forever|for good|"
    r"for the last time)\b(?! (?:at|before|after|when)\b)",
    r"\b(?:goodbye|farewell) (?:note|notes|letter|letters|video|post)\b",
    r"\b(?:giving|gave|give|gives|given) (?:away (?:all )?(?:of )?(?:my|his|her|"
    r"their) (?:stuff|things|belongings|possessions|pets?)|(?:all )?(?:of )?"
    r"(?:my|his|her|their) (?:stuff|things|belongings|possessions|pets?) away)\b",
    r"\b(?:putting|put|puts|getting|got) (?:my|his|her|their) affairs in order\b",
)

EMERGENCY_PATTERNS: tuple[str, ...] = (
    # Weapons and shooting.
    rf"\b(?:has|have|had|got|gots|with|holding|holds|pulled|pulling|pointing|"
    rf"pointed|waving|waved|brandishing|carrying|armed with|threatening|threatened|"
    rf"aiming|aimed|came at me with|coming at me with|attacking me with|grabbed|"
    rf"grabbing|hiding|pull out|pulled out|took out) (?:a |an |his |her |their |the |"
    rf"my |some |out a |out his |out her |out the |me with a |us with a |big |"
    rf"loaded )?{_WEAPON}\b(?! (?:policy|policies|law|laws|control|permit|permits|"
    rf"license|licenses|safety|buyback|buybacks|registration|ownership|range|show|"
    rf"shows|club|store|shop|violence prevention)\b)",
    r"\b(?:gunman|gunmen|gunshot|gunshots|gunfire|shots fired|shots|shooter|"
    r"shooters|shooting|shootout|stabbed|stabbing|stabbings|opened fire|"
    r"open fire|bomb threat|active shooter|explosion|exploded|explosive)\b",
    r"\b(?:been|got|get|getting|was|were|is|are|am|im|just) (?:shot|stabbed|"
    r"raped|kidnapped|kidnaped|abducted|hit by a car|run over|ran over|"
    r"carjacked)\b",
    r"\barmed (?:man|men|person|people|guy|robber|robbers|robbery|intruder|"
    r"intruders|suspect|suspects)\b",
    r"\b(?:a|the|some|one|two) (?:man|men|guy|guys|person|people|dude|someone) "
    r"with (?:a |an )?(?:gun|guns|knife|knives|weapon|weapons|rifle|machete)\b",
    # Violence happening now.
    r"\b(?:being|getting|am|im|is|are|keeps|keep|been) (?:attacked|assaulted|"
    r"beaten|beat up|beat|hit|mugged|robbed|raped|kidnapped|abducted|stabbed|shot|"
    r"strangled|choked|chased|followed|stalked|threatened|held|hurt|harmed|"
    r"abused|punched|kicked|jumped|tied up|locked in|trapped|hunted)\b",
    rf"\b(?:attacking|assaulting|beating|hitting|punching|kicking|choking|"
    rf"strangling|stabbing|shooting|raping|threatening|chasing|following|hurting|"
    rf"abusing|slapping|dragging|grabbing|touching|stalking|kidnapping) {_VICTIM}\b",
    rf"\b(?:trying|going|about|threatening|threatened|threatens|wants|want|said "
    rf"hes going|said he will|says he will) to (?:kill|hurt|shoot|stab|rape|kidnap|"
    rf"attack|beat|murder|harm|strangle|choke|burn) {_VICTIM}\b",
    r"\b(?:will|gonna|going to|is going to) kill (?:me|us|him|her|them|my)\b",
    r"\b(?:he|she|they|someone|somebody|hes|shes|theyre) (?:is |are )?"
    r"(?:killing|murdering) (?:me|us|him|her|them|my|someone)\b",
    r"\b(?:attacked|assaulted|mugged|stabbed|shot|raped|punched|kicked|choked|"
    r"strangled|knocked out|slapped) (?:me|us|my)\b",
    r"\b(?:hell|shell|theyll|he will|she will|they will|hes gonna|shes gonna) "
    r"(?:kill|shoot|stab|hurt|murder|strangle) (?:me|us|him|her|them|my|everyone|"
    r"everybody)\b",
    r"\b(?:going to|gonna|about to|threatening to|threatened to|threatens to|"
    r"wants to|planning to|plans to) (?:shoot|stab|bomb|blow) up (?:the|a|his|her|"
    r"their|our|my) \w+",
    r"\b(?:holding|held|keeping|kept) (?:me|us|him|her|them|my \w+) (?:hostage|"
    r"captive|prisoner|at gunpoint|at knifepoint)\b|\bat (?:gunpoint|knifepoint)\b",
    r"\b(?:murder|murdering|hostage|hostages|kidnap|kidnapping|kidnapped|"
    r"abduct|abducted|abduction|amber alert|home invasion|carjacking|intruder|"
    r"intruders|prowler|domestic violence|attacker)\b",
    r"\b(?:fight|fighting|brawl|riot|assault|robbery|burglary|break in|breakin|"
    r"mugging|carjacking) (?:is )?(?:happening|going on|in progress|outside|right "
    r"now|now)\b",
    r"\b(?:breaking|busting|forcing|trying to break|trying to get|bang|banging) "
    r"(?:in|into|down|on|open) (?:my|our|the|his|her|their|a)\b",
    rf"\b(?:broke|broken|came|got|get|getting|sneaking|snuck) (?:in|into|inside) "
    rf"(?:my|our|the) (?:house|home|apartment|room|place|flat|car)\b.*"
    rf"(?<!around )\b{_NOW}\b",
    r"\b(?:someone|somebody|a man|a stranger|strangers|a guy|people|a person|"
    r"men|some guy|some man) (?:is |are |s )?(?:in|inside|outside|at|breaking into|"
    r"trying to get into|in the back of|hiding in|under|looking into) "
    r"(?:my|our) (?:house|home|apartment|room|place|flat|window|windows|door|yard|"
    r"garage|bedroom|closet|car|backyard)\b",
    r"\b(?:being|is|are|im|am) (?:robbed|burglarized|broken into)\b",
    r"\b(?:broke|broken|kicked|kicking|smashed|smashing|busted|busting) (?:down|in) "
    r"(?:the|my|our|his|her|their) (?:front |back |bedroom |bathroom )?(?:door|"
    r"window|gate)\b",
    r"\b(?:someone|somebody|a man|a guy|a car|a stranger|a woman|people|he|she|"
    r"they) (?:is |are |s |has been |have been |keeps |keep )?(?:following|"
    r"chasing|stalking|watching|hunting) (?:me|us|my)\b",
    r"\b(?:child|kid|son|daughter|baby|toddler|boy|girl|children|kids|"
    r"grandma|grandpa|grandmother|grandfather|mom|dad|mother|father|sister|"
    r"brother) (?:is |are |s |has |have |went |gone )?(?:missing|gone missing|"
    r"disappeared|been taken|taken)\b",
    r"\bmissing (?:child|kid|person|children|kids|baby|toddler)\b",
    r"\b(?:lost|cant find|cannot find|can not find) my (?:child|kid|son|daughter|"
    r"baby|toddler|little)\b",
    # Someone hurt or a medical emergency.
    rf"\b{_PERSON}(?: is| are| s| got| has been| have been| been| was| were| am|"
    rf" badly| seriously| very| just| really| bad| hes| shes)* (?:hurt|injured|"
    rf"bleeding|unconscious|unresponsive|not breathing|dying|overdosing|choking|"
    rf"drowning|collapsed|passed out|seizing|having a seizure|having a stroke|"
    rf"having a heart attack|convulsing)\b",
    r"\b(?:heart attack|cardiac arrest|a stroke|seizure|not breathing|cant breathe|"
    r"can not breathe|cannot breathe|stopped breathing|found \w+ unconscious|"
    r"knocked unconscious|unconscious (?:man|woman|person|guy|kid|child|body)|"
    r"unresponsive (?:man|woman|person|guy|kid|child)|"
    r"overdose|overdosing|overdosed|od ing|oding|bleeding|bleeding out|choking|"
    r"drowning|anaphylactic|anaphylaxis|allergic reaction|severe pain|"
    r"chest pain|electrocuted|poisoned|hemorrhaging)\b",
    r"\b(?:wont wake up|will not wake up|isnt breathing|is not breathing|"
    r"cant wake (?:him|her|them|my \w+)|not waking up)\b",
    r"\b(?:and|but) (?:he |she |they |hes |shes |theyre )?(?:is |are )?(?:not moving|"
    r"isnt moving|wont move)\b",
    r"\b(?:blood everywhere|so much blood|lots of blood|a lot of blood|"
    r"losing (?:a lot of |so much )?blood|coughing up blood)\b",
    r"\b(?:kid|kids|baby|toddler|child|son|daughter|little one|boy|girl|dog|"
    r"little brother|little sister)(?: \w+){0,3} (?:swallowed|drank|ate|got into) "
    r"(?:\w+ ){0,3}(?:bleach|poison|"
    r"pills|medicine|medication|drain cleaner|antifreeze|detergent|laundry pods?|"
    r"batteries|battery|rat poison|cleaning \w+)\b",
    r"\b(?:car|bad|major|serious|traffic|head on|highway|motorcycle|bike|bus) "
    r"(?:crash|accident|wreck|collision|pile up|pileup)\b"
    r"(?=.*\b(?:just|now|injur\w*|hurt|bleeding|help|happened|happening|trapped|"
    r"there|theres|people|someone|somebody|911)\b)",
    r"\b(?:ambulance|paramedic|paramedics|emt|cpr|defibrillator|poison control)\b",
    # Fire, smoke, gas.
    r"\b(?:on fire|catching fire|caught fire|burning down|burning up|"
    r"house is burning|building is burning|smell smoke|see smoke|full of smoke|"
    r"smoke everywhere|smell gas|gas leak|wildfire|forest fire|brush fire|"
    r"house fire|kitchen fire|car fire|building fire|apartment fire|fire alarm)\b",
    r"\b(?:gas is leaking|gas leaking|leaking gas|smells like gas|carbon monoxide "
    r"(?:alarm|detector) (?:is )?(?:going off|beeping))\b",
    r"\b(?:there is|theres|there s|there was|there has been|is there|a|big|huge) "
    r"(?:a |an )?(?:fire|blaze|explosion)\b"
    r"(?! (?:department|departments|dept|chief|station|fighter|fighters|"
    r"marshal|code|codes|safety|prevention|drill|drills|hydrant|insurance)\b)",
    r"^(?:fire|help fire|fire fire|fire help|its a fire|fire in the \w+)$",
    # Asking for help now.
    r"\b(?:call|dial|phone) (?:911|9 1 1|nine one one|an ambulance|the "
    r"ambulance|the fire department|the firefighters|for help|emergency services)\b",
    r"\b(?:screaming|yelling|crying|shouting|begging|screams|yells) for help\b",
    r"\b(?:send|get|need|want|bring) (?:the |some |an |a )?(?:police|cops|cop|"
    r"officer|officers|help|someone|somebody|ambulance|paramedics|firefighters|"
    r"fire department|backup|swat) (?:here|now|right now|over|asap|immediately|"
    r"quick|quickly|fast|please|to my|to \d+)\b",
    r"\b(?:send|need) (?:help|police|cops|an ambulance|ambulance|paramedics)$",
    r"\b(?:somebody|someone|anybody|anyone) (?:please )?(?:help|save|call)\b",
    r"^(?:please |pls |quick |quickly |just )?call (?:the )?(?:police|cops|cop)"
    r"(?: now| please| quick| quickly| asap| right now| immediately)?$",
    r"\bhelp (?:help|me now|me please now|us now|me im|me i m|im|i m|me hes|"
    r"me shes|me they|theres|there s|someone|somebody|quick|quickly|fast|asap|"
    r"immediately)\b",
    r"\b(?:need|want) (?:help|police|the police|the cops|a cop) (?:now|right now|"
    r"asap|immediately|urgently|fast|quick|quickly)\b",
    r"\b(?:urgent|immediate) (?:help|assistance|police)\b",
    r"\b(?:sos|mayday|save me|save us|save my \w+)\b",
    r"\b(?:this is|its|it is|i have|we have|there is|theres|having|got|its an|"
    r"an) (?:an |a )?(?:real |medical |actual )?emergency\b",
    r"\bmedical emergency\b",
    r"^(?:emergency|an emergency|emergency help|help emergency|emergency please|"
    r"911|call 911|9 1 1)$",
    r"\b(?:im|i am|we are|were|were all|is|are|am|she is|he is|they are|shes|hes|"
    r"theyre|life is|lives are|someone is|somebody is|family is) in "
    r"(?:grave |immediate |serious |real |great |mortal )?danger\b"
    r"(?! of (?!being |getting )\w+ing\b)",
    r"\b(?:im|i am|we are|were) (?:not safe|unsafe)\b",
    r"\b(?:dont|do not|dont really) feel safe\b",
    r"\bfeel unsafe\b",
    r"\b(?:im|i am|we are|were) (?:scared|afraid|terrified|frightened) "
    r"(?:for my life|for our lives|he will|she will|they will|hes going|shes going|"
    r"theyre going|of my husband|of my wife|of my boyfriend|of my girlfriend|"
    r"of my partner|of my dad|of my father|of my ex)\b",
    r"\b(?:threatening|threatened|threatens) (?:me|us|to)\b",
    r"^(?:gun|guns|knife|shooting|shots|shooter|stabbing|robbery|rape|"
    r"kidnapping|fire|help help|help me help)$",
)

# --- topics: danger words in the statements' sense -------------------------

# What a programme, unit, policy or figure can be: "... training", "... unit".
_KINDS = (
    r"(?:training|trainings|trained|program|programs|programme|programmes|unit|"
    r"units|team|teams|squad|task force|division|office|bureau|policy|policies|"
    r"protocol|protocols|procedure|procedures|plan|plans|planning|preparedness|"
    r"outreach|awareness|services|service|education|goal|goals|initiative|"
    r"initiatives|strategy|strategies|efforts|work|course|courses|class|classes|"
    r"drill|drills|exercise|exercises|simulation|simulations|scenario|scenarios|"
    r"response|responses|intervention|prevention|reduction|management|negotiation|"
    r"negotiators|assessment|assessments|coordinator|specialist|specialists|"
    r"advocate|advocates|counselor|counselors|clinician|clinicians|partners|"
    r"partnership|partnerships|grant|grants|funding|campaign|campaigns|month|week|"
    r"statistics|stats|data|rate|rates|numbers|cases|calls|investigations|"
    r"investigators|detectives|laws?|range|ranges|qualification|"
    r"qualifications|certification|safety|storage|control|permits?|licen[cs]es?|"
    r"buybacks?|registration|ownership)"
)
# Dangers that name a field of police work rather than one happening now.
_FIELDS = (
    r"(?:domestic violence|family violence|gun violence|youth violence|"
    r"intimate partner violence|dating violence|sexual violence|violent crime|"
    r"violence|emergency|emergencies|crisis|crises|mental health crisis|"
    r"active shooter|active shooters|mass shooting|mass shootings|shooting|"
    r"shootings|officer involved shootings?|weapons?|guns?|firearms?|"
    r"bomb threats?|bomb|threats?|hostage situations?|hostage|murder|murders|"
    r"homicide|kidnapping|kidnappings|abduction|home invasion|carjacking|"
    r"overdose|overdoses|"
    r"drowning|fire|use of force|de escalation|harm|danger|dangers|disaster)"
)
# Suicide and self-harm only as the name of a programme: "suicide prevention
# training", never "suicide prevention" alone, a "suicide plan" or a hotline.
_SELF_HARM_FIELDS = r"(?:suicide|suicides|self harm|self injury)"
_SELF_HARM_KINDS = (
    r"(?:training|trainings|program|programs|programme|programmes|unit|units|"
    r"team|teams|policy|policies|protocol|protocols|course|courses|class|classes|"
    r"campaign|campaigns|month|week|day|goal|goals|initiative|initiatives|efforts|"
    r"work|partners|partnership|partnerships|coordinator|specialist|specialists|"
    r"grant|grants|funding|strategy|statistics|stats|data|rates?|calls)"
)
# What statement questions do with a danger word: say, mention or value it.
_ABOUT = (
    r"(?:say|says|said|mention|mentions|mentioned|talk|talks|talking|stance|"
    r"position|positions|view|views|policy|policies|approach|commitment|goal|"
    r"goals|mission|vision|value|values|statement|anything|something|much|"
    r"focus|emphasis|priority|priorities)"
)
# What a department does to a danger: prevent, reduce, respond to, protect from.
_DEAL_WITH = (
    r"(?:prevent|prevents|preventing|prevention of|reduce|reduces|reducing|"
    r"reduction of|address|addresses|addressing|combat|combats|combating|"
    r"combatting|tackle|tackles|tackling|investigate|investigates|investigating|"
    r"handle|handles|handling|respond to|responds to|responding to|deal with|"
    r"deals with|dealing with|train for|trains for|training for|prepare for|"
    r"prepares for|preparing for|ready for|face|faces|facing|face of)"
)

# Asking for one ("I need a crisis counselor", "call emergency services") is not
# a topic: such a match is left as it is.
_ASKED = (
    r"(?P<asked>(?:^|\b(?:i|we|me|please|pls) (?:\w+ ){0,3}?)(?:need|needs|want|"
    r"wants|call|calling|text|texting|get|send|contact|dial|reach|talk to|talk with|"
    r"speak to|speak with|talking to|connect me to|connect me with)"
    r"(?: a| an| the| to a| with a| some| me| me a)? )?"
)

# Phrases that name a programme, a policy, a field of police work or a value,
# not something happening; masked (read as "topic") before the crisis and
# emergency patterns are tried. A message that also describes an emergency or a
# crisis is still caught by the rest of its words.
TOPIC_PATTERNS: tuple[str, ...] = (
    # A programme named after its field: "domestic violence outreach",
    # "crisis intervention training", "weapons policy", "active shooter drills".
    rf"{_ASKED}{_FIELDS}(?: (?:prevention|awareness|intervention|response|"
    rf"preparedness|reduction|management|negotiation|assessment|related))?"
    rf"(?: and \w+)? {_KINDS}\b",
    rf"{_ASKED}{_SELF_HARM_FIELDS} (?:prevention|awareness|intervention|risk|"
    rf"response) {_SELF_HARM_KINDS}\b",
    rf"\b{_SELF_HARM_FIELDS} (?:statistics|stats|data|rates?|calls)\b",
    # A statement question about a danger: "what do they say about violence".
    rf"\b{_ABOUT} (?:about|on|regarding|concerning) (?:the |a |an )?{_FIELDS}\b",
    rf"\b(?:approach|approaches|commitment|response|responses|stance|attitude) to "
    rf"(?:the |a |an )?{_FIELDS}\b",
    # A department's work against suicide: "how do they prevent suicide", "does the
    # department do suicide prevention" (about a person, it stays a crisis).
    r"\b(?:they|department|departments|police|officers|agency|city|cambridge|"
    r"alhambra|west sac|west sacramento|apd|cpd|wspd) (?:\w+ ){0,4}?(?:(?:prevent|"
    r"prevents|preventing|reduce|reduces|reducing|address|addresses|addressing|"
    r"respond to|responds to|handle|handles) suicides?|(?:do|does|doing|offer|"
    r"offers|run|runs|provide|provides|mention|mentions|say about|says about) "
    r"(?:any )?suicide (?:prevention|awareness))\b",
    # A department's work on a danger: "prevent violence", "respond to emergencies".
    rf"\b{_DEAL_WITH} (?:the |a |an )?(?:risk of |threat of |threats of )?{_FIELDS}\b",
    # Problems attacked, fought or tackled.
    r"\b(?:attack|attacks|attacking|fight|fights|fighting|beat|beating|kill|kills|"
    r"killing) (?:the |these |those |their |our |its |community )?(?:root causes?|"
    r"problems?|issues?|crime|challenges?|causes|rumou?rs?|ideas?|bias|biases|"
    r"corruption|inequity|inequities|odds|morale|innovation)\b",
    # Help for victims: "support domestic violence victims".
    r"\b(?:domestic |family |sexual |dating |intimate partner |gun )?violence "
    r"(?:victims|survivors)\b",
    # Kept from harm: "keep kids from being harmed".
    r"\b(?:keep|keeps|keeping|protect|protects|protecting|prevent|prevents|"
    r"preventing|shield|shields|shielding|safe) (?!me |us )(?:\w+ ){0,3}from "
    r"(?:being |getting )(?:harmed|hurt|attacked|victimized|abused|injured|"
    r"killed|shot|threatened)\b",
    # Said not to be one: "this isn't an emergency", "non emergency number".
    r"\b(?:isnt|is not|its not|it s not|not|no|non|aint|wasnt|was not)"
    r"(?: really| exactly)? (?:an |a )?(?:real |actual |true )?emergenc(?:y|ies)\b",
    # Officers armed as a matter of course: "officers carrying weapons".
    r"\b(?:officers?|police|cops|deputies|department|departments) (?:\w+ )?"
    r"(?:carry|carries|carrying|use|uses|using|have|has|with|issued|allowed) "
    r"(?:\w+ )?(?:weapons?|guns?|firearms?|tasers?)\b",
)

_TOPICS = [re.compile(p) for p in TOPIC_PATTERNS]


def _topic(match: re.Match[str]) -> str:
    """The word "topic" for a topic phrase; one that asks for it is kept as it is."""
    return match.group(0) if match.groupdict().get("asked") else "topic"


def mask_topics(prepared: str) -> str:
    """``prepared`` with every topic phrase (``TOPIC_PATTERNS``) read as "topic"."""
    for pattern in _TOPICS:
        prepared = pattern.sub(_topic, prepared)
    return prepared


# A few Spanish calls for help (read without typo correction); other Spanish
# gets the English-only reply, which also says to call 911.
SPANISH_EMERGENCY = re.compile(
    r"\b(?:auxilio|socorro|emergencia|incendio|pistola|cuchillo|me estan atacando|"
    r"me quieren matar|llamen a la policia|ayudenme|ayuda por favor)\b"
)

_CRISIS = [re.compile(p) for p in CRISIS_PATTERNS]
_EMERGENCY = [re.compile(p) for p in EMERGENCY_PATTERNS]

_VOCAB_WORD = re.compile(r"[a-z]{5,}")


def _vocabulary(patterns: Iterable[str]) -> frozenset[str]:
    """The words of five letters or more that the patterns spell out."""
    words: set[str] = set()
    for pattern in patterns:
        cleaned = re.sub(r"\\[bwsd]|\(\?(?:P<\w+>|[:!=<]+)|\{[^}]*\}", " ", pattern)
        words.update(_VOCAB_WORD.findall(cleaned))
    return frozenset(words)


# The trigger words a misspelt word can be read as.
VOCABULARY = _vocabulary(CRISIS_PATTERNS + EMERGENCY_PATTERNS) | {
    "someone",
    "somebody",
    "myself",
    "attacked",
    "attacking",
    "suicide",
    "suicidal",
    "please",
}
# The topics' own words ("simulation", "statistics") are read as they are, but no
# other word is turned into one: "hostage situation" stays a situation.
_TOPIC_WORDS = _vocabulary(TOPIC_PATTERNS) - VOCABULARY


@lru_cache(maxsize=8192)
def correct(word: str) -> str:
    """``word``, or the trigger word it misspells (one edit; two in long words).

    Of equally close trigger words the longest wins (a dropped letter is the
    commonest typo: "attackd" is "attacked", not "attack"; "beaking" is
    "breaking", not "beating"), then the first in alphabetical order: the same
    answer in every process, whatever its hash seed.
    """
    if (
        len(word) < 5
        or word in VOCABULARY
        or word in _TOPIC_WORDS
        or word in _KEEP_AS_IS
        or word.isdigit()
    ):
        return word
    limit = 2 if len(word) >= 9 else 1
    best: tuple[int, int, str] | None = None
    for candidate in VOCABULARY:
        if candidate[0] != word[0] and candidate[:2] != word[1::-1]:
            continue
        # Edit distance counting a swap of two neighbours as one edit.
        distance = OSA.distance(word, candidate, score_cutoff=limit)
        if distance > limit:
            continue
        key = (distance, -len(candidate), candidate)
        if best is None or key < best:
            best = key
    return word if best is None else best[2]


def prepare(text: str) -> str:
    """Normalised text with misspelt trigger words corrected."""
    return " ".join(correct(word) for word in normalize(text).split())


# --- other languages -------------------------------------------------------

_SPANISH_MARKS = re.compile(r"[¿¡ñ]")
_FOREIGN_WORDS = frozenset(
    """hola necesito ayuda quiero tengo donde cual cuales como esta estan usted
    gracias policia informacion por favor habla hablas espanol buenos buenas
    dias tardes noches senor senora bonjour merci pourquoi quoi comment
    sil vous votre nous avez guten tag danke bitte ich nicht und wie ist
    ola obrigado voce xin chao cam magandang salamat po kumusta ang mga""".split()
)
_ENGLISH_ANCHORS = frozenset(
    """the what is are of and to a in you your does do how who which mission
    vision values value goals contact police department""".split()
)


def _script_share(text: str) -> float:
    """The share of letters that are not Latin letters (Cyrillic, Han, Arabic...)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    foreign = sum(1 for c in letters if "LATIN" not in unicodedata.name(c, "LATIN"))
    return foreign / len(letters)


def is_non_english(text: str) -> bool:
    """True for text mostly in another script, or clearly in Spanish and the like."""
    if _script_share(text) > 0.5:
        return True
    words = normalize(text).split()
    if not words:
        return False
    foreign = sum(1 for w in words if w in _FOREIGN_WORDS)
    english = sum(1 for w in words if w in _ENGLISH_ANCHORS)
    marked = bool(_SPANISH_MARKS.search(text.casefold()))
    # One foreign word among English ones is a borrowing ("tag line", "cam"),
    # unless it is the whole message ("hola", "gracias").
    clear = foreign >= 2 or marked or foreign == len(words)
    return clear and foreign + marked > english


# --- the detector ----------------------------------------------------------


def is_crisis(prepared: str) -> bool:
    """A prepared, topic-masked message about suicide, self-harm or despair."""
    return any(p.search(prepared) for p in _CRISIS)


def is_emergency(prepared: str) -> bool:
    """A prepared, topic-masked message about danger now: violence, injury, fire."""
    return any(p.search(prepared) for p in _EMERGENCY)


def detect(text: str) -> Alert | None:
    """What ``text`` needs first: a crisis, an emergency, English-only, or nothing.

    A crisis is tried first: self-harm with danger to life now ("I took a bottle
    of pills") gets the crisis reply, which names 911 too, while violence against
    others ("he's going to kill me") matches no crisis phrase and is an emergency.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    text = cap_text(text)
    prepared = mask_topics(prepare(text))
    if is_crisis(prepared):
        return Alert.CRISIS
    if is_emergency(prepared) or SPANISH_EMERGENCY.search(normalize(text)):
        return Alert.EMERGENCY
    if is_non_english(text):
        return Alert.NON_ENGLISH
    return None
