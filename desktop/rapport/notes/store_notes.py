"""The notes table: what the user wrote down about a contact, and follow-ups to do.

Plain functions of an open ``NotesDatabase`` (``NotesStore`` offers them as its
methods).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rapport.notes.errors import ContactNotFound, NotesError
from rapport.notes.model import NOTE_KINDS, Note, NoteKind
from rapport.notes.schema import NOTE_COLUMNS, note_from_row, stored_time

if TYPE_CHECKING:
    from rapport.notes.database import NotesDatabase


def add_note(
    database: NotesDatabase,
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
    with database.write() as db:
        if db.execute("SELECT 1 FROM contacts WHERE id = ?", (contact_id,)).fetchone() is None:
            raise ContactNotFound(f"There is no contact with id {contact_id}.")
        cursor = db.execute(
            "INSERT INTO notes (contact_id, kind, text, created_at, due, done)"
            " VALUES (?, ?, ?, ?, ?, 0)",
            (contact_id, kind, text, stored_time(when), due.isoformat() if due else None),
        )
        note_id = int(cursor.lastrowid)
    return get_note(database, note_id)


def get_note(database: NotesDatabase, note_id: int) -> Note:
    rows = database.read(f"SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?", (note_id,))
    if not rows:
        raise NotesError(f"There is no note with id {note_id}.")
    return note_from_row(rows[0])


def set_done(database: NotesDatabase, note_id: int, done: bool = True) -> Note:
    with database.write() as db:
        db.execute("UPDATE notes SET done = ? WHERE id = ?", (int(done), note_id))
    return get_note(database, note_id)


def delete_note(database: NotesDatabase, note_id: int) -> None:
    with database.write() as db:
        db.execute("DELETE FROM notes WHERE id = ?", (note_id,))


def recent_notes(database: NotesDatabase, contact_id: int, limit: int = 20) -> list[Note]:
    rows = database.read(
        f"SELECT {NOTE_COLUMNS} FROM notes WHERE contact_id = ?"
        " ORDER BY created_at DESC, id DESC LIMIT ?",
        (contact_id, limit),
    )
    return [note_from_row(row) for row in rows]


def open_follow_ups(
    database: NotesDatabase, contact_id: int | None = None, due_by: date | None = None
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
    return [note_from_row(row) for row in database.read(sql, params)]
