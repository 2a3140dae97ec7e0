"""The contacts table: add, change, find and import contacts.

Plain functions of an open ``NotesDatabase`` (``NotesStore`` offers them as its
methods). The schema keeps one contact per non-empty email (case-insensitive);
every path that inserts checks first, and turns the index's refusal, should a
write slip past the check, into ``ContactExists``. One insert is shared by adding
one contact and importing many.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rapport.notes.errors import AmbiguousContact, ContactExists, ContactNotFound, NotesError
from rapport.notes.model import Contact, ContactRecord, NoteKind
from rapport.notes.schema import CONTACT_COLUMNS, contact_from_row, now

if TYPE_CHECKING:
    from rapport.notes.database import NotesDatabase

_CONTACT_FIELDS = frozenset({"name", "email", "company", "role", "personal", "tags"})


def add_contact(
    database: NotesDatabase,
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
    with database.write() as db:
        column, value = ("email", email.strip()) if email.strip() else ("name", name)
        if column == "email" or refuse_same_name:
            row = db.execute(
                f"SELECT {CONTACT_COLUMNS} FROM contacts WHERE {column} = ? COLLATE NOCASE"
                " ORDER BY id LIMIT 1",
                (value,),
            ).fetchone()
            if row is not None:
                raise _contact_exists(contact_from_row(row))
        contact_id = _insert_contact(db, name, email, company, role, personal, tags)
    return get_contact(database, contact_id)


def update_contact(database: NotesDatabase, contact_id: int, **fields: Any) -> Contact:
    """Change some of name, email, company, role, personal, tags."""
    unknown = set(fields) - _CONTACT_FIELDS
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
        with database.write() as db:
            try:
                db.execute(
                    f"UPDATE contacts SET {assignments} WHERE id = ?",
                    (*fields.values(), contact_id),
                )
            except sqlcipher3.IntegrityError:
                other = _contact_by_email(db, fields["email"])
                raise ContactExists(
                    f"{other.name} <{other.email}> already has this email; nothing was changed.",
                    other,
                ) from None
    return get_contact(database, contact_id)


def delete_contact(database: NotesDatabase, contact_id: int) -> None:
    """Delete a contact with all their notes, emails and drafts."""
    with database.write() as db:
        db.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))


def get_contact(database: NotesDatabase, contact_id: int) -> Contact:
    rows = database.read(f"SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?", (contact_id,))
    if not rows:
        raise ContactNotFound(f"There is no contact with id {contact_id}.")
    return contact_from_row(rows[0])


def list_contacts(database: NotesDatabase) -> list[Contact]:
    rows = database.read(f"SELECT {CONTACT_COLUMNS} FROM contacts ORDER BY name COLLATE NOCASE")
    return [contact_from_row(row) for row in rows]


def contact_count(database: NotesDatabase) -> int:
    return int(database.read("SELECT count(*) FROM contacts")[0][0])


def find_contact(database: NotesDatabase, name_or_email: str) -> Contact:
    """The one contact with this exact name or email (case-insensitive)."""
    wanted = " ".join(name_or_email.split())
    column = "email" if "@" in wanted else "name"
    rows = database.read(
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


def match_contacts(database: NotesDatabase, typed: str, limit: int = 8) -> list[Contact]:
    """Autocomplete for a "To:" field: names, surnames, emails or companies starting so."""
    typed = " ".join(typed.split())
    if not typed:
        return []
    escaped = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    start, word = f"{escaped}%", f"% {escaped}%"
    rows = database.read(
        f"SELECT {CONTACT_COLUMNS} FROM contacts"
        " WHERE name LIKE ?1 ESCAPE '\\' OR name LIKE ?2 ESCAPE '\\'"
        " OR email LIKE ?1 ESCAPE '\\' OR company LIKE ?1 ESCAPE '\\'"
        " ORDER BY (name LIKE ?1 ESCAPE '\\') DESC, name COLLATE NOCASE LIMIT ?3",
        (start, word, limit),
    )
    return [contact_from_row(row) for row in rows]


# ----- importing ---------------------------------------------------------------------


def import_contacts(
    database: NotesDatabase, records: Sequence[ContactRecord], skip_existing: bool = True
) -> int:
    """Write parsed contacts in one transaction; returns how many were added.

    With ``skip_existing`` a record whose email (or, without email, name) is
    already stored is left out, so importing the same file twice adds nothing.
    """
    added = 0
    with database.write() as db:
        for record in records:
            name = " ".join(record.name.split())
            if not name:
                where = record.source or f"contact {added + 1}"
                raise NotesError(f"{where} has no name; nothing was imported.")
            if skip_existing and _exists(db, record):
                continue
            contact_id = _insert_contact(
                db, name, record.email, record.company, record.role, record.personal, record.tags
            )
            for text in record.notes:
                db.execute(
                    "INSERT INTO notes (contact_id, kind, text, created_at) VALUES (?, ?, ?, ?)",
                    (contact_id, NoteKind.PERSONAL.value, text, now()),
                )
            added += 1
    return added


def existing_matches(database: NotesDatabase, records: Sequence[ContactRecord]) -> list[bool]:
    """For an import preview: which records are already stored."""
    with database.lock:
        return [_exists(database.connection, record) for record in records]


# ----- one row -----------------------------------------------------------------------


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
        raise _contact_exists(_contact_by_email(db, email)) from None
    return int(cursor.lastrowid)


def _one_line(value: str | None) -> str:
    """A company or role as one line with single spaces (imports bring stray whitespace)."""
    return " ".join((value or "").split())


def _contact_by_email(db: Any, email: str) -> Contact:
    row = db.execute(
        f"SELECT {CONTACT_COLUMNS} FROM contacts WHERE email = ? COLLATE NOCASE", (email,)
    ).fetchone()
    return contact_from_row(row)


def _contact_exists(contact: Contact) -> ContactExists:
    who = f"{contact.name} <{contact.email}>" if contact.email else contact.name
    return ContactExists(f"{who} is already a contact; nothing was added.", contact)


def _exists(db: Any, record: ContactRecord) -> bool:
    if record.email:
        sql, value = "SELECT 1 FROM contacts WHERE email = ? COLLATE NOCASE", record.email
    else:
        sql, value = "SELECT 1 FROM contacts WHERE name = ? COLLATE NOCASE", record.name
    return db.execute(sql, (value,)).fetchone() is not None
