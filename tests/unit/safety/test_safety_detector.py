"""The pure emergency / crisis / language detector (statement_bot.safety)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from statement_bot.safety import (
    Alert,
    correct,
    detect,
    is_non_english,
    normalize,
)
from statement_bot.text import MAX_NLU_CHARS, cap_text
from tests.paths import ROOT

EMERGENCIES = [
    # Happening now in plain words, no danger word (written for these tests, not
    # the held-out sets).
    "a man is climbing in through our bedroom window",
    "somebody keeps rattling my back door handle and won't leave",
    "someone is forcing my front door as we speak",
    "the flames are spreading to the next house and my neighbor is still inside",
    "water's coming in fast and my grandpa can't get out of his chair",
    "my son is trapped under the shelf that fell",
    "someone is breaking into my house right now",
    "help there is a man with a gun",
    "I'm being attacked",
    "HELP IM BEING ATTACKED",
    "help im being attacked!!!",
    "im bein attakced",
    "somone has a gun",
    "SOMEONE HAS A GUN",
    "some1 has a knife",
    "there's a guy with a knife outside",
    "my neighbor is beating his wife right now",
    "a robbery is happening now",
    "there is a robbery in progress",
    "I need an ambulance",
    "i need an ambulence",
    "someone is having a heart attack",
    "my dad is having a heart attack",
    "there is a shooting at the mall",
    "shots fired on main street",
    "i hear gunshots",
    "help me please someone is following me",
    "there's been a car crash and people are injured",
    "a child is missing",
    "my son is missing",
    "somebody has a knife",
    "my husband is hitting me",
    "he's going to kill me",
    "hes gonna kill me",
    "he said he will kill me",
    "my boyfriend is choking me",
    "someone is hurt and bleeding",
    "my friend is bleeding a lot",
    "she is not breathing",
    "he's unconscious",
    "found my roommate unconscious",
    "my friend is overdosing",
    "i think he overdosed",
    "there's a fire",
    "THERE IS A FIRE IN MY KITCHEN",
    "my house is on fire",
    "the building next door is on fire",
    "I smell gas in my apartment",
    "call 911",
    "call the police",
    "CALL THE COPS NOW",
    "send the police now",
    "send help",
    "i need police right now",
    "someone please help",
    "SOMEBODY HELP",
    "this is an emergency",
    "its an emergency!!",
    "emergency",
    "I'm in danger",
    "im in danger",
    "my life is in danger",
    "we are in danger please",
    "I don't feel safe at home",
    "an intruder is in my house",
    "there's someone in my house",
    "someone is trying to break into my car",
    "i was just shot",
    "my brother got stabbed",
    "i've been stabbed",
    "a man pulled a gun on me",
    "he is pointing a gun at me",
    "i'm being followed",
    "my ex is threatening to kill me",
    "my little girl was kidnapped",
    "there's a hostage situation",
    "active shooter at the school",
    "my baby is choking",
    "a kid is drowning in the pool",
    "someone got hit by a car",
    "i'm scared for my life",
    "auxilio",
    "me estan atacando",
    # Danger to life now, in plain words: violence, injury, poisoning, fire, gas.
    "someone just got shot outside my building",
    "there's a guy waving a knife around on the bus",
    "my roommate collapsed and isn't breathing",
    "he's strangling her",
    "she fell down the stairs and won't wake up",
    "my kid swallowed bleach",
    "there's blood everywhere",
    "he'll shoot us if we leave",
    "my neighbor is screaming for help",
    "he's going to shoot up the school",
    "my toddler fell in the pool and isn't breathing",
    "a man just punched me and ran",
    "my ex kicked down the door and he's inside",
    "gas is leaking in our building",
    "they're holding my sister hostage",
    "a man is dragging a woman into a van",
    "my dad is hitting my mom",
    "someone is trying to kill my brother",
    "he's beating her with a bat",
    "the car flipped and people are trapped inside",
    "my grandpa is having a stroke",
    "he grabbed a knife and is coming at me",
    "call emergency services now",
    "we're being robbed at gunpoint",
    "my little brother got into the medicine cabinet and swallowed pills",
]

CRISES = [
    "I want to kill myself",
    "I WANT TO KILL MYSELF",
    "i want to kms",
    "kms",
    "i wanna kill myslef",
    "I'm thinking about suicide",
    "thinking about sucide",
    "im suicidal",
    "I feel suicidal",
    "I want to end my life",
    "I don't want to live anymore",
    "i dont want to be alive",
    "I'm going to hurt myself",
    "i keep cutting myself",
    "I've been cutting myself",
    "my friend says she wants to die",
    "there's no reason for me to go on living",
    "there's no point in living",
    "I want to die",
    "i just want to die",
    "everyone would be better off without me",
    "i wish i was dead",
    "im going to end it all",
    "i took all my pills",
    "i'm going to overdose",
    "my brother wants to kill himself",
    "self harm",
    "how do I stop self-harming",
    "i want to take my own life",
    "i cant go on anymore",
    # Crisis in plain words: despair, self-harm, warning signs, someone else in
    # crisis; with immediate danger (pills taken, a ledge, a knife in hand) it is
    # still a crisis, whose reply names 911 too.
    "I'm falling apart and can't stop shaking",
    "I'm in a really dark place",
    "I can't go on",
    "my friend keeps saying she wants to disappear forever",
    "everything feels hopeless and I don't see the point anymore",
    "I took a bottle of pills",
    "he's standing on the bridge ledge",
    "I have the knife in my hand and I'm going to do it",
    "cant do this anymore",
    "i want it all to stop",
    "my brother said goodbye to everyone and gave his stuff away",
    "i've been cutting again",
    "I can't take it anymore",
    "i just want the pain to end",
    "nobody would even notice if i disappeared",
    "no one would miss me",
    "what's the point of living",
    "i feel so hopeless",
    "im so done with life",
    "i wish i could go to sleep and never wake up",
    "i wish i had never been born",
    "my sister keeps talking about not being around much longer",
    "my son wrote a goodbye letter",
    "my girlfriend texted me goodbye forever and now her phone is off",
    "im thinking of ending it",
    "i keep thinking about ending things",
    "i dont wanna be here no more",
    "my roommate says she's gonna jump",
    "she's sitting on the edge of the roof",
    "he's been giving away all his things",
    "life is pointless",
    "i hate myself and i want to disappear",
    "i relapsed and cut again last night",
    "there are fresh cuts on my arms",
    "i feel like a burden to everyone",
    "everyone would be better off if i wasn't here",
    "I'm at my breaking point",
    "i keep having dark thoughts",
    "my dad says nothing matters anymore",
    "my best friend tied a noose in her closet",
    "i tried to overdose last night",
    "i'm so tired of everything",
    "i give up on everything",
    "im not ok",
    "I don't trust myself right now, I'm not safe around myself",
    "my mom hasn't left bed in weeks and says she cant go on",
    "i cant cope",
    "i swallowed a whole bottle of tylenol",
    "my brother is on the train tracks and won't come off",
    "im losing it and everything is falling apart",
    "i feel worthless and empty inside",
    "i'm in a dark place again and i dont know what to do",
    "ever since the breakup my friend says she wants to just vanish",
    "i feel like dying",
    "im hopless",
    "i cant do this anymroe",
    "i'm having a panic attack and i can't stop crying",
    "my husband left a farewell note and i can't reach him",
    "i want to sleep and not wake up",
    "i need to talk to a crisis counselor",
    "my daughter has been hurting herself again",
    "i dont think i can keep going",
    "honestly whats the point anymore",
    "my little sister keeps saying she wishes she was never born",
    "i just want everything to end",
    "i feel like everyone would be happier without me",
    "i've got the pills lined up in front of me",
    "my husband locked himself in the garage with the car running",
    "i'm scared i'm going to do something to myself",
    "he said he's going to end it tonight",
    "i don't want to wake up tomorrow",
    "i'm so empty and numb all the time",
    "life feels too much right now",
    "my mate's on the roof saying he'll jump",
    "i cant handle life anymore",
    "my friend cuts herself",
    "i have no reason to live",
    "i want to stop existing",
    "i want to go to sleep forever",
    "my son has been saying he'd be better off dead",
    "im worthless",
    "is anyone there, i'm not doing well, i can't stop crying",
    "everything is too much and i cant breathe",
    "i'm thinking about taking all my meds",
    "my daughter stopped eating and says she wants to fade away",
    "i'm planning to end things this weekend",
    "i keep hurting myself when i get sad",
    "the voices are telling me to hurt myself",
    "i can't keep living like this",
    "i'm a burden and everyone hates me",
]

ORDINARY = [
    # Figures of speech with a danger word, and near words (not alerts).
    "I'm dying to hear what cambridge's vision says",
    "got any killer lines from west sac's values for my essay?",
    "shoot me a quick summary of the alhambra mission",
    "I totally bombed the oral board last time, what are apd's values?",
    "I nailed my written test, now what's cambridge's mission",
    "does cambridge say anything about people breaking into cars?",
    "what does the west sac vision say about smoke detectors",
    "what does protection mean to West Sac?",
    "which value is about danger and adversity?",
    "what does courage in the face of danger mean",
    "do they protect lives and property?",
    "What is Cambridge's mission?",
    "what is alhambra's vision",
    "What are West Sacramento's core values?",
    "what does integrity mean to Cambridge",
    "tell me about the value of compassion",
    "what are the goals of the Alhambra police",
    "how do I contact Cambridge police",
    "what is the non-emergency number for Cambridge?",
    "what's the non emergency line",
    "what's the phone number",
    "what number do I call for non emergencies",
    "how do I call the police in Alhambra?",
    "where is the West Sacramento police station?",
    "which departments do you know?",
    "what can you do?",
    "help",
    "help me",
    "I need help using this",
    "can you help me find the mission",
    "hi",
    "thanks for the help",
    "goodbye",
    "are you a bot?",
    "which values do Cambridge and Alhambra share?",
    "compare the missions of Alhambra and Cambridge",
    "what does selflessness and courage mean",
    "what does esprit de corps mean to West Sac",
    "which value is about keeping people safe?",
    "how does Cambridge support victims?",
    "what is the department's role in public safety?",
    "does Cambridge have a gun policy?",
    "what is the policy on guns",
    "what does the fire department do",
    "who is the fire chief",
    "how do they prevent crime?",
    "do they reduce crime and fear of crime",
    "what is the mission about protecting life",
    "what value is about the sanctity of life?",
    "which value talks about the dangers officers face",
    "is policing a dangerous job",
    "what does respect mean to alhambra",
    "the department was attached to the city",
    "what are the goals for the next five years",
    "what is the vision statement",
    "how can i fire a complaint at them",
    "show me the values of West Sac",
    "what does caring mean",
    "what is trustworthiness",
    "which department values diversity?",
    "tell me about teamwork",
    "what does advocacy and empathy mean",
    "what do they say about emergency preparedness",
    "who do I call to report a noise complaint?",
    "my car was stolen last week",
    "someone broke into my car yesterday",
    "I want to report a theft",
    "my bike got stolen",
    "I was scammed online and want to report it",
    "i want to file a police report",
    "what's the address of the Alhambra police",
    "what is their website",
    "do they have a twitter",
    "and their vision?",
    "what about Cambridge?",
    "Alhambra",
    "the mission please",
    "what does pride mean to west sacramento",
    "what does professionalism mean",
    "is efficiency one of Cambridge's values",
    "what's the difference between the departments",
    "do you know the police of Lakeview",
    "I love this department",
    "what is the mission of the cambridge police department in the community",
    "what does the department do to protect and serve",
    "does alhambra value fairness",
    "how do they treat people with dignity",
    "what is impartiality",
    "which Cambridge value is about unconscious bias?",
    "does the department train officers on unconscious bias",
    # Danger words in the statements' sense, and programmes named after a danger
    # ("suicide prevention training" is about the department, not a person).
    "the value about carrying on when things get dangerous",
    "what does west sac say about courage in the face of danger and adversity",
    "how does alhambra protect lives and property",
    "which value talks about threats to the community",
    "does cambridge mention violence prevention in its mission",
    "what is their stance on domestic violence outreach",
    "tell me about the value protection",
    "does west sac have an emergency preparedness goal",
    "is there a crisis intervention training goal",
    "does the department do suicide prevention training",
    "does cambridge have a suicide prevention program for officers",
    "what is the weapons policy",
    "does alhambra have a weapons policy for officers",
    "how do they attack problems in the community",
    "which value is about attacking problems at the root",
    "is harm reduction part of their mission",
    "how do they protect the public from danger",
    "which department mentions adversity",
    "what does protecting the public mean for west sac",
    "do cambridge officers get active shooter training",
    "how does the department respond to emergencies",
    "what do they do about gun violence",
    "does the department have a crisis response team",
    "is there a domestic violence unit in cambridge",
    "which value is about dangerous situations",
    "does the mission mention threats to public safety",
    "is violence reduction one of their goals",
    "what is their emergency response plan",
    "does cambridge train officers in crisis intervention",
    "what does selflessness in the face of danger mean",
    "how do they keep kids from being harmed",
    "what is the policy on officers carrying weapons",
    "do they have a mental health crisis team",
    "what do the values say about domestic violence",
    "how does west sac deal with threats against officers",
    "does west sacramento honor officers killed in the line of duty",
    "does the department have a shooting range",
    "how do they investigate officer involved shootings",
    "is there a value about facing danger for the community",
    "what does the department say about self harm prevention programs",
    "what are the suicide rates in alhambra",
    "how does cambridge support domestic violence victims",
    "what is the goal about emergency management",
    "does alhambra value protecting people from harm",
    "which statement talks about danger",
    "does courage mean running toward danger",
    "is fighting crime part of their vision",
    "what is the use of force policy",
    "do officers carry guns in cambridge",
    "is protection the first value of west sac",
    "what is the mission about protecting life and property from harm",
    "which value is about staying calm in a crisis situation",
    "what is the department's approach to hostage negotiation training",
    "what does alhambra say about protecting the environment",
    "is the department prepared for emergencies",
    "what are their goals for crime control",
    "which value involves putting yourself in harm's way",
    "how does cambridge handle threats to public safety",
    "do officers train for dangerous encounters",
    "is courage in the face of danger a value for cambridge",
    "what is the department's policy on weapons and use of force",
    "which department values protecting the vulnerable",
    "how do they reduce violence in the community",
    "does alhambra talk about violence",
    "does west sac have a plan for natural disasters",
    "what does the department do to keep victims safe from their abusers",
    "what do they say about officer safety and danger on the job",
    "what is the mission regarding crime and violence",
    "how does west sac handle a crisis",
    "does the vision mention protecting people in crisis",
    "which value is about protecting the community from crime and violence",
    "what does guarding the public's safety mean",
    "how do they deal with violent offenders",
    "is fighting crime their main goal",
    "what does the cambridge police department do about shootings",
    "what is alhambra's approach to domestic violence",
    "does their training cover de escalation of violent situations",
    "do they have a threat assessment team",
    "how do they respond to people in mental health crisis",
    "are their officers trained to handle overdoses",
]

NON_ENGLISH = [
    "hola, necesito ayuda",
    "¿cuál es la misión del departamento?",
    "你好",
    "你们的使命是什么",
    "안녕하세요",
    "привет, какая у вас миссия?",
    "مرحبا",
    "bonjour, merci",
    "quiero hablar con la policía",
    "xin chào",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergencies_are_detected(text: str) -> None:
    assert detect(text) is Alert.EMERGENCY


@pytest.mark.parametrize("text", CRISES)
def test_crises_are_detected(text: str) -> None:
    assert detect(text) is Alert.CRISIS


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_questions_do_not_trigger(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize("text", NON_ENGLISH)
def test_other_languages_are_detected(text: str) -> None:
    assert detect(text) is Alert.NON_ENGLISH


def test_there_are_enough_phrasings() -> None:
    assert len(EMERGENCIES) + len(CRISES) >= 60
    assert len(ORDINARY) >= 60


@pytest.mark.parametrize(
    "text",
    ["I have a gun and I want to kill myself", "he has a knife and wants to die"],
)
def test_a_crisis_wins_over_an_emergency(text: str) -> None:
    assert detect(text) is Alert.CRISIS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Self-harm with danger to life now: the crisis reply, which names 911 too.
        ("I have the knife in my hand and I'm going to do it", Alert.CRISIS),
        ("I took a bottle of pills", Alert.CRISIS),
        ("he's standing on the bridge ledge", Alert.CRISIS),
        # Violence against others now: the emergency reply.
        ("my dad says he will kill us and then himself", Alert.EMERGENCY),
        ("he's going to kill me", Alert.EMERGENCY),
        ("I'm going to kill my boss", Alert.EMERGENCY),
        # A young child who swallowed something did so by accident.
        ("my toddler swallowed a bunch of pills", Alert.EMERGENCY),
    ],
)
def test_self_harm_is_a_crisis_and_violence_an_emergency(
    text: str, expected: Alert
) -> None:
    assert detect(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # About a department's programme: nothing to detect.
        ("does the department do suicide prevention training", None),
        ("how does the department prevent suicide", None),
        ("does cambridge have crisis counselors", None),
        # About a person, or asking for help: a crisis.
        ("my friend needs suicide prevention help", Alert.CRISIS),
        ("i need to talk to a crisis counselor", Alert.CRISIS),
        ("what's the suicide hotline number", Alert.CRISIS),
        ("they want to prevent suicide but i want to die", Alert.CRISIS),
        # A programme named in a message that also reports an emergency.
        (
            "my husband is beating me, is there a domestic violence unit",
            Alert.EMERGENCY,
        ),
        ("call emergency services now", Alert.EMERGENCY),
    ],
)
def test_programmes_are_topics_not_alerts(text: str, expected: Alert | None) -> None:
    assert detect(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "What is the mission?  " + "x" * 2000 + " I want to kill myself",
        "my mission " * 500,
    ],
)
def test_only_the_capped_text_is_read(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\t", "😀😀", "12345", "!!!", "\x00\x01", None, 42]
)
def test_nothing_to_detect(text: object) -> None:
    assert detect(text) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'M", "im"),
        ("Don’t  HELP", "dont help"),
        ("héllo wörld", "hello world"),
        ("hellllp", "hellp"),
        ("some1 pls", "someone please"),
        ("i wanna", "i want to"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("somone", "someone"),
        ("attakced", "attacked"),
        ("ambulence", "ambulance"),
        ("attached", "attached"),
        ("mission", "mission"),
        ("fire", "fire"),
        ("protection", "protection"),
        ("hopless", "hopeless"),
        ("homeless", "homeless"),
        ("noise", "noise"),
        ("situation", "situation"),
        ("saying", "saying"),
    ],
)
def test_correct(word: str, expected: str) -> None:
    assert correct(word) == expected


@pytest.mark.parametrize(
    ("length", "expected_max"), [(10, 10), (MAX_NLU_CHARS, MAX_NLU_CHARS)]
)
def test_cap_text_keeps_short_text(length: int, expected_max: int) -> None:
    text = "a" * length
    assert cap_text(text) == text


@pytest.mark.parametrize(
    "text", ["word " * 1000, "x" * 100_000, "ab " + "y" * 5000, "é" * 3000]
)
def test_cap_text_limits_long_text(text: str) -> None:
    capped = cap_text(text)
    assert 0 < len(capped) <= MAX_NLU_CHARS
    assert text.startswith(capped)


@pytest.mark.parametrize(
    "text",
    ["What is the mission?", "what does pride mean", "Alhambra", "lol", "ok 👍"],
)
def test_english_is_english(text: str) -> None:
    assert not is_non_english(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("im being attackd", Alert.EMERGENCY),
        ("he is beaking into my house", Alert.EMERGENCY),
    ],
)
def test_misspelt_emergencies_are_read_the_same_in_every_process(
    text: str, expected: Alert
) -> None:
    """Ties between trigger words do not depend on Python's hash seed."""
    script = (
        "from statement_bot.safety import detect, prepare;"
        f"print(prepare({text!r}), detect({text!r}))"
    )
    answers = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(answers) == 1, answers
    assert detect(text) is expected


@pytest.mark.parametrize("text", ["tag line", "cpd tag line?", "cam footage policy"])
def test_one_borrowed_word_is_not_another_language(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this isn't an emergency, i just need the regular number", None),
        ("not an emergency, what's the non-emergency line?", None),
        (
            "it's not an emergency but someone is breaking into my car right now",
            Alert.EMERGENCY,
        ),
        ("this is an emergency", Alert.EMERGENCY),
    ],
)
def test_saying_it_is_not_an_emergency(text: str, expected: Alert | None) -> None:
    assert detect(text) is expected
