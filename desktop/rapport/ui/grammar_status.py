"""The grammar checker's status in the status bar, and the first-run download dialog."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QToolButton,
    QWidget,
)

from rapport.grammar.base import Action, BackendState, BackendStatus
from rapport.ui.richtext import literal

_SHORT_NAMES = {
    "harper": "Harper",
    "offline-spelling": "offline spelling",
    "languagetool-server": "LanguageTool server",
    "languagetool-local": "LanguageTool",
    "off": "off",
}
_ACTION_LABELS = {
    Action.INSTALL_JAVA: "How to fix…",
    Action.SET_SERVER: "Settings…",
    Action.DOWNLOAD: "Download LanguageTool…",
    Action.RETRY: "Retry",
}


def short_status(status: BackendStatus) -> str:
    name = _SHORT_NAMES.get(status.backend, status.backend)
    if status.state == BackendState.STARTING:
        return f"Grammar: {name} starting…"
    if status.state == BackendState.ERROR:
        standing_in = _SHORT_NAMES.get(status.fallback or "offline-spelling", status.fallback)
        if status.fallback == "off":
            return f"Grammar: {name} unavailable"
        return f"Grammar: {name} unavailable, {standing_in} instead"
    if status.state == BackendState.OFF:
        return "Grammar: off"
    return f"Grammar: {name}"


class GrammarStatusWidget(QWidget):
    """A short status with the full sentence as tooltip, plus a button for the fix."""

    actionRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QToolButton()
        self.button.setAutoRaise(True)
        self.button.hide()
        self.button.clicked.connect(lambda: self.actionRequested.emit(self._action))
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self._action = ""
        self._shown: BackendStatus | None = None

    def show_status(self, status: BackendStatus) -> None:
        if status == self._shown:
            return
        self._shown = status
        self.label.setText(short_status(status))
        # The message can quote a server's error page: shown as text, never as HTML.
        self.label.setToolTip(literal(status.message))
        self.setToolTip(literal(status.message))
        self._action = str(status.action)
        label = _ACTION_LABELS.get(status.action)
        self.button.setVisible(bool(label) and status.state == BackendState.ERROR)
        if label:
            self.button.setText(label)

    def show_off(self) -> None:
        """Checks are off in Settings: said, not hidden, so the user knows why nothing shows."""
        from rapport.grammar.base import BACKEND_OFF

        self.show_status(
            BackendStatus(
                BACKEND_OFF,
                BackendState.OFF,
                "Grammar and spelling checks are off; turn them on in Settings.",
            )
        )
        self.show()


class _DownloadRelay(QObject):
    """Carries progress and the outcome from the download thread to the dialog."""

    progressed = Signal(int, int)
    finished = Signal(str, str)


def run_download_dialog(parent: QWidget) -> Path | None:
    """Download LanguageTool behind a progress dialog with Cancel; its folder when installed."""
    from rapport.grammar.download import DownloadCancelled, DownloadFailed, download_languagetool

    answer = QMessageBox.question(
        parent,
        "Download LanguageTool?",
        "LanguageTool checks grammar and style offline. The download is about 250 MB, "
        "once, and it needs Java 17 or newer to run. Download it now?",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    dialog = QProgressDialog("Downloading LanguageTool…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle("LanguageTool")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    cancel = threading.Event()
    relay = _DownloadRelay()
    outcome: dict[str, str] = {}

    def show_progress(done: int, total: int) -> None:
        if total > 0:
            dialog.setMaximum(100)
            dialog.setValue(min(99, done * 100 // total))
            dialog.setLabelText(
                f"Downloading LanguageTool… {done / 1e6:.0f} of {total / 1e6:.0f} MB"
            )
        else:
            dialog.setLabelText(f"Downloading LanguageTool… {done / 1e6:.0f} MB")

    def finish(kind: str, message: str) -> None:
        outcome["kind"], outcome["message"] = kind, message
        dialog.reset()
        dialog.close()

    relay.progressed.connect(show_progress, Qt.ConnectionType.QueuedConnection)
    relay.finished.connect(finish, Qt.ConnectionType.QueuedConnection)
    dialog.canceled.connect(cancel.set)

    def work() -> None:
        try:
            folder = download_languagetool(
                lambda done, total: relay.progressed.emit(done, total or 0), cancel
            )
            relay.finished.emit("ok", str(folder))
        except DownloadCancelled:
            relay.finished.emit("cancelled", "")
        except DownloadFailed as error:
            outcome["details"] = error.details
            relay.finished.emit("failed", str(error))
        except Exception as error:  # the thread must always report back
            relay.finished.emit("failed", f"Unexpected error: {error}")

    thread = threading.Thread(target=work, name="languagetool-download", daemon=True)
    thread.start()
    dialog.exec()
    while "kind" not in outcome and thread.is_alive():
        # Cancel was pressed: wait for the thread to clean up and report.
        thread.join(0.05)
        from PySide6.QtCore import QCoreApplication

        QCoreApplication.processEvents()
    kind = outcome.get("kind", "cancelled")
    if kind == "failed":
        failed = QMessageBox(
            QMessageBox.Icon.Warning,
            "LanguageTool was not downloaded",
            outcome.get("message", ""),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        failed.setTextFormat(Qt.TextFormat.PlainText)  # it can quote a server's answer
        if outcome.get("details"):
            failed.setDetailedText(outcome["details"])
        failed.exec()
    return Path(outcome["message"]) if kind == "ok" else None
