"""The Contact tab's view of the chosen person: their follow-ups and notes, and the emails
between you, received and sent, newest first."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from window_helpers import PASSPHRASE, choose_laura, finish_operations, settle

from rapport.notes.store import open_store
from rapport.ui.app import wait_until

FIXTURES = Path(__file__).parent.parent / "mail" / "fixtures"


def test_choosing_a_contact_shows_notes_and_due_follow_ups(window, known_contact) -> None:
    choose_laura(window)
    notes = [
        window.contacts.history_view.notes.item(i).text()
        for i in range(window.contacts.history_view.notes.count())
    ]
    assert any("daughter started college" in text for text in notes)
    assert window.contacts.history_view.follow_ups.count() == 1
    assert "pricing sheet" in window.contacts.history_view.follow_ups.item(0).text()
    assert window.log_action.isEnabled()


def email_rows(window) -> list[str]:
    emails = window.contacts.history_view.emails
    return [emails.item(row).text() for row in range(emails.count())]


def test_imported_mail_is_listed_newest_first_with_date_and_direction(
    window, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("rapport.notes.keys.keychain_available", lambda backend=None: False)
    store = open_store(passphrase_provider=lambda confirm: PASSPHRASE)
    store.add_contact("Laura Chen", email="laura.chen@northwind.example")
    store.close()
    monkeypatch.setattr(window.contacts, "_provider", lambda confirm: PASSPHRASE)
    from rapport.operations import notes

    read_on: list[str] = []
    real_history = notes.contact_history

    def history_read_where(store, contact_id):
        read_on.append(threading.current_thread().name)
        return real_history(store, contact_id)

    monkeypatch.setattr(notes, "contact_history", history_read_where)
    window.contacts.to_row.to_field.setText("Laura Chen")
    window.contacts.to_row.to_field.returnPressed.emit()  # Enter: unlock, and choose her
    assert wait_until(lambda: window.contacts.history is not None, timeout=10)
    assert email_rows(window) == ["No emails yet: Log as sent, or Contacts → Import mail…"]

    # Contacts → Import mail… with her open: her emails are listed once it is written.
    flow = window.mail_import
    flow.start([FIXTURES / "gmail_takeout.mbox"])
    assert wait_until(lambda: flow.preview is not None and flow.preview.isVisible(), timeout=10)
    flow.preview.accept()
    assert wait_until(lambda: "Imported" in window.statusBar().currentMessage(), timeout=10)
    assert wait_until(lambda: len(email_rows(window)) == 2, timeout=10)
    assert email_rows(window) == [
        "04 Mar 2025 · sent\nRe: Northwind demo follow-up",  # 11:30, her time
        "04 Mar 2025 · received\nRe: Northwind demo follow-up",  # 09:14
    ]
    theirs = window.contacts.history_view.emails.item(1)
    assert "moving to the new warehouse in April" in theirs.toolTip()  # what she wrote
    # What she wrote counts as what she told you; the tab quotes it on one line.
    window.editor.setPlainText("Hi Laura,\n\nHow is the move to the new warehouse going?")
    settle(window)
    picked = window.contacts.history_view.picked_up.text().splitlines()
    assert any("Our team is moving to the new warehouse" in line for line in picked)
    assert all(line.startswith("Picks up") for line in picked)

    # Log as sent: today's email comes first.
    window.subject.setText("Pricing for 40 seats")
    window.editor.setPlainText("Hi Laura,\n\nHere is the pricing for 40 seats.")
    window.sending.log_sent()
    finish_operations(window)
    assert email_rows(window)[0] == f"{date.today():%d %b %Y} · sent\nPricing for 40 seats"
    assert len(email_rows(window)) == 3
    # Each read of her history ran on the notes' worker, never on the UI thread.
    assert read_on and threading.main_thread().name not in read_on


def test_choosing_no_one_clears_the_emails(window, known_contact) -> None:
    store = open_store(passphrase_provider=lambda confirm: PASSPHRASE)
    laura = store.find_contact("Laura Chen")
    store.log_sent_email(laura.id, "Hi Laura, the sheet is attached.", subject="Pricing sheet")
    store.close()
    choose_laura(window)
    assert [row.split("\n")[1] for row in email_rows(window)] == ["Pricing sheet"]
    window.contacts.forget_contact()
    assert email_rows(window) == []
    assert window.contacts.history_view.details.text().startswith("Choose who this email")
