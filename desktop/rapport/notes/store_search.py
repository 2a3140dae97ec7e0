"""Reading across the tables: a contact's whole history, and full-text search.

Plain functions of an open ``NotesDatabase`` (``NotesStore`` offers them as its
methods). Search runs on the FTS5 indexes of notes and emails (schema version 3).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rapport.notes import store_contacts, store_emails, store_notes
from rapport.notes.model import ContactHistory, SearchHit
from rapport.notes.schema import parse_time

if TYPE_CHECKING:
    from rapport.notes.database import NotesDatabase

_WORD = re.compile(r"\w+", re.UNICODE)


def contact_history(
    database: NotesDatabase, contact_id: int, notes_limit: int = 50, emails_limit: int = 20
) -> ContactHistory:
    """What the contact panel shows: the contact, recent notes, open follow-ups, emails."""
    with database.lock:  # one consistent picture, not a write between two reads
        return ContactHistory(
            contact=store_contacts.get_contact(database, contact_id),
            notes=tuple(store_notes.recent_notes(database, contact_id, notes_limit)),
            open_follow_ups=tuple(store_notes.open_follow_ups(database, contact_id)),
            sent_emails=tuple(store_emails.sent_emails(database, contact_id, emails_limit)),
            received_emails=tuple(store_emails.received_emails(database, contact_id, emails_limit)),
        )


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


def search(
    database: NotesDatabase, query: str, contact_id: int | None = None, limit: int = 50
) -> list[SearchHit]:
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
    note_rows = database.read(
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
    email_rows = database.read(
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
