"""The To: row's "New contact…": an email already stored adds nothing and says so; a new one
is added and chosen."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from window_helpers import PASSPHRASE, finish_operations

from rapport.notes.store import open_store
from rapport.ui.contacts import NewContactDialog


def _fill_new_contact_dialog(name: str, email: str) -> None:
    """Type into the real modal dialog once it is up, then press OK."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewContactDialog):
            QTimer.singleShot(20, fill)
            return
        dialog.name.setText(name)
        dialog.email.setText(email)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        ok.click()

    QTimer.singleShot(0, fill)


def test_new_contact_with_a_known_email_chooses_the_stored_one(window, known_contact) -> None:
    _fill_new_contact_dialog("L. Chen", "LAURA@example.com")
    window.contacts.to_row.new_button.click()
    finish_operations(window)

    panel = window.contacts
    assert panel.history is not None and panel.history.contact.name == "Laura Chen"
    assert panel.to_row.to_field.text() == "Laura Chen <laura@example.com>"
    assert panel.message.isVisibleTo(panel)
    assert "Laura Chen <laura@example.com> is already a contact; nothing was added" in (
        panel.message.text()
    )
    # Her notes are there, and no second Laura was stored.
    assert any("college" in note.text for note in panel.history.notes)
    panel.close_store()
    finish_operations(window)
    store = open_store(passphrase_provider=lambda confirm: PASSPHRASE)
    assert [(c.name, c.email) for c in store.list_contacts()] == [
        ("Laura Chen", "laura@example.com")
    ]
    store.close()


def test_new_contact_with_a_new_email_is_added(window, known_contact) -> None:
    _fill_new_contact_dialog("Sam Patel", "sam@example.com")
    window.contacts.to_row.new_button.click()
    finish_operations(window)
    panel = window.contacts
    assert panel.history is not None and panel.history.contact.email == "sam@example.com"
    assert not panel.message.isVisibleTo(panel)
