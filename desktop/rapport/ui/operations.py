"""Running an operation off the UI thread: the window's one way, modelled on Anki's QueryOp.

    QueryOp(
        parent=self,
        op=lambda: notes.search_notes(store, query),   # runs on the worker thread
        success=self._show_hits,                       # runs on the main thread
    ).failure(self._say).with_progress("Searching…").run_in_background()

- ``op`` takes and returns plain data (the operations of ``rapport.operations``); it
  must not touch Qt. It runs on the runner's single worker thread, so the notes
  database sees one call at a time, in the order the user asked for them.
- ``success`` and ``failure`` run on the main thread, delivered by a queued signal.
- Errors have one presentation, ``show_error`` (a warning box quoting the message as
  plain text), unless the caller gives ``failure`` (the contact panel says it inline).
  An ``OperationError`` is shown as written; anything else is a bug, shown as one.
- Work that takes longer than ``BUSY_AFTER_MS`` shows that it is busy: the runner's
  ``busyChanged`` (the window's status bar shows it), and with ``with_progress`` a
  progress dialog with the label, for work the user waits on (import, backup...).

The editor's paragraph analysis and the grammar bridge do not go through this runner,
on purpose: both are per-keystroke work whose results go stale (a newer keystroke
replaces them) and must never queue behind a 5,000-contact import on the notes thread;
the analysis uses its own one-thread executor with the same hand-off (a future whose
done-callback emits a queued signal), and the grammar bridge wakes the main thread
once for many results that the Qt-free ``GrammarScheduler`` produces on its thread.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QWidget,
)

from rapport.operations import OperationError
from rapport.ui.richtext import literal

T = TypeVar("T")

#: Work that finishes sooner than this shows no busy sign (it would only flicker).
BUSY_AFTER_MS = 200


def show_error(parent: QWidget | None, title: str, error: BaseException | str) -> None:
    """The one way an operation's error reaches the user."""
    if isinstance(error, OperationError | str):
        text = str(error)
    else:
        traceback.print_exception(error, file=sys.stderr)
        text = f"Something went wrong that Rapport did not expect: {error}"
    QMessageBox.warning(parent, title or "Rapport", literal(text))


class OperationRunner(QObject):
    """The window's worker thread for operations, and what it is busy with."""

    #: "" when idle, else what is running ("Importing contacts…"), shown after 200 ms.
    busyChanged = Signal(str)
    #: Emitted from the worker with a callable to run on the main thread.
    _finished = Signal(object)

    def __init__(self, parent: QObject | None = None, name: str = "rapport-notes") -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._running: list[str] = []
        self._closed = False
        # Queued: the callable runs in this object's (the main) thread, never the worker's.
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self._say_busy)

    def idle(self) -> bool:
        """True when nothing is queued or running (tests and benchmarks wait for it)."""
        return not self._running

    def submit(
        self, op: Callable[[], T], done: Callable[[Future[T]], None], label: str = ""
    ) -> Future[T]:
        """Run ``op`` on the worker; ``done(future)`` then runs on the main thread."""
        if self._closed:
            raise RuntimeError("the window is closing; no more operations")
        self._running.append(label)
        if not self._busy_timer.isActive():
            self._busy_timer.start()
        future = self._executor.submit(op)

        def finished(completed: Future[T]) -> None:  # on the worker thread
            self._finished.emit(lambda: self._complete(label, done, completed))

        future.add_done_callback(finished)
        return future

    def _deliver(self, callback: Callable[[], None]) -> None:
        callback()

    def _complete(self, label: str, done: Callable[[Future[Any]], None], future: Future) -> None:
        self._running.remove(label)
        if not self._running:
            self._busy_timer.stop()
            self.busyChanged.emit("")
        done(future)

    def _say_busy(self) -> None:
        if self._running:
            self.busyChanged.emit(next((t for t in self._running if t), "Working…"))

    def shutdown(self, last: Callable[[], None] | None = None) -> None:
        """Run ``last`` (closing the notes, say) after what is queued, and wait for it."""
        if self._closed:
            return
        self._closed = True
        if last is not None:
            self._executor.submit(last)
        self._executor.shutdown(wait=True)


class BusyIndicator(QWidget):
    """The status bar's sign that an operation is running (after 200 ms, until it ends)."""

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy, not a fraction: the operations do not count
        self.bar.setMaximumWidth(80)
        self.bar.setMaximumHeight(14)
        self.label = QLabel()
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        self.hide()
        runner.busyChanged.connect(self.show_busy)

    def show_busy(self, text: str) -> None:
        self.label.setText(text)
        self.setVisible(bool(text))


class QueryOp(Generic[T]):
    """One operation for the runner: ``op`` in the background, ``success`` on the main thread."""

    def __init__(
        self,
        *,
        parent: QWidget,
        op: Callable[[], T],
        success: Callable[[T], Any],
        runner: OperationRunner | None = None,
        title: str = "",
    ) -> None:
        self._parent = parent
        self._op = op
        self._success = success
        self._failure: Callable[[BaseException], Any] | None = None
        self._progress: str | None = None
        self._title = title
        self._runner = runner or runner_for(parent)

    def failure(self, failure: Callable[[BaseException], Any] | None) -> QueryOp[T]:
        """Handle the error here instead of the default warning box."""
        self._failure = failure
        return self

    def with_progress(self, label: str) -> QueryOp[T]:
        """A progress dialog saying ``label`` once the work takes over 200 ms."""
        self._progress = label
        return self

    def run_in_background(self) -> Future[T]:
        dialog = self._progress_dialog() if self._progress else None

        def done(future: Future[T]) -> None:
            if dialog is not None:
                dialog.reset()
                dialog.deleteLater()
            error = future.exception()
            if error is None:
                self._success(future.result())
            elif self._failure is not None:
                if not isinstance(error, OperationError):
                    traceback.print_exception(error, file=sys.stderr)
                self._failure(error)
            else:
                show_error(self._parent, self._title, error)

        return self._runner.submit(self._op, done, self._progress or "")

    def _progress_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog(self._progress or "", "", 0, 0, self._parent)
        dialog.setWindowTitle(self._title or "Rapport")
        dialog.setCancelButton(None)  # the operations finish or fail; none is half-done
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(BUSY_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setValue(0)
        return dialog


def runner_for(widget: QWidget) -> OperationRunner:
    """The runner of the window ``widget`` is in (``MainWindow.operations``)."""
    current: QObject | None = widget
    while current is not None:
        runner = getattr(current, "operations", None)
        if isinstance(runner, OperationRunner):
            return runner
        current = current.parent()
    raise LookupError(f"{type(widget).__name__} is not in a window with an operation runner")
