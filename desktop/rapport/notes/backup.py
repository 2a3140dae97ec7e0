"""Restore the notes store from a backup made by ``NotesStore.backup``.

A backup is an encrypted copy made with ``sqlcipher_export``, plus the key record
(``.keyinfo.json``) saying where its key lives; no key material is ever in it.
"""

from __future__ import annotations

import os
from pathlib import Path

from rapport.notes.errors import NotesError
from rapport.notes.keys import KeySpec
from rapport.notes.store import NotesStore, default_db_path


def restore_backup(backup: Path, key: KeySpec, target: Path | None = None) -> None:
    """Replace the store with ``backup`` after checking ``key`` opens it.

    The backup file itself is never modified. Close every open store on ``target``
    first. The old database is kept as ``notes.db.before-restore`` until the next
    restore, and the backup's key record (``.keyinfo.json``) comes along with it.
    """
    from rapport.notes.keys import keyinfo_path
    from rapport.settings import atomic_write_text

    target = target if target is not None else default_db_path()
    if not backup.exists():
        raise NotesError(f"The backup {backup} does not exist.")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".restoring")
    staging.unlink(missing_ok=True)
    staging.write_bytes(backup.read_bytes())
    try:
        # Opening checks the key and migrates a backup from an older Rapport.
        with NotesStore(staging, key, create=False) as store:
            problem = store._read("PRAGMA integrity_check")[0][0]
            store.checkpoint()
        if problem != "ok":
            raise NotesError(f"The backup {backup} is damaged ({problem}); nothing was restored.")
        with open(staging, "rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    previous = target.with_name(target.name + ".before-restore")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{previous}{suffix}").unlink(missing_ok=True)
        if Path(f"{target}{suffix}").exists():
            os.replace(f"{target}{suffix}", f"{previous}{suffix}")
    backup_info = keyinfo_path(backup)
    if backup_info.exists() and backup_info.resolve() != keyinfo_path(target).resolve():
        atomic_write_text(keyinfo_path(target), backup_info.read_text(encoding="utf-8"))
    os.replace(staging, target)
