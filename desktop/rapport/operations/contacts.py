"""Contacts: add one, find one, import a file (after a preview), export them all."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rapport.operations.errors import user_errors

if TYPE_CHECKING:
    from rapport.notes.interchange import ContactRecord, ImportPreview
    from rapport.notes.model import Contact
    from rapport.notes.store import NotesStore

#: How many matches the To: field offers while the user types.
MATCHES_SHOWN = 8


@dataclass(frozen=True)
class AddedContact:
    """The contact now stored; ``existed`` when it was there already (nothing added)."""

    contact: Contact
    existed: bool = False
    message: str = ""


def add_contact(
    store: NotesStore, name: str, *, email: str = "", company: str = ""
) -> AddedContact:
    """Add a contact, or say which stored contact already has this email (or name).

    The store checks and adds in one transaction, so of several concurrent adds of
    one email exactly one adds it. Without an email, the name tells contacts apart.
    """
    from rapport.notes.errors import ContactExists

    with user_errors():
        try:
            contact = store.add_contact(
                name.strip(), email=email.strip(), company=company.strip(), refuse_same_name=True
            )
        except ContactExists as exists:
            return AddedContact(exists.contact, existed=True, message=str(exists))
    return AddedContact(contact, message=f"Added {contact.name} (id {contact.id})")


def list_contacts(store: NotesStore) -> list[Contact]:
    with user_errors():
        return store.list_contacts()


def match_contacts(store: NotesStore, typed: str, limit: int = MATCHES_SHOWN) -> list[Contact]:
    """Contacts whose name, email or company contain what was typed (the To: field)."""
    if not typed.strip():
        return []
    with user_errors():
        return store.match_contacts(typed, limit=limit)


def get_contact(store: NotesStore, contact_id: int) -> Contact:
    with user_errors():
        return store.get_contact(contact_id)


def find_contact(store: NotesStore, name_or_email: str) -> Contact:
    with user_errors():
        return store.find_contact(name_or_email.strip())


# ----- files --------------------------------------------------------------------------


def read_contacts_file(path: Path) -> list[ContactRecord]:
    """The contacts a .vcf or .csv file holds; a bad file is named with its line."""
    from rapport.notes.interchange import parse_contacts_file

    with user_errors():
        return parse_contacts_file(Path(path))


def preview_import(
    path: Path, store: NotesStore, records: list[ContactRecord] | None = None
) -> ImportPreview:
    """Every contact the file holds and whether it is stored already; writes nothing.

    ``records``: the file already read (``read_contacts_file``), say before the
    notes were unlocked, so a bad file is reported without asking for a passphrase.
    """
    from rapport.notes.interchange import ImportPreview

    found = tuple(records if records is not None else read_contacts_file(path))
    with user_errors():
        known = tuple(store.existing_matches(list(found)))
    return ImportPreview(Path(path), found, known)


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_stored: int

    @property
    def message(self) -> str:
        text = f"Imported {self.added} contact{'s' if self.added != 1 else ''}"
        if self.already_stored:
            skipped = self.already_stored
            text += f"; {skipped} {'was' if skipped == 1 else 'were'} already stored"
        return text


def import_contacts(store: NotesStore, records: list[ContactRecord] | tuple) -> ImportResult:
    """Store the records not stored yet, in one transaction (all or nothing)."""
    with user_errors():
        added = store.import_contacts(list(records))
    return ImportResult(added, len(records) - added)


@dataclass(frozen=True)
class ExportResult:
    count: int
    path: Path

    @property
    def plain_text(self) -> bool:
        """A JSON export holds the notes unencrypted: the user should be told."""
        return self.path.suffix.lower() == ".json"


def export_contacts(store: NotesStore, path: Path) -> ExportResult:
    """Every contact to .vcf, .json (with notes and history) or .csv (Google's columns)."""
    from rapport.notes.interchange import export_contacts as export
    from rapport.operations.errors import OperationError

    path = Path(path)
    try:
        with user_errors():
            count = export(store, path)
    except OSError as error:
        raise OperationError(f"Could not export to {path}: {error.strerror or error}.") from None
    return ExportResult(count, path)
