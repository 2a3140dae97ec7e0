"""Plain data that flows out of the analysis engine.

These types are the contract between the engine, the command line (``--json``),
the grammar backends, the contact-aware checks and the Qt editor. Offsets are
always Python string indices (code points); converting to Qt's UTF-16 units is
the editor's job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    """Finding categories. The string values are part of the ``--json`` contract."""

    SELF_CENTERED = "self-centered"
    PRODUCT_DUMP = "product-dump"
    PUSHY = "pushy"
    IMPERSONAL = "impersonal"
    NO_QUESTION = "no-question"
    LENGTH = "length"
    READABILITY = "readability"
    NO_REFERENCE = "no-reference"
    #: Replying: a question, request or worry in their email the reply does not take up.
    UNANSWERED = "unanswered"
    GRAMMAR = "grammar"
    SPELLING = "spelling"
    STYLE = "style"


#: Categories attached to a single sentence; the editor underlines them in place.
SENTENCE_CATEGORIES: frozenset[str] = frozenset(
    {Category.SELF_CENTERED, Category.PRODUCT_DUMP, Category.PUSHY}
)
#: Categories a sentence rule may use, which the editor underlines where they are:
#: the sentence ones, and "impersonal" for a template left in the text (a
#: placeholder). The greeting checks of that category stay whole-email findings.
IN_PLACE_CATEGORIES: frozenset[str] = SENTENCE_CATEGORIES | {Category.IMPERSONAL}
#: Categories about the email as a whole; the editor lists them in the side panel.
EMAIL_CATEGORIES: frozenset[str] = frozenset(
    {
        Category.IMPERSONAL,
        Category.NO_QUESTION,
        Category.LENGTH,
        Category.READABILITY,
        Category.NO_REFERENCE,
        Category.UNANSWERED,
    }
)
#: Categories produced by grammar and spelling backends.
LANGUAGE_CATEGORIES: frozenset[str] = frozenset(
    {Category.GRAMMAR, Category.SPELLING, Category.STYLE}
)


@dataclass(frozen=True)
class AnalysisSettings:
    """User choices that change what the engine reports (plain data in).

    Here, not in ``engine``, so that ``engine`` and ``scoring`` both use it and
    neither imports the other.
    """

    language: str = "en"
    words_min: int | None = None
    words_max: int | None = None
    grade_max: float | None = None
    disabled_rules: frozenset[str] = field(default_factory=frozenset)
    disabled_packs: frozenset[str] = field(default_factory=frozenset)
    #: (rule id, sentence) pairs the writer chose to ignore: they neither show nor
    #: count against the score.
    ignored_findings: frozenset[tuple[str, str]] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    """One thing worth the writer's attention.

    ``start``/``end`` are code-point offsets into the analysed text (end exclusive).
    ``suggestions`` are concrete replacement texts for that span, best first; the
    direction for a rewrite, when there is no concrete one, is in ``message``.
    """

    rule: str
    category: str
    start: int
    end: int
    message: str
    suggestions: tuple[str, ...] = ()

    def __init__(
        self,
        rule: str,
        category: str,
        start: int,
        end: int,
        message: str,
        suggestions: tuple[str, ...] = (),
    ) -> None:
        # What the dataclass __init__ does, through the slots themselves: its
        # object.__setattr__ per field made building the findings of a long text
        # (and moving them to document offsets) a few percent of the analysis.
        _set_rule, _set_category, _set_start, _set_end, _set_message, _set_suggestions = (
            _FINDING_SLOTS
        )
        _set_rule(self, rule)
        _set_category(self, category)
        _set_start(self, start)
        _set_end(self, end)
        _set_message(self, message)
        _set_suggestions(self, suggestions)

    def shifted(self, delta: int) -> Finding:
        """The same finding moved by ``delta`` characters (paragraph → document)."""
        # Every finding of a document is moved once: set straight through the slots.
        moved = _new_finding(Finding)
        _set_rule, _set_category, _set_start, _set_end, _set_message, _set_suggestions = (
            _FINDING_SLOTS
        )
        _set_rule(moved, self.rule)
        _set_category(moved, self.category)
        _set_start(moved, self.start + delta)
        _set_end(moved, self.end + delta)
        _set_message(moved, self.message)
        _set_suggestions(moved, self.suggestions)
        return moved

    def to_json(self) -> dict[str, Any]:
        """The ``findings[]`` object of the ``--json`` contract."""
        return {
            "rule": self.rule,
            "category": str(self.category),
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "suggestions": list(self.suggestions),
        }


@dataclass(frozen=True, slots=True, init=False)
class Sentence:
    """A span of a paragraph. ``kind`` is "sentence", "greeting", "signoff" or "bullet"."""

    start: int
    end: int
    kind: str = "sentence"

    def __init__(self, start: int, end: int, kind: str = "sentence") -> None:
        # Through the slots, as Finding does: one is built for every sentence.
        _set_start, _set_end, _set_kind = _SENTENCE_SLOTS
        _set_start(self, start)
        _set_end(self, end)
        _set_kind(self, kind)


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Any, ...]:
    """The ``__set__`` of each named slot of a frozen dataclass (frozen: no setattr)."""
    return tuple(cls.__dict__[name].__set__ for name in names)


_FINDING_SLOTS = _slot_setters(
    Finding, ("rule", "category", "start", "end", "message", "suggestions")
)
_SENTENCE_SLOTS = _slot_setters(Sentence, ("start", "end", "kind"))
_new_finding = object.__new__


@dataclass(frozen=True, slots=True)
class ParagraphStats:
    """Counts for one paragraph; the document metrics are sums of these."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0
    questions: int = 0
    reader_questions: int = 0
    you_words: int = 0
    me_words: int = 0
    flagged_sentences: int = 0
    #: Sentences asking the reader a favour ("could you help me…").
    favour_asks: int = 0
    #: Flagged sentences whose only findings are rules that give way in an email
    #: asking a favour (the writer's own context is then honest, not a pitch).
    context_flagged: int = 0
    #: Sentences answering something the reader sent ("Thank you for your
    #: submission", "the report you asked for"): the email is a reply.
    replies: int = 0
    #: The greeting found at the start of this paragraph, if any.
    greeting: str | None = None
    #: The name in that greeting ("Laura" in "Hi Laura,"), if any.
    greeting_name: str | None = None
    #: True when the greeting shows a mail merge gone wrong ("Hi [First Name],").
    greeting_template: bool = False
    #: True when this paragraph is a sign-off line ("Best,", "Thanks,").
    signoff: bool = False
    #: The wording metric: the sum, over the counted sentences, of the chance that
    #: a sentence reads as written for the writer (its words' weights), and how
    #: many sentences were weighed.
    wording_sum: float = 0.0
    wording_sentences: int = 0
    #: The words that pulled those sentences most toward the writer, strongest first.
    wording_words: tuple[str, ...] = ()


#: The ParagraphStats counts that add up across paragraphs.
SUMMED_STATS: tuple[str, ...] = (
    "words",
    "sentences",
    "syllables",
    "questions",
    "reader_questions",
    "you_words",
    "me_words",
    "flagged_sentences",
    "favour_asks",
    "context_flagged",
    "replies",
    "wording_sum",
    "wording_sentences",
)


@dataclass(frozen=True, slots=True)
class ParagraphResult:
    """The analysis of one paragraph; offsets are relative to the paragraph."""

    text: str
    sentences: tuple[Sentence, ...]
    findings: tuple[Finding, ...]
    stats: ParagraphStats


@dataclass(frozen=True, slots=True)
class Metrics:
    """Document-level numbers (the ``metrics`` object of the ``--json`` contract)."""

    words: int = 0
    sentences: int = 0
    paragraphs: int = 0
    questions: int = 0
    reader_questions: int = 0
    you_words: int = 0
    me_words: int = 0
    #: you/your words per I/we/my/our word; ``None`` when the email has neither.
    you_me_ratio: float | None = None
    reading_grade: float = 0.0
    flagged_sentences: int = 0
    greeting: str | None = None
    greeting_name: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.you_me_ratio is not None:
            data["you_me_ratio"] = round(self.you_me_ratio, 2)
        data["reading_grade"] = round(self.reading_grade, 1)
        return data


@dataclass(frozen=True, slots=True)
class MetricScore:
    """One line of the score breakdown: what was measured, its target and its points."""

    metric: str
    label: str
    value: str
    target: str
    points: float
    max_points: float
    note: str = ""

    def points_text(self) -> str:
        """Points as every view shows them, one decimal: "3.6/10", "15/15", never "4/10"."""
        return f"{round(self.points, 1):g}/{self.max_points:g}"

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "label": self.label,
            "value": self.value,
            "target": self.target,
            "points": round(self.points, 1),
            "max_points": self.max_points,
            "note": self.note,
        }


#: Findings that count wherever they are: a placeholder left in the subject line or
#: the signature ("Best, [Your Name]") is still sent to the reader.
FLAGGED_ANYWHERE: frozenset[str] = frozenset({Category.IMPERSONAL})


@dataclass(frozen=True, slots=True)
class SetAside:
    """Paragraph findings the whole-email report leaves out, and so the editor must not draw.

    A paragraph's findings are computed on their own; only the whole email shows
    that a line is the signature, or that the email asks a favour.
    """

    #: Paragraphs (by index) that are not judged: the subject line, the signature.
    paragraphs: frozenset[int] = frozenset()
    #: Rules that give way for the whole email: honest context in an email that
    #: asks a favour, or a contact check that says the same thing more precisely.
    rules: frozenset[str] = frozenset()

    def hides(self, finding: Finding, *, judged: bool) -> bool:
        """Whether ``finding``, in a paragraph that is ``judged`` or not, is left out."""
        if finding.rule in self.rules:
            return True
        return not judged and finding.category not in FLAGGED_ANYWHERE


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the engine says about one email."""

    findings: tuple[Finding, ...]
    score: int
    metrics: Metrics
    breakdown: tuple[MetricScore, ...]
    warnings: tuple[str, ...] = field(default=())
    set_aside: SetAside = field(default_factory=SetAside)

    def with_findings(self, extra: Iterable[Finding], replacing: Iterable[str] = ()) -> Report:
        """This report with more findings (grammar, contact notes) merged in order.

        Findings of this report whose rule is in ``replacing`` are dropped: the
        added ones say the same thing more precisely.
        """
        dropped = frozenset(replacing)
        kept = (finding for finding in self.findings if finding.rule not in dropped)
        merged = sorted((*kept, *extra), key=lambda f: (f.start, f.end, f.rule))
        set_aside = replace(self.set_aside, rules=self.set_aside.rules | dropped)
        return replace(self, findings=tuple(merged), set_aside=set_aside)

    def to_json(self, path: str) -> dict[str, Any]:
        """One line of ``rapport check --json`` output."""
        return {
            "path": path,
            "score": self.score,
            "metrics": self.metrics.to_json(),
            "breakdown": [item.to_json() for item in self.breakdown],
            "findings": [finding.to_json() for finding in self.findings],
        }
