"""Plain data that flows out of the notes store (no SQLite, no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class NoteKind(StrEnum):
    """What kind of conversation a note records. The values are a CLI contract."""

    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    PERSONAL = "personal"
    FOLLOW_UP = "follow-up"


NOTE_KINDS: tuple[str, ...] = tuple(kind.value for kind in NoteKind)


@dataclass(frozen=True, slots=True)
class Contact:
    """A person the user writes to."""

    id: int
    name: str
    email: str = ""
    company: str = ""
    role: str = ""
    #: Free text the user keeps about the person (family, hobbies, what matters to them).
    personal: str = ""
    tags: tuple[str, ...] = ()
    created_at: datetime | None = None

    @property
    def first_name(self) -> str:
        """The name to greet them with ("Laura" for "Laura Chen")."""
        parts = self.name.split()
        return parts[0] if parts else self.name


@dataclass(frozen=True, slots=True)
class Note:
    """Something the user learned or promised in one conversation."""

    id: int
    contact_id: int
    kind: str
    text: str
    created_at: datetime
    #: Only follow-ups carry a due date.
    due: date | None = None
    done: bool = False

    @property
    def is_open_follow_up(self) -> bool:
        return self.kind == NoteKind.FOLLOW_UP and not self.done


#: Which way an email in a contact's history went.
SENT = "sent"
RECEIVED = "received"


@dataclass(frozen=True, slots=True)
class SentEmail:
    """An email in a contact's history: one the user sent ("log as sent", or imported
    from their mailbox), or, with ``direction`` "received", one the contact sent."""

    id: int
    contact_id: int
    subject: str
    body: str
    sent_at: datetime
    direction: str = SENT
    #: The Message-ID of an imported email ("" for one logged in Rapport).
    message_id: str = ""

    @property
    def received(self) -> bool:
        return self.direction == RECEIVED


@dataclass(frozen=True, slots=True)
class Draft:
    """An unsent email the user is writing to a contact."""

    id: int
    contact_id: int
    subject: str
    body: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: which contact, when, and the matching text."""

    contact_id: int
    contact_name: str
    #: "note" or "email".
    source: str
    item_id: int
    when: datetime
    #: The matching passage with the matched words wrapped in [ ].
    snippet: str


@dataclass(frozen=True, slots=True)
class ContactHistory:
    """Everything the contact panel shows for one person, newest first."""

    contact: Contact
    notes: tuple[Note, ...] = ()
    open_follow_ups: tuple[Note, ...] = ()
    sent_emails: tuple[SentEmail, ...] = ()
    #: Emails they sent (imported from the mailbox), newest first: their own words.
    received_emails: tuple[SentEmail, ...] = ()


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """A contact parsed from an import file, before anything is written."""

    name: str
    email: str = ""
    company: str = ""
    role: str = ""
    personal: str = ""
    tags: tuple[str, ...] = ()
    #: Where it came from ("contacts.vcf line 12"), for the preview.
    source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
