"""Helpers for the intent tests: a sentence checked inside an ordinary email."""

from __future__ import annotations

from rapport.analysis import analyze

OPENING = "Hi Sam,\n\n"
CLOSING = "\n\nHow is the new warehouse working out for your team?\n\nBest,\nDan"


def categories_on(sentence: str) -> set[str]:
    """The categories marking ``sentence`` in an email that is otherwise fine."""
    text = OPENING + sentence + CLOSING
    start, end = len(OPENING), len(OPENING) + len(sentence)
    report = analyze(text)
    return {
        f.category
        for f in report.findings
        if f.start >= start and f.end <= end + 1 and f.end > f.start
    }


def rules_on(sentence: str) -> set[str]:
    """The rule ids marking ``sentence`` in an email that is otherwise fine."""
    text = OPENING + sentence + CLOSING
    start, end = len(OPENING), len(OPENING) + len(sentence)
    return {f.rule for f in analyze(text).findings if f.start >= start and f.end <= end + 1}
