"""Running an operation off the UI thread: the window's one way, modelled on Anki's QueryOp.

    QueryOp(
        parent=self,
        op=lambda: notes.search_notes(store, query),   # runs on the worker thread
        success=self._show_hits,                       # runs on the main thread
    ).failure(self._say).with_progress("Searching…").run_in_background()

    ProgressOp(                                        # work the user waits on and can stop
        parent=self,
        op=lambda progress: read_mail(paths, progress.update, progress.cancelled),
        success=self._show_preview,
        label="Reading mail…",
    ).on_cancelled(self._say_cancelled).run_in_background()

- ``op`` takes and returns plain data (the operations of ``rapport.operations``); it
  must not touch Qt. It runs on the runner's notes thread, so the notes database
  sees one call at a time, in the order the user asked for them. Work that waits on
  something else for long (a child process reading a mailbox, a download) runs
  ``beside_the_notes()``, on a thread of its own, so the notes stay usable meanwhile.
- ``success`` and ``failure`` run on the main thread, delivered by a queued signal.
- Errors have one presentation, ``show_error`` (a warning box quoting the message as
  plain text, with the technical details behind "Show Details…" when the error has
  them), unless the caller gives ``failure`` (the contact panel says it inline).
  An ``OperationError`` is shown as written; anything else is a bug, shown as one.
- Work that takes longer than ``BUSY_AFTER_MS`` shows that it is busy: the runner's
  ``busyChanged`` (the window's status bar shows it), and with ``with_progress`` a
  progress dialog with the label, for work the user waits on (import, backup...).
- A ``ProgressOp``'s op is handed a ``Progress``: it reports how far it got
  (``update``, from its thread, as often as it likes) and asks ``cancelled()``
  between steps; its dialog has a Cancel button. An op that stops for Cancel raises
  (its own "cancelled" error); ``on_cancelled`` then runs instead of ``failure``.
  Closing the window cancels what is still running before it waits for it.

The editor's paragraph analysis and the grammar bridge do not go through this runner,
on purpose: both are per-keystroke work whose results go stale (a newer keystroke
replaces them) and must never queue behind a 5,000-contact import on the notes thread;
the analysis uses its own one-thread executor with the same hand-off (a future whose
done-callback emits a queued signal), and the grammar bridge wakes the main thread
once for many results that the Qt-free ``GrammarScheduler`` produces on its thread.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
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
#: A progress dialog hears of an op's progress at most this often (a signal per
#: message of a 10,000-message mailbox would flood the main thread).
PROGRESS_INTERVAL_S = 0.05
#: The dialog's bar counts in thousandths: a byte count of a 3 GB file fits no int.
_BAR_STEPS = 1000


def show_error(parent: QWidget | None, title: str, error: BaseException | str) -> None:
    """The one way an operation's error reaches the user."""
    if isinstance(error, OperationError | str):
        text = str(error)
    else:
        traceback.print_exception(error, file=sys.stderr)
        text = f"Something went wrong that Rapport did not expect: {error}"
    details = getattr(error, "details", "")
    if not details:
        QMessageBox.warning(parent, title or "Rapport", literal(text))
        return
    box = QMessageBox(
        QMessageBox.Icon.Warning, title or "Rapport", text, QMessageBox.StandardButton.Ok, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # it can quote a server's answer
    box.setDetailedText(details)
    box.exec()


class Progress:
    """What a ``ProgressOp``'s op is handed on its thread: how far it got, and Cancel.

    ``update`` may be called as often as the work likes, from the op's thread; the
    dialog is told at most every ``PROGRESS_INTERVAL_S``. ``cancelled()`` (or
    ``cancel_event``, for code that waits on an Event) says Cancel was pressed.
    """

    def __init__(self, report: Callable[[int, int, str], None]) -> None:
        self._report = report
        self._last = 0.0
        self.cancel_event = threading.Event()

    def update(self, done: int, total: int, label: str = "") -> None:
        """``done`` of ``total`` (0 when unknown), and what to say about it."""
        now = time.monotonic()
        if now - self._last >= PROGRESS_INTERVAL_S or 0 < total <= done:
            self._last = now
            self._report(done, total, label)

    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def cancel(self) -> None:
        self.cancel_event.set()


class OperationRunner(QObject):
    """The window's worker threads for operations, and what they are busy with."""

    #: "" when idle, else what is running ("Importing contacts…"), shown after 200 ms.
    busyChanged = Signal(str)
    #: Emitted from a worker with a callable to run on the main thread.
    _finished = Signal(object)

    def __init__(self, parent: QObject | None = None, name: str = "rapport-notes") -> None:
        super().__init__(parent)
        self._name = name
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        #: Threads for work beside the notes (made when first needed).
        self._beside: ThreadPoolExecutor | None = None
        self._running: list[str] = []
        #: The progress of the ops that can be cancelled, while they run.
        self._cancellable: list[Progress] = []
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

    def run_on_main(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the main thread, soon; safe to call from any thread."""
        self._finished.emit(callback)

    def submit(
        self,
        op: Callable[[], T],
        done: Callable[[Future[T]], None],
        label: str = "",
        *,
        beside_the_notes: bool = False,
        progress: Progress | None = None,
    ) -> Future[T]:
        """Run ``op`` on a worker; ``done(future)`` then runs on the main thread.

        ``beside_the_notes`` runs it on a thread of its own instead of the notes
        thread; ``progress`` is cancelled if the window closes while it runs.
        """
        if self._closed:
            raise RuntimeError("the window is closing; no more operations")
        self._running.append(label)
        if progress is not None:
            self._cancellable.append(progress)
        if not self._busy_timer.isActive():
            self._busy_timer.start()
        executor = self._executor
        if beside_the_notes:
            if self._beside is None:
                self._beside = ThreadPoolExecutor(thread_name_prefix=f"{self._name}-beside")
            executor = self._beside
        future = executor.submit(op)

        def finished(completed: Future[T]) -> None:  # on the worker thread
            self._finished.emit(lambda: self._complete(label, progress, done, completed))

        future.add_done_callback(finished)
        return future

    def _deliver(self, callback: Callable[[], None]) -> None:
        callback()

    def _complete(
        self,
        label: str,
        progress: Progress | None,
        done: Callable[[Future[Any]], None],
        future: Future,
    ) -> None:
        self._running.remove(label)
        if progress is not None:
            self._cancellable.remove(progress)
        if not self._running:
            self._busy_timer.stop()
            self.busyChanged.emit("")
        done(future)

    def _say_busy(self) -> None:
        if self._running:
            self.busyChanged.emit(next((t for t in self._running if t), "Working…"))

    def shutdown(self, last: Callable[[], None] | None = None) -> None:
        """Cancel what can be cancelled, run ``last`` (closing the notes, say) after
        what is queued, and wait for it all."""
        if self._closed:
            return
        self._closed = True
        for progress in self._cancellable:
            progress.cancel()
        if last is not None:
            self._executor.submit(last)
        if self._beside is not None:
            self._beside.shutdown(wait=True)
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


def _deliver_outcome(
    future: Future[T],
    success: Callable[[T], Any],
    failure: Callable[[BaseException], Any] | None,
    parent: QWidget,
    title: str,
) -> None:
    """``success`` with the result, or the error to ``failure`` or ``show_error``."""
    error = future.exception()
    if error is None:
        success(future.result())
    elif failure is not None:
        if not isinstance(error, OperationError):
            traceback.print_exception(error, file=sys.stderr)
        failure(error)
    else:
        show_error(parent, title, error)


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
                dialog.hide()  # now: success may open a dialog (close() would mean Cancel)
                dialog.deleteLater()
            _deliver_outcome(future, self._success, self._failure, self._parent, self._title)

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


class ProgressOp(Generic[T]):
    """Work the user waits on and can stop: ``op(progress)`` behind a dialog with Cancel.

    The dialog shows after ``BUSY_AFTER_MS`` with ``label``, then with what the op
    says in ``Progress.update``; it is window-modal unless ``modeless()``. Cancel
    sets ``progress.cancelled()``; the op then stops by raising, and ``on_cancelled``
    runs (an op that finished before it looked counts as finished: it did its work).
    """

    def __init__(
        self,
        *,
        parent: QWidget,
        op: Callable[[Progress], T],
        success: Callable[[T], Any],
        label: str,
        title: str = "",
        error_title: str = "",
        runner: OperationRunner | None = None,
    ) -> None:
        self._parent = parent
        self._op = op
        self._success = success
        self._label = label
        self._title = title
        self._error_title = error_title or title
        self._failure: Callable[[BaseException], Any] | None = None
        self._cancelled: Callable[[], Any] = lambda: None
        self._modal = True
        self._beside_the_notes = False
        self._runner = runner or runner_for(parent)
        #: The dialog while the op runs (None before and after).
        self.dialog: QProgressDialog | None = None

    def failure(self, failure: Callable[[BaseException], Any] | None) -> ProgressOp[T]:
        """Handle the error here instead of the default warning box."""
        self._failure = failure
        return self

    def on_cancelled(self, cancelled: Callable[[], Any]) -> ProgressOp[T]:
        """Run ``cancelled`` (on the main thread) when Cancel stopped the op."""
        self._cancelled = cancelled
        return self

    def modeless(self) -> ProgressOp[T]:
        """The window stays usable while the op runs (a long mail import)."""
        self._modal = False
        return self

    def beside_the_notes(self) -> ProgressOp[T]:
        """A thread of its own: for work that waits long on something but the notes."""
        self._beside_the_notes = True
        return self

    def run_in_background(self) -> Future[T]:
        dialog = self._progress_dialog()
        self.dialog = dialog
        runner = self._runner

        def report(done: int, total: int, label: str) -> None:  # on the op's thread
            runner.run_on_main(lambda: self._show(dialog, done, total, label))

        progress = Progress(report)
        dialog.canceled.connect(progress.cancel)

        def done(future: Future[T]) -> None:
            self.dialog = None
            dialog.reset()
            dialog.hide()  # now: success may open a dialog (close() would mean Cancel)
            dialog.deleteLater()
            if future.exception() is not None and progress.cancelled():
                self._cancelled()
                return
            _deliver_outcome(future, self._success, self._failure, self._parent, self._error_title)

        return runner.submit(
            lambda: self._op(progress),
            done,
            self._label,
            beside_the_notes=self._beside_the_notes,
            progress=progress,
        )

    def _show(self, dialog: QProgressDialog, done: int, total: int, label: str) -> None:
        if self.dialog is not dialog or dialog.wasCanceled():
            return  # a report that was on its way when the op ended or was cancelled
        if total > 0:
            dialog.setMaximum(_BAR_STEPS)
            dialog.setValue(min(_BAR_STEPS, done * _BAR_STEPS // total))
        else:
            dialog.setMaximum(0)  # busy: the op does not know how much is left
        if label:
            dialog.setLabelText(label)

    def _progress_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog(self._label, "Cancel", 0, 0, self._parent)
        dialog.setWindowTitle(self._title or "Rapport")
        if self._modal:
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(BUSY_AFTER_MS)
        # It stays up at 100 % (a download unpacks after its last byte) until the op ends.
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        return dialog


def runner_for(widget: QWidget) -> OperationRunner:
    """The runner of the window ``widget`` is in (``MainWindow.operations``).

    A dialog outside any window (Settings made on its own, in a test) gets the
    application's runner, which stops with the application.
    """
    current: QObject | None = widget
    while current is not None:
        runner = getattr(current, "operations", None)
        if isinstance(runner, OperationRunner):
            return runner
        current = current.parent()
    return _application_runner()


def _application_runner() -> OperationRunner:
    app = QCoreApplication.instance()
    if app is None:
        raise LookupError("operations need a running QApplication")
    runner = app.findChild(OperationRunner, "rapport-application-operations")
    if runner is None:
        runner = OperationRunner(app, name="rapport-application")
        runner.setObjectName("rapport-application-operations")
        app.aboutToQuit.connect(runner.shutdown)
    return runner
