"""Grammar and spelling underlines in the editor, beside the customer-focus ones.

The Qt-free ``GrammarScheduler`` checks changed paragraphs on its own thread,
one job at a time. This bridge feeds it the document's paragraphs after a short
pause, and applies finished results on the main thread: each result is drawn
only if its paragraph still holds the text that was checked.
"""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QTextBlock, QTextDocument

from rapport.analysis import Finding
from rapport.grammar import BackendStatus, GrammarScheduler, GrammarService, ParagraphFindings
from rapport.offsets import OffsetMap
from rapport.ui.highlighter import (
    LANGUAGE_SOURCE,
    BlockState,
    DrawnFinding,
    FindingHighlighter,
    SourceResult,
)

#: Pause after an edit before the paragraphs are handed to the scheduler.
FEED_DELAY_MS = 150
#: Finished checks are applied at most this often.
DRAIN_MS = 50
#: How long closing waits for the checker's thread once its check was aborted.
CLOSE_WAIT_S = 1.0


class GrammarBridge(QObject):
    """Connects a GrammarService/GrammarScheduler pair to one QTextDocument."""

    #: Emitted from the scheduler's thread; delivered on the main thread.
    _resultsReady = Signal()
    #: Grammar underlines changed (for the window's status line and tests).
    updated = Signal()

    def __init__(
        self,
        service: GrammarService,
        document: QTextDocument,
        highlighter: FindingHighlighter,
        pause: float = 0.8,
    ) -> None:
        super().__init__()
        self.service = service
        self._document = document
        self._highlighter = highlighter
        # Results are drained in batches: one wake-up per DRAIN_MS at most, however
        # fast the checker finishes paragraphs (a big paste finishes thousands).
        self._drain_timer = QTimer(self)
        self._drain_timer.setSingleShot(True)
        self._drain_timer.setInterval(DRAIN_MS)
        self._drain_timer.timeout.connect(self._apply_results)
        self._wake_pending = threading.Event()
        self._resultsReady.connect(self._schedule_drain, Qt.ConnectionType.QueuedConnection)
        self.scheduler = GrammarScheduler(service.check, pause=pause, notify=self._wake)
        self._feed_timer = QTimer(self)
        self._feed_timer.setSingleShot(True)
        self._feed_timer.setInterval(FEED_DELAY_MS)
        self._feed_timer.timeout.connect(self.feed)
        self._closed = False
        # Harper's Linter takes about a second to build (the GIL is free meanwhile)
        # and loading the word list holds the interpreter for ~0.15 s: do both now,
        # on a thread, while the window opens, rather than in the middle of the
        # first sentence typed.
        threading.Thread(
            target=_warm_up, args=(service,), name="spelling-warm-up", daemon=True
        ).start()

    def status(self) -> BackendStatus:
        return self.service.status()

    def document_changed(self) -> None:
        """Called on every edit: cheap, it only restarts a short timer."""
        if not self._closed:
            self._feed_timer.start()

    def feed(self) -> None:
        """Hand the current paragraphs to the scheduler; draw what is already known."""
        if self._closed:
            return
        lines: list[str] = []
        block = self._document.firstBlock()
        while block.isValid():
            lines.append(block.text())
            block = block.next()
        for index, known in self.scheduler.set_paragraphs(lines).items():
            block = self._document.findBlockByNumber(index)
            self._apply(block, lines[index], known.findings if known else ())

    def _wake(self) -> None:
        """Called on the scheduler's thread: post one wake-up until it is handled."""
        if self._closed:
            return
        if not self._wake_pending.is_set():
            self._wake_pending.set()
            # A check that ended just as the window closed can get here after the
            # bridge's Qt side is deleted; its result is not wanted any more.
            with contextlib.suppress(RuntimeError):
                self._resultsReady.emit()

    def _schedule_drain(self) -> None:
        if not self._drain_timer.isActive():
            self._drain_timer.start()

    def _apply_results(self) -> None:
        self._wake_pending.clear()
        if self._closed:
            return
        for item in self.scheduler.take_results():
            self._apply_item(item)
        self.updated.emit()

    def _apply_item(self, item: ParagraphFindings) -> None:
        block = self._document.findBlockByNumber(item.index)
        if block.isValid() and block.text() == item.text:
            self._apply(block, item.text, item.findings)

    def _apply(self, block: QTextBlock, text: str, findings: tuple[Finding, ...]) -> None:
        state = block.userData()
        if not isinstance(state, BlockState):
            state = BlockState()
            block.setUserData(state)
        offsets = OffsetMap(text)
        drawn = [
            DrawnFinding(offsets.to_utf16(f.start), offsets.to_utf16(f.end), f) for f in findings
        ]
        previous = state.sources.get(LANGUAGE_SOURCE)
        was_drawn = bool(previous and previous.findings and previous.revision == state.revision)
        state.sources[LANGUAGE_SOURCE] = SourceResult(state.revision, drawn)
        # Most paragraphs have no spelling or grammar findings: skip their redraw.
        if drawn != (previous.findings if was_drawn and previous else []):
            self._highlighter.rehighlightBlock(block)

    def recheck(self) -> None:
        """After the dictionary, ignores or backend changed: check everything again."""
        self.scheduler.invalidate()
        self.feed()

    def suggestions(self, paragraph: str, finding: Finding) -> tuple[str, ...]:
        return self.service.suggest(paragraph, finding)

    def is_idle(self) -> bool:
        return (
            not self._feed_timer.isActive()
            and not self._drain_timer.isActive()
            and not self.scheduler.busy
        )

    def close(self) -> None:
        """Returns at once whatever the server does: the check under way is aborted."""
        self._closed = True
        self._feed_timer.stop()
        self._drain_timer.stop()
        # Stop the worker first, then end its check (closing the service shuts the
        # request's socket down), and only then wait for it, briefly: waiting before
        # the abort waited for the server, up to the whole check deadline.
        self.scheduler.stop()
        self.service.close()
        self.scheduler.close(timeout=CLOSE_WAIT_S)


def _warm_up(service: object) -> None:
    # A part that cannot load (no word list for the language, no Harper) fails here
    # too; the first check reports it.
    warm_up = getattr(service, "warm_up", None)
    if warm_up is not None:
        with contextlib.suppress(Exception):
            warm_up()
        return
    fallback = getattr(service, "fallback", None)
    if fallback is not None and hasattr(fallback, "load"):
        with contextlib.suppress(Exception):
            fallback.load()
