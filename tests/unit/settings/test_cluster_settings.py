"""The scale-out profile's settings: what each Rasa server is started with."""

from __future__ import annotations

from pathlib import Path

import pytest

from cluster.stack import Settings
from statement_bot.settings import from_environment


def test_rasa_servers_get_the_configured_cors_origins() -> None:
    settings = Settings.from_settings(
        from_environment(
            {"CORS_ORIGINS": "https://police.example.org http://localhost:8080"}
        )
    )
    command = settings.rasa_command(5006)
    assert command[command.index("--cors") + 1 :] == [
        "https://police.example.org",
        "http://localhost:8080",
    ]
    assert "--enable-api" not in command
    assert command[command.index("--port") + 1] == "5006"


def test_no_origins_means_the_demo_pages_and_star_is_refused() -> None:
    command = Settings.from_settings(from_environment({})).rasa_command(5006)
    origins = command[command.index("--cors") + 1 :]
    assert origins == ["http://localhost:8080", "http://127.0.0.1:8080"]
    assert "--cors" not in Settings(Path("/tmp"), Path("/tmp")).rasa_command(5006)
    with pytest.raises(ValueError, match="CORS_ORIGINS"):
        Settings.from_settings(from_environment({"CORS_ORIGINS": "*"})).rasa_command(
            5006
        )
