"""Handing a mailto: link to the user's mail app without the email reaching a terminal.

Qt's own ``QDesktopServices.openUrl`` on Linux prints "Unable to detect a launcher for
'mailto:…'" (the whole body) to stderr when no launcher is installed, and xdg-open or
gio print the link when no mail app is set up. Here the launcher runs with its output
discarded, and whether it worked is learnt from its exit code, never from its messages.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtGui import QDesktopServices

#: How long to wait for the launcher to say it failed before taking it as handed over.
LAUNCH_WAIT_MS = 4000
_POLL_MS = 100


def launcher_command(url: str) -> list[str] | None:
    """The command that opens ``url`` in the desktop's mail app, or None (none found)."""
    if sys.platform in ("win32", "darwin"):
        return None  # Qt uses the system's own call there, which prints nothing
    for program, arguments in (("xdg-open", [url]), ("gio", ["open", url])):
        found = shutil.which(program)
        if found:
            return [found, *arguments]
    return None


class MailLauncher(QObject):
    """Opens mailto: links; ``on_failure`` runs (on the UI thread) when nothing opened it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: list[tuple[subprocess.Popen, int, Callable[[], None]]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(_POLL_MS)
        self._timer.timeout.connect(self._poll)

    def open(self, url: str, on_failure: Callable[[], None]) -> None:
        if sys.platform in ("win32", "darwin"):
            if not QDesktopServices.openUrl(QUrl(url)):
                on_failure()
            return
        command = launcher_command(url)
        if command is None:
            on_failure()
            return
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # a mail app it starts outlives Rapport
            )
        except OSError:
            on_failure()
            return
        self._running.append((process, LAUNCH_WAIT_MS // _POLL_MS, on_failure))
        self._timer.start()

    def busy(self) -> bool:
        """A launcher is still being watched (for tests and for closing cleanly)."""
        return bool(self._running)

    def _poll(self) -> None:
        still: list[tuple[subprocess.Popen, int, Callable[[], None]]] = []
        for process, left, on_failure in self._running:
            code = process.poll()
            if code is None and left > 1:
                still.append((process, left - 1, on_failure))
            elif code not in (None, 0):
                on_failure()
            # A launcher still running after the wait has handed the link over.
        self._running = still
        if not still:
            self._timer.stop()
