"""The body editor: inline customer-focus highlights while typing.

The analysis that keeps every paragraph's highlights current, and the email's
report, is ``rapport.ui.paragraph_analysis``; the right-click menu over a finding
is ``rapport.ui.finding_menu``. This module is the text itself: the findings in
place (hover cards, F8), quick fixes, and what comes in by paste or file.

The same text gets the same report here as in ``rapport check``: what comes in
(a file, a paste) is normalised as the CLI normalises it (``rapport.email_text``),
Shift+Enter starts a new paragraph rather than a line separator that the saved
file would turn into one, and a typed no-break space is read as the space the
saved file will hold.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QKeyEvent,
    QPaintEvent,
    QTextBlock,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from rapport.analysis import DocumentAnalyzer, Finding
from rapport.analysis.wrapping import unwrap
from rapport.email_text import normalise_text
from rapport.offsets import OffsetMap
from rapport.ui.finding_menu import FindingMenu
from rapport.ui.highlighter import BlockState, FindingHighlighter
from rapport.ui.paragraph_analysis import ParagraphAnalysis
from rapport.ui.quick_fix import first_placeholder
from rapport.ui.styles import finding_title
from rapport.ui.underlines import paint_covered_underlines

if TYPE_CHECKING:
    from rapport.ui.grammar_bridge import GrammarBridge


def finding_card(
    finding: Finding,
    title: str | None = None,
    hint: str = "Right-click for options · F8 next finding",
) -> str:
    """Rich text for the hover card: what, why, and what to try instead.

    The findings list uses it for its tooltips too (with its own title and hint),
    so both wrap the same way instead of the list's running across the screen.
    """
    if title is None:
        title = finding_title(finding)
    parts = [f"<b>{_escape(title)}</b>", f"<p>{_escape(finding.message)}</p>"]
    if finding.suggestions:
        parts.append(f"<p><i>Try:</i> {_escape(finding.suggestions[0])}</p>")
    parts.append(f"<p style='color:gray'>{_escape(hint)}</p>")
    return "<div style='max-width:360px'>" + "".join(parts) + "</div>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FocusEditor(QPlainTextEdit):
    """Plain-text email body with live customer-focus highlights."""

    #: The user asked to switch a rule off for good (rule id); settings handle it.
    ruleDisableRequested = Signal(str)
    #: A hard-wrapped paste had its lines joined.
    pasteUnwrapped = Signal()
    #: F8 / Shift+F8 selected a finding: absolute UTF-16 (start, end) and the Finding.
    findingReached = Signal(int, int, object)

    def __init__(self, analyzer: DocumentAnalyzer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Write to your reader here…")
        #: Grammar and spelling (a rapport.ui.grammar_bridge.GrammarBridge), if on.
        self.grammar: GrammarBridge | None = None
        #: Join the lines of hard-wrapped text when it is pasted (a setting).
        self.unwrap_pastes = True
        #: Rule id -> its pack's name, for the hover cards' headings (set by the window).
        self.rule_names: Mapping[str, str] = {}
        # Order matters: the analysis's handler must run before the highlighter's, so
        # the highlighter draws results for the text it is drawing.
        #: The paragraphs' findings and the email's report (``report``, ``reportChanged``).
        self.analysis = ParagraphAnalysis(self.document(), analyzer, self)
        self.highlighter = FindingHighlighter(self.document())
        self.analysis.blockAnalysed.connect(self.highlighter.rehighlightBlock)
        # The covered underlines skipped while a big paste was analysed in slices.
        self.analysis.scanFinished.connect(lambda: self.viewport().update())
        self.analysis.edited.connect(self._grammar_follows_edit)
        self.finding_menu = FindingMenu(self)

    def _grammar_follows_edit(self) -> None:
        if self.grammar is not None:
            self.grammar.document_changed()

    # ------------------------------------------------------------ findings in place

    def _block_states(self) -> Iterator[tuple[QTextBlock, BlockState]]:
        block = self.document().firstBlock()
        while block.isValid():
            state = block.userData()
            if isinstance(state, BlockState):
                yield block, state
            block = block.next()

    def current_findings(self) -> list[Finding]:
        """Every drawn finding, unordered and without positions: cheaper to count."""
        return [item.finding for _, state in self._block_states() for item in state.drawn()]

    def drawn_findings(self) -> list[tuple[int, int, Finding]]:
        """Every drawn finding as absolute UTF-16 (start, end, finding), in order."""
        found: list[tuple[int, int, Finding]] = []
        for block, state in self._block_states():
            base = block.position()
            found.extend((base + d.start, base + d.end, d.finding) for d in state.drawn())
        found.sort(key=lambda item: (item[0], item[1]))
        return found

    def findings_at(self, position: int) -> list[tuple[int, int, Finding]]:
        block = self.document().findBlock(position)
        state = block.userData()
        if not isinstance(state, BlockState):
            return []
        relative = position - block.position()
        base = block.position()
        return [
            (base + d.start, base + d.end, d.finding)
            for d in state.drawn()
            if d.start <= relative < d.end
        ]

    def select_span(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setFocus()

    def select_code_points(self, start: int, end: int) -> None:
        """Select a span given in the engine's code-point offsets of the whole text."""
        offsets = OffsetMap(self.toPlainText())
        self.select_span(offsets.to_utf16(start), offsets.to_utf16(end))

    def next_finding(self, backwards: bool = False) -> bool:
        found = self.drawn_findings()
        if not found:
            return False
        cursor = self.textCursor()
        here = cursor.selectionStart() if backwards else cursor.selectionEnd()
        if backwards:
            earlier = [item for item in found if item[0] < here]
            start, end, finding = earlier[-1] if earlier else found[-1]
        else:
            later = [item for item in found if item[0] >= here and item[1] > here]
            later = [item for item in later if item[0] > cursor.selectionStart()] or later
            start, end, finding = later[0] if later else found[0]
        self.select_span(start, end)
        self.show_cards_at(start)
        self.findingReached.emit(start, end, finding)
        return True

    def _cards(self, found: list[tuple[int, int, Finding]]) -> str:
        return "<hr>".join(
            finding_card(finding, finding_title(finding, self.rule_names)) for *_, finding in found
        )

    def show_cards_at(self, position: int) -> None:
        """The hover card(s) of the findings at ``position``, just under its line.

        F8 moves the cursor, not the mouse; the card comes to the cursor so the
        user reads why the sentence was chosen without reaching for the mouse.
        """
        found = self.findings_at(position)
        if not found:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        below = self.viewport().mapToGlobal(self.cursorRect(cursor).bottomLeft())
        cards = self._cards(found)
        QToolTip.showText(below, cards, self.viewport())

    def apply_suggestion(self, start: int, end: int, replacement: str) -> None:
        """Replace a span as one undoable step; a placeholder in it comes out selected."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(replacement)
        cursor.endEditBlock()
        mark = first_placeholder(replacement)
        if mark is not None:
            units = OffsetMap(replacement)
            cursor.setPosition(start + units.to_utf16(mark[0]))
            cursor.setPosition(start + units.to_utf16(mark[1]), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            position = self.cursorForPosition(event.pos()).position()
            found = self.findings_at(position)
            if found:
                cards = self._cards(found)
                QToolTip.showText(event.globalPos(), cards, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        # Where two findings overlap, the underline Qt could not draw (see underlines.py).
        # Not while a big paste is analysed in slices (each slice repaints): the
        # second lines come once it ends.
        if not self.analysis.scanning():
            paint_covered_underlines(self, event.rect())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F8:
            backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.next_finding(backwards=backwards)
            return
        shift = Qt.KeyboardModifier.ShiftModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & shift:
            # Qt puts a line separator (U+2028) in the paragraph for Shift+Enter; the
            # saved file has a line break there, so make it one now and both read alike.
            event = QKeyEvent(
                event.type(), event.key(), event.modifiers() & ~shift, "\r", event.isAutoRepeat()
            )
        super().keyPressEvent(event)

    def setPlainText(self, text: str) -> None:
        """Show ``text`` as the window will save it (see ``rapport.email_text``)."""
        super().setPlainText(normalise_text(text))

    def join_wrapped_lines(self) -> bool:
        """Join the lines of a hard-wrapped document, as one undoable step.

        ``rapport check`` reads a hard-wrapped file's lines as the sentences they
        are; the window does the same for a file it opens, as for a paste.
        """
        joined = unwrap(self.toPlainText())
        if joined is None:
            return False
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(joined)
        cursor.endEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.setTextCursor(cursor)
        return True

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.finding_menu.show(event)

    def set_grammar(self, bridge: GrammarBridge | None) -> None:
        if self.grammar is not None:
            self.grammar.close()
        self.grammar = bridge
        if bridge is not None:
            bridge.feed()

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Pasted rich text becomes plain text; hard-wrapped lines are joined.

        The paste as it was and the joining are two undo steps, so one Ctrl+Z
        gives back the original line breaks.
        """
        if not source.hasText():
            return
        # Windows and old Mac line ends would show as stray characters; the rest is
        # normalised as ``rapport check`` normalises a file.
        pasted = normalise_text(source.text().replace("\r\n", "\n").replace("\r", "\n"))
        start = self.textCursor().selectionStart()
        self.insertPlainText(pasted)
        joined = unwrap(pasted) if self.unwrap_pastes else None
        if joined is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(self.textCursor().position(), QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.insertText(joined)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.pasteUnwrapped.emit()

    def shutdown(self) -> None:
        if self.grammar is not None:
            self.grammar.close()
            self.grammar = None
        self.analysis.shutdown()
