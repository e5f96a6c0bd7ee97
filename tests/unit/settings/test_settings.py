"""The settings package: groups, checks, export, and one table entry per variable."""

from __future__ import annotations

import dataclasses
import shlex
from pathlib import Path

import pytest

from statement_bot.settings import (
    QUIET_ENVIRONMENT,
    SCHEMA,
    VARIABLES,
    Schema,
    SettingsError,
    Variable,
    defaults,
    export_lines,
    from_environment,
    load_settings,
)
from statement_bot.settings.kinds import FLAG, TEXT, number
from statement_bot.settings.schema import GROUPS
from statement_bot.settings.table import RULES, TABLE
from tests.paths import ROOT

ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")

EXTRA = Variable(
    "GREETING_DELAY", "2", "core", "greeting_delay", number(), "seconds before hello"
)


def test_every_variable_is_one_field_of_its_group() -> None:
    settings = defaults()
    for group in GROUPS:
        fields = [f.name for f in dataclasses.fields(getattr(settings, group))]
        assert fields == [v.field for v in TABLE if v.group == group]
    assert [v.name for v in TABLE] == list(VARIABLES)


def test_the_groups_are_frozen() -> None:
    settings = defaults()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.core.practice_questions = 9  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.core = settings.rasa  # type: ignore[misc]


def test_values_are_read_into_their_groups() -> None:
    settings = from_environment(
        {
            "STORE_DIR": "/tmp/elsewhere",
            "RASA_PORT": " 6005 ",
            "SLACK_CHANNEL": "C0123456789",
            "CLUSTER_RASA_PORTS": "5010 5011,5012",
            "LOG_LEVEL": "debug",
            "SOCKETIO_ENABLED": "off",
            "CORS_ORIGINS": "https://a.example.org  https://b.example.org",
        }
    )
    assert settings.core.store_dir == Path("/tmp/elsewhere")
    assert settings.core.log_level == "DEBUG"
    assert settings.rasa.port == 6005
    assert settings.rasa.socketio_enabled is False
    assert settings.rasa.cors_origins == (
        "https://a.example.org",
        "https://b.example.org",
    )
    assert settings.slack.channel == "C0123456789"
    assert settings.cluster.rasa_ports == (5010, 5011, 5012)


def test_relative_paths_are_resolved_against_the_project() -> None:
    settings = defaults()
    assert settings.core.store_dir == ROOT / "stores"
    assert settings.core.conversations_db == ROOT / "var" / "conversations.db"
    assert settings.cluster.data_dir == ROOT / "var" / "cluster"


@pytest.mark.parametrize(
    ("env", "cors"),
    [
        ({}, ("http://localhost:8080", "http://127.0.0.1:8080")),
        ({"WEB_PORT": "9090"}, ("http://localhost:9090", "http://127.0.0.1:9090")),
        ({"CORS_ORIGINS": "https://x.example.org"}, ("https://x.example.org",)),
    ],
)
def test_no_cors_origins_means_the_demo_page(
    env: dict[str, str], cors: tuple[str, ...]
) -> None:
    assert from_environment(env).rasa.cors_origins == cors


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RASA_PORT": "99999"}, "RASA_PORT must be a port number"),
        ({"WEB_PORT": "web"}, "WEB_PORT must be a port number"),
        ({"CLUSTER_RASA_PORTS": "5006,x"}, "CLUSTER_RASA_PORTS must be a port"),
        ({"PRACTICE_QUESTIONS": "0"}, "PRACTICE_QUESTIONS must be a whole number"),
        ({"PRACTICE_QUESTIONS": "51"}, "PRACTICE_QUESTIONS must be a whole number"),
        ({"PRACTICE_QUESTIONS": "2.5"}, "PRACTICE_QUESTIONS must be a whole number"),
        ({"REDIS_DB": "-1"}, "REDIS_DB must be a whole number"),
        ({"CONVERSATION_PRUNE_MINUTES": "-5"}, "CONVERSATION_PRUNE_MINUTES must"),
        ({"SOCKETIO_ENABLED": "maybe"}, "SOCKETIO_ENABLED must be true or false"),
        ({"CORS_ORIGINS": "https://a.example.org *"}, "CORS_ORIGINS must list web"),
        ({"RASA_ENABLE_API": "true"}, "RASA_ENABLE_API=true needs RASA_AUTH_TOKEN"),
        (
            {"RASA_ENABLE_API": "yes", "RASA_AUTH_TOKEN": "short"},
            "RASA_AUTH_TOKEN must be at least 16 characters",
        ),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(
    env: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        from_environment(env)


@pytest.mark.parametrize(
    ("raw", "questions"), [("", 5), ("1", 1), ("50", 50), (" 12 ", 12)]
)
def test_practice_questions_within_range(raw: str, questions: int) -> None:
    settings = from_environment({"PRACTICE_QUESTIONS": raw})
    assert settings.core.practice_questions == questions


@pytest.mark.parametrize(
    "env",
    [
        {"RASA_ENABLE_API": "true", "RASA_AUTH_TOKEN": "t" * 16},
        {"RASA_ENABLE_API": "true", "RASA_JWT_SECRET": "jwt"},
    ],
)
def test_the_api_with_a_token_or_a_jwt_secret(env: dict[str, str]) -> None:
    assert from_environment(env).rasa.enable_api is True


def test_an_empty_password_is_kept_and_a_missing_one_is_the_default() -> None:
    assert from_environment({}).cluster.postgres_password == "statementbot"
    assert from_environment({"POSTGRES_PASSWORD": ""}).cluster.postgres_password == ""
    assert from_environment({"REDIS_PASSWORD": " s p "}).cluster.redis_password == (
        " s p "
    )


def test_the_export_reads_back_as_the_same_settings() -> None:
    settings = from_environment(
        {"DEFAULT_DEPARTMENT": "cambridge", "ACTION_TIMEOUT": "100", "WEB_PORT": "9"}
    )
    exported = dict(
        shlex.split(line.removeprefix("export "))[0].split("=", 1)
        for line in export_lines(settings)
    )
    quiet = [name for name in QUIET_ENVIRONMENT if name not in VARIABLES]
    assert list(exported) == [*VARIABLES, *quiet]
    assert exported["ACTION_TIMEOUT"] == "60"
    assert exported["CORS_ORIGINS"] == "http://localhost:9 http://127.0.0.1:9"
    assert from_environment(exported) == settings


def test_the_settings_module_exports_for_the_shell(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PRACTICE_QUESTIONS", "7")
    settings = load_settings(tmp_path / "no.env")
    assert "export PRACTICE_QUESTIONS=7" in export_lines(settings)
    assert settings.core.practice_questions == 7


def test_the_env_example_check_finds_what_is_wrong() -> None:
    assert SCHEMA.check_env_example(ENV_EXAMPLE) == []
    wrong = (
        ENV_EXAMPLE.replace("RASA_PORT=5005", "RASA_PORT=5006")
        .replace("SLACK_API_URL=\n", "")
        .replace("# Never send usage data.\n", "")
        + "\n# Not a setting.\nUNKNOWN_THING=1\n"
    )
    assert SCHEMA.check_env_example(wrong) == [
        "RASA_TELEMETRY_ENABLED has no comment in .env.example",
        "RASA_PORT: .env.example gives '5006', the default is '5005'",
        "SLACK_API_URL is missing from .env.example",
        "UNKNOWN_THING is in .env.example but is no setting",
    ]


# --- one table entry is all a new variable needs ------------------------------


def test_one_table_entry_adds_a_variable_everywhere() -> None:
    schema = Schema((*TABLE, EXTRA), RULES)
    # the default, the group's field, and the other variables unchanged
    assert schema.defaults == {**VARIABLES, "GREETING_DELAY": "2"}
    settings = from_environment({"GREETING_DELAY": "3.5"}, schema)
    assert settings.core.greeting_delay == 3.5
    assert defaults(schema).core.greeting_delay == 2.0
    assert settings.core.store_dir == defaults().core.store_dir
    assert dataclasses.asdict(settings.rasa) == dataclasses.asdict(defaults().rasa)
    # the check, naming the variable
    with pytest.raises(SettingsError, match="GREETING_DELAY must be a number"):
        from_environment({"GREETING_DELAY": "-1"}, schema)
    # the export, before the quiet libraries' variables
    lines = export_lines(settings)
    assert lines[len(VARIABLES)] == "export GREETING_DELAY=3.5"
    # the .env.example check: the variable must be documented, with its default
    assert schema.check_env_example(ENV_EXAMPLE) == [
        "GREETING_DELAY is missing from .env.example"
    ]
    documented = ENV_EXAMPLE + "\n# Seconds before hello.\nGREETING_DELAY=2\n"
    assert schema.check_env_example(documented) == []
    assert "greeting_delay (GREETING_DELAY)" in (type(settings.core).__doc__ or "")


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (Variable("STORE_DIR", "x", "core", "other", TEXT, "doc"), "twice"),
        (Variable("NEW_ONE", "x", "core", "store_dir", TEXT, "doc"), "twice"),
        (Variable("NEW_ONE", "x", "web", "new_one", TEXT, "doc"), "unknown group"),
        (Variable("NEW_ONE", "x", "core", "new one", TEXT, "doc"), "is not a name"),
        (Variable("NEW_ONE", "maybe", "core", "new_one", FLAG, "doc"), "its default"),
    ],
)
def test_a_mistake_in_the_table_is_refused(extra: Variable, problem: str) -> None:
    with pytest.raises(ValueError, match=f"NEW_ONE|STORE_DIR.*{problem}"):
        Schema((*TABLE, extra), RULES)
