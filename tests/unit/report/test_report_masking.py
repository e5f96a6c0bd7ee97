"""The staff report's masking (ops.report.records.mask): the same results as the
regular expressions it replaced, in time linear in the text."""

from __future__ import annotations

import random
import re
import time

import pytest

from ops.report.records import mask

# The patterns mask() used to apply (they backtrack: quadratic on long text),
# kept as the reference for what it must still do on short text.
OLD_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
OLD_PHONE = re.compile(r"(?:\+?\d[\s().-]*){7,}\d")
# digits (ASCII, Arabic-Indic, superscript), signs, separators, e-mail parts,
# letters, white space other than the plain space
ALPHABET = "0123456789" * 3 + "٣²+ ().-@._-azé\t\u00a0[]#"


def reference_mask(text: str) -> str:
    text = OLD_EMAIL.sub("[email]", text)
    text = OLD_PHONE.sub("[phone]", text)
    return re.sub(r"\d", "#", text)


@pytest.mark.parametrize("seed", range(10))
def test_masking_does_what_the_old_patterns_did(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(1_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        assert mask(text) == reference_mask(text), repr(text)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("+1 (617) 555-0100 or x@a.b.c", "[phone] or [email]"),
        ("1234567+8", "#######+#"),  # the last digit may not follow a +
        ("a@b.c@d.e", "[email]@d.e"),
        ("jo.doe@example.org.", "[email]."),
        ("12345678", "[phone]"),
        ("1234567", "#######"),
    ],
)
def test_masking_edge_cases(text: str, masked: str) -> None:
    assert mask(text) == reference_mask(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "1" * 200_000,
        "1-" * 100_000,
        "+1" * 100_000,
        "a" * 200_000,
        "a." * 100_000,
        "x@" + "a" * 200_000,
        "1 " * 50 + "+" * 200_000,
    ],
    ids=["digits", "dashes", "plus", "letters", "dots", "domain", "signs"],
)
def test_masking_is_linear_in_the_text(text: str) -> None:
    """200,000 characters that made the old patterns backtrack (minutes each):
    masked in well under a second; 5 s is a fault limit, not a speed goal."""
    start = time.perf_counter()
    mask(text)
    assert time.perf_counter() - start < 5.0
