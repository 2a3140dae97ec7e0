"""Contacts → Import mail… while it works: progress, Cancel with nothing written, errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from window_helpers import PASSPHRASE, finish_operations, unlocked_store

from rapport.notes.store import open_store
from rapport.ui.app import wait_until

FIXTURES = Path(__file__).parent.parent / "mail" / "fixtures"


def write_mailbox(path: Path, count: int) -> None:
    """``count`` messages between Laura and the user, as Thunderbird writes an mbox."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with path.open("wb") as out:
        for index in range(count):
            message = EmailMessage()
            laura, sam = "laura@northwind.example", "sam@acme.example"
            message["From"], message["To"] = (laura, sam) if index % 2 else (sam, laura)
            message["Subject"] = f"Re: the rollout, part {index}"
            message["Date"] = format_datetime(start + timedelta(minutes=index))
            message["Message-ID"] = f"<m{index}@northwind.example>"
            message.set_content("Could you send the plan before Friday? " * 20)
            out.write(b"From - Mon Jan  1 00:00:00 2024\n")
            out.write(bytes(message).replace(b"\r\n", b"\n"))
            out.write(b"\n")


@pytest.fixture
def laura(window, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("rapport.notes.keys.keychain_available", lambda backend=None: False)
    store = open_store(passphrase_provider=lambda confirm: PASSPHRASE)
    contact = store.add_contact("Laura Chen", email="laura@northwind.example")
    store.close()
    monkeypatch.setattr(window.contacts, "_provider", lambda confirm: PASSPHRASE)
    return contact.id


def imported(window, contact_id: int) -> int:
    store = unlocked_store(window)
    return len(store.received_emails(contact_id, limit=10_000)) + len(
        store.sent_emails(contact_id, limit=10_000)
    )


def cancel(flow) -> None:
    """Press the progress dialog's Cancel button."""
    flow.operation.dialog.findChild(QPushButton).click()


def test_reading_shows_the_messages_counted_and_cancel_imports_nothing(
    window, laura: int, tmp_path: Path
) -> None:
    mbox = tmp_path / "big.mbox"
    write_mailbox(mbox, 3000)
    flow = window.mail_import
    flow.start([mbox])
    assert wait_until(
        lambda: (
            flow.operation is not None
            and flow.operation.dialog is not None
            and flow.operation.dialog.isVisible()
            and flow.operation.dialog.labelText().endswith(" of 3,000 messages")
            and flow.operation.dialog.value() > 0
        ),
        timeout=20,
    )
    assert flow.operation.dialog.value() < flow.operation.dialog.maximum()
    assert window.isEnabled() and not flow.operation.dialog.isModal()  # you can write on
    cancel(flow)
    assert wait_until(lambda: not flow.running(), timeout=20)
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was imported."
    assert flow.preview is None
    assert imported(window, laura) == 0


def test_cancel_while_writing_leaves_nothing_written(window, laura: int, tmp_path: Path) -> None:
    mbox = tmp_path / "some.mbox"
    write_mailbox(mbox, 400)
    flow = window.mail_import
    flow.start([mbox])
    assert wait_until(lambda: flow.preview is not None and flow.preview.isVisible(), timeout=20)
    assert flow.preview.table.model().index(0, 1).data() == "200 received, 200 sent"
    store = unlocked_store(window)
    # The notes are busy a moment (as with another write), so Cancel comes in before
    # the first row is written, whatever the machine's speed.
    with store.lock:
        flow.preview.accept()
        cancel(flow)
    assert wait_until(lambda: not flow.running(), timeout=20)
    finish_operations(window)
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was imported."
    assert imported(window, laura) == 0
    # Nothing was half written: the same mailbox imports in full afterwards.
    flow.start([mbox])
    assert wait_until(lambda: flow.preview is not None and flow.preview.isVisible(), timeout=20)
    flow.preview.accept()
    assert wait_until(
        lambda: not flow.running() and "Imported" in window.statusBar().currentMessage(),
        timeout=20,
    )
    assert window.statusBar().currentMessage() == "Imported 400 emails."
    assert imported(window, laura) == 400


def test_cancel_while_writing_keeps_no_sender_it_was_asked_to_add(
    window, laura: int, tmp_path: Path
) -> None:
    mbox = tmp_path / "with-a-stranger.mbox"
    write_mailbox(mbox, 40)
    stranger = (FIXTURES / "thunderbird.mbox").read_bytes()
    mbox.write_bytes(mbox.read_bytes() + stranger)
    flow = window.mail_import
    flow.start([mbox])
    assert wait_until(lambda: flow.preview is not None and flow.preview.isVisible(), timeout=20)
    senders = flow.preview.senders.model()
    assert senders.rowCount() > 0
    senders.setData(senders.index(0, 0), Qt.CheckState.Checked)
    store = unlocked_store(window)
    before = len(store.list_contacts())
    with store.lock:  # Cancel comes in before the sender is written
        flow.preview.accept()
        cancel(flow)
    assert wait_until(lambda: not flow.running(), timeout=20)
    finish_operations(window)
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was imported."
    assert len(store.list_contacts()) == before
    assert imported(window, laura) == 0


def test_a_message_that_is_not_mail_is_named_by_its_number(
    window, laura: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text: shown.append((title, text))
    )
    good = (FIXTURES / "thunderbird.mbox").read_bytes()
    broken = tmp_path / "broken.mbox"
    broken.write_bytes(good + b"From - Tue Mar  4 09:00:00 2025\nno headers here at all\n\n")
    flow = window.mail_import
    flow.start([broken])
    assert wait_until(lambda: bool(shown) and not flow.running(), timeout=20)
    title, text = shown[0]
    assert title == "Could not import the mail"
    assert "broken.mbox, message 3 is not an email" in text
    assert "Nothing was imported" in text
    assert flow.preview is None
    assert imported(window, laura) == 0
