"""Restore the notes store from a backup made by ``NotesStore.backup``.

A backup is an encrypted copy made with ``sqlcipher_export``, plus the key record
(``.keyinfo.json``) saying where its key lives; no key material is ever in it.

A restore replaces everything the user has, so it checks the backup as far as it can
before touching anything, and the notes it replaces are kept in a dated copy that no
later restore overwrites.
"""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

from rapport.notes import store_files
from rapport.notes.errors import NotesError
from rapport.notes.keys import KeySpec
from rapport.notes.store import NotesStore, default_db_path
from rapport.paths import private_dir, write_private_file

#: The dated copies of replaced notes: ``notes.db.before-restore-20261201-142501``.
BEFORE_RESTORE_MARK = ".before-restore-"
#: How many of those copies are kept; the oldest goes once a newer one is safely made.
KEPT_BEFORE_RESTORE = 5
#: No notes file of a real user comes near this; past it, it is not a backup.
MAX_BACKUP_BYTES = 4 * 1024**3
_SQLITE_FILE_SUFFIXES = ("", "-wal", "-shm")


def restore_backup(backup: Path, key: KeySpec, target: Path | None = None) -> Path | None:
    """Replace the store with ``backup`` after checking ``key`` opens it and it holds notes.

    The backup file itself is never modified. Close every open store on ``target``
    first. The replaced database (with its key record) is moved to a dated copy,
    ``notes.db.before-restore-YYYYMMDD-HHMMSS``, whose path is returned (None when
    there was nothing to replace). Raises ``NotesError`` and changes nothing when the
    backup is not a readable Rapport notes file opened by ``key``.
    """
    from rapport.fileio import atomic_write_text
    from rapport.notes.keys import keyinfo_path

    target = target if target is not None else default_db_path()
    _check_is_plain_file(backup)
    private_dir(target.parent)
    staging = target.with_name(target.name + ".restoring")
    _remove_sqlite_files(staging)
    try:
        _copy_private(backup, staging)
        _check_holds_rapport_notes(staging, key, backup)
        with open(staging, "rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        _remove_sqlite_files(staging)
        raise
    kept = _keep_replaced_notes(target)
    backup_info = keyinfo_path(backup)
    if backup_info.exists() and backup_info.resolve() != keyinfo_path(target).resolve():
        atomic_write_text(keyinfo_path(target), backup_info.read_text(encoding="utf-8"))
    os.replace(staging, target)
    _prune_replaced_copies(target)
    return kept


def replaced_copies(target: Path) -> list[Path]:
    """The dated copies of notes replaced by earlier restores, oldest first."""
    prefix = target.name + BEFORE_RESTORE_MARK
    if not target.parent.is_dir():
        return []
    return sorted(
        path
        for path in target.parent.iterdir()
        if path.name.startswith(prefix) and path.name[len(prefix) :].replace("-", "").isdigit()
    )


def _check_is_plain_file(backup: Path) -> None:
    """Refuse what cannot be a backup, before reading a byte of it."""
    try:
        info = backup.stat()
    except FileNotFoundError:
        raise NotesError(f"The backup {backup} does not exist; nothing was restored.") from None
    except OSError as error:
        raise NotesError(
            f"The backup {backup} cannot be read ({error.strerror}); nothing was restored."
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise NotesError(f"{backup} is a folder, not a backup file; nothing was restored.")
    if not stat.S_ISREG(info.st_mode):
        # A device or a pipe would be read for ever (/dev/zero) or block.
        raise NotesError(f"{backup} is not a regular file; nothing was restored.")
    if info.st_size == 0:
        raise NotesError(f"The backup {backup} is empty; nothing was restored.")
    if info.st_size > MAX_BACKUP_BYTES:
        raise NotesError(f"{backup} is too large to be a Rapport backup; nothing was restored.")


def _copy_private(source: Path, destination: Path) -> None:
    """Copy in chunks into a file that is owner-only from its first byte."""
    import shutil

    descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with open(source, "rb") as reader, os.fdopen(descriptor, "wb") as writer:
            shutil.copyfileobj(reader, writer, 1024 * 1024)
    except OSError as error:
        raise NotesError(
            f"The backup {source} could not be copied ({error.strerror or error}); "
            "nothing was restored."
        ) from None


def _check_holds_rapport_notes(staging: Path, key: KeySpec, backup: Path) -> None:
    """Open the copy with ``key``: it must hold a Rapport schema and pass integrity_check.

    An empty SQLite database opens with any key, so the schema is checked before the
    store's migrations could create one in it.
    """
    import sqlcipher3

    from rapport.notes.schema import LATEST_VERSION

    not_notes = NotesError(
        f"{backup} is not a Rapport notes backup (it holds no contacts or notes); "
        "nothing was restored."
    )
    damaged = f"The backup {backup} is damaged"
    probe = sqlcipher3.connect(str(staging), isolation_level=None)
    try:
        probe.execute("PRAGMA cipher_log_level = NONE")
        probe.execute(f"PRAGMA key = {key.pragma_value()}")
        try:
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master")}
            version = probe.execute("PRAGMA user_version").fetchone()[0]
        except sqlcipher3.DatabaseError as error:
            if "not a database" in str(error):
                from rapport.notes.errors import WrongKey

                raise WrongKey(
                    f"The backup {backup} does not open with this key or passphrase, or it "
                    "is not a Rapport backup; nothing was restored."
                ) from None
            raise NotesError(f"{damaged} ({error}); nothing was restored.") from None
    finally:
        probe.close()
    if version < 1 or not {"contacts", "notes"} <= tables:
        raise not_notes
    if version > LATEST_VERSION:
        from rapport.notes.errors import NewerSchema

        raise NewerSchema(
            f"The backup {backup} was made by a newer Rapport; update Rapport to restore it. "
            "Nothing was restored."
        )
    try:
        # Opening migrates a backup from an older Rapport.
        with NotesStore(staging, key, create=False) as store:
            problem = store.read("PRAGMA integrity_check")[0][0]
            store_files.checkpoint(store)
    except sqlcipher3.DatabaseError as error:
        raise NotesError(f"{damaged} ({error}); nothing was restored.") from None
    if problem != "ok":
        raise NotesError(f"{damaged} ({problem}); nothing was restored.")


def _keep_replaced_notes(target: Path) -> Path | None:
    """Move the current notes (and their key record) to a new dated copy."""
    from rapport.notes.keys import keyinfo_path

    if not target.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = target.with_name(f"{target.name}{BEFORE_RESTORE_MARK}{stamp}")
    serial = 1
    while any(Path(f"{kept}{suffix}").exists() for suffix in _SQLITE_FILE_SUFFIXES):
        # Two restores within one second: never overwrite, count on instead.
        kept = target.with_name(f"{target.name}{BEFORE_RESTORE_MARK}{stamp}-{serial}")
        serial += 1
    for suffix in _SQLITE_FILE_SUFFIXES:
        if Path(f"{target}{suffix}").exists():
            os.replace(f"{target}{suffix}", f"{kept}{suffix}")
    info = keyinfo_path(target)
    if info.exists():
        # The copy must stay openable even when the backup brings another key record.
        write_private_file(keyinfo_path(kept), info.read_bytes())
    return kept


def _prune_replaced_copies(target: Path) -> None:
    """Keep the newest few copies; only ever called after a restore has succeeded."""
    from rapport.notes.keys import keyinfo_path

    for old in replaced_copies(target)[:-KEPT_BEFORE_RESTORE]:
        _remove_sqlite_files(old)
        keyinfo_path(old).unlink(missing_ok=True)


def _remove_sqlite_files(path: Path) -> None:
    for suffix in _SQLITE_FILE_SUFFIXES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
