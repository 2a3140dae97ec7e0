"""Helpers for the tests that start and stop real server processes."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def exited(child_pid: int) -> bool:
    """True once a child of this process has ended as its parent sees it: reapable or reaped.

    Stricter than ``not alive()``: a killed process whose other threads are still being
    torn down (a JVM, or the stand-in server with a request thread) already shows as a
    zombie in /proc, but ``waitpid`` and so ``Popen.poll()`` still say it runs. ``WNOWAIT``
    leaves it to be reaped by its owner.
    """
    with contextlib.suppress(ChildProcessError):  # reaped already: it has exited
        return os.waitid(os.P_PID, child_pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    return True


def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def languagetool_servers(environment_marker: str = "") -> dict[int, str]:
    """Running LanguageTool servers (pid → command line), whoever their parent is.

    With ``environment_marker`` (``NAME=value``) only those whose environment holds
    it: the servers this test session started, directly or through a child process,
    and never another session's on the same machine.
    """
    found: dict[int, str] = {}
    marker = environment_marker.encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "org.languagetool.server.HTTPServer" not in cmdline:
                continue
            if marker and marker not in (entry / "environ").read_bytes().split(b"\0"):
                continue
        except OSError:
            continue  # exited while we looked, or not ours to read
        if alive(int(entry.name)):
            found[int(entry.name)] = cmdline
    return found
