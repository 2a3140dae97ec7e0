"""Search all notes and sent emails from the Contact tab: each hit with its contact and
date, across every contact, and a plain "Nothing found." when there are none."""

from __future__ import annotations

from datetime import date

from window_helpers import PASSPHRASE, finish_operations, open_contact_tab

from rapport.notes.store import open_store


def results(window) -> list[str]:
    found = window.contacts.notes_search.results
    return [found.item(row).text() for row in range(found.count())]


def test_a_search_finds_notes_and_emails_of_every_contact(window, known_contact) -> None:
    store = open_store(passphrase_provider=lambda confirm: PASSPHRASE)
    sam = store.add_contact("Sam Ortiz", email="sam@northwind.example")
    store.log_sent_email(sam.id, "Hi Sam, the Boston office opens in May.", subject="Office news")
    store.close()
    open_contact_tab(window)
    search = window.contacts.notes_search
    search.field.setText("boston")
    search.field.returnPressed.emit()
    finish_operations(window)  # the search runs off the UI thread
    today = f"{date.today():%d %b %Y}"
    assert sorted(results(window)) == [
        f"Laura Chen · {today}\nHer daughter started college in Boston",
        f"Sam Ortiz · {today}\nHi Sam, the Boston office opens in May.",
    ]
    search.field.setText("zanzibar")
    search.search()
    finish_operations(window)
    assert results(window) == ["Nothing found."]
