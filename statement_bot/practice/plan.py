"""One turn of recruit practice: start a round, mark an answer, obey a command,
or answer a statement question asked in the middle and offer to carry on.

The flow is one way: read the turn (command, choice, question?) with
``statement_bot.practice.questions`` → decide → return an ``Outcome`` of domain responses
(variables from the store) and the practice slots. Nothing is mutated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from statement_bot import formatting as fmt
from statement_bot.dialogue.context import Request
from statement_bot.dialogue.replies import Outcome, Reply, unknown_department
from statement_bot.dialogue.state import Turn
from statement_bot.names import (
    ENTITY_DEPARTMENT,
    INTENT_CHOOSE_ITEM,
    INTENT_PRACTICE,
    INTENT_PRACTICE_COMMAND,
    SLOT_DEPARTMENT,
    SLOT_PRACTICE,
    SLOT_PRACTICING,
    UTTER_PRACTICE_ASK_DEPARTMENT,
    UTTER_PRACTICE_CONTINUE,
    UTTER_PRACTICE_END,
    UTTER_PRACTICE_FILL_GAP,
    UTTER_PRACTICE_HINT,
    UTTER_PRACTICE_MEANING,
    UTTER_PRACTICE_NAME_ALL,
    UTTER_PRACTICE_NAMED,
    UTTER_PRACTICE_NO_VALUES,
    UTTER_PRACTICE_NONE,
    UTTER_PRACTICE_OFFICIAL,
    UTTER_PRACTICE_REVIEW,
    UTTER_PRACTICE_RIGHT,
    UTTER_PRACTICE_SCORE,
    UTTER_PRACTICE_SHORT,
    UTTER_PRACTICE_SKIPPED,
    UTTER_PRACTICE_STOPPED,
    UTTER_PRACTICE_TERMS,
    UTTER_PRACTICE_WHICH_VALUE,
    UTTER_PRACTICE_WRONG,
)
from statement_bot.practice import questions as quiz
from statement_bot.practice import round as rounds
from statement_bot.practice.questions import Command, Kind, Question
from statement_bot.practice.round import Round
from statement_bot.store import Department

Planner = Callable[[Request], Outcome]

ASKED = {
    Kind.WHICH_VALUE: UTTER_PRACTICE_WHICH_VALUE,
    Kind.MEANING: UTTER_PRACTICE_MEANING,
    Kind.FILL_GAP: UTTER_PRACTICE_FILL_GAP,
    Kind.NAME_ALL: UTTER_PRACTICE_NAME_ALL,
}
# A message in the middle of a round that is a question of its own.
_QUESTION = re.compile(
    r"^\s*(?:what|what's|whats|which|who|whom|whose|how|why|when|where|does|do|did|"
    r"is|are|can|could|would|will|should|tell|show|give|list|compare)\b",
    re.IGNORECASE,
)


def _button(title: str, payload: str | None = None) -> dict[str, str]:
    return {"title": title, "payload": payload or title.lower()}


def _steering(finished: bool = False) -> list[dict[str, str]]:
    """The buttons that steer a round (their payloads are the typed words)."""
    if finished:
        return [_button("Again")]
    return [_button("Hint"), _button("Skip"), _button("Repeat"), _button("Stop")]


def _slots(
    round_: Round | None, department: Department | None = None
) -> dict[str, Any]:
    slots: dict[str, Any] = {
        SLOT_PRACTICE: round_.to_slot() if round_ else None,
        SLOT_PRACTICING: round_ is not None,
    }
    if department is not None:
        slots[SLOT_DEPARTMENT] = department.id
    return slots


def ask(round_: Round, department: Department, q: Question) -> Reply:
    """The reply that asks ``q``: number, department, the (masked) store text,
    numbered choices (to type in Slack), choice and steering buttons."""
    variables = {
        "number": str(round_.number),
        "total": str(round_.total(department)),
        "department_name": department.name,
    }
    if q.kind == Kind.MEANING:
        variables["value_name"] = q.prompt
    elif q.kind in (Kind.WHICH_VALUE, Kind.FILL_GAP):
        variables["body"] = q.prompt
        variables["choices"] = "\n".join(
            f"{n}. {choice}" for n, choice in enumerate(q.choices, 1)
        )
        if q.kind == Kind.FILL_GAP:
            variables["section_title"] = q.source
    choices = [_button(choice, choice) for choice in q.choices]
    return Reply(ASKED[q.kind], variables, choices + _steering())


def start(
    request: Request,
    round_: Round | None,
    seed: int,
    size: int,
    current: Department | None = None,
) -> Outcome:
    """ "Quiz me on Cambridge's values": a new round on the department named,
    else ``current`` (the round's, for "again"), else the conversation's, else
    the default; else ask which, with buttons."""
    store, found = request.store, request.mentions
    if found.unknown:
        return unknown_department(store, found.unknown, None)
    department = (found.known or [None])[0] or current or request.context
    if department is None:
        buttons = [
            {
                "title": d.name,
                "payload": fmt.payload(INTENT_PRACTICE, **{ENTITY_DEPARTMENT: d.id}),
            }
            for d in store
        ]
        return Outcome([Reply(UTTER_PRACTICE_ASK_DEPARTMENT, {}, buttons)])
    if not quiz.questions(department, seed):
        variables = {"department_name": department.name}
        return Outcome([Reply(UTTER_PRACTICE_NO_VALUES, variables)])
    # A new round on the same department goes on through the same order, so
    # no question repeats until all have been asked.
    position = round_.position if round_ and round_.department == department.id else 0
    new = rounds.new_round(department.id, seed, size, position)
    q = rounds.current(new, department)
    assert q is not None
    return Outcome([ask(new, department, q)], _slots(new, department))


def _verdict(step: rounds.Step, department: Department) -> list[Reply]:
    """Right or wrong, what was covered, the official text, the running score."""
    q, marked = step.question, step.marked
    replies: list[Reply] = []
    if marked is None:
        answer = q.expected or q.official
        replies.append(Reply(UTTER_PRACTICE_SKIPPED, {"answer": answer}))
    elif q.kind == Kind.MEANING:
        replies.append(
            Reply(UTTER_PRACTICE_RIGHT if marked.right else UTTER_PRACTICE_SHORT)
        )
        needed = max(1, round(len(q.key_terms) * quiz.MEANING_PASS))
        variables = {
            "covered": ", ".join(marked.covered) or "none",
            "missed": ", ".join(marked.missed) or "none",
            "needed": str(needed),
            "key_count": str(len(q.key_terms)),
        }
        replies.append(Reply(UTTER_PRACTICE_TERMS, variables))
    elif q.kind == Kind.NAME_ALL:
        replies.append(
            Reply(UTTER_PRACTICE_RIGHT if marked.right else UTTER_PRACTICE_SHORT)
        )
        variables = {
            "named_count": str(len(marked.covered)),
            "count": str(len(department.values)),
            "named": ", ".join(marked.covered) or "none",
            "missed": ", ".join(marked.missed) or "none",
        }
        replies.append(Reply(UTTER_PRACTICE_NAMED, variables))
    elif marked.right:
        replies.append(Reply(UTTER_PRACTICE_RIGHT))
    else:
        replies.append(Reply(UTTER_PRACTICE_WRONG, {"answer": q.expected}))
    official = {
        "department_name": department.name,
        "source": q.source,
        "body": q.official,
    }
    replies.append(Reply(UTTER_PRACTICE_OFFICIAL, official))
    score = {"score": str(step.round.score), "answered": str(step.round.answered)}
    replies.append(Reply(UTTER_PRACTICE_SCORE, score))
    return replies


def _review(round_: Round, department: Department) -> list[Reply]:
    """The values to review, each a button that shows it in full."""
    values = [v for v in department.values if v.name in round_.missed]
    if not values:
        return []
    names = fmt.join_names([v.name for v in values])
    return [
        Reply(
            UTTER_PRACTICE_REVIEW,
            {"names": names},
            fmt.value_buttons(department, values),
        )
    ]


def _end(round_: Round, department: Department) -> list[Reply]:
    variables = {"score": str(round_.score), "total": str(round_.total(department))}
    review = _review(round_, department)
    end = Reply(UTTER_PRACTICE_END, variables, _steering(finished=True))
    return [*review, end]


def _answered(round_: Round, department: Department, text: str | None) -> Outcome:
    q = rounds.current(round_, department)
    if q is None:
        return Outcome([Reply(UTTER_PRACTICE_NONE)], _slots(None))
    step = rounds.take_answer(round_, department, q, text)
    replies = _verdict(step, department)
    if step.round.finished:
        return Outcome([*replies, *_end(step.round, department)], _slots(step.round))
    following = rounds.current(step.round, department)
    assert following is not None
    return Outcome(
        [*replies, ask(step.round, department, following)], _slots(step.round)
    )


def _is_question(turn: Turn) -> bool:
    """A statement question asked in the middle ("what does integrity mean?")."""
    if turn.intent in (INTENT_PRACTICE, INTENT_PRACTICE_COMMAND, INTENT_CHOOSE_ITEM):
        return False
    return bool(_QUESTION.match(turn.text))


def _asks_about_another(request: Request, department: Department) -> bool:
    """A question naming another department than the round's: "what is
    Cambridge's mission?" while a choice of a West Sac question is "mission"."""
    named = request.mentions.known
    return any(d.id != department.id for d in named)


def _outside_round(
    request: Request, said: Command | None, answer_between: Planner
) -> Outcome:
    """No round going on: a command has nothing to steer; anything else is an
    ordinary message again."""
    if said is not None or request.turn.intent == INTENT_PRACTICE_COMMAND:
        return Outcome(
            [Reply(UTTER_PRACTICE_NONE, {}, [_button("Practise", "/practice")])]
        )
    return answer_between(request).then(Outcome(slots=_slots(None)))


def _stopped(round_: Round, department: Department) -> Outcome:
    variables = {"score": str(round_.score), "answered": str(round_.answered)}
    replies = [Reply(UTTER_PRACTICE_STOPPED, variables), *_review(round_, department)]
    return Outcome(replies, _slots(None))


def _steered(
    said: Command, round_: Round, department: Department, q: Question
) -> Outcome | None:
    """What "repeat", "hint" or "skip" does to the current question."""
    if said in (Command.REPEAT, Command.CONTINUE):
        return Outcome([ask(round_, department, q)], _slots(round_))
    if said == Command.HINT:
        variables = {"hint": quiz.hint(q, department)}
        buttons = ask(round_, department, q).buttons
        return Outcome([Reply(UTTER_PRACTICE_HINT, variables, buttons)], _slots(round_))
    if said in (Command.SKIP, Command.NEXT):
        return _answered(round_, department, None)
    return None


def _answered_between(
    request: Request, round_: Round, department: Department, answer_between: Planner
) -> Outcome:
    """A statement question in the middle: answered, and the round waits."""
    answered = answer_between(request)
    variables = {"number": str(round_.number), "total": str(round_.total(department))}
    offer = Reply(
        UTTER_PRACTICE_CONTINUE, variables, [_button("Continue"), _button("Stop")]
    )
    kept = {k: v for k, v in answered.slots.items() if k != SLOT_DEPARTMENT}
    return Outcome([*answered.replies, offer], {**kept, **_slots(round_)})


def plan(request: Request, seed: int, size: int, answer_between: Planner) -> Outcome:
    """Decide a turn of practice (or a turn routed here while one is going on);
    ``answer_between`` answers any other message (the route table's planner)."""
    turn = request.turn
    round_ = turn.practice
    department = request.store.get(round_.department) if round_ else None
    said = quiz.command(turn.text)
    if turn.intent == INTENT_PRACTICE and said is None:
        return start(request, round_ if department else None, seed, size)
    if round_ is None or department is None:
        return _outside_round(request, said, answer_between)
    if said == Command.STOP:
        return _stopped(round_, department)
    if said == Command.AGAIN or (round_.finished and turn.intent == INTENT_PRACTICE):
        return start(request, round_, seed, size, current=department)
    if round_.finished:
        # The round is over: anything else is an ordinary message again.
        return answer_between(request).then(Outcome(slots=_slots(None)))
    q = rounds.current(round_, department)
    if q is None:
        return Outcome([Reply(UTTER_PRACTICE_NONE)], _slots(None))
    steered = _steered(said, round_, department, q) if said else None
    if steered is not None:
        return steered
    picked = quiz.chosen(q, department, turn.text) if q.choices else None
    if _is_question(turn) and (
        picked is None or _asks_about_another(request, department)
    ):
        return _answered_between(request, round_, department, answer_between)
    return _answered(round_, department, turn.text)
