"""Drafts in and out: files, the clipboard, mailto links and the autosave.

Qt-free except where noted: plain data in, plain data out.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import secrets
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rapport import paths
from rapport.fileio import atomic_write_text

OPENABLE_SUFFIXES = (".txt", ".md", ".eml")
SAVEABLE_SUFFIXES = (".txt", ".md")
#: Above this many characters many mail apps and browsers cut a mailto: link
#: short or refuse it; Rapport copies the email instead and says so.
MAILTO_LIMIT = 1800
#: Files bigger than this are refused with a message instead of freezing the editor.
MAX_OPEN_BYTES = 20_000_000
#: Each window's autosave is ``autosave-<pid>-<random>.json`` in the drafts folder.
AUTOSAVE_PREFIX = "autosave-"
LEGACY_AUTOSAVE_FILE = "autosave.json"


class DraftFileError(Exception):
    """A draft file could not be opened or saved; the message is ready to show."""


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


def read_draft(path: Path) -> Draft:
    """Open .txt, .md (a first "Subject:" line becomes the subject) or .eml."""
    suffix = path.suffix.lower()
    if suffix not in OPENABLE_SUFFIXES:
        raise DraftFileError(f"{path.name}: Rapport opens .txt, .md and .eml files.")
    try:
        size = path.stat().st_size
        if size > MAX_OPEN_BYTES:
            raise DraftFileError(f"{path.name} is {size / 1e6:.0f} MB; that is not an email.")
        raw = path.read_bytes()
    except OSError as error:
        raise DraftFileError(f"{path.name} could not be read: {error.strerror or error}.") from None
    if suffix == ".eml":
        return _read_eml(raw, path.name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DraftFileError(
            f"{path.name} is not UTF-8 text (invalid byte at offset {error.start})."
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first, _, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        return Draft(first[len("subject:") :].strip(), rest.lstrip("\n"))
    return Draft("", text)


def _read_eml(raw: bytes, name: str) -> Draft:
    import email  # only .eml files need it, and it is slow to import
    import email.policy

    message = email.message_from_bytes(raw, policy=email.policy.default)
    subject = str(message.get("subject", "") or "")
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        html_part = message.get_body(preferencelist=("html",))
        if html_part is None:
            raise DraftFileError(f"{name} has no text body Rapport can show.")
        from rapport.email_text import html_to_text  # linear, whatever the markup

        body = html_to_text(html_part.get_content())
    else:
        body = part.get_content()
    return Draft(subject, body.replace("\r\n", "\n").rstrip("\n"))


def write_draft(path: Path, draft: Draft) -> None:
    if path.suffix.lower() not in SAVEABLE_SUFFIXES:
        raise DraftFileError(f"{path.name}: Rapport saves .txt and .md files.")
    text = draft.body if not draft.subject else f"Subject: {draft.subject}\n\n{draft.body}"
    try:
        atomic_write_text(path, text if text.endswith("\n") else text + "\n")
    except OSError as error:
        raise DraftFileError(
            f"{path.name} could not be saved: {error.strerror or error}."
        ) from None


def plain_text(draft: Draft) -> str:
    """What Copy puts on the clipboard: the body only. The user pastes it into the mail
    app's message field, so a "Subject:" line there would be sent as text."""
    return draft.body


def simple_html(draft: Draft) -> str:
    """The body with paragraphs as <p>, single line breaks as <br>; no highlight formatting."""
    blocks = [block for block in draft.body.split("\n\n")]
    paragraphs = [
        "<p>" + "<br>".join(html.escape(line) for line in block.split("\n")) + "</p>"
        for block in blocks
        if block.strip()
    ]
    return "<html><body>" + "".join(paragraphs) + "</body></html>"


def mailto_url(draft: Draft, to: str = "") -> str | None:
    """A mailto: link to ``to`` (an address, or ""), or None when it would be too long
    for mail apps to accept."""
    body = draft.body.replace("\n", "\r\n")
    address = quote(to.strip(), safe="@+")
    url = f"mailto:{address}?subject={quote(draft.subject)}&body={quote(body)}"
    return url if len(url) <= MAILTO_LIMIT else None


# ---------------------------------------------------------------- autosave
#
# Each window autosaves to a file of its own and holds an OS lock on a lock file
# beside it while it runs. The kernel drops the lock when the process dies, however
# it dies, so a file whose lock can be taken belongs to a window that crashed: that
# is the draft to offer back. A second window, or a second start, never writes over
# another window's draft.


@dataclass(frozen=True)
class Autosave:
    subject: str
    body: str
    path: str
    saved_at: float
    #: The To: field as shown ("Laura Chen <laura@acme.example>") and the contact's id.
    to: str = ""
    contact_id: int | None = None


def autosave_folder() -> Path:
    return paths.data_dir() / "drafts"


class _FileLock:
    """An exclusive, non-blocking lock on ``path``, held until ``release()`` or death."""

    def __init__(self, path: Path, handle: Any) -> None:
        self.path = path
        self._handle = handle

    @classmethod
    def try_acquire(cls, path: Path) -> _FileLock | None:
        paths.private_dir(path.parent)
        # Owner-only from the first byte, and held open for the lock's lifetime.
        handle = os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), "r+b")
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return None
        return cls(path, handle)

    def release(self) -> None:
        """Drop the lock and remove the lock file."""
        if self._handle is None:
            return
        if sys.platform != "win32":
            # Removed while still locked, so no other process can take a lock on a
            # file that is about to go. (Windows cannot remove an open file.)
            self.path.unlink(missing_ok=True)
        self._handle.close()
        self._handle = None
        if sys.platform == "win32":
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)


class AutosaveSlot:
    """One window's autosave file. The lock is taken on the first write."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder if folder is not None else autosave_folder()
        self.name = f"{AUTOSAVE_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        self._lock: _FileLock | None = None

    @property
    def path(self) -> Path:
        return self._folder / f"{self.name}.json"

    def write(
        self, draft: Draft, file_path: str = "", to: str = "", contact_id: int | None = None
    ) -> None:
        if self._lock is None:
            self._lock = _FileLock.try_acquire(self._folder / f"{self.name}.lock")
        record = Autosave(draft.subject, draft.body, file_path, time.time(), to, contact_id)
        atomic_write_text(self.path, json.dumps(asdict(record), ensure_ascii=False))

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def close(self, keep: bool) -> None:
        """The window is going: drop the lock, and the draft too unless ``keep``."""
        if not keep:
            self.clear()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


@dataclass
class OrphanedAutosave:
    """A draft left by a window that is no longer running, claimed by this process."""

    autosave: Autosave
    path: Path
    _lock: _FileLock | None

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
        if self._lock is not None:
            self._lock.release()


def claim_orphaned_autosaves(folder: Path | None = None) -> list[OrphanedAutosave]:
    """Drafts whose window crashed, newest first, each locked for this process.

    Drafts of windows still running are locked by them and are left alone. An empty
    or unreadable leftover is removed.
    """
    folder = folder if folder is not None else autosave_folder()
    if not folder.is_dir():
        return []
    found: list[OrphanedAutosave] = []
    for path in folder.glob(f"{AUTOSAVE_PREFIX}*.json"):
        lock = _FileLock.try_acquire(path.with_suffix(".lock"))
        if lock is None:
            continue  # a running window's draft
        _adopt(found, path, lock)
    legacy = folder / LEGACY_AUTOSAVE_FILE
    if legacy.exists():
        _adopt(found, legacy, None)
    for lock_path in folder.glob(f"{AUTOSAVE_PREFIX}*.lock"):
        # A crashed window that never wrote a draft leaves only its lock file.
        if not lock_path.with_suffix(".json").exists():
            stale = _FileLock.try_acquire(lock_path)
            if stale is not None:
                stale.release()
    return sorted(found, key=lambda orphan: orphan.autosave.saved_at, reverse=True)


def _adopt(found: list[OrphanedAutosave], path: Path, lock: _FileLock | None) -> None:
    autosave = _read_autosave_file(path)
    orphan = OrphanedAutosave(autosave or Autosave("", "", "", 0.0), path, lock)
    if autosave is None or not (autosave.subject or autosave.body.strip()):
        orphan.discard()
    else:
        found.append(orphan)


def _read_autosave_file(path: Path) -> Autosave | None:
    """The autosave at ``path``, or None when there is none (or it is damaged)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Autosave(
            str(data["subject"]),
            str(data["body"]),
            str(data.get("path", "")),
            float(data["saved_at"]),
            str(data.get("to", "")),
            int(data["contact_id"]) if data.get("contact_id") is not None else None,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
