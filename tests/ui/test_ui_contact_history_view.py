"""The Contact tab's view of the chosen person: their details, follow-ups and notes."""

from __future__ import annotations

from window_helpers import choose_laura


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
