"""The encrypted notes store: contacts, notes, sent emails and drafts.

One SQLCipher database (``notes.db`` in the data dir), WAL journal, FTS5 search.
All methods take plain values and return the dataclasses of ``rapport.notes.model``.
A store may be shared between threads (calls are serialised by a lock); several
processes may open the same file: SQLite's locks keep them consistent, and a
writer that waits too long gets ``StoreBusy`` instead of a hang.

The parts, each a module of plain functions over one ``NotesDatabase``:

* ``database``: opening (key, WAL, migrations), transactions, error messages;
* ``store_contacts``: the contacts table, adding one and importing many;
* ``store_notes``: notes and follow-ups;
* ``store_emails``: the email history and drafts;
* ``store_search``: a contact's whole history, and full-text search;
* ``store_files`` (backup copy, re-key, checkpoint) and ``store_mail`` (a mailbox
  import): operations on the file as a whole, called as functions of the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rapport.notes import store_contacts, store_emails, store_notes, store_search
from rapport.notes.database import NotesDatabase
from rapport.notes.errors import StoreMissing
from rapport.notes.keys import PassphraseProvider, resolve_key

DB_NAME = "notes.db"


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


class NotesStore(NotesDatabase):
    """An open notes database, and everything the app does with its tables.

    Each method is a function of one table module, written once there and offered
    here so that callers hold one object. Use as a context manager or call ``close()``.
    """

    # Contacts.
    add_contact = store_contacts.add_contact
    update_contact = store_contacts.update_contact
    delete_contact = store_contacts.delete_contact
    get_contact = store_contacts.get_contact
    list_contacts = store_contacts.list_contacts
    contact_count = store_contacts.contact_count
    find_contact = store_contacts.find_contact
    match_contacts = store_contacts.match_contacts
    import_contacts = store_contacts.import_contacts
    existing_matches = store_contacts.existing_matches

    # Notes and follow-ups.
    add_note = store_notes.add_note
    get_note = store_notes.get_note
    set_done = store_notes.set_done
    delete_note = store_notes.delete_note
    recent_notes = store_notes.recent_notes
    open_follow_ups = store_notes.open_follow_ups

    # The email history and drafts.
    log_sent_email = store_emails.log_sent_email
    sent_emails = store_emails.sent_emails
    received_emails = store_emails.received_emails
    save_draft = store_emails.save_draft
    get_draft = store_emails.get_draft
    drafts = store_emails.drafts
    delete_draft = store_emails.delete_draft

    # Across the tables.
    contact_history = store_search.contact_history
    search = store_search.search
