"""Stopping a server that has not been used for a while, from a thread of its own.

The local LanguageTool is a JVM with a heap of hundreds of MB; a user who stops writing
gets the memory back after ``idle_minutes`` (Settings), with nothing polling on the UI thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class IdleWatch:
    """Calls ``stop`` once ``idle_seconds`` have passed since the last :meth:`touch`.

    It decides under the owner's ``lock``, so a use and an idle stop never cross:
    ``running`` and ``stop`` are called with it held, and :meth:`touch` and
    :meth:`start` are to be called with it held. The thread sleeps at most 30 s at
    a time and ends when ``running()`` answers False; :meth:`start` starts a new one.
    """

    #: The longest nap between two looks: the idle time may shrink while it sleeps.
    MAX_NAP_SECONDS = 30.0

    def __init__(
        self,
        lock: threading.RLock,
        idle_seconds: float,
        *,
        running: Callable[[], bool],
        stop: Callable[[], None],
        thread_name: str,
    ) -> None:
        self._lock = lock
        self._idle_seconds = idle_seconds
        self._running = running
        self._stop = stop
        self._thread_name = thread_name
        self._last_used = time.monotonic()
        self._wakeup = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def idle_seconds(self) -> float:
        """How long the server may go unused before it is stopped."""
        return self._idle_seconds

    @idle_seconds.setter
    def idle_seconds(self, seconds: float) -> None:
        # A new value (Settings changed) counts at once, not after the watcher's nap.
        self._idle_seconds = seconds
        self._wakeup.set()

    def touch(self) -> None:
        """The server was used just now."""
        self._last_used = time.monotonic()

    def start(self) -> None:
        """Watch from now on (a server just started); does nothing while already watching."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._wakeup.clear()
        self._thread = threading.Thread(target=self._watch, name=self._thread_name, daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Look again now (the server was stopped: the thread can end)."""
        self._wakeup.set()

    def _watch(self) -> None:
        while True:
            with self._lock:
                self._wakeup.clear()  # woken: look again, then sleep again
                if not self._running():
                    return
                remaining = self._idle_seconds - (time.monotonic() - self._last_used)
                if remaining <= 0:
                    self._stop()
                    return
            self._wakeup.wait(min(remaining, self.MAX_NAP_SECONDS))
