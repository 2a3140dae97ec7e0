"""Backing up, restoring and re-locking the notes: one behaviour for the CLI and the window.

Backup over an existing file: replaced only with the user's say-so (the window's
save dialog asks; ``rapport notes backup`` refuses and says so). Either way the
copy is made aside, owner-only, and renamed into place, so a failed backup leaves
whatever was there before.

Restore's checks, in this order, for both: the backup is a file; no other Rapport
has the current notes open (told with the store already open, or by opening the
notes without asking for anything; notes that cannot be opened, say damaged ones,
are restored without it); the key is the backup's own record, else the current
notes' key; then ``notes.backup.restore_backup`` checks the backup itself (opens
with that key, holds Rapport notes, passes an integrity check, is not from a newer
Rapport) before anything is replaced. The replaced notes are kept beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rapport.operations.errors import OperationError, user_errors

if TYPE_CHECKING:
    from rapport.notes.store import NotesStore

PassphraseProvider = Callable[[bool], str]


@dataclass(frozen=True)
class BackupResult:
    path: Path

    @property
    def message(self) -> str:
        return f"Backed up the notes to {self.path} (encrypted with the same key)"


def back_up(
    store: NotesStore, destination: Path, *, replace_existing: bool = False
) -> BackupResult:
    """An encrypted copy of the notes (same key) with its key record, both 0600."""
    from rapport.notes.private_backup import write_private_backup

    destination = Path(destination)
    if destination.exists() and not replace_existing:
        raise OperationError(
            f"{destination} exists already; choose a new file for the backup "
            "(an existing backup is never overwritten without asking)."
        )
    with user_errors():
        write_private_backup(store, destination, replace=replace_existing)
    return BackupResult(destination)


@dataclass(frozen=True)
class RestoreResult:
    backup: Path
    #: Where the notes it replaced are kept (None: there were none).
    kept: Path | None

    @property
    def message(self) -> str:
        return f"Restored the notes from {self.backup}"


def restore(
    backup: Path,
    *,
    passphrase_provider: PassphraseProvider,
    current: NotesStore | None = None,
    probe_passphrase: PassphraseProvider | None = None,
    db_path: Path | None = None,
) -> RestoreResult:
    """Replace the notes with ``backup`` after the checks in this module's docstring.

    ``current`` is the store the caller has open, if any: it is checked for other
    users and closed before the file is replaced. Without one, the notes are opened
    with the keychain or ``probe_passphrase`` (which must not ask) just to check.
    """
    from rapport.notes.backup import restore_backup
    from rapport.notes.keys import keyinfo_path, resolve_key
    from rapport.notes.store import default_db_path

    backup = Path(backup)
    target = db_path if db_path is not None else default_db_path()
    with user_errors():
        if current is not None:
            from rapport.notes import store_files

            # Another Rapport with the file open would go on writing to the old one.
            store_files.check_sole_user(current)
        else:
            _refuse_if_in_use(target, probe_passphrase)
        # A backup made by Rapport carries its key record; a bare copy of notes.db
        # opens with the current notes' key.
        source = backup if keyinfo_path(backup).exists() else target
        key = resolve_key(source, passphrase_provider=passphrase_provider, create=False)
        if current is not None:
            current.close()  # the file is about to be replaced
        kept = restore_backup(backup, key, target)
    return RestoreResult(backup, kept)


def _refuse_if_in_use(db_path: Path, probe_passphrase: PassphraseProvider | None) -> None:
    from rapport.notes import store_files
    from rapport.notes.errors import KeyUnavailable, NotesError
    from rapport.notes.store import open_store

    def no_prompt(confirm: bool) -> str:
        given = probe_passphrase(confirm) if probe_passphrase is not None else ""
        if not given:
            raise KeyUnavailable("no passphrase to hand")
        return given

    if not db_path.exists():
        return
    try:
        opened = open_store(db_path, passphrase_provider=no_prompt, create=False)
    except NotesError:
        return
    try:
        store_files.check_sole_user(opened)
    finally:
        opened.close()


# ----- the passphrase ---------------------------------------------------------------


def check_passphrase_can_change(db_path: Path | None = None) -> None:
    """OperationError, saying why, unless the notes are locked with a passphrase."""
    from rapport.notes.keys import protection_method
    from rapport.notes.store import default_db_path

    method = protection_method(db_path if db_path is not None else default_db_path())
    if method is None:
        raise OperationError(
            "There are no notes yet, so there is no passphrase to change; it is chosen "
            "when you first use contacts.",
            nothing_stored=True,
        )
    if method != "passphrase":
        raise OperationError(
            "These notes are locked with a key in the OS keychain, not a passphrase; "
            "there is no passphrase to change."
        )


def change_passphrase(store: NotesStore, current: str, new: str, again: str | None = None) -> str:
    """Re-lock the notes with ``new`` (``again``, if given, must match it)."""
    from rapport.notes import store_files

    if again is not None and again != new:
        raise OperationError("The two new passphrases differ; nothing was changed.")
    with user_errors():
        store_files.change_passphrase(store, current, new)
    return "Changed the passphrase for the notes."
