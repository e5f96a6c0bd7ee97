"""The machinery behind the table of variables (``table.py``).

A ``Schema`` takes the table (and the rules that span several variables) and
derives everything else from it: the defaults, one small frozen object per group
(``settings.core.store_dir``), the checks, the ``K=V`` environment and the check
of ``.env.example``. Nothing here names a variable.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, make_dataclass
from typing import Any, ClassVar

from .kinds import Invalid, Kind

logger = logging.getLogger(__name__)

GROUPS = ("core", "rasa", "slack", "cluster")

# A check over several variables' values (by name); raises SettingsError.
Rule = Callable[[Mapping[str, Any]], None]


class SettingsError(ValueError):
    """A variable has a value that cannot be used; the message names it."""


@dataclass(frozen=True)
class Variable:
    """One setting: adding a variable is adding one of these to the table."""

    name: str  # the environment variable
    default: str  # as .env.example writes it
    group: str  # one of GROUPS
    field: str  # its name in the group: settings.<group>.<field>
    kind: Kind  # its check and how it is shown
    doc: str  # one line (the full comment is in .env.example)
    exact: bool = False  # taken as given, unstripped; empty counts as set
    lenient: bool = False  # a value the kind refuses: a warning and the default
    # Blank (empty after parsing): the value derived from earlier variables.
    when_blank: Callable[[Mapping[str, Any]], Any] | None = None


class Group:
    """A group of settings: the schema makes one frozen dataclass per group."""

    variables: ClassVar[tuple[Variable, ...]] = ()


@dataclass(frozen=True)
class Settings:
    """The checked settings, in groups: ``settings.rasa.port``."""

    core: Group
    rasa: Group
    slack: Group
    cluster: Group
    schema: Schema = field(compare=False, repr=False)

    def environment(self) -> dict[str, str]:
        """Every variable as the processes of the bot should see it (checked and
        derived: absolute paths, the default CORS origins), in table order."""
        return self.schema.environment(self)


def _make_group(group: str, variables: Sequence[Variable]) -> type[Group]:
    """The frozen dataclass of one group: a field per variable, in table order."""
    doc = f"The {group} settings:\n" + "\n".join(
        f"    {v.field} ({v.name}): {v.doc}" for v in variables
    )
    return make_dataclass(
        f"{group.title()}Settings",
        [(v.field, v.kind.type) for v in variables],
        bases=(Group,),
        frozen=True,
        namespace={
            "variables": tuple(variables),
            "__doc__": doc,
            "__module__": __name__,
        },
    )


def _problems_of_table(variables: Sequence[Variable]) -> list[str]:
    """Mistakes in a table: unknown groups, names or fields twice, bad defaults."""
    problems = []
    names = [v.name for v in variables]
    fields = [(v.group, v.field) for v in variables]
    for v in variables:
        if v.group not in GROUPS:
            problems.append(f"{v.name}: unknown group {v.group!r}")
        if names.count(v.name) > 1 or fields.count((v.group, v.field)) > 1:
            problems.append(f"{v.name}: name or field {v.group}.{v.field} twice")
        if not v.field.isidentifier():
            problems.append(f"{v.name}: field {v.field!r} is not a name")
        try:
            v.kind.parse(v.default)
        except Invalid as problem:
            problems.append(f"{v.name}: its default {problem}")
    return problems


class Schema:
    """Settings as a table of variables defines them (plus cross-variable rules)."""

    def __init__(self, variables: Sequence[Variable], rules: Sequence[Rule] = ()):
        problems = _problems_of_table(variables)
        if problems:
            raise ValueError("settings table: " + "; ".join(problems))
        self.variables = tuple(variables)
        self.rules = tuple(rules)
        self.groups = {
            group: _make_group(group, [v for v in variables if v.group == group])
            for group in GROUPS
        }

    @property
    def defaults(self) -> dict[str, str]:
        """Every variable and its default, as .env.example writes it."""
        return {v.name: v.default for v in self.variables}

    def read(self, given: Mapping[str, str]) -> Settings:
        """Check ``given`` (missing or blank variables take their defaults)."""
        values: dict[str, Any] = {}
        for variable in self.variables:
            values[variable.name] = _value(variable, given, values)
        for rule in self.rules:
            rule(values)
        groups = {
            group: cls(**{v.field: values[v.name] for v in cls.variables})
            for group, cls in self.groups.items()
        }
        return Settings(**groups, schema=self)

    def environment(self, settings: Settings) -> dict[str, str]:
        """Every variable of ``settings`` shown as text, in table order."""
        return {
            v.name: v.kind.show(getattr(getattr(settings, v.group), v.field))
            for v in self.variables
        }

    def check_env_example(self, text: str) -> list[str]:
        """What ``.env.example`` (its ``text``) gets wrong: a variable missing,
        unknown, with another default, or without a comment in its block."""
        documented: dict[str, str] = {}
        problems = []
        commented = False
        for line in text.splitlines():
            commented = bool(line.strip()) and (commented or line.startswith("#"))
            match = re.match(r"([A-Z][A-Z0-9_]+)=(.*)$", line)
            if match:
                documented[match[1]] = match[2]
                if not commented:
                    problems.append(f"{match[1]} has no comment in .env.example")
        defaults = self.defaults
        for name, default in defaults.items():
            if name not in documented:
                problems.append(f"{name} is missing from .env.example")
            elif documented[name] != default:
                problems.append(
                    f"{name}: .env.example gives {documented[name]!r}, "
                    f"the default is {default!r}"
                )
        problems += [
            f"{name} is in .env.example but is no setting"
            for name in documented
            if name not in defaults
        ]
        return problems


def _value(
    variable: Variable, given: Mapping[str, str], earlier: Mapping[str, Any]
) -> Any:
    """The checked value of one variable (``earlier``: the values before it)."""
    name = variable.name
    if variable.exact and name in given:
        raw = str(given[name])
    else:
        raw = str(given.get(name) or "").strip() or variable.default
    try:
        value = variable.kind.parse(raw)
    except Invalid as problem:
        if not variable.lenient:
            raise SettingsError(f"{name} {problem}") from None
        logger.warning("%s %s; using the default %s", name, problem, variable.default)
        value = variable.kind.parse(variable.default)
    if not value and variable.when_blank is not None:
        value = variable.when_blank(earlier)
    return value
