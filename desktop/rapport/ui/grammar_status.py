"""The grammar checker's status in the status bar, and the first-run download dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QToolButton,
    QWidget,
)

from rapport.grammar.base import Action, BackendState, BackendStatus
from rapport.operations import OperationError
from rapport.ui.operations import Progress, ProgressOp
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


def start_languagetool_download(parent: QWidget, installed: Callable[[Path], None]) -> None:
    """Ask, then download LanguageTool behind a progress dialog with Cancel.

    ``installed(folder)`` runs on the main thread once it is unpacked. A failure is
    shown in words (the technical error behind "Show Details…"); Cancel installs
    nothing and says nothing more. The download runs beside the notes: 250 MB must
    not hold up the contacts.
    """
    answer = QMessageBox.question(
        parent,
        "Download LanguageTool?",
        "LanguageTool checks grammar and style offline. The download is about 250 MB, "
        "once, and it needs Java 17 or newer to run. Download it now?",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return

    def download(progress: Progress) -> Path:
        from rapport.grammar.download import DownloadFailed, download_languagetool

        def report(done: int, total: int | None) -> None:
            if total:
                label = f"Downloading LanguageTool… {done / 1e6:.0f} of {total / 1e6:.0f} MB"
            else:
                label = f"Downloading LanguageTool… {done / 1e6:.0f} MB"
            progress.update(done, total or 0, label)

        try:
            return download_languagetool(report, progress.cancel_event)
        except DownloadFailed as error:
            raise OperationError(str(error), details=error.details) from error

    ProgressOp(
        parent=parent,
        op=download,
        success=installed,
        label="Downloading LanguageTool…",
        title="LanguageTool",
        error_title="LanguageTool was not downloaded",
    ).beside_the_notes().run_in_background()
