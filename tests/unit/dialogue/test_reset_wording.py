"""What the reset says is true (hostile traffic and honest privacy, item 5):
the events stay stored for the staff report, so it may not say "forgotten"."""

from __future__ import annotations

import yaml

from rasa_plugins import access
from statement_bot import names
from tests.paths import ROOT

DOMAIN = ROOT / "domain.yml"


def domain_text(name: str) -> str:
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    return " ".join(r["text"] for r in responses[name])


def test_the_reset_does_not_claim_to_forget() -> None:
    """/restart keeps the events (the staff report reads them): it may not say
    "forgotten", and it says how to delete them now."""
    said = domain_text(names.UTTER_RESTART).lower()
    assert "forgot" not in said and "forget" not in said
    assert "stored" in said and "delete my conversation" in said
    assert access.wants_deletion("delete my conversation")
