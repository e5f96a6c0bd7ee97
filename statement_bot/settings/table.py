"""Every variable of Statement Bot: the one place to add one.

A new variable is one ``Variable`` below (name, default, group, field, kind,
doc) and its documented line in ``.env.example`` (a test says so if it is
missing). Its default, its field in ``settings.<group>``, its check, its
``export`` line and the ``.env.example`` check all come from this entry. The
order is the order of ``python -m statement_bot.settings --export``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .kinds import (
    FLAG,
    OPTIONAL_TEXT,
    ORIGINS,
    PATH,
    PORT,
    PORTS,
    TEXT,
    UPPER_TEXT,
    number,
    whole,
    within,
)
from .schema import SettingsError, Variable

MIN_TOKEN_LENGTH = 16


def demo_page_origins(values: Mapping[str, Any]) -> tuple[str, ...]:
    """The demo page (``WEB_PORT``): the pages allowed when CORS_ORIGINS is empty."""
    port = values["WEB_PORT"]
    return (f"http://localhost:{port}", f"http://127.0.0.1:{port}")


# fmt: off
TABLE: tuple[Variable, ...] = (
    Variable("STORE_DIR", "stores", "core", "store_dir", PATH,
             "the statement store folder"),
    Variable("DEFAULT_DEPARTMENT", "", "core", "default_department", OPTIONAL_TEXT,
             "the department to answer about without asking (None: ask)"),
    Variable("RASA_HOST", "127.0.0.1", "rasa", "host", TEXT,
             "where Rasa (and the demo page) listens"),
    Variable("RASA_PORT", "5005", "rasa", "port", PORT, "Rasa's port"),
    Variable("ACTION_SERVER_HOST", "127.0.0.1", "rasa", "action_host", TEXT,
             "where the action server listens (keep it private)"),
    Variable("ACTION_SERVER_PORT", "5055", "rasa", "action_port", PORT,
             "the action server's port"),
    Variable("ACTION_TIMEOUT", "5", "rasa", "action_timeout", within(0.5, 60),
             "seconds Rasa waits for the action server (brought within 0.5-60)",
             lenient=True),
    Variable("PRACTICE_QUESTIONS", "5", "core", "practice_questions", whole(1, 50),
             "questions in a practice round"),
    Variable("SOCKETIO_ENABLED", "true", "rasa", "socketio_enabled", FLAG,
             "the Socket.IO channel for chat widgets"),
    Variable("RASA_ENABLE_API", "false", "rasa", "enable_api", FLAG,
             "Rasa's HTTP API (needs a token or a JWT secret)"),
    Variable("RASA_AUTH_TOKEN", "", "rasa", "auth_token", TEXT,
             "the HTTP API's token (16+ characters)"),
    Variable("RASA_JWT_SECRET", "", "rasa", "jwt_secret", TEXT,
             "the HTTP API's JWT secret"),
    Variable("RASA_JWT_METHOD", "HS256", "rasa", "jwt_method", TEXT,
             "the JWT signing method"),
    Variable("CONVERSATIONS_DB", "var/conversations.db", "core", "conversations_db",
             PATH, "the SQLite file of conversations"),
    Variable("CONVERSATION_RETENTION_DAYS", "30", "core", "retention_days", number(),
             "days conversations are kept (0: not after the session)"),
    Variable("CONVERSATION_PRUNE_MINUTES", "15", "core", "prune_minutes", number(),
             "minutes between prunings"),
    Variable("CLUSTER_RASA_PORTS", "5006,5007", "cluster", "rasa_ports", PORTS,
             "one Rasa server per port behind nginx"),
    Variable("CLUSTER_LOCAL_SERVICES", "true", "cluster", "local_services", FLAG,
             "start a local PostgreSQL and Redis"),
    Variable("CLUSTER_DATA_DIR", "var/cluster", "cluster", "data_dir", PATH,
             "the scale-out profile's data and logs"),
    Variable("POSTGRES_HOST", "127.0.0.1", "cluster", "postgres_host", TEXT,
             "PostgreSQL's host"),
    Variable("POSTGRES_PORT", "5432", "cluster", "postgres_port", PORT,
             "PostgreSQL's port"),
    Variable("POSTGRES_DB", "statementbot", "cluster", "postgres_db", TEXT,
             "the PostgreSQL database"),
    Variable("POSTGRES_USER", "statementbot", "cluster", "postgres_user", TEXT,
             "the PostgreSQL user"),
    Variable("POSTGRES_PASSWORD", "statementbot", "cluster", "postgres_password",
             TEXT, "the PostgreSQL password (may be empty)", exact=True),
    Variable("REDIS_HOST", "127.0.0.1", "cluster", "redis_host", TEXT,
             "Redis's host"),
    Variable("REDIS_PORT", "6379", "cluster", "redis_port", PORT, "Redis's port"),
    Variable("REDIS_DB", "1", "cluster", "redis_db", whole(0),
             "the Redis database number"),
    Variable("REDIS_PASSWORD", "", "cluster", "redis_password", TEXT,
             "the Redis password (may be empty)", exact=True),
    Variable("WEB_PORT", "8080", "rasa", "web_port", PORT,
             "the demo page's port (on RASA_HOST)"),
    Variable("CORS_ORIGINS", "", "rasa", "cors_origins", ORIGINS,
             "the web pages whose browsers may call Rasa (empty: the demo page)",
             when_blank=demo_page_origins),
    Variable("SLACK_TOKEN", "", "slack", "token", TEXT,
             "the Slack app's bot token (Slack is off without it)"),
    Variable("SLACK_SIGNING_SECRET", "", "slack", "signing_secret", TEXT,
             "the Slack app's signing secret (Slack is off without it)"),
    Variable("SLACK_CHANNEL", "", "slack", "channel", TEXT,
             "a channel where the bot answers every message"),
    Variable("SLACK_API_URL", "", "slack", "api_url", TEXT,
             "Slack's Web API address (empty: Slack's own)"),
    Variable("MAX_REQUEST_BYTES", "1000000", "rasa", "max_request_bytes",
             whole(10_000), "the largest request body Rasa accepts (bytes)"),
    Variable("REQUEST_DEADLINE_SECONDS", "10", "rasa", "request_deadline",
             within(1, 300), "seconds a client has to send a whole request"),
    Variable("SENDER_RATE_LIMIT", "20", "rasa", "sender_rate_limit", whole(0),
             "messages one conversation may send per RATE_LIMIT_SECONDS (0: off)"),
    Variable("ADDRESS_RATE_LIMIT", "60", "rasa", "address_rate_limit", whole(0),
             "messages one client address may send per RATE_LIMIT_SECONDS (0: off)"),
    Variable("RATE_LIMIT_SECONDS", "10", "rasa", "rate_limit_seconds",
             within(1, 3600), "the window of the two rate limits (seconds)"),
    Variable("RATE_LIMIT_REDIS", "false", "rasa", "rate_limit_redis", FLAG,
             "share the rate limits' buckets through Redis (REDIS_*)"),
    Variable("TRUSTED_PROXIES", "", "rasa", "trusted_proxies", TEXT,
             "proxy addresses whose X-Real-IP header names the client"),
    Variable("SESSION_SECRET", "", "rasa", "session_secret", TEXT,
             "signs the ids the server issues (empty: a file in var/)"),
    Variable("REST_ENABLED", "true", "rasa", "rest_enabled", FLAG,
             "the plain REST channel for server-to-server clients"),
    Variable("REST_TOKEN", "", "rasa", "rest_token", TEXT,
             "a token plain REST clients must send (empty: none)"),
    Variable("WEB_MAX_CLIENTS", "64", "rasa", "web_max_clients", whole(1),
             "connections the demo page server serves at once"),
    Variable("LOG_LEVEL", "INFO", "core", "log_level", UPPER_TEXT,
             "the logging level of both servers"),
    Variable("RASA_TELEMETRY_ENABLED", "false", "rasa", "telemetry_enabled", FLAG,
             "Rasa's usage data (the servers are always started without)"),
)
# fmt: on


def check_api_access(values: Mapping[str, Any]) -> None:
    """Rasa's HTTP API only with a token (long enough) or a JWT secret."""
    if not values["RASA_ENABLE_API"]:
        return
    token = values["RASA_AUTH_TOKEN"]
    if not token and not values["RASA_JWT_SECRET"]:
        raise SettingsError(
            "RASA_ENABLE_API=true needs RASA_AUTH_TOKEN or RASA_JWT_SECRET in .env"
        )
    if token and len(token) < MIN_TOKEN_LENGTH:
        raise SettingsError(
            f"RASA_AUTH_TOKEN must be at least {MIN_TOKEN_LENGTH} characters"
        )


RULES = (check_api_access,)
