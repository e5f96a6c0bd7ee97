"""Names shared by the domain, the actions and the tests.

Every intent, entity, slot, response and action name used from Python lives here,
so that code and tests import one spelling (as ``rasa_sdk.knowledge_base.utils``
does).
"""

from __future__ import annotations

from enum import Enum

# Intents: questions about a department's statement.
INTENT_ASK_MISSION = "ask_mission"
INTENT_ASK_VISION = "ask_vision"
INTENT_ASK_VALUES = "ask_values"
INTENT_ASK_VALUE = "ask_value"
INTENT_ASK_GOALS = "ask_goals"
INTENT_ASK_CONTACT = "ask_contact"
INTENT_ASK_SECTION = "ask_section"
INTENT_INFORM_DEPARTMENT = "inform_department"
INTENT_LIST_DEPARTMENTS = "list_departments"
INTENT_COMPARE = "compare_departments"
INTENT_SHARED_VALUES = "ask_shared_values"
INTENT_ASK_CONTENT = "ask_content"
# Set by the FollowUps NLU component: "the second one", "does X have that too?".
INTENT_CHOOSE_ITEM = "choose_item"
INTENT_ASK_ALSO = "ask_also"
# Set by the FollowUps NLU component: "summarise that", "word for word".
INTENT_ABOUT_LAST_ANSWER = "about_last_answer"
# Rasa's own intent: its default rule runs action_restart (utter_restart).
INTENT_RESTART = "restart"
# Recruit practice: "quiz me on Cambridge's values" (trained), and the words
# that steer a round ("next", "hint", "stop"), set by the FollowUps component.
INTENT_PRACTICE = "practice"
INTENT_PRACTICE_COMMAND = "practice_command"
# "Can I talk to a person?" (trained); a rating of an answer, sent by the
# widget's and Slack's buttons as /feedback{"rating": "up"} (never trained).
INTENT_ASK_HUMAN = "ask_human"
INTENT_FEEDBACK = "feedback"

# Intents: conversation and safety.
INTENT_GREET = "greet"
INTENT_GOODBYE = "goodbye"
INTENT_THANK = "thank"
INTENT_BOT_CHALLENGE = "bot_challenge"
INTENT_HELP = "help"
INTENT_OUT_OF_SCOPE = "out_of_scope"
INTENT_REPORT_CRIME = "report_crime"
INTENT_EMERGENCY = "emergency"
INTENT_CRISIS = "crisis"
INTENT_NON_ENGLISH = "non_english"
INTENT_NLU_FALLBACK = "nlu_fallback"

# Entities.
ENTITY_DEPARTMENT = "department"
ENTITY_VALUE = "value"
ENTITY_SECTION = "section"
# Feedback buttons: "up" or "down", and why an answer was rated down.
ENTITY_RATING = "rating"
ENTITY_REASON = "reason"
ENTITY_RATED_TOPIC = "rated_topic"  # the topic of the answer rated

# Slots (all set only by actions, after checking against the store).
SLOT_DEPARTMENT = "department"
SLOT_TOPIC = "topic"
SLOT_VALUE = "value"
# The items of the last list the bot showed (values, items of a section,
# departments), so that "the second one" can be resolved.
SLOT_SHOWN = "shown"
# The last question the statement search answered, for "what about Cambridge?".
SLOT_SEARCHED = "searched"
# Recruit practice: the round in progress (statement_bot.practice.Round as a
# dict), and whether one is in progress (the rules route messages on it).
SLOT_PRACTICE = "practice"
SLOT_PRACTICING = "practicing"
# What the last answer from the store quoted (statement_bot.dialogue.state.LastAnswer),
# for "summarise that", "word for word".
SLOT_LAST_ANSWER = "last_answer"


class Topic(str, Enum):
    """What a question is about. Section keys of the store double as topics: a
    department's own sections ("motto") are plain strings beside these."""

    MISSION = "mission"
    VISION = "vision"
    VALUES = "values"
    VALUE = "value"
    GOALS = "goals"
    CONTACT = "contact"
    SECTION = "section"
    CONTENT = "content"  # a search of the statement's text (SLOT_SEARCHED)

    def __str__(self) -> str:
        return self.value


INTENT_TOPICS: dict[str, Topic] = {
    INTENT_ASK_MISSION: Topic.MISSION,
    INTENT_ASK_VISION: Topic.VISION,
    INTENT_ASK_VALUES: Topic.VALUES,
    INTENT_ASK_VALUE: Topic.VALUE,
    INTENT_ASK_GOALS: Topic.GOALS,
    INTENT_ASK_CONTACT: Topic.CONTACT,
    INTENT_ASK_SECTION: Topic.SECTION,
}
# The intent that asks for each standard section (buttons use these).
TOPIC_INTENTS: dict[Topic, str] = {
    topic: intent
    for intent, topic in INTENT_TOPICS.items()
    if topic not in (Topic.VALUE, Topic.SECTION)
}

# Actions.
ACTION_ANSWER = "action_answer"
ACTION_LIST_DEPARTMENTS = "action_list_departments"
ACTION_COMPARE = "action_compare"
ACTION_SHARED_VALUES = "action_shared_values"
ACTION_SEARCH = "action_search"
ACTION_OUT_OF_SCOPE = "action_out_of_scope"
ACTION_FALLBACK = "action_fallback"
ACTION_REPORT_CRIME = "action_report_crime"
ACTION_PRACTICE = "action_practice"
ACTION_HANDOFF = "action_handoff"
ACTION_FEEDBACK = "action_feedback"

# Responses filled from the store.
UTTER_SECTION = "utter_section"
UTTER_VALUES = "utter_values"
UTTER_VALUE = "utter_value"
UTTER_CONTACT = "utter_contact"
UTTER_NO_SECTION = "utter_no_section"
UTTER_NO_VALUE = "utter_no_value"
UTTER_VALUE_NOT_LISTED = "utter_value_not_listed"
UTTER_ITEM = "utter_item"
UTTER_NO_ITEM = "utter_no_item"
UTTER_ALSO_HAS = "utter_also_has"
UTTER_ALSO_RELATED = "utter_also_related"
UTTER_ASK_WHAT = "utter_ask_what"
UTTER_NO_CONTACT = "utter_no_contact"
UTTER_UNKNOWN_DEPARTMENT = "utter_unknown_department"
UTTER_ASK_DEPARTMENT = "utter_ask_department"
UTTER_ASK_TOPIC = "utter_ask_topic"
UTTER_OVERVIEW = "utter_overview"
UTTER_OVERVIEW_VALUES = "utter_overview_values"
UTTER_OVERVIEW_VALUES_ONLY = "utter_overview_values_only"
UTTER_OUT_OF_SCOPE = "utter_out_of_scope"
UTTER_OUT_OF_SCOPE_CONTACT = "utter_out_of_scope_contact"
UTTER_OUT_OF_SCOPE_NO_CONTACT = "utter_out_of_scope_no_contact"
UTTER_NOT_IN_STATEMENT = "utter_not_in_statement"
UTTER_NOT_IN_STATEMENT_NO_CONTACT = "utter_not_in_statement_no_contact"
UTTER_WHICH_HAVE = "utter_which_have"
UTTER_WHICH_HAVE_NOT = "utter_which_have_not"
UTTER_DEPARTMENTS = "utter_departments"
UTTER_COMPARE = "utter_compare"
UTTER_SHARED_VALUES = "utter_shared_values"
UTTER_SHARED_VALUE = "utter_shared_value"
UTTER_NO_SHARED_VALUES = "utter_no_shared_values"
UTTER_FALLBACK = "utter_fallback"
UTTER_SEARCH_HIT = "utter_search_hit"
UTTER_SEARCH_NOT_IN = "utter_search_not_in"
UTTER_SEARCH_NO_MATCH = "utter_search_no_match"
UTTER_REPORT_CRIME = "utter_report_crime"
UTTER_REPORT_CRIME_CONTACT = "utter_report_crime_contact"
# Requests about the last answer: its first sentence or first entry, verbatim;
# nothing answered yet.
UTTER_FIRST_SENTENCE = "utter_first_sentence"
UTTER_FIRST_ENTRY = "utter_first_entry"
UTTER_NOTHING_ANSWERED = "utter_nothing_answered"
# Recruit practice (statement_bot.practice).
UTTER_PRACTICE_WHICH_VALUE = "utter_practice_which_value"
UTTER_PRACTICE_MEANING = "utter_practice_meaning"
UTTER_PRACTICE_FILL_GAP = "utter_practice_fill_gap"
UTTER_PRACTICE_NAME_ALL = "utter_practice_name_all"
UTTER_PRACTICE_RIGHT = "utter_practice_right"
UTTER_PRACTICE_WRONG = "utter_practice_wrong"
UTTER_PRACTICE_SHORT = "utter_practice_short"
UTTER_PRACTICE_SKIPPED = "utter_practice_skipped"
UTTER_PRACTICE_TERMS = "utter_practice_terms"
UTTER_PRACTICE_NAMED = "utter_practice_named"
UTTER_PRACTICE_OFFICIAL = "utter_practice_official"
UTTER_PRACTICE_SCORE = "utter_practice_score"
UTTER_PRACTICE_HINT = "utter_practice_hint"
UTTER_PRACTICE_END = "utter_practice_end"
UTTER_PRACTICE_REVIEW = "utter_practice_review"
UTTER_PRACTICE_STOPPED = "utter_practice_stopped"
UTTER_PRACTICE_CONTINUE = "utter_practice_continue"
UTTER_PRACTICE_ASK_DEPARTMENT = "utter_practice_ask_department"
UTTER_PRACTICE_NO_VALUES = "utter_practice_no_values"
UTTER_PRACTICE_NONE = "utter_practice_none"
# Fixed answers the rules utter (data/rules/conversation.yml).
UTTER_GREET = "utter_greet"
UTTER_GOODBYE = "utter_goodbye"
UTTER_THANK = "utter_thank"
UTTER_BOT_CHALLENGE = "utter_bot_challenge"
UTTER_HELP = "utter_help"
UTTER_NON_ENGLISH = "utter_non_english"
# Safety answers (rules, data/rules/safety.yml).
UTTER_EMERGENCY = "utter_emergency"
UTTER_CRISIS = "utter_crisis"
# Hand-off to the department, and feedback on answers.
UTTER_HANDOFF = "utter_handoff"
UTTER_HANDOFF_NO_CONTACT = "utter_handoff_no_contact"
UTTER_HANDOFF_GENERAL = "utter_handoff_general"
UTTER_FEEDBACK_THANKS = "utter_feedback_thanks"
UTTER_FEEDBACK_WHY = "utter_feedback_why"
UTTER_FEEDBACK_NOTED = "utter_feedback_noted"
# Answers from the store that people may rate (the widget's and Slack's
# "Helpful?"): the action sends a custom message {"feedback": {...}} after them,
# which the channels turn into the rating buttons. Never safety answers.
CUSTOM_FEEDBACK = "feedback"
# Sent by Rasa's own action_default_fallback (core fallback).
UTTER_DEFAULT = "utter_default"
# Sent by Rasa's own action_restart.
UTTER_RESTART = "utter_restart"

# Message metadata: the department of the page the website widget sits on.
METADATA_DEPARTMENT = "department"
# Sent by the Rasa server itself when the action server is down or too slow
# (rasa_plugins/patches/action_guard.py).
UTTER_SERVICE_UNAVAILABLE = "utter_service_unavailable"
# Sent by the channels themselves (rasa_plugins/access.py), never by Rasa: a
# sender over the rate limit, and "delete my conversation" done.
UTTER_SLOW_DOWN = "utter_slow_down"
UTTER_CONVERSATION_DELETED = "utter_conversation_deleted"
# Sent by the channels when Rasa answered a payload with nothing
# (/session_start: the greeting; anything else: the fallback).
UTTER_GREET = "utter_greet"
