"""Per-paragraph state and the syntax highlighter that draws it.

Each QTextBlock (one paragraph) carries a :class:`BlockState`: a revision number
bumped on every edit, and the findings computed for a given revision. The
highlighter only draws findings whose revision matches the block's current
one, so a result computed for older text is never drawn. ``highlightBlock``
itself does no analysis and waits on nothing: it copies precomputed spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QSyntaxHighlighter, QTextBlockUserData, QTextCharFormat, QTextDocument

from rapport.analysis.model import Finding, ParagraphResult, SetAside
from rapport.ui.styles import CATEGORY_STYLES, category_format, is_dark

#: Sources of findings drawn in the editor. Each keeps its own list per block, so
#: the grammar backend can add its findings without touching the customer-focus ones.
FOCUS_SOURCE = "focus"
LANGUAGE_SOURCE = "language"
#: The whole-email greeting checks ("Hi [First Name],", "Dear Sir or Madam,"), drawn
#: on the greeting line from the last report.
GREETING_SOURCE = "greeting"


@dataclass(frozen=True, slots=True)
class DrawnFinding:
    """A finding placed in its block: UTF-16 positions relative to the block start."""

    start: int
    end: int
    finding: Finding


@dataclass
class SourceResult:
    revision: int
    findings: list[DrawnFinding] = field(default_factory=list)


class BlockState(QTextBlockUserData):
    """What the editor knows about one paragraph."""

    def __init__(self) -> None:
        super().__init__()
        self.revision = 0
        #: The text the revision number belongs to; a redraw with the same text is no edit.
        self.text: str | None = None
        #: The engine's result for ``result_revision`` (used for the whole-email report).
        self.result: ParagraphResult | None = None
        self.result_revision = -1
        self.sources: dict[str, SourceResult] = {}
        #: Underlines another finding's underline covers (UTF-16 start, end, category):
        #: a character has one underline style, so the editor paints these below it.
        self.hidden_underlines: list[tuple[int, int, str]] = []
        #: What the last whole-email report leaves out (a signature line, honest
        #: context in a favour): not drawn, so every underline is a listed finding.
        #: Kept across edits, so a new sentence in the signature is not drawn either.
        self.set_aside = SetAside()
        self.judged = True

    def is_current(self) -> bool:
        return self.result is not None and self.result_revision == self.revision

    def drawn(self) -> list[DrawnFinding]:
        """Findings of every source that are current for this revision."""
        current: list[DrawnFinding] = []
        for source, result in self.sources.items():
            if result.revision != self.revision:
                continue
            if source == FOCUS_SOURCE and (self.set_aside.rules or not self.judged):
                hides, judged = self.set_aside.hides, self.judged
                current.extend(
                    item for item in result.findings if not hides(item.finding, judged=judged)
                )
            else:
                current.extend(result.findings)
        return current


class FindingHighlighter(QSyntaxHighlighter):
    """Draws the findings stored in each block's :class:`BlockState`."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._formats: dict[str, QTextCharFormat] = {}
        self.refresh_palette()

    def refresh_palette(self) -> None:
        dark = is_dark()
        self._formats = {category: category_format(category, dark) for category in CATEGORY_STYLES}

    def format_for(self, category: str) -> QTextCharFormat | None:
        return self._formats.get(category)

    def highlightBlock(self, text: str) -> None:
        state = self.currentBlockUserData()
        if not isinstance(state, BlockState):
            return
        drawn = state.drawn()
        state.hidden_underlines = []
        if not drawn:
            return
        # Customer-focus formats first, language ones on top: a spelling underline
        # replaces the wavy line on its word while the focus tint stays visible.
        drawn.sort(key=lambda item: CATEGORY_STYLES[item.finding.category].tint, reverse=True)
        state.hidden_underlines = _covered_underlines(drawn)
        for item in drawn:
            text_format = self._formats.get(item.finding.category)
            if text_format is None or item.end <= item.start:
                continue
            length = item.end - item.start
            if CATEGORY_STYLES[item.finding.category].tint:
                self.setFormat(item.start, length, text_format)
            else:
                self._overlay_underline(item.start, length, text_format)

    def _overlay_underline(self, start: int, length: int, text_format: QTextCharFormat) -> None:
        """Add an underline while keeping the background already set on each character."""
        for position in range(start, start + length):
            merged = QTextCharFormat(self.format(position))
            merged.setUnderlineStyle(text_format.underlineStyle())
            merged.setUnderlineColor(text_format.underlineColor())
            self.setFormat(position, 1, merged)


def _covered_underlines(drawn: list[DrawnFinding]) -> list[tuple[int, int, str]]:
    """The parts of each underline that a finding drawn after it replaces.

    ``drawn`` is in drawing order; the last underline on a character is the one
    Qt shows there. What the earlier ones lose is returned (merged per finding)
    for the editor to paint a second line under the first.
    """
    covered: list[tuple[int, int, str]] = []
    for index, item in enumerate(drawn):
        category = item.finding.category
        overlaps = sorted(
            (max(item.start, later.start), min(item.end, later.end))
            for later in drawn[index + 1 :]
            if later.start < item.end
            and item.start < later.end
            and later.finding.category != category
        )
        merged: list[list[int]] = []
        for start, end in overlaps:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        covered.extend((start, end, category) for start, end in merged)
    return covered
