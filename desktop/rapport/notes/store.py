"""The encrypted notes store: contacts, notes, sent emails and drafts.

One SQLCipher database (``notes.db`` in the data dir), WAL journal, FTS5 search.
All methods take plain values and return the dataclasses of ``rapport.notes.model``.
A store may be shared between threads (calls are serialised by a lock); several
processes may open the same file: SQLite's locks keep them consistent, and a
writer that waits too long gets ``StoreBusy`` instead of a hang.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rapport.notes.errors import (
    AmbiguousContact,
    ContactExists,
    ContactNotFound,
    NewerSchema,
    NotesError,
    StoreBusy,
    StoreMissing,
    WrongKey,
)
from rapport.notes.keys import KeySpec, PassphraseProvider, resolve_key
from rapport.notes.model import (
    NOTE_KINDS,
    RECEIVED,
    SENT,
    Contact,
    ContactHistory,
    Draft,
    Note,
    NoteKind,
    SearchHit,
    SentEmail,
)
from rapport.notes.schema import (
    CONTACT_COLUMNS,
    EMAIL_COLUMNS,
    LATEST_VERSION,
    MIGRATIONS,
    NOTE_COLUMNS,
    apply_migration,
    contact_from_row,
    draft_from_row,
    email_from_row,
    note_from_row,
    parse_time,
)
from rapport.notes.store_import import ContactImport, contact_by_email, contact_exists
from rapport.notes.store_import import now as _now

DB_NAME = "notes.db"
_WORD = re.compile(r"\w+", re.UNICODE)


def default_db_path() -> Path:
    from rapport.paths import data_dir

    return data_dir() / DB_NAME


def open_store(
    path: Path | None = None,
    *,
    passphrase_provider: PassphraseProvider | None = None,
    keyring_backend: Any = None,
    create: bool = True,
    busy_timeout: float = 5.0,
) -> NotesStore:
    """Open (or set up) the notes store, fetching the key from the keychain or the user."""
    db_path = path if path is not None else default_db_path()
    if not create and not db_path.exists():
        raise StoreMissing(f"There is no notes database yet ({db_path}).")
    key = resolve_key(
        db_path, passphrase_provider=passphrase_provider, backend=keyring_backend, create=create
    )
    return NotesStore(db_path, key, create=create, busy_timeout=busy_timeout)


def _stamp(when: datetime | None) -> str:
    if when is None:
        return _now()
    if when.tzinfo is None:
        when = when.astimezone()  # a naive time is the user's local time
    return when.astimezone(UTC).isoformat(timespec="seconds")


def fts_query(text: str) -> str | None:
    """User words → an FTS5 query: every word must match, the last one as a prefix.

    Quoting each word keeps FTS5 syntax (AND, NEAR, *, quotes) out of user input.
    """
    words = _WORD.findall(text)
    if not words:
        return None
    quoted = [f'"{word}"' for word in words]
    if len(words[-1]) >= 3:  # "a"* would match nearly every note and make search crawl
        quoted[-1] += "*"
    return " ".join(quoted)


class NotesStore(ContactImport):
    """An open notes database. Use as a context manager or call ``close()``."""

    def __init__(
        self, path: Path, key: KeySpec, *, create: bool = True, busy_timeout: float = 5.0
    ) -> None:
        import sqlcipher3

        self.path = path
        self._key = key
        self._lock = threading.RLock()
        #: True once ``close()`` ran (a restore closes the window's store).
        self.closed = False
        self._busy_timeout = busy_timeout
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
        self._db = sqlcipher3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=busy_timeout
        )
        try:
            self._unlock()
            self._configure()
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    # ----- opening -------------------------------------------------------------------

    def _unlock(self) -> None:
        import sqlcipher3

        self._db.execute("PRAGMA cipher_log_level = NONE")  # no "hmac check failed" spam
        self._db.execute(f"PRAGMA key = {self._key.pragma_value()}")
        try:
            self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as error:
            if "not a database" in str(error):
                hint = (
                    "the passphrase is wrong"
                    if self._key.method == "passphrase"
                    else "the key in the OS keychain does not belong to it"
                )
                raise WrongKey(
                    f"Could not open the notes database {self.path}: {hint}. Nothing was changed."
                ) from None
            raise self._translate(error) from None

    def _configure(self) -> None:
        self._db.execute("PRAGMA foreign_keys = ON")
        # Sorting and temp indexes stay in memory, so no plaintext temp file is ever written.
        self._db.execute("PRAGMA temp_store = MEMORY")
        with self._errors():
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise NotesError(f"The notes database could not switch to WAL (got {mode}).")
        # FULL: a commit survives a power cut, not only an app crash; notes are small.
        self._db.execute("PRAGMA synchronous = FULL")

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > LATEST_VERSION:
            raise NewerSchema(
                f"The notes database was written by a newer Rapport (schema {version}, this "
                f"version knows {LATEST_VERSION}). Update Rapport; the file was left as it is."
            )
        while version < LATEST_VERSION:
            with self._write() as db:
                # Another process may have migrated while we waited for the lock.
                current = db.execute("PRAGMA user_version").fetchone()[0]
                if current != version:
                    version = current
                    continue
                apply_migration(db, MIGRATIONS[version])
                db.execute(f"PRAGMA user_version = {version + 1}")
            version += 1

    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # ----- plumbing ------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._db.close()
            self.closed = True

    def __enter__(self) -> NotesStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _translate(self, error: Exception) -> NotesError:
        text = str(error)
        if "locked" in text or "busy" in text:
            return StoreBusy(
                "Another Rapport window or command is writing to the notes right now and did "
                f"not finish within {self._busy_timeout:g} s. Nothing was lost; try again."
            )
        return NotesError(f"The notes database reported an error: {text}.")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        import sqlcipher3

        try:
            yield
        except sqlcipher3.OperationalError as error:
            raise self._translate(error) from None

    @contextmanager
    def _write(self) -> Iterator[Any]:
        """One write transaction: everything inside commits together or not at all."""
        import sqlcipher3

        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlcipher3.OperationalError as error:
                raise self._translate(error) from None
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            try:
                self._db.execute("COMMIT")
            except sqlcipher3.OperationalError as error:
                self._db.execute("ROLLBACK")
                raise self._translate(error) from None

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock, self._errors():
            return self._db.execute(sql, params).fetchall()

    # ----- contacts ------------------------------------------------------------------

    def add_contact(
        self,
        name: str,
        email: str = "",
        company: str = "",
        role: str = "",
        personal: str = "",
        tags: Sequence[str] = (),
        *,
        refuse_same_name: bool = False,
    ) -> Contact:
        """Add a contact; ``ContactExists`` (nothing added) if one has this email.

        With ``refuse_same_name``, a contact without email is also refused when one
        with this name is stored. The check and the insert are one transaction, so
        concurrent adds of the same contact store it once.
        """
        name = " ".join(name.split())
        if not name:
            raise NotesError("A contact needs a name.")
        with self._write() as db:
            column, value = ("email", email.strip()) if email.strip() else ("name", name)
            if column == "email" or refuse_same_name:
                row = db.execute(
                    f"SELECT {CONTACT_COLUMNS} FROM contacts WHERE {column} = ? COLLATE NOCASE"
                    " ORDER BY id LIMIT 1",
                    (value,),
                ).fetchone()
                if row is not None:
                    raise contact_exists(contact_from_row(row))
            contact_id = self._insert_contact(db, name, email, company, role, personal, tags)
        return self.get_contact(contact_id)

    def update_contact(self, contact_id: int, **fields: Any) -> Contact:
        """Change some of name, email, company, role, personal, tags."""
        allowed = {"name", "email", "company", "role", "personal", "tags"}
        unknown = set(fields) - allowed
        if unknown:
            raise TypeError(f"unknown contact fields: {', '.join(sorted(unknown))}")
        if "tags" in fields:
            fields["tags"] = json.dumps(list(fields["tags"]))
        if "name" in fields and not " ".join(str(fields["name"]).split()):
            raise NotesError("A contact needs a name.")
        if "email" in fields:
            fields["email"] = str(fields["email"]).strip()
        if fields:
            import sqlcipher3

            assignments = ", ".join(f"{column} = ?" for column in fields)
            with self._write() as db:
                try:
                    db.execute(
                        f"UPDATE contacts SET {assignments} WHERE id = ?",
                        (*fields.values(), contact_id),
                    )
                except sqlcipher3.IntegrityError:
                    other = contact_by_email(db, fields["email"])
                    raise ContactExists(
                        f"{other.name} <{other.email}> already has this email; "
                        "nothing was changed.",
                        other,
                    ) from None
        return self.get_contact(contact_id)

    def delete_contact(self, contact_id: int) -> None:
        """Delete a contact with all their notes, emails and drafts."""
        with self._write() as db:
            db.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))

    def get_contact(self, contact_id: int) -> Contact:
        rows = self._read(f"SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?", (contact_id,))
        if not rows:
            raise ContactNotFound(f"There is no contact with id {contact_id}.")
        return contact_from_row(rows[0])

    def list_contacts(self) -> list[Contact]:
        rows = self._read(f"SELECT {CONTACT_COLUMNS} FROM contacts ORDER BY name COLLATE NOCASE")
        return [contact_from_row(row) for row in rows]

    def contact_count(self) -> int:
        return int(self._read("SELECT count(*) FROM contacts")[0][0])

    def find_contact(self, name_or_email: str) -> Contact:
        """The one contact with this exact name or email (case-insensitive)."""
        wanted = " ".join(name_or_email.split())
        column = "email" if "@" in wanted else "name"
        rows = self._read(
            f"SELECT {CONTACT_COLUMNS} FROM contacts WHERE {column} = ? COLLATE NOCASE ORDER BY id",
            (wanted,),
        )
        if not rows:
            raise ContactNotFound(f"There is no contact named {wanted!r}.")
        if len(rows) > 1:
            emails = ", ".join(row[2] or "(no email)" for row in rows)
            raise AmbiguousContact(
                f"{len(rows)} contacts are named {wanted!r} ({emails}); use the email instead."
            )
        return contact_from_row(rows[0])

    def match_contacts(self, typed: str, limit: int = 8) -> list[Contact]:
        """Autocomplete for a "To:" field: names, surnames, emails or companies starting so."""
        typed = " ".join(typed.split())
        if not typed:
            return []
        escaped = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        start, word = f"{escaped}%", f"% {escaped}%"
        rows = self._read(
            f"SELECT {CONTACT_COLUMNS} FROM contacts"
            " WHERE name LIKE ?1 ESCAPE '\\' OR name LIKE ?2 ESCAPE '\\'"
            " OR email LIKE ?1 ESCAPE '\\' OR company LIKE ?1 ESCAPE '\\'"
            " ORDER BY (name LIKE ?1 ESCAPE '\\') DESC, name COLLATE NOCASE LIMIT ?3",
            (start, word, limit),
        )
        return [contact_from_row(row) for row in rows]

    # ----- notes ---------------------------------------------------------------------

    def add_note(
        self,
        contact_id: int,
        text: str,
        kind: str = NoteKind.CALL,
        due: date | None = None,
        when: datetime | None = None,
    ) -> Note:
        text = text.strip()
        if not text:
            raise NotesError("A note needs some text.")
        kind = str(kind)
        if kind not in NOTE_KINDS:
            raise NotesError(f"Unknown note kind {kind!r}; use one of {', '.join(NOTE_KINDS)}.")
        if due is not None and kind != NoteKind.FOLLOW_UP:
            raise NotesError("Only a follow-up note has a due date (use --kind follow-up).")
        with self._write() as db:
            if db.execute("SELECT 1 FROM contacts WHERE id = ?", (contact_id,)).fetchone() is None:
                raise ContactNotFound(f"There is no contact with id {contact_id}.")
            cursor = db.execute(
                "INSERT INTO notes (contact_id, kind, text, created_at, due, done)"
                " VALUES (?, ?, ?, ?, ?, 0)",
                (contact_id, kind, text, _stamp(when), due.isoformat() if due else None),
            )
            note_id = int(cursor.lastrowid)
        return self.get_note(note_id)

    def get_note(self, note_id: int) -> Note:
        rows = self._read(f"SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?", (note_id,))
        if not rows:
            raise NotesError(f"There is no note with id {note_id}.")
        return note_from_row(rows[0])

    def set_done(self, note_id: int, done: bool = True) -> Note:
        with self._write() as db:
            db.execute("UPDATE notes SET done = ? WHERE id = ?", (int(done), note_id))
        return self.get_note(note_id)

    def delete_note(self, note_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM notes WHERE id = ?", (note_id,))

    def recent_notes(self, contact_id: int, limit: int = 20) -> list[Note]:
        rows = self._read(
            f"SELECT {NOTE_COLUMNS} FROM notes WHERE contact_id = ?"
            " ORDER BY created_at DESC, id DESC LIMIT ?",
            (contact_id, limit),
        )
        return [note_from_row(row) for row in rows]

    def open_follow_ups(
        self, contact_id: int | None = None, due_by: date | None = None
    ) -> list[Note]:
        """Follow-ups not done yet, soonest due first (undated last)."""
        params: list[Any] = []
        if contact_id is None:
            sql = f"SELECT {NOTE_COLUMNS} FROM notes WHERE kind = 'follow-up' AND done = 0"
        else:
            # "+kind": use the per-contact index, not the all-follow-ups one, which would
            # walk every open follow-up of every contact.
            sql = (
                f"SELECT {NOTE_COLUMNS} FROM notes"
                " WHERE contact_id = ? AND +kind = 'follow-up' AND +done = 0"
            )
            params.append(contact_id)
        if due_by is not None:
            sql += " AND due IS NOT NULL AND due <= ?"
            params.append(due_by.isoformat())
        sql += " ORDER BY due IS NULL, due, created_at"
        return [note_from_row(row) for row in self._read(sql, params)]

    # ----- sent emails and drafts ---------------------------------------------------

    def log_sent_email(
        self, contact_id: int, body: str, subject: str = "", sent_at: datetime | None = None
    ) -> SentEmail:
        """Save an email the user sent ("log as sent"); it joins the contact's history."""
        if not body.strip():
            raise NotesError("There is no text to log.")
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sent_emails (contact_id, subject, body, sent_at) VALUES (?, ?, ?, ?)",
                (contact_id, subject.strip(), body, _stamp(sent_at)),
            )
            email_id = int(cursor.lastrowid)
        rows = self._read(
            "SELECT id, contact_id, subject, body, sent_at FROM sent_emails WHERE id = ?",
            (email_id,),
        )
        return email_from_row(rows[0])

    def sent_emails(self, contact_id: int, limit: int = 20) -> list[SentEmail]:
        """Emails the user sent to the contact (logged or imported), newest first."""
        return self._emails(contact_id, SENT, limit)

    def received_emails(self, contact_id: int, limit: int = 20) -> list[SentEmail]:
        """Emails the contact sent (imported from the mailbox), newest first."""
        return self._emails(contact_id, RECEIVED, limit)

    def _emails(self, contact_id: int, direction: str, limit: int) -> list[SentEmail]:
        rows = self._read(
            f"SELECT {EMAIL_COLUMNS} FROM sent_emails"
            " WHERE contact_id = ? AND direction = ? ORDER BY sent_at DESC, id DESC LIMIT ?",
            (contact_id, direction, limit),
        )
        return [email_from_row(row) for row in rows]

    def save_draft(
        self, contact_id: int, body: str, subject: str = "", draft_id: int | None = None
    ) -> Draft:
        """Create a draft, or overwrite ``draft_id``."""
        with self._write() as db:
            if draft_id is None:
                cursor = db.execute(
                    "INSERT INTO drafts (contact_id, subject, body, updated_at)"
                    " VALUES (?, ?, ?, ?)",
                    (contact_id, subject, body, _now()),
                )
                draft_id = int(cursor.lastrowid)
            else:
                db.execute(
                    "UPDATE drafts SET contact_id = ?, subject = ?, body = ?, updated_at = ?"
                    " WHERE id = ?",
                    (contact_id, subject, body, _now(), draft_id),
                )
        return self.get_draft(draft_id)

    def get_draft(self, draft_id: int) -> Draft:
        rows = self._read(
            "SELECT id, contact_id, subject, body, updated_at FROM drafts WHERE id = ?",
            (draft_id,),
        )
        if not rows:
            raise NotesError(f"There is no draft with id {draft_id}.")
        return draft_from_row(rows[0])

    def drafts(self, contact_id: int) -> list[Draft]:
        rows = self._read(
            "SELECT id, contact_id, subject, body, updated_at FROM drafts"
            " WHERE contact_id = ? ORDER BY updated_at DESC, id DESC",
            (contact_id,),
        )
        return [draft_from_row(row) for row in rows]

    def delete_draft(self, draft_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))

    # ----- reading a whole contact, and search ------------------------------------------

    def contact_history(
        self, contact_id: int, notes_limit: int = 50, emails_limit: int = 20
    ) -> ContactHistory:
        """What the contact panel shows: the contact, recent notes, open follow-ups, emails."""
        with self._lock:
            return ContactHistory(
                contact=self.get_contact(contact_id),
                notes=tuple(self.recent_notes(contact_id, notes_limit)),
                open_follow_ups=tuple(self.open_follow_ups(contact_id)),
                sent_emails=tuple(self.sent_emails(contact_id, emails_limit)),
                received_emails=tuple(self.received_emails(contact_id, emails_limit)),
            )

    def search(self, query: str, contact_id: int | None = None, limit: int = 50) -> list[SearchHit]:
        """Notes and logged emails matching every word of ``query``, newest first."""
        match = fts_query(query)
        if match is None:
            return []
        # Within one contact, probe the index only for that contact's few rows; letting FTS
        # walk every match and filtering afterwards costs tens of ms for a common word.
        where = (
            " AND notes_fts.rowid IN (SELECT id FROM notes WHERE contact_id = ?)"
            if contact_id is not None
            else ""
        )
        params: list[Any] = [match, *([contact_id] if contact_id is not None else []), limit]
        note_rows = self._read(
            "SELECT n.contact_id, c.name, 'note', n.id, n.created_at,"
            " snippet(notes_fts, 0, '', '', '…', 24)"
            " FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid"
            " JOIN contacts c ON c.id = n.contact_id"
            f" WHERE notes_fts MATCH ?{where} ORDER BY notes_fts.rowid DESC LIMIT ?",
            params,
        )
        where = (
            " AND emails_fts.rowid IN (SELECT id FROM sent_emails WHERE contact_id = ?)"
            if contact_id is not None
            else ""
        )
        email_rows = self._read(
            "SELECT e.contact_id, c.name, 'email', e.id, e.sent_at,"
            " snippet(emails_fts, -1, '', '', '…', 24)"
            " FROM emails_fts JOIN sent_emails e ON e.id = emails_fts.rowid"
            " JOIN contacts c ON c.id = e.contact_id"
            f" WHERE emails_fts MATCH ?{where} ORDER BY emails_fts.rowid DESC LIMIT ?",
            params,
        )
        # Newest first: FTS5 walks its index in rowid order and stops at ``limit``, where
        # ranking by relevance would score every match (100 ms for a common word).
        rows = sorted([*note_rows, *email_rows], key=lambda row: row[4], reverse=True)[:limit]
        return [
            SearchHit(
                contact_id=row[0],
                contact_name=row[1],
                source=row[2],
                item_id=row[3],
                when=parse_time(row[4]),
                snippet=" ".join(str(row[5]).split()),
            )
            for row in rows
        ]
