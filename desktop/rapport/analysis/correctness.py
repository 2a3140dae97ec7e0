"""What must be fixed before sending, kept apart from the customer-focus score.

The score says whether an email is written for the reader. Spelling, grammar and
facts from the contact's notes (a promised follow-up, a wrong name) are another
matter: an email can be all about the reader and still not be ready to send. This
is the second, separate figure the window and ``rapport check`` show beside the
score, so "Written for the reader" never stands alone beside four misspellings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapport.analysis.model import Category, Finding

#: Contact-aware findings that are errors of fact rather than advice.
CONTACT_FACT_RULES: frozenset[str] = frozenset(
    {"contact-follow-up-due", "contact-greeting-wrong-name", "contact-claimed-familiarity"}
)


@dataclass(frozen=True, slots=True)
class Correctness:
    """Counts of what to fix before sending."""

    spelling: int = 0
    grammar: int = 0
    style: int = 0
    from_notes: int = 0

    @property
    def total(self) -> int:
        return self.spelling + self.grammar + self.style + self.from_notes

    def summary(self) -> str:
        """ "2 spelling, 1 grammar, 1 from your notes", or "" when there is nothing."""
        parts = [
            f"{count} {label}"
            for count, label in (
                (self.spelling, "spelling"),
                (self.grammar, "grammar"),
                (self.style, "style"),
                (self.from_notes, "from your notes"),
            )
            if count
        ]
        return ", ".join(parts)


def correctness_of(findings: Iterable[Finding]) -> Correctness:
    counts = {"spelling": 0, "grammar": 0, "style": 0, "from_notes": 0}
    for finding in findings:
        if finding.category == Category.SPELLING:
            counts["spelling"] += 1
        elif finding.category == Category.GRAMMAR:
            counts["grammar"] += 1
        elif finding.category == Category.STYLE:
            counts["style"] += 1
        elif finding.rule in CONTACT_FACT_RULES:
            counts["from_notes"] += 1
    return Correctness(**counts)
