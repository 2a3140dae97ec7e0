"""Helpers shared by the window tests (imported by name, unlike conftest.py)."""

from __future__ import annotations

from rapport.ui.app import wait_until
from rapport.ui.main_window import MainWindow

PASSPHRASE = "correct horse battery"


def settle(window: MainWindow) -> None:
    """Wait until every paragraph is analysed and the report is current."""
    # 30 s, not 10: on a shared two-core machine a 40,000-word paste took longer.
    assert wait_until(window.editor.analysis.is_idle, timeout=30), "analysis did not settle"


def finish_operations(window: MainWindow) -> None:
    """Wait until the notes operations the test started (off the UI thread) are done."""
    assert wait_until(window.operations.idle, timeout=20), "an operation did not finish"


def open_contact_tab(window) -> None:
    """Show the Contact tab, as a user asking for contacts does: the notes unlock."""
    window.side_tabs.setCurrentWidget(window.contact_tab)
    assert wait_until(lambda: window.contacts.opened_store() is not None, timeout=10)


def unlocked_store(window):
    """The window's notes, unlocked as a user asking for contacts would (for test setup)."""
    window.contacts.unlock()
    assert wait_until(lambda: window.contacts.opened_store() is not None, timeout=10)
    finish_operations(window)
    return window.contacts.opened_store()


def choose_laura(window) -> None:
    if window.contacts.opened_store() is None:
        open_contact_tab(window)
    window.contacts.to_row.to_field.setText("Lau")
    window.contacts.to_row.to_field.textEdited.emit("Lau")
    finish_operations(window)  # the look-up runs off the UI thread
    shown = window.contacts.to_row.names.stringList()
    assert shown == ["Laura Chen <laura@example.com>"]
    window.contacts.to_row.completer.activated.emit(shown[0])
    assert wait_until(lambda: window.contacts.history is not None, timeout=10)
