"""Operations on the notes file as a whole: re-keying, backup and checkpoint.

A mixin of ``NotesStore``, kept apart from the contacts-and-notes queries; it
uses the store's connection, key and lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from rapport.notes.errors import NotesError, StoreBusy, WrongKey
from rapport.notes.keys import KeySpec


class StoreFileOperations:
    path: Path
    _db: Any
    _key: KeySpec
    _lock: threading.RLock
    _busy_timeout: float

    def _errors(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def schema_version(self) -> int:
        raise NotImplementedError

    def change_passphrase(self, current: str, new: str) -> None:
        """Re-encrypt the notes under ``new``, in place, in one transaction.

        Only for notes locked with a passphrase, and ``current`` must be the one in
        use (someone at an unlocked laptop cannot lock the owner out). SQLCipher
        re-keys outside WAL mode only, and leaving WAL needs the only connection,
        so another Rapport using the notes makes this fail and nothing changes.
        """
        import hmac

        if self._key.method != "passphrase":
            raise NotesError(
                "These notes are locked with a key in the OS keychain, not a passphrase; "
                "there is no passphrase to change."
            )
        if not hmac.compare_digest(current.encode(), self._key.secret.encode()):
            raise WrongKey("The current passphrase is not right; nothing was changed.")
        if not new:
            raise NotesError("The new passphrase is empty; nothing was changed.")
        new_key = KeySpec.passphrase(new)
        with self._sole_connection():
            with self._errors():
                self._db.execute(f"PRAGMA rekey = {new_key.pragma_value()}")
            self._key = new_key

    def check_sole_user(self) -> None:
        """Raise ``StoreBusy`` if another connection (another Rapport) has the notes open."""
        with self._sole_connection():
            pass

    @contextmanager
    def _sole_connection(self) -> Iterator[None]:
        """Out of WAL mode while inside, which SQLite allows only to the sole connection."""
        import sqlcipher3

        busy = StoreBusy(
            "Another Rapport window or command has the notes open; close it and try "
            "again. Nothing was changed."
        )
        with self._lock:
            self._db.execute("PRAGMA busy_timeout = 0")  # fail at once, not after 5 s
            try:
                try:
                    mode = self._db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
                except sqlcipher3.OperationalError:
                    raise busy from None
                if str(mode).lower() != "delete":
                    raise busy
                yield
            finally:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")

    def backup(self, destination: Path) -> None:
        """Write an encrypted copy (same key) to ``destination``, consistent at one moment."""
        destination = Path(destination)
        if destination.exists():
            raise NotesError(f"{destination} exists already; choose a new file for the backup.")
        destination.parent.mkdir(parents=True, exist_ok=True)
        literal = "'" + str(destination).replace("'", "''") + "'"
        with self._lock, self._errors():
            self._db.execute(f"ATTACH DATABASE {literal} AS backup KEY {self._key.pragma_value()}")
            try:
                self._db.execute("SELECT sqlcipher_export('backup')")
                self._db.execute(f"PRAGMA backup.user_version = {self.schema_version()}")
            finally:
                self._db.execute("DETACH DATABASE backup")
        from rapport.notes.keys import keyinfo_path
        from rapport.paths import make_private_file, write_private_file

        make_private_file(destination)  # SQLite created it with the umask's mode
        info = keyinfo_path(self.path)
        if info.exists():
            write_private_file(keyinfo_path(destination), info.read_bytes())

    def checkpoint(self) -> None:
        """Fold the WAL into the main file (done on close by SQLite anyway)."""
        with self._lock, self._errors():
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
