"""Adds this project's known, harmless warnings to Rasa's list of expected ones.

Why: a start printed about 20 lines of third-party deprecation warnings and a
training about 70 lines of Rasa's notes on responses "not used in any story or
rule", all expected, which hid the lines a newcomer needs (and would hide a
real warning among them). ``PYTHONWARNINGS=ignore::DeprecationWarning`` does
not help: importing sanic puts a "once" filter for every ``DeprecationWarning``
in front of it (``sanic/app.py``).

Rasa keeps its own list of expected warnings, ``rasa.utils.common.EXPECTED_WARNINGS``
(category and message pattern), which its command line turns into "ignore"
filters unless the log level is DEBUG, after its own filters (so sanic's and
Rasa's "once" filters do not override them). This patch adds ``KNOWN_WARNINGS``
to that list, and also filters them at once for a Rasa used in-process (the
tests). Each entry matches one message (or a named few): any other warning, of
any category, still shows; at DEBUG, all of them show.

To remove it: delete this module and its entry in ``patches()``
(``rasa_plugins/patches/__init__.py``); the warnings then show again.
"""

from __future__ import annotations

import logging
import re
import warnings

import rasa.utils.common

from rasa_plugins.patches.base import PatchError
from statement_bot import names


def _one_of(words: set[str]) -> str:
    """A regex alternative of ``words`` (sorted, escaped)."""
    return "(?:" + "|".join(re.escape(word) for word in sorted(words)) + ")"


# Responses sent by the custom actions (actions/actions.py) and by the
# action_guard patch, never by a story or rule: the names of statement_bot.names.
ACTION_RESPONSES = {v for k, v in vars(names).items() if k.startswith("UTTER_")}
# Intents set by the FollowUps component from patterns, or sent only by buttons
# (feedback): in the domain, with no NLU examples to learn from.
PATTERN_INTENTS = {
    names.INTENT_CHOOSE_ITEM,
    names.INTENT_ASK_ALSO,
    names.INTENT_ABOUT_LAST_ANSWER,
    names.INTENT_PRACTICE_COMMAND,
    names.INTENT_FEEDBACK,
}

KNOWN_WARNINGS: list[tuple[type[Warning], str]] = [
    # Harmless: these responses are used, by custom actions (Rasa 3.6 has no way
    # to mark them so); a response no action sends still warns.
    (
        UserWarning,
        f"The utterance '{_one_of(ACTION_RESPONSES)}' is not used in any story "
        "or rule",
    ),
    # Harmless: these intents come from patterns and buttons, not from examples;
    # any other intent without examples still warns.
    (
        UserWarning,
        f"The intent '{_one_of(PATTERN_INTENTS)}' is listed in the domain file, "
        "but is not found in the NLU training data",
    ),
    # Harmless: the Makefile sets TF_DETERMINISTIC_OPS for reproducible training
    # on CPU; the note is about GPUs, where TensorFlow would fail with an error.
    (UserWarning, "You have set 'TF_DETERMINISTIC_OPS' to 1"),
    # Harmless: notices to the authors of Rasa 3.6 and its libraries about APIs
    # that still work in the pinned versions (requirements.txt):
    # rasa.shared.utils.validation imports pkg_resources;
    (DeprecationWarning, "pkg_resources is deprecated as an API"),
    # mpl_toolkits (matplotlib) and ruamel (ruamel.yaml) declare namespaces;
    (
        DeprecationWarning,
        r"Deprecated call to `pkg_resources\.declare_namespace\("
        r"'(?:mpl_toolkits|ruamel)'\)`",
    ),
    # sanic_cors compares versions with distutils' LooseVersion;
    (DeprecationWarning, "distutils Version classes are deprecated"),
    # Rasa's SQLTrackerStore builds its URL with SQLAlchemy's URL();
    (DeprecationWarning, r"Calling URL\(\) directly is deprecated"),
    # matplotlib's font patterns call pyparsing's old camelCase names.
    (
        DeprecationWarning,
        "'(?:setParseAction|parseString|resetCache)' deprecated - use",
    ),
]


def debugging() -> bool:
    """True when the root logger lets DEBUG through."""
    return logging.getLogger().isEnabledFor(logging.DEBUG)


def filter_known_warnings() -> None:
    """Ignore the known warnings now, as Rasa's set-up does (``.*`` first)."""
    for category, message in KNOWN_WARNINGS:
        warnings.filterwarnings("ignore", message=f".*{message}", category=category)


class KnownWarnings:
    """``KNOWN_WARNINGS`` in Rasa's ``EXPECTED_WARNINGS``, added and removed."""

    name = "rasa.utils.common.EXPECTED_WARNINGS: KNOWN_WARNINGS"

    def check(self) -> None:
        """Rasa still has the list, of (category, message) pairs."""
        expected = getattr(rasa.utils.common, "EXPECTED_WARNINGS", None)
        if not isinstance(expected, list) or not all(
            isinstance(entry, tuple) and len(entry) == 2 for entry in expected
        ):
            raise PatchError(
                "rasa.utils.common.EXPECTED_WARNINGS is not a list of "
                "(category, message) pairs"
            )

    @property
    def installed(self) -> bool:
        return all(
            entry in rasa.utils.common.EXPECTED_WARNINGS for entry in KNOWN_WARNINGS
        )

    def install(self) -> None:
        """Add the entries (once) and, below DEBUG, filter them now."""
        expected = rasa.utils.common.EXPECTED_WARNINGS
        expected.extend([entry for entry in KNOWN_WARNINGS if entry not in expected])
        if not debugging():
            filter_known_warnings()

    def uninstall(self) -> None:
        """Rasa's own list back (filters already set stay: they hide only these)."""
        expected = rasa.utils.common.EXPECTED_WARNINGS
        expected[:] = [entry for entry in expected if entry not in KNOWN_WARNINGS]


KNOWN = KnownWarnings()
