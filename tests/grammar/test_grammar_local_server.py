"""The local server's life: lazy start, idle stop, restart after a crash, nothing left behind.

A real LanguageTool is not installed on test machines, so the process started
here is the stand-in server script (``fake_languagetool.py``) launched exactly
as Java would be; the Java command line itself is checked separately.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fake_languagetool import fake_server_command, make_install
from processes import alive, exited, wait_for

from rapport.grammar import (
    BACKEND_HARPER,
    BACKEND_LT_LOCAL,
    BACKEND_OFFLINE,
    BackendState,
    BackendUnavailable,
    GrammarService,
    OfflineSpeller,
)
from rapport.grammar.languagetool import LanguageToolBackend
from rapport.grammar.local_server import (
    LocalLanguageToolServer,
    shared_local_server,
    stop_all_local_servers,
)
from rapport.grammar.lt_install import java_major_version


@pytest.fixture
def make_server() -> Iterator[Callable[..., LocalLanguageToolServer]]:
    servers: list[LocalLanguageToolServer] = []

    def make(**options: object) -> LocalLanguageToolServer:
        options.setdefault("command_factory", fake_server_command)
        server = LocalLanguageToolServer(**options)  # type: ignore[arg-type]
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


def test_starts_lazily_in_the_background_and_then_answers(make_server) -> None:
    server = make_server()
    assert server.pid is None  # nothing runs before the first check
    with pytest.raises(BackendUnavailable) as raised:
        server.url()  # returns at once; the start happens in the background
    assert raised.value.starting
    assert server.status().state is BackendState.STARTING
    assert server.wait_ready(30)
    assert server.url().startswith("http://127.0.0.1:")
    assert server.status().state is BackendState.READY


def test_checks_fall_back_to_offline_spelling_while_starting_then_use_languagetool(
    make_server,
) -> None:
    server = make_server()
    backend = LanguageToolBackend(
        server.url,
        name=BACKEND_LT_LOCAL,
        status_provider=server.status,
        on_failure=server.request_failed,
    )
    service = GrammarService(backend, OfflineSpeller(), server=server)
    first = service.check("Thanks for teh call, you was right.")
    assert first.backend == BACKEND_OFFLINE and first.starting and first.error is None
    assert service.wait_ready(30)
    later = service.check("Thanks for teh call, you was right.")
    assert later.backend == BACKEND_LT_LOCAL
    assert {f.rule for f in later.findings} == {
        "languagetool:MORFOLOGIK_RULE_EN_US",
        "languagetool:YOU_WAS",
    }


def test_one_server_is_reused(make_server) -> None:
    server = make_server()
    assert server.wait_ready(30)
    pid = server.pid
    for _ in range(3):
        server.url()
    assert server.pid == pid and server.starts == 1


def test_stops_after_the_idle_time_and_starts_again_on_the_next_check(make_server) -> None:
    server = make_server(idle_minutes=0.5 / 60)  # half a second
    assert server.wait_ready(30)
    pid = server.pid
    assert pid is not None
    assert wait_for(lambda: not alive(pid))
    assert server.pid is None
    assert server.wait_ready(30)  # the next check starts a new one
    assert server.starts == 2


def test_restarts_after_a_crash(make_server) -> None:
    server = make_server()
    assert server.wait_ready(30)
    first_pid = server.pid
    assert first_pid is not None
    os.kill(first_pid, signal.SIGKILL)  # the JVM dies (out of memory, killed…)
    # Until the process can be reaped, poll() says it runs and no one could tell it died.
    assert wait_for(lambda: exited(first_pid))
    server.request_failed()  # what the backend reports after a failed check
    assert server.wait_ready(30)
    assert server.pid not in (None, first_pid) and server.starts == 2


def test_gives_up_after_repeated_crashes_and_says_so(make_server) -> None:
    server = make_server(max_restarts=1)
    for _ in range(2):
        assert server.wait_ready(30)
        pid = server.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        assert wait_for(lambda pid=pid: exited(pid))  # dead as poll() sees it, not only /proc
        server.request_failed()
    status = server.status()
    assert status.state is BackendState.ERROR
    assert "stopped unexpectedly 2 times" in status.message
    with pytest.raises(BackendUnavailable):
        server.url()


def test_a_server_that_exits_while_starting_is_an_error_with_its_reason(make_server) -> None:
    server = make_server(
        command_factory=lambda port: [
            "/bin/sh",
            "-c",
            "echo 'Error: Could not find or load main class' >&2; exit 1",
        ]
    )
    assert server.wait_ready(30) is False
    status = server.status()
    assert status.state is BackendState.ERROR
    assert "Could not find or load main class" in status.message


def test_close_leaves_no_process_behind(make_server) -> None:
    server = make_server()
    assert server.wait_ready(30)
    pid = server.pid
    assert pid is not None
    server.close()
    assert not alive(pid)
    with pytest.raises(BackendUnavailable):
        server.url()  # closed for good: no new process


def test_closing_while_starting_leaves_no_process_behind(make_server) -> None:
    server = make_server(command_factory=lambda port: fake_server_command(port, 2.0))
    with pytest.raises(BackendUnavailable):
        server.url()
    assert wait_for(lambda: server.pid is not None)
    pid = server.pid
    assert pid is not None
    server.close()
    assert not alive(pid)


def test_the_shared_server_is_one_per_app_and_stopped_at_exit() -> None:
    first = shared_local_server("", 512)
    assert shared_local_server("", 512) is first
    other = shared_local_server("/elsewhere", 512)  # new settings replace the old server
    assert other is not first
    stop_all_local_servers()


def _real_java_17() -> bool:
    import shutil

    java = shutil.which("java")
    return java is not None and (java_major_version(java) or 0) >= 17


@pytest.mark.skipif(not _real_java_17(), reason="needs Java 17+ on PATH")
def test_real_java_with_a_broken_languagetool_folder_reports_why(tmp_path: Path) -> None:
    folder = make_install(tmp_path / "LanguageTool-broken")  # the jar is not a real jar
    server = LocalLanguageToolServer(languagetool_dir=str(folder), memory_mb=256)
    try:
        assert server.wait_ready(60) is False
        status = server.status()
        assert status.state is BackendState.ERROR
        assert "stopped while starting" in status.message
        assert "heap" not in status.message.lower()  # the -Xmx flag itself was accepted
    finally:
        server.close()


def install_fake_java(folder: Path, record: Path) -> None:
    """A ``java`` that reports version 17 and otherwise runs the stand-in server."""

    from fake_languagetool import __file__ as fake_script

    folder.mkdir(parents=True)
    java = folder / "java"
    java.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-version" ]; then\n'
        "  echo 'openjdk version \"17.0.15\" 2025-04-15' >&2; exit 0\n"
        "fi\n"
        f'echo "$@" > "{record}"\n'
        f'exec "{sys.executable}" "{fake_script}" "$@"\n'
    )
    java.chmod(0o755)


def test_after_the_download_a_retry_starts_languagetool_with_the_memory_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rapport.grammar import service_from_settings
    from rapport.settings import Settings

    record = tmp_path / "java-args.txt"
    install_fake_java(tmp_path / "bin", record)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    service = service_from_settings(
        Settings(grammar_backend="local", languagetool_memory_mb=384), env={}
    )
    try:
        # Harper answers while LanguageTool is missing (the word list only if Harper can't).
        assert service.check("teh").backend == BACKEND_HARPER
        assert service.wait_ready(30) is False
        assert service.status().action.value == "download"

        # What download_languagetool leaves behind, in language-tool-python's cache.
        jar = make_install(tmp_path / "lt-cache" / "LanguageTool-6.8") / "languagetool-server.jar"
        service.retry()
        assert service.check("teh").starting
        assert service.wait_ready(30), service.status().message
        result = service.check("Thanks for teh call.")
        assert result.backend == BACKEND_LT_LOCAL
        assert [f.rule for f in result.findings] == ["languagetool:MORFOLOGIK_RULE_EN_US"]
        arguments = record.read_text().split()
        assert arguments[:4] == ["-Xmx384m", "-cp", str(jar), "org.languagetool.server.HTTPServer"]
        pid = service.server.pid  # type: ignore[union-attr]
    finally:
        stop_all_local_servers()  # what atexit does when the app quits
    assert pid is not None and not alive(pid)


@pytest.fixture
def taken_ports(monkeypatch) -> Iterator[Callable[[int], list[int]]]:
    """Make the server's first ``count`` port choices ones another program holds."""
    import socket

    from rapport.grammar import local_server, lt_process

    held: list[socket.socket] = []

    def take(count: int) -> list[int]:
        for _ in range(count):
            holder = socket.socket()
            holder.bind(("127.0.0.1", 0))
            holder.listen()
            held.append(holder)
        queue = [h.getsockname()[1] for h in held]
        monkeypatch.setattr(
            local_server, "free_port", lambda: queue.pop(0) if queue else lt_process.free_port()
        )
        return [h.getsockname()[1] for h in held]

    yield take
    for holder in held:
        holder.close()


def test_a_port_taken_before_the_server_binds_it_is_replaced_by_another(
    make_server, taken_ports
) -> None:
    (taken,) = taken_ports(1)
    server = make_server()
    with pytest.raises(BackendUnavailable):
        server.url()
    assert server.wait_ready(30), server.status().message
    assert server.status().state is BackendState.READY
    assert not server.url().endswith(f":{taken}")
    assert server.starts == 2  # the first server stopped at once; the second answers


def test_when_every_port_tried_is_taken_the_user_reads_why(make_server, taken_ports) -> None:
    taken_ports(3)
    server = make_server()
    with pytest.raises(BackendUnavailable):
        server.url()
    server.wait_ready(30)
    status = server.status()
    assert status.state is BackendState.ERROR
    assert "Address already in use" in status.message
    assert server.starts == 3
