"""Notes: add one, search them all, read a contact's history, log an email as sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rapport.operations.errors import OperationError, user_errors

if TYPE_CHECKING:
    from rapport.notes.model import Contact, ContactHistory, Note, SearchHit
    from rapport.notes.store import NotesStore


@dataclass(frozen=True)
class AddedNote:
    contact: Contact
    note: Note

    @property
    def message(self) -> str:
        due = f", due {self.note.due.isoformat()}" if self.note.due else ""
        return f"Added a {self.note.kind} note to {self.contact.name}{due}"


def note_kind(kind: str | None, due: date | None) -> str:
    """The kind a note gets: a due date makes it a follow-up; anything else is a call."""
    chosen = kind or ("follow-up" if due else "call")
    if due is not None and chosen != "follow-up":
        raise OperationError("--due belongs to a follow-up (use --kind follow-up).")
    return chosen


def add_note(
    store: NotesStore,
    contact: Contact | str,
    text: str,
    kind: str | None = None,
    due: date | None = None,
) -> AddedNote:
    """Add a note to ``contact`` (a contact, or its name or email)."""
    chosen = note_kind(kind, due)
    with user_errors():
        found = store.find_contact(contact) if isinstance(contact, str) else contact
        note = store.add_note(found.id, text, kind=chosen, due=due)
    return AddedNote(found, note)


def search_notes(store: NotesStore, query: str) -> list[SearchHit]:
    """Every note and sent email that holds all the words (the last as a prefix)."""
    from rapport.notes.store_search import fts_query

    if fts_query(query) is None:
        raise OperationError("the search needs at least one word.")
    with user_errors():
        return store.search(query)


def contact_notes(store: NotesStore, name_or_email: str) -> tuple[Contact, list[Note]]:
    """A contact's notes, newest first."""
    with user_errors():
        contact = store.find_contact(name_or_email)
        return contact, store.recent_notes(contact.id, limit=-1)


def contact_history(store: NotesStore, contact_id: int) -> ContactHistory:
    """What the contact tab shows and the contact checks read."""
    with user_errors():
        return store.contact_history(contact_id)


def mark_done(store: NotesStore, note_id: int) -> None:
    with user_errors():
        store.set_done(note_id)


@dataclass(frozen=True)
class LoggedEmail:
    contact: Contact

    @property
    def message(self) -> str:
        return f"Logged as sent to {self.contact.name}."


def log_sent(store: NotesStore, contact: Contact, subject: str, body: str) -> LoggedEmail:
    """Keep the email in the contact's history (the repeat check reads it)."""
    with user_errors():
        store.log_sent_email(contact.id, body, subject)
    return LoggedEmail(contact)
