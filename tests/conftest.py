"""Test-wide setup: every test gets its own config and data dirs."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "grammar"))
from processes import languagetool_servers


def pytest_configure(config: pytest.Config) -> None:
    # Qt tests run without a screen unless a test starts its own X server.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep tests away from the real user's settings, drafts and notes."""
    root: Path = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("RAPPORT_CONFIG_DIR", str(root / "config"))
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(root / "data"))
    monkeypatch.delenv("RAPPORT_RESOURCES_DIR", raising=False)
    return root


#: Set for the whole session and inherited by every process it starts (Java too), so
#: the check below finds this session's servers and never another session's.
SESSION_MARKER_VARIABLE = "RAPPORT_TEST_SESSION"


@pytest.fixture(scope="session", autouse=True)
def no_languagetool_left_running() -> Iterator[None]:
    """After the session, no LanguageTool server this session started is running.

    Looked up by environment, not by parent: a server started by a child process
    (the quit test's Rapport) or reparented after a crash is no child of ours.
    """
    os.environ[SESSION_MARKER_VARIABLE] = f"{os.getpid()}-{time.time_ns()}"
    marker = f"{SESSION_MARKER_VARIABLE}={os.environ[SESSION_MARKER_VARIABLE]}"
    yield
    from rapport.grammar.local_server import stop_all_local_servers

    stop_all_local_servers()  # what quitting does; anything still running after it leaked
    left = languagetool_servers(marker)
    for pid in left:  # report them, but do not leave them running either
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert not left, f"LanguageTool servers still running after the tests: {left}"
