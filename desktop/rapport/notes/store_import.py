"""Writing contacts: one insert shared by add and import, the import and its preview.

A mixin of ``NotesStore`` (it uses the store's connection, lock and write
transaction). The schema keeps one contact per non-empty email (case-insensitive);
every path that inserts checks first and turns the index's refusal, should a write
slip past the check, into ``ContactExists``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from rapport.notes.errors import ContactExists, NotesError
from rapport.notes.model import Contact, ContactRecord, NoteKind
from rapport.notes.schema import CONTACT_COLUMNS, contact_from_row


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _one_line(value: str | None) -> str:
    """A company or role as one line with single spaces (imports bring stray whitespace)."""
    return " ".join((value or "").split())


class ContactImport:
    _db: Any
    _lock: threading.RLock

    def _write(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    @staticmethod
    def _insert_contact(
        db: Any,
        name: str,
        email: str,
        company: str,
        role: str,
        personal: str,
        tags: Sequence[str],
    ) -> int:
        import sqlcipher3

        email = (email or "").strip()
        try:
            cursor = db.execute(
                "INSERT INTO contacts (name, email, company, role, personal, tags, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    email,
                    _one_line(company),
                    _one_line(role),
                    (personal or "").strip(),
                    json.dumps([t.strip() for t in tags if t.strip()]),
                    now(),
                ),
            )
        except sqlcipher3.IntegrityError:  # the unique email index; callers check first
            raise contact_exists(contact_by_email(db, email)) from None
        return int(cursor.lastrowid)

    def import_contacts(self, records: Sequence[ContactRecord], skip_existing: bool = True) -> int:
        """Write parsed contacts in one transaction; returns how many were added.

        With ``skip_existing`` a record whose email (or, without email, name) is
        already stored is left out, so importing the same file twice adds nothing.
        """
        added = 0
        with self._write() as db:
            for record in records:
                name = " ".join(record.name.split())
                if not name:
                    where = record.source or f"contact {added + 1}"
                    raise NotesError(f"{where} has no name; nothing was imported.")
                if skip_existing and _exists(db, record):
                    continue
                contact_id = self._insert_contact(
                    db,
                    name,
                    record.email,
                    record.company,
                    record.role,
                    record.personal,
                    record.tags,
                )
                for text in record.notes:
                    db.execute(
                        "INSERT INTO notes (contact_id, kind, text, created_at)"
                        " VALUES (?, ?, ?, ?)",
                        (contact_id, NoteKind.PERSONAL.value, text, now()),
                    )
                added += 1
        return added

    def existing_matches(self, records: Sequence[ContactRecord]) -> list[bool]:
        """For an import preview: which records are already stored."""
        with self._lock:
            return [_exists(self._db, record) for record in records]


def contact_by_email(db: Any, email: str) -> Contact:
    row = db.execute(
        f"SELECT {CONTACT_COLUMNS} FROM contacts WHERE email = ? COLLATE NOCASE", (email,)
    ).fetchone()
    return contact_from_row(row)


def contact_exists(contact: Contact) -> ContactExists:
    who = f"{contact.name} <{contact.email}>" if contact.email else contact.name
    return ContactExists(f"{who} is already a contact; nothing was added.", contact)


def _exists(db: Any, record: ContactRecord) -> bool:
    if record.email:
        sql, value = "SELECT 1 FROM contacts WHERE email = ? COLLATE NOCASE", record.email
    else:
        sql, value = "SELECT 1 FROM contacts WHERE name = ? COLLATE NOCASE", record.name
    return db.execute(sql, (value,)).fetchone() is not None
