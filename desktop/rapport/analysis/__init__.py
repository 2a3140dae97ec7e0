"""The customer-focus engine. Qt-free: plain text in, plain data out.

Typical use::

    from rapport.analysis import analyze
    report = analyze("Hi Laura,\\n\\nHow did the launch go?")

The editor uses :class:`DocumentAnalyzer` instead, which analyses one paragraph
at a time and caches the results, so a keystroke re-analyses only its paragraph.
"""

from rapport.analysis.engine import (
    DocumentAnalyzer,
    analyze,
    split_paragraphs,
)
from rapport.analysis.model import (
    EMAIL_CATEGORIES,
    IN_PLACE_CATEGORIES,
    LANGUAGE_CATEGORIES,
    SENTENCE_CATEGORIES,
    AnalysisSettings,
    Category,
    Finding,
    Metrics,
    MetricScore,
    ParagraphResult,
    ParagraphStats,
    Report,
    Sentence,
)

__all__ = [
    "EMAIL_CATEGORIES",
    "IN_PLACE_CATEGORIES",
    "LANGUAGE_CATEGORIES",
    "SENTENCE_CATEGORIES",
    "AnalysisSettings",
    "Category",
    "DocumentAnalyzer",
    "Finding",
    "MetricScore",
    "Metrics",
    "ParagraphResult",
    "ParagraphStats",
    "Report",
    "Sentence",
    "analyze",
    "split_paragraphs",
]
