"""The email history and drafts: emails sent to and received from a contact, unsent drafts.

Plain functions of an open ``NotesDatabase`` (``NotesStore`` offers them as its
methods). Emails imported from a mailbox are written by ``store_mail``; both land in
the ``sent_emails`` table, told apart by their direction.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rapport.notes.errors import NotesError
from rapport.notes.model import RECEIVED, SENT, Draft, SentEmail
from rapport.notes.schema import EMAIL_COLUMNS, draft_from_row, email_from_row, now, stored_time

if TYPE_CHECKING:
    from rapport.notes.database import NotesDatabase

_DRAFT_COLUMNS = "id, contact_id, subject, body, updated_at"


def log_sent_email(
    database: NotesDatabase,
    contact_id: int,
    body: str,
    subject: str = "",
    sent_at: datetime | None = None,
) -> SentEmail:
    """Save an email the user sent ("log as sent"); it joins the contact's history."""
    if not body.strip():
        raise NotesError("There is no text to log.")
    with database.write() as db:
        cursor = db.execute(
            "INSERT INTO sent_emails (contact_id, subject, body, sent_at) VALUES (?, ?, ?, ?)",
            (contact_id, subject.strip(), body, stored_time(sent_at)),
        )
        email_id = int(cursor.lastrowid)
    rows = database.read(
        "SELECT id, contact_id, subject, body, sent_at FROM sent_emails WHERE id = ?",
        (email_id,),
    )
    return email_from_row(rows[0])


def sent_emails(database: NotesDatabase, contact_id: int, limit: int = 20) -> list[SentEmail]:
    """Emails the user sent to the contact (logged or imported), newest first."""
    return _emails(database, contact_id, SENT, limit)


def received_emails(database: NotesDatabase, contact_id: int, limit: int = 20) -> list[SentEmail]:
    """Emails the contact sent (imported from the mailbox), newest first."""
    return _emails(database, contact_id, RECEIVED, limit)


def _emails(
    database: NotesDatabase, contact_id: int, direction: str, limit: int
) -> list[SentEmail]:
    rows = database.read(
        f"SELECT {EMAIL_COLUMNS} FROM sent_emails"
        " WHERE contact_id = ? AND direction = ? ORDER BY sent_at DESC, id DESC LIMIT ?",
        (contact_id, direction, limit),
    )
    return [email_from_row(row) for row in rows]


# ----- drafts ------------------------------------------------------------------------


def save_draft(
    database: NotesDatabase,
    contact_id: int,
    body: str,
    subject: str = "",
    draft_id: int | None = None,
) -> Draft:
    """Create a draft, or overwrite ``draft_id``."""
    with database.write() as db:
        if draft_id is None:
            cursor = db.execute(
                "INSERT INTO drafts (contact_id, subject, body, updated_at) VALUES (?, ?, ?, ?)",
                (contact_id, subject, body, now()),
            )
            draft_id = int(cursor.lastrowid)
        else:
            db.execute(
                "UPDATE drafts SET contact_id = ?, subject = ?, body = ?, updated_at = ?"
                " WHERE id = ?",
                (contact_id, subject, body, now(), draft_id),
            )
    return get_draft(database, draft_id)


def get_draft(database: NotesDatabase, draft_id: int) -> Draft:
    rows = database.read(f"SELECT {_DRAFT_COLUMNS} FROM drafts WHERE id = ?", (draft_id,))
    if not rows:
        raise NotesError(f"There is no draft with id {draft_id}.")
    return draft_from_row(rows[0])


def drafts(database: NotesDatabase, contact_id: int) -> list[Draft]:
    rows = database.read(
        f"SELECT {_DRAFT_COLUMNS} FROM drafts"
        " WHERE contact_id = ? ORDER BY updated_at DESC, id DESC",
        (contact_id,),
    )
    return [draft_from_row(row) for row in rows]


def delete_draft(database: NotesDatabase, draft_id: int) -> None:
    with database.write() as db:
        db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
