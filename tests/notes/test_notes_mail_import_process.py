"""The window's mail import reads in a child process: the same plan, its errors, Cancel."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from rapport.analysis.rules import load_rule_set
from rapport.mail.mailboxes import MailboxError, MailReadCancelled
from rapport.notes.mail_import import plan_mail_import
from rapport.notes.mail_import_process import plan_mail_import_in_child
from rapport.notes.store import NotesStore
from rapport.notes.store_mail import import_mail, known_message_ids

FIXTURES = Path(__file__).parent.parent / "mail" / "fixtures"


@pytest.fixture
def contacts(store: NotesStore) -> NotesStore:
    store.add_contact("Laura Chen", "Laura.Chen@northwind.example", "Northwind")
    store.add_contact("Jörg Müller", "joerg.mueller@mueller.example", "Müller GmbH")
    return store


def both_ways(store: NotesStore, paths: list[Path]):
    signoffs = load_rule_set("en").words("signoffs")
    contacts, known = store.list_contacts(), known_message_ids(store)
    here = plan_mail_import(paths, contacts, known, signoffs)
    there = plan_mail_import_in_child(paths, contacts, known, signoffs)
    return here, there


def test_the_child_plans_what_the_window_would(contacts: NotesStore, tmp_path: Path) -> None:
    paths = [FIXTURES / "gmail_takeout.mbox", FIXTURES / "thunderbird.mbox"]
    here, there = both_ways(contacts, paths)
    assert there == here
    assert len(there.entries) >= 3 and there.unknown_senders and there.follow_ups
    # Planned once more after the import, the same mail is all duplicates.
    import_mail(contacts, there.entries)
    here, there = both_ways(contacts, paths)
    assert there == here and there.entries == [] and there.duplicates >= 3


def test_progress_comes_from_the_child(contacts: NotesStore) -> None:
    seen: list[tuple[int, int]] = []
    plan_mail_import_in_child(
        [FIXTURES / "gmail_takeout.mbox"],
        contacts.list_contacts(),
        set(),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (3, 3)


def test_a_damaged_mailbox_is_named_by_message_as_in_the_window(
    contacts: NotesStore, tmp_path: Path
) -> None:
    cut = tmp_path / "cut.mbox"
    cut.write_bytes((FIXTURES / "gmail_takeout.mbox").read_bytes()[:-40])
    with pytest.raises(MailboxError, match=r"cut\.mbox ends in the middle of message 3 of 3"):
        plan_mail_import_in_child([cut], contacts.list_contacts(), set())
    junk = tmp_path / "junk.mbox"
    junk.write_bytes(b"From x\nhello there\nthis is not mail\n\n")
    with pytest.raises(MailboxError, match=r"junk\.mbox, message 1 is not an email"):
        plan_mail_import_in_child([junk], contacts.list_contacts(), set())


def test_cancel_stops_the_child_at_once(contacts: NotesStore, tmp_path: Path) -> None:
    big = tmp_path / "big.mbox"
    message = (FIXTURES / "gmail_takeout.mbox").read_bytes()
    big.write_bytes(message * 2000)  # 6,000 messages: many seconds to read
    seen: list[int] = []
    with pytest.raises(MailReadCancelled):
        plan_mail_import_in_child(
            [big],
            contacts.list_contacts(),
            set(),
            progress=lambda done, total: seen.append(done),
            cancelled=lambda: len(seen) >= 2,
        )
    stopped = time.monotonic()
    assert 0 < seen[-1] < 6000  # stopped in the middle
    # No reader is left running behind the cancelled import.
    while multiprocessing.active_children() and time.monotonic() - stopped < 5:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []
