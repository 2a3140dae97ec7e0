"""Backups that only their owner can read, made through ``store_files.export_copy``.

SQLite creates the file an ``ATTACH`` names with its default mode (0644 under the
usual umask), and the key record is copied as it is. So the backup is made in a
folder only the owner can enter (0700, beside the destination so the final rename
stays on one disk), set to 0600 there, and only then moved into place: nobody else
can open it at any moment.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from rapport.notes import store_files
from rapport.notes.errors import NotesError

if TYPE_CHECKING:
    from rapport.notes.store import NotesStore


def write_private_backup(store: NotesStore, destination: Path, *, replace: bool = False) -> None:
    """Back up ``store`` to ``destination`` (0600) and its key record (0600).

    Without ``replace`` an existing ``destination`` is refused. A failed backup leaves
    whatever was at ``destination`` before.
    """
    from rapport.notes.keys import keyinfo_path
    from rapport.paths import make_private_file, private_dir

    destination = Path(destination)
    if not replace and destination.exists():
        raise NotesError(f"{destination} exists already; choose a new file for the backup.")
    try:
        private_dir(destination.parent)
        work = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    except OSError as error:
        raise NotesError(
            f"Could not write the backup {destination}: {error.strerror or error}."
        ) from None
    try:
        partial = work / destination.name
        store_files.export_copy(store, partial)
        # The key record first: a backup file is never left without it.
        for made, final in (
            (keyinfo_path(partial), keyinfo_path(destination)),
            (partial, destination),
        ):
            if made.exists():
                make_private_file(made)
                os.replace(made, final)
    except OSError as error:
        raise NotesError(
            f"Could not write the backup {destination}: {error.strerror or error}."
        ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
