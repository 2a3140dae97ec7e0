"""The Contact tab with the notes open: a reference into the draft, a quick note, Log as
sent, and a wrong passphrase that leaves the editor working."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog
from window_helpers import PASSPHRASE, choose_laura, finish_operations, settle

from rapport.notes.store import open_store


def test_insert_reference_is_one_undo_step(window, known_contact) -> None:
    choose_laura(window)
    window.editor.setPlainText("Hi Laura,\n\n")
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.contacts.history_view.notes.setCurrentRow(
        next(
            i
            for i in range(window.contacts.history_view.notes.count())
            if "daughter" in window.contacts.history_view.notes.item(i).text()
        )
    )
    window.contacts.insert_reference()
    assert "daughter started college in Boston" in window.editor.toPlainText()
    window.editor.undo()
    assert window.editor.toPlainText() == "Hi Laura,\n\n"


def test_quick_note_and_log_as_sent_reach_the_store(window, known_contact) -> None:
    choose_laura(window)
    window.contacts.history_view.new_note.setText("Prefers calls after 4 pm")
    window.contacts.history_view.new_note_kind.setCurrentText("call")
    window.contacts.history_view.add_note()
    finish_operations(window)
    assert any(
        "after 4 pm" in window.contacts.history_view.notes.item(i).text()
        for i in range(window.contacts.history_view.notes.count())
    )
    window.subject.setText("Pricing")
    window.editor.setPlainText("Hi Laura,\n\nHere is the pricing sheet you asked for.")
    window.sending.log_sent()
    finish_operations(window)
    assert "Logged as sent" in window.statusBar().currentMessage()
    window.contacts.close_store()
    finish_operations(window)
    store = open_store(passphrase_provider=lambda confirm: PASSPHRASE)
    history = store.contact_history(store.find_contact("Laura Chen").id)
    assert history.sent_emails[0].subject == "Pricing"
    store.close()


def test_wrong_passphrase_is_explained_and_the_editor_keeps_working(
    window, known_contact, monkeypatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("wrong", True))
    window.contacts.to_row.to_field.setText("Lau")
    window.contacts.to_row.to_field.returnPressed.emit()
    finish_operations(window)
    assert window.contacts.message.isVisibleTo(window.contacts)
    assert "passphrase" in window.contacts.message.text().lower()
    window.editor.setPlainText("Hi Ana,\n\nWant to buy some?")
    settle(window)
    assert any(f.category == "pushy" for _, _, f in window.editor.drawn_findings())
