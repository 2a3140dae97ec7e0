"""Paragraph-at-a-time analysis with a cache, and the whole-email combination.

(Placeholder API while the engine is being written: signatures are final.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapport.analysis.model import Metrics, ParagraphResult, ParagraphStats, Report


@dataclass(frozen=True)
class AnalysisSettings:
    """User choices that change what the engine reports."""

    language: str = "en"
    words_min: int | None = None
    words_max: int | None = None
    grade_max: float | None = None
    disabled_rules: frozenset[str] = field(default_factory=frozenset)
    disabled_packs: frozenset[str] = field(default_factory=frozenset)


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """Paragraphs as (offset, text) pairs; one per line, like a QTextDocument block."""
    result: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        result.append((offset, line))
        offset += len(line) + 1
    return result


class DocumentAnalyzer:
    """Analyses paragraphs independently and caches them by text."""

    def __init__(self, settings: AnalysisSettings | None = None, rules: object = None) -> None:
        self.settings = settings or AnalysisSettings()

    def analyze_paragraph(self, text: str) -> ParagraphResult:
        return ParagraphResult(text, (), (), ParagraphStats())

    def combine(self, paragraphs: Sequence[ParagraphResult]) -> Report:
        return Report((), 0, Metrics(paragraphs=len(paragraphs)), ())

    def analyze(self, text: str) -> Report:
        return self.combine([self.analyze_paragraph(p) for _, p in split_paragraphs(text)])


def analyze(text: str, settings: AnalysisSettings | None = None) -> Report:
    return DocumentAnalyzer(settings).analyze(text)
