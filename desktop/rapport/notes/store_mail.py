"""Writing imported mail into contacts' histories: all of it in one transaction.

Plain functions of an open ``NotesDatabase`` (a ``NotesStore`` is one), as
``store_files``. ``import_mail`` writes every new email or none: a cancel
(``cancelled()`` answering True between rows) or any error rolls the transaction
back, so a cancelled import of a huge mailbox leaves nothing half written.
Message-IDs already stored for a contact are skipped, so the same mailbox
imported twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rapport.notes.database import NotesDatabase

#: Rows written between two looks at ``cancelled()`` and two progress reports.
_BATCH = 200


class MailImportCancelled(Exception):
    """The user stopped the import; nothing was written."""


@dataclass(frozen=True, slots=True)
class MailEntry:
    """One email to add to one contact's history."""

    contact_id: int
    #: "sent" (the user wrote it) or "received" (the contact did).
    direction: str
    subject: str
    body: str
    when: datetime
    message_id: str


def known_message_ids(store: NotesDatabase) -> set[tuple[int, str]]:
    """(contact id, Message-ID) of every imported email."""
    rows = store.read("SELECT contact_id, message_id FROM sent_emails WHERE message_id IS NOT NULL")
    return {(int(row[0]), str(row[1])) for row in rows}


def import_mail(
    store: NotesDatabase,
    entries: Sequence[MailEntry],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Add ``entries`` in one transaction; returns how many were new."""
    added = 0
    total = len(entries)
    with store.write() as db:
        for index, entry in enumerate(entries):
            if index % _BATCH == 0:
                if cancelled is not None and cancelled():
                    raise MailImportCancelled()
                if progress is not None:
                    progress(index, total)
            cursor = db.execute(
                "INSERT OR IGNORE INTO sent_emails"
                " (contact_id, subject, body, sent_at, direction, message_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    entry.contact_id,
                    entry.subject.strip(),
                    entry.body,
                    entry.when.astimezone(UTC).isoformat(timespec="seconds"),
                    entry.direction,
                    entry.message_id,
                ),
            )
            added += cursor.rowcount
    if progress is not None:
        progress(total, total)
    return added
