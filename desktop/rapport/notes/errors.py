"""Errors the notes store raises. Every message is written for the user to read."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rapport.notes.model import Contact


class NotesError(Exception):
    """Base class: ``str(error)`` is a complete sentence the CLI or window can show."""


class StoreMissing(NotesError):
    """There is no notes database yet and the caller asked not to create one."""


class WrongKey(NotesError):
    """The key or passphrase does not open the database. Nothing was changed."""


class KeyUnavailable(NotesError):
    """The key cannot be fetched: keychain gone, entry deleted, or no passphrase given."""


class StoreBusy(NotesError):
    """Another Rapport process held the database for longer than the wait allows."""


class NewerSchema(NotesError):
    """The database was written by a newer Rapport; this one will not touch it."""


class ContactNotFound(NotesError):
    """No contact matches the given name or email."""


class ContactExists(NotesError):
    """Adding a contact that is already stored; ``contact`` is the one stored."""

    def __init__(self, message: str, contact: Contact) -> None:
        super().__init__(message)
        self.contact = contact


class AmbiguousContact(NotesError):
    """More than one contact matches; the user has to be more precise."""


class ImportFormatError(NotesError):
    """An import file could not be read. ``line`` is 1-based, or None when unknown."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line
