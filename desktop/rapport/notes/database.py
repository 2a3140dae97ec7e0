"""One open notes file: unlocked, configured, migrated; transactions and error messages.

The connection every part of the store shares (``store_contacts``, ``store_notes``,
``store_emails``, ``store_search``, ``store_files``, ``store_mail``): they run their
SQL through :meth:`NotesDatabase.read` and :meth:`NotesDatabase.write`, so locking,
busy timeouts and the user-facing wording of database errors are written once here.
Calls are serialised by a lock, so one database may be shared between threads;
several processes may open the same file: SQLite's locks keep them consistent, and a
writer that waits too long gets ``StoreBusy`` instead of a hang.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from rapport.notes.errors import NewerSchema, NotesError, StoreBusy, StoreMissing, WrongKey
from rapport.notes.keys import KeySpec
from rapport.notes.schema import LATEST_VERSION, MIGRATIONS, apply_migration


class NotesDatabase:
    """An open SQLCipher notes file. Use as a context manager or call ``close()``."""

    def __init__(
        self, path: Path, key: KeySpec, *, create: bool = True, busy_timeout: float = 5.0
    ) -> None:
        import sqlcipher3

        self.path = path
        #: The key in use; ``store_files.change_passphrase`` replaces it after a re-key.
        self.key = key
        #: Held by every call, so threads sharing the store take turns on the connection.
        self.lock = threading.RLock()
        #: True once ``close()`` ran (a restore closes the window's store).
        self.closed = False
        self.busy_timeout = busy_timeout
        _prepare_private_file(path, create)
        #: The SQLCipher connection, for the whole-file operations in ``store_files``.
        self.connection = sqlcipher3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=busy_timeout
        )
        try:
            self._unlock()
            self._configure()
            self._migrate()
        except BaseException:
            self.connection.close()
            raise

    # ----- opening -------------------------------------------------------------------

    def _unlock(self) -> None:
        import sqlcipher3

        db = self.connection
        db.execute("PRAGMA cipher_log_level = NONE")  # no "hmac check failed" spam
        db.execute(f"PRAGMA key = {self.key.pragma_value()}")
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as error:
            if "not a database" in str(error):
                hint = (
                    "the passphrase is wrong"
                    if self.key.method == "passphrase"
                    else "the key in the OS keychain does not belong to it"
                )
                raise WrongKey(
                    f"Could not open the notes database {self.path}: {hint}. Nothing was changed."
                ) from None
            raise self._translate(error) from None

    def _configure(self) -> None:
        db = self.connection
        db.execute("PRAGMA foreign_keys = ON")
        # Sorting and temp indexes stay in memory, so no plaintext temp file is ever written.
        db.execute("PRAGMA temp_store = MEMORY")
        with self.errors():
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise NotesError(f"The notes database could not switch to WAL (got {mode}).")
        # FULL: a commit survives a power cut, not only an app crash; notes are small.
        db.execute("PRAGMA synchronous = FULL")

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > LATEST_VERSION:
            raise NewerSchema(
                f"The notes database was written by a newer Rapport (schema {version}, this "
                f"version knows {LATEST_VERSION}). Update Rapport; the file was left as it is."
            )
        while version < LATEST_VERSION:
            with self.write() as db:
                # Another process may have migrated while we waited for the lock.
                current = db.execute("PRAGMA user_version").fetchone()[0]
                if current != version:
                    version = current
                    continue
                apply_migration(db, MIGRATIONS[version])
                db.execute(f"PRAGMA user_version = {version + 1}")
            version += 1

    def schema_version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    # ----- closing -------------------------------------------------------------------

    def close(self) -> None:
        with self.lock:
            self.connection.close()
            self.closed = True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ----- reading and writing -------------------------------------------------------

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """All rows of one query."""
        with self.lock, self.errors():
            return self.connection.execute(sql, params).fetchall()

    @contextmanager
    def write(self) -> Iterator[Any]:
        """One write transaction: everything inside commits together or not at all."""
        import sqlcipher3

        db = self.connection
        with self.lock:
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlcipher3.OperationalError as error:
                raise self._translate(error) from None
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            try:
                db.execute("COMMIT")
            except sqlcipher3.OperationalError as error:
                db.execute("ROLLBACK")
                raise self._translate(error) from None

    @contextmanager
    def errors(self) -> Iterator[None]:
        """SQLite's operational errors (locked, busy, disk…) as the store's own errors."""
        import sqlcipher3

        try:
            yield
        except sqlcipher3.OperationalError as error:
            raise self._translate(error) from None

    def _translate(self, error: Exception) -> NotesError:
        text = str(error)
        if "locked" in text or "busy" in text:
            return StoreBusy(
                "Another Rapport window or command is writing to the notes right now and did "
                f"not finish within {self.busy_timeout:g} s. Nothing was lost; try again."
            )
        return NotesError(f"The notes database reported an error: {text}.")


def _prepare_private_file(path: Path, create: bool) -> None:
    """The file and its folder owner-only, the file created empty if it may be."""
    from rapport.paths import make_private_file, private_dir

    if not path.exists():
        if not create:
            raise StoreMissing(f"There is no notes database yet ({path}).")
        private_dir(path.parent)
        # Owner-only from the first byte: the content is encrypted, the metadata is not.
        # SQLite gives the -wal and -shm files the mode of the database file.
        with contextlib.suppress(FileExistsError):  # another Rapport created it just now
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    else:
        # An older Rapport left the folder 0755, and a restore the file 0644.
        private_dir(path.parent)
        for existing in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            make_private_file(existing)
