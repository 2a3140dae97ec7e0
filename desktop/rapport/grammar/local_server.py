"""The local LanguageTool Java server: found on disk, started lazily, stopped reliably.

Why Rapport starts Java itself instead of ``language_tool_python.LanguageTool()``
(read in language-tool-python 3.4's ``server.py`` / ``download_lt.py``):

* its start is blocking (the constructor waits for the server), and it
  downloads LanguageTool (~250 MB) whenever none is installed;
* its command line has no JVM memory option (``java -cp … HTTPServer -p PORT``);
* ``LTP_JAR_DIR_PATH`` only skips the download; the jar is still looked up in
  the download cache (``LocalLanguageTool.get_directory_path``);
* on a failed request it kills and restarts the server inside the request.

So this module runs ``java -Xmx<N>m -cp languagetool-server.jar
org.languagetool.server.HTTPServer --port P`` in a background thread, and the
real client then talks to ``http://127.0.0.1:P`` as to any server URL. How a
process is launched, seen answering and stopped is :mod:`rapport.grammar.lt_process`;
the idle stop is :mod:`rapport.grammar.idle_watch`; this module keeps the state
the app and the user see.

Life cycle: one server per app (:func:`shared_local_server`), started on the
first check, stopped after ``idle_minutes`` without a check and always at exit
(``atexit``), restarted when it dies (up to ``max_restarts`` times in a row).
When Rapport itself is killed, the server dies with it (Linux), and a server an
earlier Rapport left running is stopped at the next start (see
:mod:`rapport.grammar.orphans`).
"""

from __future__ import annotations

import atexit
import contextlib
import subprocess
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

from rapport.grammar.base import (
    BACKEND_LT_LOCAL,
    Action,
    BackendState,
    BackendStatus,
    BackendUnavailable,
)
from rapport.grammar.idle_watch import IdleWatch
from rapport.grammar.lt_install import (  # noqa: F401 (re-exported: callers import them here)
    JAR_NAMES,
    MIN_JAVA,
    LanguageToolInstall,
    bundled_languagetool_dir,
    child_environment,
    download_cache_dir,
    find_languagetool,
    java_major_version,
)
from rapport.grammar.lt_process import (
    MESSAGE_NOT_INSTALLED,
    free_port,
    java_command_factory,
    launch,
    port_was_taken,
    stop_process,
    wait_for_exit,
    wait_until_answering,
)
from rapport.grammar.orphans import remove_record, write_record

DEFAULT_MEMORY_MB = 512
DEFAULT_IDLE_MINUTES = 10.0
MESSAGE_STARTING = "Starting LanguageTool…"
#: Ports tried when the one chosen is taken before the server binds it.
_PORT_ATTEMPTS = 3


class LocalLanguageToolServer:
    """Owns one LanguageTool server process.

    :meth:`url` never blocks: it returns the URL when the server answers, and
    otherwise starts it in the background and raises BackendUnavailable with
    ``starting=True``. ``command_factory`` builds the command for a port; by
    default it finds Java and LanguageTool (tests pass a stand-in server).
    """

    def __init__(
        self,
        *,
        languagetool_dir: str = "",
        memory_mb: int = DEFAULT_MEMORY_MB,
        idle_minutes: float = DEFAULT_IDLE_MINUTES,
        startup_timeout: float = 90.0,
        max_restarts: int = 3,
        command_factory: Callable[[int], list[str]] | None = None,
        env: Mapping[str, str] | None = None,
        data_dir: Path | None = None,
        die_with_parent: bool = True,
    ) -> None:
        self.languagetool_dir = languagetool_dir
        self.memory_mb = memory_mb
        self.startup_timeout = startup_timeout
        self.max_restarts = max_restarts
        self._command_factory = command_factory
        self._env = env
        #: Where the record of a running server is kept (None: the data folder).
        self._data_dir = data_dir
        #: Linux: have the kernel kill the server when Rapport dies (off only in tests
        #: that stand in for a platform without it).
        self.die_with_parent = die_with_parent
        self._lock = threading.RLock()
        self._process: subprocess.Popen[bytes] | None = None
        self._port: int | None = None
        self._state = BackendState.OFF
        self._message = "LanguageTool is not running."
        self._action = Action.NONE
        self._starter: threading.Thread | None = None
        self._generation = 0
        self._ready_event = threading.Event()
        self._crashes = 0
        self._closed = False
        self._idle = IdleWatch(
            self._lock,
            idle_minutes * 60.0,
            running=lambda: self._process is not None and not self._closed,
            stop=self._stop_locked,
            thread_name="languagetool-idle",
        )
        self.starts = 0  # how many processes were launched (for tests and diagnostics)

    @property
    def idle_seconds(self) -> float:
        """How long the server may go without a check before it is stopped."""
        return self._idle.idle_seconds

    @idle_seconds.setter
    def idle_seconds(self, seconds: float) -> None:
        self._idle.idle_seconds = seconds

    # -- what the backend and the UI ask -------------------------------------------------

    def status(self) -> BackendStatus:
        with self._lock:
            self._notice_crash()
            state, message, action = self._state, self._message, self._action
        if state is BackendState.OFF:
            # Not started yet: say now, before any text is typed, when there is
            # nothing to start (a few file checks, no Java is run here).
            never_started = self._command_factory is None and self.starts == 0
            if never_started and find_languagetool(self.languagetool_dir, self._env) is None:
                return BackendStatus(
                    BACKEND_LT_LOCAL, BackendState.ERROR, MESSAGE_NOT_INSTALLED, Action.DOWNLOAD
                )
            # Stopped (not yet started, or idle): the next check starts it again.
            return BackendStatus(BACKEND_LT_LOCAL, BackendState.READY, "LanguageTool (local)")
        return BackendStatus(BACKEND_LT_LOCAL, state, message, action)

    def url(self) -> str:
        """The server's URL if it answers now; otherwise start it and raise BackendUnavailable."""
        with self._lock:
            self._idle.touch()
            self._notice_crash()
            if self._state is BackendState.READY and self._port is not None:
                return f"http://127.0.0.1:{self._port}"
            if self._state is BackendState.ERROR:
                raise BackendUnavailable(self._message, self._action)
            self._start_in_background()
            raise BackendUnavailable(MESSAGE_STARTING, starting=True)

    def wait_ready(self, timeout: float) -> bool:
        """Block until the server answers (for the command line, never the UI)."""
        with contextlib.suppress(BackendUnavailable):
            self.url()
        self._ready_event.wait(timeout)
        with self._lock:
            return self._state is BackendState.READY

    def request_failed(self) -> None:
        """A check failed: if Java died, restart it on the next check."""
        with self._lock:
            self._notice_crash()

    def retry(self) -> None:
        """Forget an error (after the user fixed it) so the next check starts again."""
        with self._lock:
            if self._state is BackendState.ERROR:
                self._state, self._crashes = BackendState.OFF, 0

    @property
    def pid(self) -> int | None:
        with self._lock:
            return self._process.pid if self._process is not None else None

    # -- starting ------------------------------------------------------------------------

    def _start_in_background(self) -> None:
        if self._closed:
            raise BackendUnavailable("LanguageTool was shut down.", Action.RETRY)
        if self._state is BackendState.STARTING:
            return
        # Each start has a generation; a starter thread from an earlier start that is
        # still winding down must not touch the state of this one.
        self._generation += 1
        self._state = BackendState.STARTING
        self._message = MESSAGE_STARTING
        self._action = Action.NONE
        self._ready_event.clear()
        self._starter = threading.Thread(
            target=self._start, args=(self._generation,), name="languagetool-start", daemon=True
        )
        self._starter.start()

    def _start(self, generation: int) -> None:
        """The starter thread: launch, wait until it answers, then stay until it exits."""
        try:
            command_for = self._command_factory or java_command_factory(
                self.languagetool_dir, self._env, self.memory_mb
            )
        except BackendUnavailable as problem:
            self._fail(generation, problem.message, problem.action)
            return
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            # The port is free when chosen, but another program may bind it before
            # Java does; then the server stops at once, and another port is tried.
            port = free_port()
            try:
                command = command_for(port)
            except BackendUnavailable as problem:
                self._fail(generation, problem.message, problem.action)
                return
            if not self._serve(generation, command, port, last=attempt == _PORT_ATTEMPTS):
                return

    def _serve(self, generation: int, command: list[str], port: int, *, last: bool) -> bool:
        """Run one server on ``port`` until it exits; True: its port was taken, try again."""
        # Java's stderr goes to a temp file so an early exit can say why.
        with tempfile.TemporaryFile() as log:
            launched = self._launch(generation, command, port, log)
            if isinstance(launched, str):
                self._fail(generation, launched, Action.RETRY)
                return False
            if launched is None:
                return False  # closed or superseded meanwhile
            process, record = launched
            try:
                problem = wait_until_answering(process, port, log, self.startup_timeout)
                if problem is not None:
                    self._forget(process)
                    stop_process(process)  # it did not answer in time (or just reaped)
                    if not last and process.returncode is not None and port_was_taken(log):
                        return True
                    self._fail(generation, problem, Action.RETRY)
                    return False
                self._answering(generation, process)
                # This thread stays with the server until it exits: on Linux the kernel's
                # parent-death signal is tied to the thread that started the process, so
                # the server must not outlive this thread (only Rapport's own death).
                wait_for_exit(process)
                with self._lock:
                    self._notice_crash()
                return False
            finally:
                process.wait()  # stopped by now, whichever way this ended
                remove_record(record)

    def _launch(
        self, generation: int, command: list[str], port: int, log: IO[bytes]
    ) -> tuple[subprocess.Popen[bytes], Path | None] | str | None:
        """Start the process: (it, its record), an error message, or None when not wanted."""
        try:
            process = launch(command, log, tied_to_parent=self.die_with_parent)
        except (OSError, subprocess.SubprocessError) as error:
            return f"LanguageTool could not be started: {error}."
        record = None
        with contextlib.suppress(OSError):  # no data folder: the kernel's guard still holds
            record = write_record(process.pid, command, self._data_dir)
        with self._lock:
            if self._closed or generation != self._generation:
                stop_process(process)
                remove_record(record)
                return None
            self._process, self._port = process, port
            self.starts += 1
        return process, record

    def _answering(self, generation: int, process: subprocess.Popen[bytes]) -> None:
        """The started process answers: READY, unless it was stopped or superseded meanwhile."""
        with self._lock:
            if self._process is not process or generation != self._generation:
                return
            self._state, self._message, self._action = (
                BackendState.READY,
                "LanguageTool (local)",
                Action.NONE,
            )
            self._idle.touch()
            self._idle.start()
            self._ready_event.set()

    def _forget(self, process: subprocess.Popen[bytes]) -> None:
        """A process that failed to start is no longer the server (if it still was)."""
        with self._lock:
            if self._process is process:
                self._process, self._port = None, None

    def _fail(self, generation: int, message: str, action: Action) -> None:
        with self._lock:
            if generation != self._generation:
                return  # a later start owns the state now
            self._state, self._message, self._action = BackendState.ERROR, message, action
            self._ready_event.set()

    def _notice_crash(self) -> None:
        """Called with the lock held: a READY server whose process exited has crashed."""
        process = self._process
        if process is None or process.poll() is None or self._state is not BackendState.READY:
            return
        self._process, self._port = None, None
        self._crashes += 1
        if self._crashes > self.max_restarts:
            self._state = BackendState.ERROR
            self._message = (
                f"LanguageTool stopped unexpectedly {self._crashes} times "
                f"(last exit code {process.returncode}). Try a larger memory cap in Settings, "
                "or a server URL. Offline spelling is checking meanwhile."
            )
            self._action = Action.RETRY
        else:
            self._state = BackendState.OFF  # the next url() starts a new one

    # -- stopping ------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop the server now (idle, settings changed, app exit). Safe to call twice."""
        with self._lock:
            self._stop_locked()
        self._idle.wake()

    def _stop_locked(self) -> None:
        process, self._process, self._port = self._process, None, None
        if self._state is not BackendState.ERROR:
            self._state, self._message = BackendState.OFF, "LanguageTool is not running."
        if process is not None:
            stop_process(process)

    def close(self) -> None:
        """Stop for good: no new server starts after this."""
        with self._lock:
            self._closed = True
        self.stop()
        starter = self._starter
        if starter is not None and starter is not threading.current_thread():
            starter.join(timeout=5)
        self.stop()  # a process launched while we waited


# One server per app, keyed by what changes its command line; stopped at exit.
_shared: dict[tuple[str, int], LocalLanguageToolServer] = {}
_shared_lock = threading.Lock()
_atexit_registered = False


def shared_local_server(
    languagetool_dir: str = "",
    memory_mb: int = DEFAULT_MEMORY_MB,
    idle_minutes: float = DEFAULT_IDLE_MINUTES,
) -> LocalLanguageToolServer:
    """The app's one local server for this configuration; other configurations are stopped."""
    global _atexit_registered
    key = (languagetool_dir, int(memory_mb))
    with _shared_lock:
        if not _atexit_registered:
            atexit.register(stop_all_local_servers)
            _atexit_registered = True
        server = _shared.get(key)
        if server is None:
            for old in _shared.values():
                old.close()
            _shared.clear()
            server = LocalLanguageToolServer(
                languagetool_dir=languagetool_dir, memory_mb=memory_mb, idle_minutes=idle_minutes
            )
            _shared[key] = server
        server.idle_seconds = idle_minutes * 60.0
        return server


def stop_all_local_servers() -> None:
    """Stop every server this process started (registered with atexit)."""
    with _shared_lock:
        servers = list(_shared.values())
        _shared.clear()
    for server in servers:
        server.close()
