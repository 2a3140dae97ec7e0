"""The body editor: inline customer-focus highlights while typing.

How typing stays fast (after novelWriter's editor):

* A keystroke re-analyses only its own paragraph, through the engine's
  per-paragraph cache, right in the ``contentsChange`` handler; the highlighter,
  connected after that handler, then draws the fresh result for that block.
* Big edits (a paste of thousands of lines) are analysed in time slices of a
  few milliseconds; one giant paragraph goes to a single background job, and
  its result is applied on the main thread only if the block has not changed.
* The whole-email report (score, email-level findings) is combined from the
  cached paragraph results after a short typing pause.

The same text gets the same report here as in ``rapport check``: what comes in
(a file, a paste) is normalised as the CLI normalises it (``rapport.email_text``),
Shift+Enter starts a new paragraph rather than a line separator that the saved
file would turn into one, and a typed no-break space is read as the space the
saved file will hold.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QKeyEvent,
    QPaintEvent,
    QTextBlock,
    QTextCursor,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from rapport.analysis import (
    IN_PLACE_CATEGORIES,
    LANGUAGE_CATEGORIES,
    DocumentAnalyzer,
    Finding,
    Report,
)
from rapport.analysis.model import ParagraphResult
from rapport.analysis.wrapping import unwrap
from rapport.email_text import normalise_paragraph, normalise_text
from rapport.offsets import OffsetMap
from rapport.ui.highlighter import (
    FOCUS_SOURCE,
    BlockState,
    DrawnFinding,
    FindingHighlighter,
    SourceResult,
)

if TYPE_CHECKING:
    from rapport.ui.grammar_bridge import GrammarBridge
from rapport.ui.quick_fix import first_placeholder, with_whole_lists
from rapport.ui.styles import CATEGORY_STYLES, email_level_label
from rapport.ui.underlines import paint_covered_underlines

#: Time one slice of background paragraph analysis may hold the event loop.
SLICE_SECONDS = 0.008
#: Paragraphs longer than this are analysed off the main thread.
LARGE_PARAGRAPH = 20_000
#: Pause after typing before the whole-email report is recomputed.
REPORT_DELAY_MS = 300


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
        style = CATEGORY_STYLES.get(finding.category)
        title = style.label if style else email_level_label(finding)
    parts = [f"<b>{_escape(title)}</b>", f"<p>{_escape(finding.message)}</p>"]
    if finding.suggestions:
        parts.append(f"<p><i>Try:</i> {_escape(finding.suggestions[0])}</p>")
    parts.append(f"<p style='color:gray'>{_escape(hint)}</p>")
    return "<div style='max-width:360px'>" + "".join(parts) + "</div>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FocusEditor(QPlainTextEdit):
    """Plain-text email body with live customer-focus highlights."""

    #: The whole-email report changed (a rapport.analysis.Report).
    reportChanged = Signal(object)
    #: The user asked to switch a rule off for good (rule id); settings handle it.
    ruleDisableRequested = Signal(str)
    #: A hard-wrapped paste had its lines joined.
    pasteUnwrapped = Signal()
    #: F8 / Shift+F8 selected a finding: absolute UTF-16 (start, end) and the Finding.
    findingReached = Signal(int, int, object)
    #: Emitted from the worker thread; delivered on the main thread.
    _largeParagraphDone = Signal(object, int, object)

    def __init__(self, analyzer: DocumentAnalyzer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analyzer = analyzer
        self._base_analyzer = analyzer
        self.report: Report | None = None
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Write to your reader here…")
        self._ignored_here: set[tuple[str, str]] = set()
        self._ignored_rules: set[str] = set()
        self._needs_scan = False
        #: Block number where the next background scan starts (blocks before it are current).
        self._scan_from = 0
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rapport-analysis")
        self._large_job: Future[ParagraphResult] | None = None
        #: Grammar and spelling (a rapport.ui.grammar_bridge.GrammarBridge), if on.
        self.grammar: GrammarBridge | None = None
        #: Join the lines of hard-wrapped text when it is pasted (a setting).
        self.unwrap_pastes = True

        # Order matters: our handler must run before the highlighter's, so the
        # highlighter draws results for the text it is drawing.
        self.document().contentsChange.connect(self._on_contents_change)
        self.highlighter = FindingHighlighter(self.document())

        self._slice_timer = QTimer(self)
        self._slice_timer.setInterval(0)
        self._slice_timer.timeout.connect(self._analyse_slice)
        self._report_timer = QTimer(self)
        self._report_timer.setSingleShot(True)
        self._report_timer.setInterval(REPORT_DELAY_MS)
        self._report_timer.timeout.connect(self.update_report)
        self._largeParagraphDone.connect(
            self._apply_large_result, Qt.ConnectionType.QueuedConnection
        )

    # ------------------------------------------------------------ analysis

    def set_analyzer(self, analyzer: DocumentAnalyzer) -> None:
        """Use new rules or settings and re-analyse everything."""
        self._base_analyzer = analyzer
        self._install_analyzer()

    def _install_analyzer(self) -> None:
        """The base analyzer, minus what is ignored in this draft (so the score follows)."""
        base = self._base_analyzer
        if self._ignored_rules or self._ignored_here:
            settings = replace(
                base.settings,
                disabled_rules=base.settings.disabled_rules | self._ignored_rules,
                ignored_findings=frozenset(self._ignored_here),
            )
            self.analyzer = DocumentAnalyzer(settings, base.rule_set)
        else:
            self.analyzer = base
        block = self.document().firstBlock()
        while block.isValid():
            state = block.userData()
            if isinstance(state, BlockState):
                # Not current any more; the text (and its grammar underlines) is unchanged.
                state.result_revision = -1
            block = block.next()
        self._needs_scan = True
        self._scan_from = 0
        self._slice_timer.start()
        self._report_timer.start()

    def _state(self, block: QTextBlock) -> BlockState:
        state = block.userData()
        if not isinstance(state, BlockState):
            state = BlockState()
            block.setUserData(state)
        return state

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        document = self.document()
        block = document.findBlock(position)
        last = document.findBlock(position + added)
        deadline = time.perf_counter() + SLICE_SECONDS
        # Redrawing a block also reports a "change" with equal lengths and the same
        # text; only a real edit restarts the report and grammar timers.
        edited = removed != added
        while block.isValid():
            state = self._state(block)
            text = block.text()
            text_changed = state.text != text
            if text_changed:
                # A new revision: anything computed for the old text is now stale.
                state.text = text
                state.revision += 1
                edited = True
            if text_changed or not state.is_current():
                if len(text) <= LARGE_PARAGRAPH and time.perf_counter() < deadline:
                    self._apply_result(block, state, self._analyse(text))
                else:
                    self._mark_for_scan(block)
            if block == last:
                break
            block = block.next()
        if self._needs_scan:
            self._slice_timer.start()
        if edited:
            self._report_timer.start()
            if self.grammar is not None:
                self.grammar.document_changed()

    def _analyse(self, block_text: str) -> ParagraphResult:
        # Offsets stay valid: the normalisation keeps the length.
        return self.analyzer.analyze_paragraph(normalise_paragraph(block_text))

    def _apply_result(self, block: QTextBlock, state: BlockState, result: ParagraphResult) -> None:
        state.result = result
        state.result_revision = state.revision
        offsets = OffsetMap(result.text)
        drawn = [
            DrawnFinding(offsets.to_utf16(f.start), offsets.to_utf16(f.end), f)
            for f in result.findings
            # A paragraph's findings all come from sentence rules, placeholders too.
            if f.category in IN_PLACE_CATEGORIES
        ]
        state.sources[FOCUS_SOURCE] = SourceResult(state.revision, drawn)

    def _mark_for_scan(self, block: QTextBlock) -> None:
        self._needs_scan = True
        self._scan_from = min(self._scan_from, block.blockNumber())

    def _analyse_slice(self) -> None:
        """Analyse paragraphs that are not current yet, for a few milliseconds at most."""
        deadline = time.perf_counter() + SLICE_SECONDS
        block = self.document().findBlockByNumber(self._scan_from)
        if not block.isValid():
            block = self.document().firstBlock()
        pending = False
        while block.isValid():
            state = self._state(block)
            if not state.is_current():
                text = block.text()
                if len(text) > LARGE_PARAGRAPH:
                    self._start_large_job(block, state)
                elif time.perf_counter() < deadline:
                    self._apply_result(block, state, self._analyse(text))
                    self.highlighter.rehighlightBlock(block)
                else:
                    pending = True
                    break
            block = block.next()
        self._needs_scan = pending
        self._scan_from = block.blockNumber() if pending else self.document().blockCount()
        if not pending:
            self._slice_timer.stop()
            self._report_timer.start()
            self.viewport().update()  # the covered underlines skipped meanwhile

    def _start_large_job(self, block: QTextBlock, state: BlockState) -> None:
        if self._large_job is not None and not self._large_job.done():
            return  # one job in flight; the scan comes back to this block later
        revision, text = state.revision, normalise_paragraph(block.text())
        analyzer = self.analyzer
        job = self._worker.submit(analyzer.analyze_paragraph, text, use_cache=False)
        self._large_job = job
        job.add_done_callback(lambda done: self._largeParagraphDone.emit(block, revision, done))

    def _apply_large_result(self, block: QTextBlock, revision: int, job: Future) -> None:
        if job.exception() is not None or not block.isValid():
            return
        state = block.userData()
        if isinstance(state, BlockState) and state.revision == revision:
            self._apply_result(block, state, job.result())
            self.highlighter.rehighlightBlock(block)
        # Stale results are dropped; the scan picks the block up again.
        self._mark_for_scan(block)
        self._slice_timer.start()

    def is_idle(self) -> bool:
        """True when every paragraph is analysed and the report is up to date."""
        return (
            not self._needs_scan
            and not self._report_timer.isActive()
            and (self._large_job is None or self._large_job.done())
            and self.report is not None
        )

    def update_report(self) -> None:
        if self._needs_scan:
            self._report_timer.start()
            return
        results: list[ParagraphResult] = []
        block = self.document().firstBlock()
        while block.isValid():
            state = self._state(block)
            if not state.is_current():
                self._apply_result(block, state, self._analyse(block.text()))
            assert state.result is not None
            results.append(state.result)
            block = block.next()
        self.report = self.analyzer.combine(results)
        self.reportChanged.emit(self.report)

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
        cards = "<hr>".join(finding_card(item[2]) for item in found)
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

    def ignore_here(self, finding: Finding, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        # The engine matches the sentence as it analysed it, no-break spaces as spaces.
        self._ignored_here.add((finding.rule, normalise_paragraph(cursor.selectedText())))
        self._install_analyzer()

    def ignore_rule(self, rule: str) -> None:
        self._ignored_rules.add(rule)
        self._install_analyzer()

    def clear_ignores(self) -> None:
        if self._ignored_here or self._ignored_rules:
            self._ignored_here.clear()
            self._ignored_rules.clear()
            self._install_analyzer()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            position = self.cursorForPosition(event.pos()).position()
            found = self.findings_at(position)
            if found:
                cards = "<hr>".join(finding_card(item[2]) for item in found)
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
        if not self._needs_scan:
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
        menu = self.createStandardContextMenu(event.pos())
        position = self.cursorForPosition(event.pos()).position()
        found = with_whole_lists(
            self.findings_at(position), self.report, self.toPlainText(), position
        )
        first_standard = menu.actions()[0] if menu.actions() else None
        for start, end, finding in found:
            self._add_finding_actions(menu, first_standard, start, end, finding)
        menu.exec(event.globalPos())

    def set_grammar(self, bridge: GrammarBridge | None) -> None:
        if self.grammar is not None:
            self.grammar.close()
        self.grammar = bridge
        if bridge is not None:
            bridge.feed()

    def _suggestions_for(self, start: int, finding: Finding) -> tuple[str, ...]:
        if finding.category in LANGUAGE_CATEGORIES and self.grammar is not None:
            # Spelling suggestions are computed now, on request, not for every word.
            paragraph = self.document().findBlock(start).text()
            return self.grammar.suggestions(paragraph, finding)
        return finding.suggestions

    def _add_finding_actions(
        self, menu: QMenu, before: QAction | None, start: int, end: int, finding: Finding
    ) -> None:
        style = CATEGORY_STYLES.get(finding.category)
        heading = QAction(style.label if style else finding.category, menu)
        heading.setEnabled(False)
        actions = [heading]
        for suggestion in self._suggestions_for(start, finding)[:3]:
            shown = suggestion if len(suggestion) <= 60 else suggestion[:57] + "…"
            action = QAction(f"Replace with “{shown}”", menu)
            action.triggered.connect(
                lambda _=False, s=start, e=end, r=suggestion: self.apply_suggestion(s, e, r)
            )
            actions.append(action)
        if finding.category in LANGUAGE_CATEGORIES:
            actions += self._language_actions(menu, start, end, finding)
        else:
            ignore = QAction("Ignore here", menu)
            ignore.triggered.connect(lambda _=False: self.ignore_here(finding, start, end))
            ignore_rule = QAction("Ignore this rule in this draft", menu)
            ignore_rule.triggered.connect(lambda _=False: self.ignore_rule(finding.rule))
            actions += [ignore, ignore_rule]
        disable = QAction("Turn this rule off (Settings)", menu)
        disable.triggered.connect(lambda _=False: self.ruleDisableRequested.emit(finding.rule))
        actions.append(disable)
        for action in actions:
            menu.insertAction(before, action)
        menu.insertSeparator(before)

    def _language_actions(
        self, menu: QMenu, start: int, end: int, finding: Finding
    ) -> list[QAction]:
        if self.grammar is None:
            return []
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        word = cursor.selectedText()
        service, grammar = self.grammar.service, self.grammar
        actions = []
        if finding.category == "spelling":
            add = QAction(f"Add “{word}” to dictionary", menu)
            add.triggered.connect(
                lambda _=False: (service.add_to_dictionary(word), grammar.recheck())
            )
            ignore = QAction(f"Ignore “{word}”", menu)
            ignore.triggered.connect(lambda _=False: (service.ignore_word(word), grammar.recheck()))
            actions += [add, ignore]
        else:
            ignore = QAction("Ignore this rule for now", menu)
            ignore.triggered.connect(
                lambda _=False: (service.disable_rule(finding.rule), grammar.recheck())
            )
            actions.append(ignore)
        return actions

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
        self._slice_timer.stop()
        self._report_timer.stop()
        self._worker.shutdown(wait=False, cancel_futures=True)
