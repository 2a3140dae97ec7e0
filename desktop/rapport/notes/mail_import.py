"""Past conversations from the mailbox: which emails belong to which contact.

``plan_mail_import`` reads the files (``rapport.mail.mailboxes``), matches each
message to stored contacts by address and returns a ``MailImportPlan``: the
emails to add per contact, the duplicates it skips (by Message-ID), the senders
it does not know (listed, never added on their own) and the follow-ups the
mail suggests. ``NotesStore.import_mail`` then writes the plan in one
transaction. Nothing here touches Qt; the window runs it on a worker thread.

A message from a contact goes into their history as received; a message to a
contact from anyone else (the user) as sent. Which address is the user's is
told by the mail itself: the one address in more messages than any other.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from rapport.mail.mailboxes import MailItem, read_mail
from rapport.mail.message import Address, ReadEmail
from rapport.notes.model import RECEIVED, SENT, Contact
from rapport.notes.store_mail import MailEntry


@dataclass(frozen=True, slots=True)
class UnknownSender:
    """Someone who wrote but is not a contact: offered as "add as contact"."""

    name: str
    address: str
    messages: int
    latest_subject: str


@dataclass(frozen=True, slots=True)
class SuggestedFollowUp:
    """A promise found in the mail; it becomes a follow-up only when the user says so."""

    contact_id: int
    contact_name: str
    text: str
    when: datetime
    source: str


@dataclass
class MailImportPlan:
    """What an import would do; nothing has been written when it is made."""

    entries: list[MailEntry] = field(default_factory=list)
    #: Entries by contact id, in the order they were read (for the preview).
    contacts: dict[int, Contact] = field(default_factory=dict)
    duplicates: int = 0
    messages: int = 0
    unknown_senders: list[UnknownSender] = field(default_factory=list)
    follow_ups: list[SuggestedFollowUp] = field(default_factory=list)
    #: The address taken to be the user's own ("" when the mail does not tell).
    owner: str = ""

    def per_contact(self) -> list[tuple[Contact, list[MailEntry]]]:
        grouped: dict[int, list[MailEntry]] = {}
        for entry in self.entries:
            grouped.setdefault(entry.contact_id, []).append(entry)
        return [(self.contacts[cid], items) for cid, items in grouped.items()]


def plan_mail_import(
    paths: Sequence[Path],
    contacts: Iterable[Contact],
    known_ids: set[tuple[int, str]],
    signoffs: tuple[str, ...] = (),
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    scanned: Callable[[int, int], None] | None = None,
) -> MailImportPlan:
    """Read ``paths`` and plan the import against ``contacts`` (nothing is written).

    ``scanned(bytes, total)`` reports the first pass over a big mbox, before
    ``progress(messages, total)`` reports the messages read.
    """
    by_address = {c.email.strip().lower(): c for c in contacts if c.email.strip()}

    def needs_body(email: ReadEmail) -> bool:
        addresses = [a.address.lower() for a in email.recipients]
        if email.sender is not None:
            addresses.append(email.sender.address.lower())
        return any(address in by_address for address in addresses)

    items = list(read_mail(paths, signoffs, progress, cancelled, needs_body, scanned))
    plan = MailImportPlan(messages=len(items), owner=_owner(items))
    owner = plan.owner
    unknown: dict[str, list[tuple[Address, str]]] = {}
    seen: set[tuple[int, str]] = set()
    for item in items:
        read = item.email
        message_id = read.message_id or _made_up_id(item)
        when = read.date or datetime.now(UTC)
        sender = read.sender.address.lower() if read.sender else ""
        matched: list[tuple[Contact, str]] = []
        if sender in by_address and sender != owner:
            matched.append((by_address[sender], RECEIVED))
        else:
            for recipient in read.recipients:
                contact = by_address.get(recipient.address.lower())
                if contact is not None and all(contact.id != c.id for c, _ in matched):
                    matched.append((contact, SENT))
        if not matched:
            if read.sender is not None and sender != owner:
                unknown.setdefault(sender, []).append((read.sender, read.subject))
            continue
        body = read.new_text or read.text
        for contact, direction in matched:
            key = (contact.id, message_id)
            if key in known_ids or key in seen:
                plan.duplicates += 1
                continue
            seen.add(key)
            plan.contacts[contact.id] = contact
            plan.entries.append(
                MailEntry(contact.id, direction, read.subject, body, when, message_id)
            )
            plan.follow_ups.extend(
                SuggestedFollowUp(contact.id, contact.name, line, when, item.source)
                for line in promises(body, direction)
            )
    plan.unknown_senders = sorted(
        (
            UnknownSender(
                next((a.name for a, _ in seen_as if a.name), ""),
                address,
                len(seen_as),
                seen_as[-1][1],
            )
            for address, seen_as in unknown.items()
        ),
        key=lambda sender: (-sender.messages, sender.address),
    )
    return plan


def _owner(items: Sequence[MailItem]) -> str:
    """The mailbox owner's address: in more messages than any other, and in most of them."""
    counts: Counter[str] = Counter()
    for item in items:
        addresses = {a.address.lower() for a in item.email.recipients}
        if item.email.sender is not None:
            addresses.add(item.email.sender.address.lower())
        counts.update(addresses)
    if not counts:
        return ""
    (address, count), *rest = counts.most_common(2)
    if len(items) >= 2 and count * 2 < len(items):
        return ""
    if rest and rest[0][1] == count:
        return ""  # two people who only ever wrote to each other: no telling
    return address


def _made_up_id(item: MailItem) -> str:
    """A stable stand-in for a missing Message-ID: the same message gets the same one."""
    read = item.email
    digest = hashlib.sha256(
        "\x00".join(
            (
                str(read.sender or ""),
                read.date.isoformat() if read.date else "",
                read.subject,
                read.text[:2000],
            )
        ).encode("utf-8")
    ).hexdigest()[:32]
    return f"<rapport-{digest}@no-message-id>"


# ----- promises in the mail -----------------------------------------------------------


def promises(body: str, direction: str) -> list[str]:
    """Sentences that promise something: "I'll send …" from the user, "you promised …" to them."""
    pattern = _promise_pattern(direction)
    if pattern is None:
        return []
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", body):
        sentence = sentence.strip()
        if sentence and not sentence.startswith(">") and pattern.search(sentence.lower()):
            found.append(" ".join(sentence.split()))
    return found


@lru_cache(maxsize=2)
def _promise_pattern(direction: str) -> re.Pattern[str] | None:
    from rapport.analysis.rules import load_rule_set
    from rapport.analysis.their_email import phrase_pattern

    name = "my_promises" if direction == SENT else "their_reminders"
    phrases = load_rule_set("en").words(name)
    return phrase_pattern(tuple(p.replace("’", "'") for p in phrases))
