"""One LanguageTool server process: its command line, launch, first answer, exit and stop.

Plain functions, no state: :class:`rapport.grammar.local_server.LocalLanguageToolServer`
decides when a process starts and stops and what the user is told; this module
knows how. Stdlib only.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

from rapport.grammar.base import Action, BackendUnavailable
from rapport.grammar.lt_install import (
    MIN_JAVA,
    child_environment,
    find_languagetool,
    java_major_version,
)
from rapport.grammar.orphans import die_with_parent

SERVER_CLASS = "org.languagetool.server.HTTPServer"
#: Checked once before the server counts as started (see warm_up).
WARM_UP_TEXT = "Thanks for the call."
WARM_UP_LANGUAGE = "en-US"

MESSAGE_NO_JAVA = (
    "LanguageTool needs Java {minimum} or newer{found}. Install Java {minimum}, "
    "or set a LanguageTool server URL in Settings. Offline spelling is checking meanwhile."
)
MESSAGE_NOT_INSTALLED = (
    "LanguageTool is not installed. Download it once (about 250 MB), or choose a "
    "LanguageTool folder or a server URL in Settings. Offline spelling is checking meanwhile."
)

# ----- the command line --------------------------------------------------------------


def build_server_command(java: str, jar: Path, port: int, memory_mb: int) -> list[str]:
    """The Java command line for LanguageTool's HTTP server, with a heap cap."""
    return [
        java,
        f"-Xmx{max(64, int(memory_mb))}m",
        "-cp",
        str(jar),
        SERVER_CLASS,
        "--port",
        str(port),
    ]


def java_command_factory(
    languagetool_dir: str, env: Mapping[str, str] | None, memory_mb: int
) -> Callable[[int], list[str]]:
    """The command for a port, with the Java on PATH and the LanguageTool found on disk.

    Raises ``BackendUnavailable`` (with what the user can do) when either is missing.
    """
    java = shutil.which("java")
    major = java_major_version(java) if java else None
    if java is None or major is None or major < MIN_JAVA:
        found = f" (found Java {major})" if major else ""
        raise BackendUnavailable(
            MESSAGE_NO_JAVA.format(minimum=MIN_JAVA, found=found), Action.INSTALL_JAVA
        )
    install = find_languagetool(languagetool_dir, env)
    if install is None:
        raise BackendUnavailable(MESSAGE_NOT_INSTALLED, Action.DOWNLOAD)
    return lambda port: build_server_command(java, install.jar, port, memory_mb)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ----- starting ----------------------------------------------------------------------


def launch(command: list[str], log: IO[bytes], *, tied_to_parent: bool) -> subprocess.Popen[bytes]:
    """Start the server in its own process group, its stderr into ``log``.

    ``tied_to_parent``: on Linux the kernel kills it when this thread's process dies.
    Raises ``OSError`` or ``SubprocessError`` when it cannot be started.
    """
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
        env=child_environment(),
        start_new_session=True,  # its own process group: stopped as a whole
        preexec_fn=die_with_parent() if tied_to_parent else None,
    )


def wait_until_answering(
    process: subprocess.Popen[bytes], port: int, log: IO[bytes], timeout: float
) -> str | None:
    """Wait until the started process answers and has checked a first text.

    None when it answers; otherwise why not, for the user (it exited, with the last
    line it wrote, or it did not answer within ``timeout``; then it is still running).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            reason = log_tail(log) or f"exit code {process.returncode}"
            return f"LanguageTool stopped while starting ({reason})."
        if answers(port):
            # LanguageTool loads its rules and dictionaries on the first check (12 s
            # here, more than a check's deadline): one short check first, so the
            # user's first check is answered at once.
            warm_up(port, deadline)
            return None
        time.sleep(0.2)
    return f"LanguageTool did not start within {timeout:.0f} s."


def answers(port: int) -> bool:
    """True when a LanguageTool server on ``port`` lists its languages."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"http://127.0.0.1:{port}/v2/languages", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def warm_up(port: int, deadline: float, language: str = WARM_UP_LANGUAGE) -> None:
    """Check a short text, waiting until ``deadline`` at most; any answer will do."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    form = urllib.parse.urlencode({"text": WARM_UP_TEXT, "language": language}).encode()
    url = f"http://127.0.0.1:{port}/v2/check"
    with contextlib.suppress(OSError, ValueError), opener.open(url, form, timeout=remaining) as got:
        got.read()


#: A Java stack frame ("\tat org.…", "... 1 more"): no reason a person can read.
_STACK_FRAME = re.compile(r"^\s*(?:at\s|\.\.\.\s\d+\smore\b)")
#: What Java, and Python's stand-in, write when the port was taken before they bound it.
_PORT_TAKEN = ("Address already in use", "PortBindingException")


def _log_text(log: IO[bytes]) -> str:
    try:
        log.seek(0)
        return log.read().decode("utf-8", "replace")
    except (OSError, ValueError):
        return ""


def log_tail(log: IO[bytes]) -> str:
    """The last line of the process's log that says why (200 characters at most), or "".

    Java ends a failure with its stack trace; the reason is the last line before
    the frames ("Caused by: java.net.BindException: Address already in use").
    """
    lines = [
        line.strip()
        for line in _log_text(log).splitlines()
        if line.strip() and not _STACK_FRAME.match(line)
    ]
    return lines[-1].removeprefix("Caused by: ")[:200] if lines else ""


def port_was_taken(log: IO[bytes]) -> bool:
    """True when the process stopped because something else had its port."""
    text = _log_text(log)
    return any(marker in text for marker in _PORT_TAKEN)


# ----- ending ------------------------------------------------------------------------


def wait_for_exit(process: subprocess.Popen[bytes]) -> None:
    """Block until the process exits, without reaping it.

    ``Popen.wait()`` would hold the Popen's wait lock meanwhile, and ``poll()`` from
    other threads answers None ("still running") while that lock is held, so a
    crash could go unnoticed by them; with WNOWAIT the exit is seen here and the
    process is reaped by the next ``poll()``.
    """
    if not hasattr(os, "waitid"):
        process.wait()
        return
    with contextlib.suppress(ChildProcessError):  # already reaped by a poll() or stop
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group, then SIGKILL after 5 s; always reap it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    else:
        process.wait()
