"""The patches of Rasa internals: installed only on request, checked, undone."""

from __future__ import annotations

import logging
import subprocess
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import rasa.utils.common
import structlog
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.utils.endpoints import EndpointConfig

import rasa_plugins.__main__ as launcher
from devtools.servers import VENV_BIN, base_env
from rasa_plugins import patches
from rasa_plugins.patches import known_warnings, log_redaction
from rasa_plugins.patches.base import PatchError, Replacement
from tests.paths import ROOT

PATCHED = [
    (RemoteAction, "run"),
    (RemoteAction, "_validate_action_result"),
    (EndpointConfig, "session"),
    (Event, "resolve_by_type"),
]


def originals() -> list[Any]:
    return [owner.__dict__[name] for owner, name in PATCHED]


@pytest.fixture
def clean() -> Iterator[list[Any]]:
    """Rasa's own attributes before the test; put back whatever the test does."""
    patches.uninstall()
    before = originals()
    yield before
    patches.uninstall()


def test_importing_the_plugins_patches_nothing(clean: list[Any]) -> None:
    import rasa_plugins.components  # noqa: F401 - Rasa imports it with the model
    import rasa_plugins.rest  # noqa: F401

    assert originals() == clean
    processors = structlog.get_config()["processors"]
    assert log_redaction.redact_user_text not in processors


def test_install_replaces_every_listed_attribute_and_uninstall_restores(
    clean: list[Any],
) -> None:
    patches.install()
    after = originals()
    assert all(new is not old for new, old in zip(after, clean, strict=True))
    assert log_redaction.redact_user_text in structlog.get_config()["processors"]
    patches.uninstall()
    assert originals() == clean
    assert log_redaction.redact_user_text not in structlog.get_config()["processors"]


def test_the_context_manager_restores_rasa(clean: list[Any]) -> None:
    with patches.installed():
        assert originals() != clean
    assert originals() == clean


@pytest.mark.parametrize("version", ["3.6.20", "3.7.0", "3.6.21rc1"])
def test_another_rasa_version_is_refused(clean: list[Any], version: str) -> None:
    with pytest.raises(PatchError, match=f"Rasa {version} is installed"):
        patches.check(version)


def test_a_changed_signature_is_refused() -> None:
    class Changed:
        def run(self, output_channel: Any, nlg: Any, tracker: Any) -> None:
            """Rasa's run without its domain argument."""

    replacement = Replacement(
        Changed,
        "run",
        lambda *a: None,
        ("self", "output_channel", "nlg", "tracker", "domain"),
    )
    with pytest.raises(PatchError, match="Changed.run has parameters"):
        replacement.check()
    assert Changed.__dict__["run"] is not replacement.new


def test_every_patch_fits_the_installed_rasa() -> None:
    patches.check()  # rasa==3.6.21 and the signatures the patches were written for


def test_the_launcher_refuses_to_start_rasa_it_was_not_written_for(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(patches.rasa, "__version__", "3.6.20")
    monkeypatch.setattr("sys.argv", ["rasa_plugins", "run"])
    assert launcher.main() == 1
    assert "patches are written for Rasa 3.6.21" in capsys.readouterr().err


def test_the_launcher_runs_rasa_commands() -> None:
    done = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "rasa_plugins", "--version"],
        cwd=ROOT,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Rasa Version      :         3.6.21" in done.stdout


ACTION_RESPONSE_UNUSED = (
    "The utterance 'utter_section' is not used in any story or rule."
)


@pytest.mark.parametrize(
    "category, message, shown",
    [
        (UserWarning, ACTION_RESPONSE_UNUSED, False),
        (
            UserWarning,
            "The utterance 'utter_unsent' is not used in any story or rule.",
            True,
        ),
        (
            UserWarning,
            "The intent 'feedback' is listed in the domain file, but is not found in "
            "the NLU training data.",
            False,
        ),
        (
            UserWarning,
            "The intent 'greet' is listed in the domain file, but is not found in "
            "the NLU training data.",
            True,
        ),
        (
            UserWarning,
            "You have set 'TF_DETERMINISTIC_OPS' to 1. If you are ...",
            False,
        ),
        (DeprecationWarning, "pkg_resources is deprecated as an API. See ...", False),
        (UserWarning, "pkg_resources is deprecated as an API. See ...", True),
        (
            DeprecationWarning,
            "Deprecated call to `pkg_resources.declare_namespace('ruamel')`.",
            False,
        ),
        (
            DeprecationWarning,
            "Deprecated call to `pkg_resources.declare_namespace('other')`.",
            True,
        ),
        (
            DeprecationWarning,
            "distutils Version classes are deprecated. Use ...",
            False,
        ),
        (
            DeprecationWarning,
            "Calling URL() directly is deprecated and will ...",
            False,
        ),
        (DeprecationWarning, "'parseString' deprecated - use 'parse_string'", False),
        (DeprecationWarning, "'scanString' deprecated - use 'scan_string'", True),
        (DeprecationWarning, "other_function() is deprecated", True),
        (RuntimeWarning, "coroutine 'run' was never awaited", True),
    ],
)
def test_only_the_known_warnings_are_silenced(
    clean: list[Any], category: type[Warning], message: str, shown: bool
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        known_warnings.KNOWN.install()
        # What Rasa's command line does at LOG_LEVEL=INFO.
        rasa.utils.common._filter_warnings(logging.INFO, warn_only_once=False)
        warnings.warn(message, category, stacklevel=1)
    assert [str(w.message) for w in caught] == ([message] if shown else [])


def test_the_known_warnings_are_in_rasas_list_until_uninstalled(
    clean: list[Any],
) -> None:
    before = list(rasa.utils.common.EXPECTED_WARNINGS)
    with warnings.catch_warnings():
        patches.install()
        patches.install()
    installed = list(rasa.utils.common.EXPECTED_WARNINGS)
    patches.uninstall()
    uninstalled = list(rasa.utils.common.EXPECTED_WARNINGS)
    assert installed == before + known_warnings.KNOWN_WARNINGS
    assert uninstalled == before


def test_at_debug_the_known_warnings_show(
    clean: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        known_warnings.KNOWN.install()
        rasa.utils.common._filter_warnings(logging.DEBUG, warn_only_once=False)
        warnings.warn(ACTION_RESPONSE_UNUSED, UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == [ACTION_RESPONSE_UNUSED]
