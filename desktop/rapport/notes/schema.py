"""The notes database schema, one migration per version (``PRAGMA user_version``).

Migrations only ever move forward. Each one runs in its own transaction together
with the ``user_version`` bump, so a crash leaves the database at the previous
version, never in between. Never edit a released step: add a new one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from rapport.notes.model import Contact, Draft, Note, SentEmail

# Version 1: contacts and their notes.
_V1 = """
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX contacts_name ON contacts (name COLLATE NOCASE);
CREATE INDEX contacts_email ON contacts (email COLLATE NOCASE);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    due TEXT,
    done INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notes_contact_time ON notes (contact_id, created_at);
"""

# Version 2: richer contacts, the sent-email history and drafts.
_V2 = """
ALTER TABLE contacts ADD COLUMN role TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN personal TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
CREATE TABLE sent_emails (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    sent_at TEXT NOT NULL
);
CREATE INDEX sent_emails_contact_time ON sent_emails (contact_id, sent_at);
CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX drafts_contact ON drafts (contact_id, updated_at);
CREATE INDEX notes_open_follow_ups ON notes (kind, done, due);
"""

# Version 3: full-text search over notes and logged emails (external-content FTS5,
# kept in step by triggers; 'rebuild' indexes what earlier versions stored).
_V3 = """
CREATE VIRTUAL TABLE notes_fts USING fts5(
    text, content='notes', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF text ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO notes_fts (rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE emails_fts USING fts5(
    subject, body, content='sent_emails', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER emails_fts_insert AFTER INSERT ON sent_emails BEGIN
    INSERT INTO emails_fts (rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
CREATE TRIGGER emails_fts_delete AFTER DELETE ON sent_emails BEGIN
    INSERT INTO emails_fts (emails_fts, rowid, subject, body)
        VALUES ('delete', old.id, old.subject, old.body);
END;
CREATE TRIGGER emails_fts_update AFTER UPDATE OF subject, body ON sent_emails BEGIN
    INSERT INTO emails_fts (emails_fts, rowid, subject, body)
        VALUES ('delete', old.id, old.subject, old.body);
    INSERT INTO emails_fts (rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
INSERT INTO emails_fts (emails_fts) VALUES ('rebuild');
"""


def _ascii_lower(text: str) -> str:
    """Lower-case A-Z only, as SQLite's NOCASE collation does (the unique index uses it)."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _v4_unique_emails(db: Any) -> None:
    """Version 4: one contact per email address.

    Concurrent ``contacts add`` could store the same email several times. The
    duplicates (same email ignoring case and surrounding spaces; an empty email is
    nobody's duplicate) are merged into the oldest: their notes, sent emails and drafts
    move to it, its empty company or role is filled in, personal notes and tags are
    combined. Then a unique index makes another duplicate impossible.
    """
    rows = db.execute(
        "SELECT id, email, company, role, personal, tags FROM contacts"
        " WHERE trim(email) <> '' ORDER BY id"
    ).fetchall()
    groups: dict[str, list[Sequence[Any]]] = {}
    for row in rows:
        groups.setdefault(_ascii_lower(str(row[1]).strip()), []).append(row)
    for group in groups.values():
        kept, duplicates = group[0], group[1:]
        company, role = str(kept[2]), str(kept[3])
        personal = [str(kept[4])] if str(kept[4]).strip() else []
        tags = _tags(kept[5])
        for duplicate in duplicates:
            for table in ("notes", "sent_emails", "drafts"):
                db.execute(
                    f"UPDATE {table} SET contact_id = ? WHERE contact_id = ?",
                    (kept[0], duplicate[0]),
                )
            company = company or str(duplicate[2])
            role = role or str(duplicate[3])
            if str(duplicate[4]).strip() and str(duplicate[4]) not in personal:
                personal.append(str(duplicate[4]))
            tags += [tag for tag in _tags(duplicate[5]) if tag not in tags]
            db.execute("DELETE FROM contacts WHERE id = ?", (duplicate[0],))
        db.execute(
            "UPDATE contacts SET email = ?, company = ?, role = ?, personal = ?, tags = ?"
            " WHERE id = ?",
            (
                str(kept[1]).strip(),
                company,
                role,
                "\n\n".join(personal),
                json.dumps(tags),
                kept[0],
            ),
        )
    db.execute(
        "CREATE UNIQUE INDEX contacts_email_unique ON contacts (email COLLATE NOCASE)"
        " WHERE email <> ''"
    )


def _tags(raw: Any) -> list[str]:
    try:
        return [str(tag) for tag in json.loads(raw or "[]")]
    except ValueError:
        return []


# Version 5: imported mail. Emails they sent join the history beside the ones the
# user sent ("direction"), and the Message-ID makes a second import of the same
# mailbox add nothing (unique per contact: one email to two contacts is in both).
_V5 = """
ALTER TABLE sent_emails ADD COLUMN direction TEXT NOT NULL DEFAULT 'sent';
ALTER TABLE sent_emails ADD COLUMN message_id TEXT;
CREATE UNIQUE INDEX sent_emails_message_id ON sent_emails (contact_id, message_id)
    WHERE message_id IS NOT NULL;
"""

#: A step is an SQL script, or a function for what SQL alone cannot do (merging rows).
Migration = str | Callable[[Any], None]
#: MIGRATIONS[n] takes a database from version n to version n + 1.
MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3, _v4_unique_emails, _V5)
LATEST_VERSION = len(MIGRATIONS)


def apply_migration(db: Any, step: Migration) -> None:
    """Run one step on ``db``, inside the caller's transaction."""
    if callable(step):
        step(db)
        return
    for statement in split_statements(step):
        db.execute(statement)


CONTACT_COLUMNS = "id, name, email, company, role, personal, tags, created_at"
NOTE_COLUMNS = "id, contact_id, kind, text, created_at, due, done"


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def now() -> str:
    """The current time as stored: UTC, ISO 8601, whole seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def stored_time(when: datetime | None) -> str:
    """``when`` as stored (``None``: now); a naive time is the user's local time."""
    if when is None:
        return now()
    if when.tzinfo is None:
        when = when.astimezone()
    return when.astimezone(UTC).isoformat(timespec="seconds")


# ----- rows → dataclasses (column order as in the SELECTs of the store_* modules) -------


def split_statements(script: str) -> list[str]:
    """Split a migration script into statements (triggers contain ';' inside BEGIN…END)."""
    import sqlcipher3  # lazy: importing the schema must not load SQLCipher

    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlcipher3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def contact_from_row(row: Sequence[Any]) -> Contact:
    try:
        tags = tuple(str(tag) for tag in json.loads(row[6] or "[]"))
    except ValueError:
        tags = ()
    return Contact(
        id=row[0],
        name=row[1],
        email=row[2],
        company=row[3],
        role=row[4],
        personal=row[5],
        tags=tags,
        created_at=parse_time(row[7]),
    )


def note_from_row(row: Sequence[Any]) -> Note:
    return Note(
        id=row[0],
        contact_id=row[1],
        kind=row[2],
        text=row[3],
        created_at=parse_time(row[4]),
        due=date.fromisoformat(row[5]) if row[5] else None,
        done=bool(row[6]),
    )


EMAIL_COLUMNS = "id, contact_id, subject, body, sent_at, direction, message_id"


def email_from_row(row: Sequence[Any]) -> SentEmail:
    if len(row) > 5:
        return SentEmail(row[0], row[1], row[2], row[3], parse_time(row[4]), row[5], row[6] or "")
    return SentEmail(row[0], row[1], row[2], row[3], parse_time(row[4]))


def draft_from_row(row: Sequence[Any]) -> Draft:
    return Draft(row[0], row[1], row[2], row[3], parse_time(row[4]))
