"""The editor's customer-focus analysis: every paragraph kept current, and the report.

How typing stays fast (after novelWriter's editor):

* A keystroke re-analyses only its own paragraph, through the engine's
  per-paragraph cache, right in the ``contentsChange`` handler; the highlighter,
  connected after that handler, then draws the fresh result for that block.
* Big edits (a paste of thousands of lines) are analysed in time slices of a
  few milliseconds; one giant paragraph goes to a single background job, and
  its result is applied on the main thread only if the block has not changed.
* The whole-email report (score, email-level findings) is combined from the
  cached paragraph results after a short typing pause.

What the writer ignores in this draft ("Ignore here", "Ignore this rule in this
draft") is part of the analyzer used here, so the score follows it.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument

from rapport.analysis import IN_PLACE_CATEGORIES, DocumentAnalyzer, Finding, Report
from rapport.analysis.model import ParagraphResult, SetAside
from rapport.email_text import normalise_paragraph
from rapport.offsets import OffsetMap
from rapport.ui.highlighter import (
    FOCUS_SOURCE,
    GREETING_SOURCE,
    BlockState,
    DrawnFinding,
    SourceResult,
)

#: Time one slice of background paragraph analysis may hold the event loop.
SLICE_SECONDS = 0.008
#: Paragraphs longer than this are analysed off the main thread.
LARGE_PARAGRAPH = 20_000
#: Pause after typing before the whole-email report is recomputed.
REPORT_DELAY_MS = 300
#: Whole-email checks that mark a line of their own: the greeting.
GREETING_CHECKS = frozenset({"greeting-template", "greeting-generic"})


def block_state(block: QTextBlock) -> BlockState:
    """The paragraph's state, created on first use."""
    state = block.userData()
    if not isinstance(state, BlockState):
        state = BlockState()
        block.setUserData(state)
    return state


class ParagraphAnalysis(QObject):
    """Analyses the document's paragraphs as they change and combines the email's report.

    Create it before the document's highlighter: its ``contentsChange`` handler must
    run first, so the highlighter draws results for the text it is drawing.
    """

    #: The whole-email report changed (a rapport.analysis.Report).
    reportChanged = Signal(object)
    #: A paragraph got a fresh result outside the edit that changed it: redraw it.
    blockAnalysed = Signal(object)
    #: Every paragraph is current again after a background scan (redraw what waited).
    scanFinished = Signal()
    #: The text really changed (a redraw reports a change too, with the same text).
    edited = Signal()
    #: Emitted from the worker thread; delivered on the main thread.
    _largeParagraphDone = Signal(object, int, object)

    def __init__(
        self, document: QTextDocument, analyzer: DocumentAnalyzer, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._document = document
        self.analyzer = analyzer
        self._base_analyzer = analyzer
        self.report: Report | None = None
        self._ignored_here: set[tuple[str, str]] = set()
        self._ignored_rules: set[str] = set()
        self._needs_scan = False
        #: Block number where the next background scan starts (blocks before it are current).
        self._scan_from = 0
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rapport-analysis")
        self._large_job: Future[ParagraphResult] | None = None
        #: The block whose greeting is underlined from the last report, if any.
        self._greeting_block: QTextBlock | None = None

        document.contentsChange.connect(self._on_contents_change)
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

    # ------------------------------------------------------------ the analyzer

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
        block = self._document.firstBlock()
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

    def ignore_here(self, finding: Finding, start: int, end: int) -> None:
        """Ignore ``finding`` in the sentence at UTF-16 ``start``-``end``, in this draft."""
        cursor = QTextCursor(self._document)
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

    # ------------------------------------------------------------ paragraphs

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        block = self._document.findBlock(position)
        last = self._document.findBlock(position + added)
        deadline = time.perf_counter() + SLICE_SECONDS
        # Redrawing a block also reports a "change" with equal lengths and the same
        # text; only a real edit restarts the report and grammar timers.
        edited = removed != added
        while block.isValid():
            state = block_state(block)
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
            self.edited.emit()

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
        block = self._document.findBlockByNumber(self._scan_from)
        if not block.isValid():
            block = self._document.firstBlock()
        pending = False
        while block.isValid():
            state = block_state(block)
            if not state.is_current():
                text = block.text()
                if len(text) > LARGE_PARAGRAPH:
                    self._start_large_job(block, state)
                elif time.perf_counter() < deadline:
                    self._apply_result(block, state, self._analyse(text))
                    self.blockAnalysed.emit(block)
                else:
                    pending = True
                    break
            block = block.next()
        self._needs_scan = pending
        self._scan_from = block.blockNumber() if pending else self._document.blockCount()
        if not pending:
            self._slice_timer.stop()
            self._report_timer.start()
            self.scanFinished.emit()

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
            self.blockAnalysed.emit(block)
        # Stale results are dropped; the scan picks the block up again.
        self._mark_for_scan(block)
        self._slice_timer.start()

    # ------------------------------------------------------------ the report

    def scanning(self) -> bool:
        """True while a big edit is still analysed in slices."""
        return self._needs_scan

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
        block = self._document.firstBlock()
        while block.isValid():
            state = block_state(block)
            if not state.is_current():
                self._apply_result(block, state, self._analyse(block.text()))
            assert state.result is not None
            results.append(state.result)
            block = block.next()
        self.report = self.analyzer.combine(results)
        self.reportChanged.emit(self.report)

    def show_set_aside(self, set_aside: SetAside) -> None:
        """Draw only what the whole-email report counts (``set_aside`` says what it left out)."""
        # Each block keeps the rules (a few) and whether it is judged, not the
        # paragraph set: that would make a 3,000-paragraph paste quadratic.
        given_way = SetAside(rules=set_aside.rules)
        block = self._document.firstBlock()
        while block.isValid():
            state = block_state(block)
            judged = block.blockNumber() not in set_aside.paragraphs
            if state.judged != judged or state.set_aside.rules != given_way.rules:
                state.judged = judged
                state.set_aside = given_way
                self.blockAnalysed.emit(block)
            block = block.next()

    def show_greeting_findings(self, findings: tuple[Finding, ...]) -> None:
        """Underline the greeting when the report finds fault with it.

        The report's positions count code points from the start of the email; the
        greeting sits in the first few paragraphs, so only those are walked.
        """
        marked = [f for f in findings if f.rule in GREETING_CHECKS and f.end > f.start]
        target: QTextBlock | None = None
        drawn: list[DrawnFinding] = []
        if marked:
            finding = marked[0]
            block, offset = self._document.firstBlock(), 0
            while block.isValid() and offset + len(block.text()) < finding.start:
                offset += len(block.text()) + 1
                block = block.next()
            if block.isValid():
                target = block
                offsets = OffsetMap(block.text())
                start = finding.start - offset
                end = min(finding.end - offset, len(block.text()))
                drawn = [DrawnFinding(offsets.to_utf16(start), offsets.to_utf16(end), finding)]
        previous = self._greeting_block
        if (
            previous is not None
            and previous.isValid()
            and previous != target
            and block_state(previous).sources.pop(GREETING_SOURCE, None) is not None
        ):
            self.blockAnalysed.emit(previous)
        self._greeting_block = target
        if target is not None:
            state = block_state(target)
            before = state.sources.get(GREETING_SOURCE)
            if before is None or before.findings != drawn or before.revision != state.revision:
                state.sources[GREETING_SOURCE] = SourceResult(state.revision, drawn)
                self.blockAnalysed.emit(target)

    def shutdown(self) -> None:
        self._slice_timer.stop()
        self._report_timer.stop()
        self._worker.shutdown(wait=False, cancel_futures=True)
