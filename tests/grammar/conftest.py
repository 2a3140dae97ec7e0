"""Shared fixtures for the grammar tests, and the check that no server outlives them."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_languagetool import FakeLanguageTool

#: Environment as it was before any fixture touched it (the integration test reads it).
ORIGINAL_ENV = dict(os.environ)
# Command-line fragments of the processes these tests may start.
_OUR_PROCESS_MARKERS = ("languagetool", "java")


def _children(parent: int) -> dict[int, str]:
    """Live child processes of ``parent`` (pid → command line), read from /proc."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            # "pid (comm) state ppid …": comm may hold spaces, so split after the ")".
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if int(ppid) != parent or state == "Z":
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue  # exited while we looked
        found[int(entry.name)] = cmdline
    return found


def leftover_processes(before: dict[int, str]) -> dict[int, str]:
    """Our kind of child process (Java, LanguageTool, the stand-in) not there ``before``."""
    return {
        pid: cmdline
        for pid, cmdline in _children(os.getpid()).items()
        if pid not in before and any(mark in cmdline.lower() for mark in _OUR_PROCESS_MARKERS)
    }


@pytest.fixture(scope="session", autouse=True)
def no_processes_left_behind() -> Iterator[None]:
    """After the session, no LanguageTool/Java process started by these tests is running."""
    before = _children(os.getpid())
    yield
    from rapport.grammar.local_server import stop_all_local_servers

    stop_all_local_servers()  # what atexit does in the app; it must leave nothing behind
    left = leftover_processes(before)
    for pid in left:  # report them, but do not leave them running either
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert not left, f"processes started by the grammar tests are still running: {left}"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Own data/config dirs, an empty LanguageTool cache, no server URL from outside."""
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RAPPORT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "lt-cache"))
    monkeypatch.delenv("RAPPORT_LANGUAGETOOL_URL", raising=False)
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    return tmp_path


@pytest.fixture
def fake_lt() -> Iterator[FakeLanguageTool]:
    """A stand-in LanguageTool server on 127.0.0.1, stopped after the test."""
    with FakeLanguageTool() as server:
        yield server
