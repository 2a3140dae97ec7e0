"""Planning a mail import in a child process, so the window's process never waits for it.

Reading mail is pure Python (the ``email`` package), and a thread doing it in the
window's process shares the GIL with the UI thread. When the machine is busy the
OS preempts the reader while it holds the GIL, and the UI thread, woken by its
timer, waits for it; the reader's garbage collections walk all the mail read so
far with the GIL held. Together, 50-90 ms stalls while a 10,000-message mailbox
was read. A child process has its own GIL and its own heap: the window's process
only waits on a pipe.

``plan_mail_import_in_child`` has the signature and result of ``plan_mail_import``.
The contacts and known Message-IDs go to the child in pieces; the child plans and
sends the plan back in pieces too, so that no single unpickling (which holds the
GIL) grows with the mailbox. Progress comes as it goes. ``cancelled()`` is asked
while waiting: a True answer terminates the child (it writes nothing) and raises
``MailReadCancelled``. A ``MailboxError`` in the child is raised again here, with
its message.

The child is started with multiprocessing's "spawn" context: a fresh interpreter,
never a fork of a process that runs Qt's threads. The frozen app supports it with
``multiprocessing.freeze_support()`` in its entry script (``installer/``).
"""

from __future__ import annotations

import contextlib
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from rapport.mail.mailboxes import MailboxError, MailReadCancelled
from rapport.notes.mail_import import MailImportPlan, plan_mail_import
from rapport.notes.model import Contact

T = TypeVar("T")

#: Items per message on the pipe: small enough that unpickling one is well under 5 ms.
_PIECE = 500
#: The child reports progress at most this often (a message per email read is a flood).
_REPORT_INTERVAL_S = 0.02
#: How often the parent looks at ``cancelled()`` while it waits for the child.
_WAIT_S = 0.05


class MailReaderStopped(Exception):
    """The child process ended without a plan (killed, crashed, or could not start)."""


def plan_mail_import_in_child(
    paths: Sequence[Path],
    contacts: Iterable[Contact],
    known_ids: set[tuple[int, str]],
    signoffs: tuple[str, ...] = (),
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    scanned: Callable[[int, int], None] | None = None,
) -> MailImportPlan:
    """``plan_mail_import`` run in a child process; see the module's docstring."""
    import multiprocessing

    contacts = list(contacts)
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=True)
    child = context.Process(
        target=_plan_in_child,
        args=(theirs, [str(path) for path in paths], tuple(signoffs)),
        name="rapport-mail-reader",
        daemon=True,  # never outlives the window
    )
    child.start()
    theirs.close()
    try:
        try:
            for piece in _pieces(contacts):
                ours.send(("contacts", piece))
            for piece in _pieces(list(known_ids)):
                ours.send(("known", piece))
            ours.send(("plan", None))
        except OSError as error:
            raise _stopped(child, f"could not be given the contacts ({error})") from None
        return _receive_plan(ours, child, contacts, progress, cancelled, scanned)
    finally:
        if child.is_alive():
            child.terminate()  # Cancel, or an error here: it only reads, nothing to undo
        child.join(5)
        ours.close()


def _receive_plan(
    ours: Connection,
    child: Any,
    contacts: list[Contact],
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    scanned: Callable[[int, int], None] | None,
) -> MailImportPlan:
    plan = MailImportPlan()
    while True:
        if cancelled is not None and cancelled():
            raise MailReadCancelled()
        try:
            if not ours.poll(_WAIT_S):
                if not child.is_alive() and not ours.poll():
                    raise _stopped(child, "ended without an answer")
                continue
            kind, value = ours.recv()
        except (EOFError, OSError):
            raise _stopped(child, "ended without an answer") from None
        if kind == "progress":
            if progress is not None:
                progress(*value)
        elif kind == "scanned":
            if scanned is not None:
                scanned(*value)
        elif kind == "entries":
            plan.entries.extend(value)
        elif kind == "unknown_senders":
            plan.unknown_senders.extend(value)
        elif kind == "follow_ups":
            plan.follow_ups.extend(value)
        elif kind == "done":
            plan.messages, plan.duplicates, plan.owner, contact_ids = value
            by_id = {contact.id: contact for contact in contacts}
            plan.contacts = {contact_id: by_id[contact_id] for contact_id in contact_ids}
            return plan
        elif kind == "mailbox_error":
            raise MailboxError(value)
        else:  # "crash": a bug in the reading, with the child's traceback
            raise MailReaderStopped(f"The mail reader failed:\n{value}")


def _stopped(child: Any, what: str) -> MailReaderStopped:
    child.join(1)
    return MailReaderStopped(f"The mail reader {what} (exit code {child.exitcode}).")


def _pieces(items: Sequence[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), _PIECE):
        yield list(items[start : start + _PIECE])


def _plan_in_child(connection: Connection, paths: list[str], signoffs: tuple[str, ...]) -> None:
    """The child's side: read the inputs, plan, send the plan back in pieces."""
    if hasattr(os, "nice"):  # not on Windows
        with contextlib.suppress(OSError):
            # Background work: on a busy machine the window and the user's other apps
            # come first (the reader still has every idle CPU cycle).
            os.nice(10)
    try:
        contacts: list[Contact] = []
        known: set[tuple[int, str]] = set()
        while True:
            kind, value = connection.recv()
            if kind == "contacts":
                contacts.extend(value)
            elif kind == "known":
                known.update(value)
            else:
                break
        plan = plan_mail_import(
            [Path(path) for path in paths],
            contacts,
            known,
            signoffs,
            _reporter(connection, "progress"),
            None,  # the parent terminates the child to cancel
            _reporter(connection, "scanned"),
        )
        for kind, items in (
            ("entries", plan.entries),
            ("unknown_senders", plan.unknown_senders),
            ("follow_ups", plan.follow_ups),
        ):
            for piece in _pieces(items):
                connection.send((kind, piece))
        done = (plan.messages, plan.duplicates, plan.owner, list(plan.contacts))
        connection.send(("done", done))
    except MailboxError as error:
        connection.send(("mailbox_error", str(error)))
    except Exception:  # reported, never lost: the parent shows it as a bug
        connection.send(("crash", traceback.format_exc()))
    finally:
        connection.close()


def _reporter(connection: Connection, kind: str) -> Callable[[int, int], None]:
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= _REPORT_INTERVAL_S or done >= total:
            last[0] = now
            connection.send((kind, (done, total)))

    return report
