"""A local LanguageTool never outlives Rapport: it dies with it, or the next start stops it.

No Java here: a real child process stands in for it (``fake_languagetool.py``,
started exactly as Java would be), and a real Python process stands in for
Rapport, so that it can be killed with SIGKILL the way a crash would end it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fake_languagetool import fake_server_command
from processes import alive, wait_for

from rapport.grammar.local_server import LocalLanguageToolServer
from rapport.grammar.orphans import (
    process_command,
    process_start_time,
    reap_orphaned_servers,
    records_dir,
)
from rapport.paths import data_dir

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc; the kernel guard is Linux's"
)

HERE = Path(__file__).resolve().parent


def records() -> list[Path]:
    return sorted(records_dir().glob("*.json"))


@pytest.fixture
def rapport_with_a_server() -> Iterator[Callable[[bool], tuple[subprocess.Popen, int]]]:
    """Starts a stand-in Rapport process that starts a local server; (it, the server's pid)."""
    started: list[tuple[subprocess.Popen, int]] = []

    def start(die_with_parent: bool) -> tuple[subprocess.Popen, int]:
        script = textwrap.dedent(
            f"""
            import sys, time
            sys.path.insert(0, {str(HERE)!r})
            from fake_languagetool import fake_server_command
            from rapport.grammar.local_server import LocalLanguageToolServer

            server = LocalLanguageToolServer(
                command_factory=fake_server_command, die_with_parent={die_with_parent!r}
            )
            assert server.wait_ready(60), server.status().message
            print(server.pid, flush=True)
            time.sleep(600)
            """
        )
        rapport = subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
        )
        assert rapport.stdout is not None
        line = rapport.stdout.readline()
        assert line.strip().isdigit(), f"the stand-in Rapport did not start a server: {line!r}"
        started.append((rapport, int(line)))
        return rapport, int(line)

    yield start
    for rapport, server_pid in started:
        with contextlib.suppress(OSError):
            rapport.kill()
        rapport.wait()
        command = process_command(server_pid) or ()
        if alive(server_pid) and any("fake_languagetool" in part for part in command):
            os.kill(server_pid, signal.SIGKILL)  # never leave one running


def test_the_server_dies_when_rapport_is_killed(rapport_with_a_server) -> None:
    rapport, server = rapport_with_a_server(True)
    assert alive(server)
    os.kill(rapport.pid, signal.SIGKILL)  # no atexit, no cleanup: a crash
    rapport.wait()
    assert wait_for(lambda: not alive(server)), "the server outlived Rapport"


def test_a_server_left_by_a_killed_rapport_is_stopped_at_the_next_start(
    rapport_with_a_server, tmp_path: Path
) -> None:
    # As on a platform without the kernel's guard: the server survives the kill...
    rapport, server = rapport_with_a_server(False)
    os.kill(rapport.pid, signal.SIGKILL)
    rapport.wait()
    time.sleep(0.5)
    assert alive(server)
    assert [path.name for path in records()] == [f"{server}.json"]
    # ...and the next Rapport stops it: here the command line, with any backend.
    email = tmp_path / "email.txt"
    email.write_text("Hi Ana,\n\nHow did the audti go?\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "rapport", "check", "--grammar", str(email)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert wait_for(lambda: not alive(server)), "the orphaned server is still running"
    assert records() == []


def test_a_stopped_server_leaves_no_record(tmp_path: Path) -> None:
    server = LocalLanguageToolServer(command_factory=fake_server_command)
    try:
        assert server.wait_ready(30)
        pid = server.pid
        assert pid is not None
        (record,) = records()
        assert json.loads(record.read_text())["pid"] == pid
        assert record.stat().st_mode & 0o077 == 0  # owner-only, like everything in the data dir
    finally:
        server.close()
    assert records() == []
    assert reap_orphaned_servers() == []


def dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def write_record(
    pid: int, command: list[str], started: int | None, owner: int, name: str = ""
) -> Path:
    """A record as a Rapport that started ``pid`` and then died would have left it."""
    folder = records_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or pid}.json"
    record = {
        "pid": pid,
        "command": command,
        "started": started,
        "owner_pid": owner,
        "owner_started": process_start_time(owner),
    }
    path.write_text(json.dumps(record))
    return path


@pytest.fixture
def unrelated() -> Iterator[subprocess.Popen]:
    """Some other program of the user's, whose pid a stale record may name."""
    process = subprocess.Popen(["sleep", "120"])
    yield process
    process.kill()
    process.wait()


def test_a_stale_record_never_stops_an_unrelated_process(unrelated: subprocess.Popen) -> None:
    started = process_start_time(unrelated.pid)
    assert started is not None
    java = ["java", "-Xmx512m", "-cp", "languagetool-server.jar"]
    java += ["org.languagetool.server.HTTPServer", "--port", "8081"]
    # The pid was reused by another program: another command line.
    write_record(unrelated.pid, java, started, dead_pid(), name="reused")
    # The same command line, but another process than the one recorded (its start time).
    write_record(unrelated.pid, ["sleep", "120"], started - 1, dead_pid(), name="earlier")

    assert reap_orphaned_servers() == []
    assert unrelated.poll() is None  # still running
    assert records() == []  # the stale records are gone


def test_a_server_whose_rapport_still_runs_is_left_alone(unrelated: subprocess.Popen) -> None:
    # Another Rapport (here: this test process) still owns it: it is in use.
    write_record(
        unrelated.pid, ["sleep", "120"], process_start_time(unrelated.pid), owner=os.getpid()
    )
    assert reap_orphaned_servers() == []
    assert unrelated.poll() is None
    assert len(records()) == 1
    # Once the owner is gone, the same record is an orphan: that process is stopped.
    write_record(unrelated.pid, ["sleep", "120"], process_start_time(unrelated.pid), dead_pid())
    assert reap_orphaned_servers() == [unrelated.pid]
    assert unrelated.wait(timeout=10) == -signal.SIGKILL
    assert records() == []


def test_records_live_in_the_data_folder() -> None:
    assert records_dir() == data_dir() / "languagetool-servers"
