"""The ratio timing the linear-time tests rely on must tell quadratic from linear."""

from __future__ import annotations

import re

from ratio_timing import MAX_RATIO, measure, run_of


def _quadratic(text: str) -> int:
    # Re-scans the text from every position: 10x the input, about 100x the time.
    return sum(text.count("x", index) for index in range(0, len(text), 4))


def test_a_quadratic_action_is_over_the_limit() -> None:
    ratio = measure(_quadratic, run_of("", "ab "))
    assert ratio.value > MAX_RATIO, str(ratio)


def test_a_linear_action_is_within_the_limit() -> None:
    words = re.compile(r"\b\w+\b")
    ratio = measure(lambda text: sum(1 for _ in words.finditer(text)), run_of("", "ab "))
    assert ratio.value <= MAX_RATIO, str(ratio)
