"""The grammar checker the settings ask for: in the editor, and its state in the status bar.

The checker (its modules, the word list in a thread) starts once the window has
painted: nobody should wait for it to see the window. A window that is never shown
gets it after a second. The status bar's button does what the state asks for:
download LanguageTool, retry, install Java, or open Settings.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from rapport.ui.grammar_status import GrammarStatusWidget, start_languagetool_download

if TYPE_CHECKING:
    from rapport.ui.main_window import MainWindow

GRAMMAR_START_FALLBACK_MS = 1000
#: How often the status bar asks the checker how it is (starting, ready, failed…).
STATUS_REFRESH_MS = 1000


class GrammarControl(QObject):
    """Starts (and restarts) the window's grammar checker and keeps its status shown."""

    def __init__(
        self,
        window: MainWindow,
        status: GrammarStatusWidget,
        results_arrived: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._status = status
        #: Called on the main thread when grammar results were drawn.
        self._results_arrived = results_arrived
        #: The checker was started (after the first paint, or the fallback timer).
        self.started = False
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setInterval(STATUS_REFRESH_MS)
        self._timer.timeout.connect(self.refresh_status)
        status.actionRequested.connect(self._action)
        QTimer.singleShot(GRAMMAR_START_FALLBACK_MS, self.start_once)

    def start(self) -> None:
        """(Re)start the grammar checker the settings ask for; never waits for it."""
        self.started = True
        from rapport.grammar import URL_ENV, service_from_settings
        from rapport.ui.grammar_bridge import GrammarBridge

        settings, editor = self._window.settings, self._window.editor
        if settings.grammar_backend == "off" and not os.environ.get(URL_ENV):
            editor.set_grammar(None)
            self._status.show_off()  # "Grammar: off", from the start
            self._timer.stop()
            return
        service = service_from_settings(settings)
        bridge = GrammarBridge(service, editor.document(), editor.highlighter)
        bridge.updated.connect(self._results_arrived)
        editor.set_grammar(bridge)
        self._status.show()
        self.refresh_status()
        self._timer.start()

    def start_once(self) -> None:
        # Not for a window closed before its fallback timer fired: nothing would stop it.
        if not self.started and not self._stopped:
            self.start()

    def window_painted(self) -> None:
        """The window has painted: the checker may start now (after the paint)."""
        if not self.started and not self._stopped:
            QTimer.singleShot(0, self.start_once)

    def refresh_status(self) -> None:
        grammar = self._window.editor.grammar
        if grammar is not None:
            self._status.show_status(grammar.status())

    def stop(self) -> None:
        """The window is closing: no more status refreshes, and no late start.

        The editor closes a checker that is running.
        """
        self._stopped = True
        self._timer.stop()

    def _recheck(self) -> None:
        grammar = self._window.editor.grammar
        if grammar is not None:
            grammar.service.retry()
            grammar.recheck()

    def _action(self, action: str) -> None:
        if action == "download":
            start_languagetool_download(self._window, lambda _folder: self._recheck())
        elif action == "retry":
            self._recheck()
        elif action == "install-java":
            QMessageBox.information(
                self._window,
                "LanguageTool needs Java",
                "Install Java 17 or newer (for example the Temurin or your system's OpenJDK "
                "package), then press Retry. Or set a LanguageTool server URL in Settings. "
                "Offline spelling keeps working meanwhile.",
            )
        else:
            self._window.open_settings()
