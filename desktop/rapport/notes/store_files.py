"""Operations on the notes file as a whole: re-keying, backup and checkpoint.

Plain functions of an open ``NotesDatabase`` (a ``NotesStore`` is one), kept apart from
the table modules; each takes the database's lock and uses its connection and key.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rapport.notes.errors import NotesError, StoreBusy, WrongKey
from rapport.notes.keys import KeySpec

if TYPE_CHECKING:
    from rapport.notes.database import NotesDatabase


def change_passphrase(store: NotesDatabase, current: str, new: str) -> None:
    """Re-encrypt the notes under ``new``, in place, in one transaction.

    Only for notes locked with a passphrase, and ``current`` must be the one in
    use (someone at an unlocked laptop cannot lock the owner out). SQLCipher
    re-keys outside WAL mode only, and leaving WAL needs the only connection,
    so another Rapport using the notes makes this fail and nothing changes.
    """
    if store.key.method != "passphrase":
        raise NotesError(
            "These notes are locked with a key in the OS keychain, not a passphrase; "
            "there is no passphrase to change."
        )
    if not hmac.compare_digest(current.encode(), store.key.secret.encode()):
        raise WrongKey("The current passphrase is not right; nothing was changed.")
    if not new:
        raise NotesError("The new passphrase is empty; nothing was changed.")
    new_key = KeySpec.passphrase(new)
    with _sole_connection(store):
        with store.errors():
            store.connection.execute(f"PRAGMA rekey = {new_key.pragma_value()}")
        store.key = new_key


def check_sole_user(store: NotesDatabase) -> None:
    """Raise ``StoreBusy`` if another connection (another Rapport) has the notes open."""
    with _sole_connection(store):
        pass


@contextmanager
def _sole_connection(store: NotesDatabase) -> Iterator[None]:
    """Out of WAL mode while inside, which SQLite allows only to the sole connection."""
    import sqlcipher3

    busy = StoreBusy(
        "Another Rapport window or command has the notes open; close it and try "
        "again. Nothing was changed."
    )
    db = store.connection
    with store.lock:
        db.execute("PRAGMA busy_timeout = 0")  # fail at once, not after 5 s
        try:
            try:
                mode = db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            except sqlcipher3.OperationalError:
                raise busy from None
            if str(mode).lower() != "delete":
                raise busy
            yield
        finally:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute(f"PRAGMA busy_timeout = {int(store.busy_timeout * 1000)}")


def export_copy(store: NotesDatabase, destination: Path) -> None:
    """Write an encrypted copy (same key) to ``destination``, consistent at one moment.

    A bare copy: ``private_backup.write_private_backup`` is what makes a backup
    only its owner can read, with its key record.
    """
    from rapport.notes.keys import keyinfo_path
    from rapport.paths import make_private_file, write_private_file

    destination = Path(destination)
    if destination.exists():
        raise NotesError(f"{destination} exists already; choose a new file for the backup.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    literal = "'" + str(destination).replace("'", "''") + "'"
    db = store.connection
    with store.lock, store.errors():
        db.execute(f"ATTACH DATABASE {literal} AS backup KEY {store.key.pragma_value()}")
        try:
            db.execute("SELECT sqlcipher_export('backup')")
            db.execute(f"PRAGMA backup.user_version = {store.schema_version()}")
        finally:
            db.execute("DETACH DATABASE backup")
    make_private_file(destination)  # SQLite created it with the umask's mode
    info = keyinfo_path(store.path)
    if info.exists():
        write_private_file(keyinfo_path(destination), info.read_bytes())


def checkpoint(store: NotesDatabase) -> None:
    """Fold the WAL into the main file (done on close by SQLite anyway)."""
    with store.lock, store.errors():
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
