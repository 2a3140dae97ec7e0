"""Local LanguageTool servers that must not outlive Rapport. Qt-free, stdlib only.

Two guards, because either alone has a gap:

* On Linux the Java process asks the kernel for SIGKILL when its parent dies
  (``prctl(PR_SET_PDEATHSIG)``, set between fork and exec by
  :func:`die_with_parent`). "Parent" means the thread that started it, so the
  thread that starts the server stays alive, waiting on it, until it exits.
* Every server Rapport starts gets a record in the data folder (its pid, its
  command line, and which Rapport process owns it); the record goes when the
  server is stopped. A record left behind means its Rapport died without
  stopping it (kill -9, a crash, a platform without the kernel guard), and the
  next start of Rapport stops that server, see :func:`reap_orphaned_servers`.

A pid alone proves nothing: it can since belong to another program, or to a
server that another Rapport still running owns. A server is stopped only when
its owner is gone and the process still runs the recorded command line (and, on
Linux, is the very process that was recorded: same start time).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Folder under the data folder holding one record per running server.
RECORDS_FOLDER = "languagetool-servers"
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@dataclass(frozen=True, slots=True)
class ServerRecord:
    """What is needed to recognise a server process, and its owner, later."""

    pid: int
    command: tuple[str, ...]
    started: int | None  # the process's start time (Linux clock ticks), None elsewhere
    owner_pid: int
    owner_started: int | None


def records_dir(data_dir: Path | None = None) -> Path:
    if data_dir is None:
        from rapport.paths import data_dir as default_data_dir

        data_dir = default_data_dir()
    return Path(data_dir) / RECORDS_FOLDER


def process_start_time(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot, from /proc), None if unknown or gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    try:
        # "pid (comm) state ppid … starttime" : comm may hold spaces and ")".
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (IndexError, ValueError):
        return None


def process_command(pid: int) -> tuple[str, ...] | None:
    """The command line ``pid`` runs, None if it is gone or cannot be read."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        raw = b""
    if raw:
        return tuple(part.decode("utf-8", "surrogateescape") for part in raw.split(b"\0")[:-1])
    if Path("/proc/self").exists():
        return None  # a zombie, or not ours to read
    # No /proc (macOS, BSD): ps prints the arguments joined by spaces.
    try:
        shown = subprocess.run(
            ["ps", "-o", "command=", "-p", str(pid)],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return (shown,) if shown else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive, and not ours to stop
    return True


def _same_process(pid: int, started: int | None) -> bool:
    """``pid`` is alive and, where that can be told, is the process that was recorded."""
    if not _alive(pid):
        return False
    if started is None:
        return True
    return process_start_time(pid) == started


def _runs(pid: int, command: Sequence[str]) -> bool:
    shown = process_command(pid)
    if shown is None:
        return False
    if len(shown) == 1 and len(command) > 1:  # from ps: compare as one string
        return shown[0] == " ".join(command)
    return tuple(shown) == tuple(command)


def write_record(pid: int, command: Sequence[str], data_dir: Path | None = None) -> Path:
    """Note a server this process started; :func:`remove_record` once it is stopped."""
    from rapport.paths import private_dir, write_private_file

    folder = private_dir(records_dir(data_dir))
    record = {
        "pid": pid,
        "command": list(command),
        "started": process_start_time(pid),
        "owner_pid": os.getpid(),
        "owner_started": process_start_time(os.getpid()),
    }
    path = folder / f"{pid}.json"
    write_private_file(path, json.dumps(record))
    return path


def remove_record(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()


def read_record(path: Path) -> ServerRecord | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return ServerRecord(
            pid=int(raw["pid"]),
            command=tuple(str(part) for part in raw["command"]),
            started=None if raw.get("started") is None else int(raw["started"]),
            owner_pid=int(raw["owner_pid"]),
            owner_started=None if raw.get("owner_started") is None else int(raw["owner_started"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def reap_orphaned_servers(data_dir: Path | None = None) -> list[int]:
    """Stop the servers that an earlier Rapport started and left running; their pids.

    A record whose owner still runs is left alone (another Rapport is using that
    server). Of the others, a process is stopped only if it still runs the recorded
    command line and is the recorded process; the record is removed either way.
    """
    folder = records_dir(data_dir)
    try:
        paths = sorted(folder.glob("*.json"))
    except OSError:
        return []
    stopped: list[int] = []
    for path in paths:
        record = read_record(path)
        if record is None:
            remove_record(path)  # unreadable: it can identify nothing
            continue
        if _same_process(record.owner_pid, record.owner_started):
            continue  # its Rapport (maybe this one) still runs and uses it
        if (
            record.pid > 1
            and record.pid != os.getpid()
            and _same_process(record.pid, record.started)
            and _runs(record.pid, record.command)
        ):
            _kill(record.pid)
            stopped.append(record.pid)
        remove_record(path)
    return stopped


def _kill(pid: int) -> None:
    """SIGKILL the server and its process group (it leads one: started in a new session)."""
    with contextlib.suppress(OSError):
        if os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
            return
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that has the kernel SIGKILL the child when its parent dies.

    Linux only (None elsewhere). The function is prepared here, in the parent:
    between fork and exec the child only calls into libc, taking no lock another
    thread might hold. If the parent died before the call, the child exits at once.
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    parent = os.getpid()
    kill = int(signal.SIGKILL)

    def set_parent_death_signal() -> None:
        prctl(_PR_SET_PDEATHSIG, kill, 0, 0)
        if os.getppid() != parent:  # the parent is already gone: no signal will come
            os._exit(1)

    return set_parent_death_signal
