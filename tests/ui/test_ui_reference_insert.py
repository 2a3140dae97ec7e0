"""Insert reference in the real window: a sentence to the reader, placed well, selected."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from window_helpers import choose_laura, settle


def _row(widget, words: str) -> int:
    return next(i for i in range(widget.count()) if words in widget.item(i).text())


def test_with_nothing_chosen_the_newest_thing_she_said_goes_in_after_a_space(
    window, known_contact
) -> None:
    choose_laura(window)
    # Her notes are under notes; the writer's own task only under open follow-ups.
    notes = [
        window.contacts.history_view.notes.item(i).text()
        for i in range(window.contacts.history_view.notes.count())
    ]
    assert any("daughter" in text for text in notes)
    assert not any("pricing sheet" in text for text in notes)
    window.editor.setPlainText("Hi Laura,\n\nHow are you doing?")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.contacts.history_view.notes.clearSelection()
    window.contacts.history_view.follow_ups.clearSelection()
    window.contacts.insert_reference()
    text = window.editor.toPlainText()
    inserted = "You mentioned today that your daughter started college in Boston."
    assert text == f"Hi Laura,\n\nHow are you doing? {inserted}"
    assert "you mentioned: " not in text.lower() and "Send" not in text
    # Selected, ready to edit.
    assert window.editor.textCursor().selectedText() == inserted
    window.editor.undo()  # one step
    assert window.editor.toPlainText() == "Hi Laura,\n\nHow are you doing?"


def test_mid_sentence_the_reference_goes_on_its_own_line(window, known_contact) -> None:
    choose_laura(window)
    window.editor.setPlainText("Hi Laura,\n\nHow are you doing")
    cursor = window.editor.textCursor()
    cursor.setPosition(len("Hi Laura,\n\nHow are"))
    window.editor.setTextCursor(cursor)
    window.contacts.history_view.notes.setCurrentRow(
        _row(window.contacts.history_view.notes, "daughter")
    )
    window.contacts.insert_reference()
    lines = window.editor.toPlainText().splitlines()
    assert lines[2] == "How are you doing"
    assert lines[3] == "You mentioned today that your daughter started college in Boston."


def test_a_chosen_follow_up_is_the_thing_itself_never_what_she_mentioned(
    window, known_contact
) -> None:
    choose_laura(window)
    window.editor.setPlainText("Hi Laura,\n\n")
    settle(window)
    assert "contact-follow-up-due" in {f.rule for f in window.report_presenter.contact_findings}
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.contacts.history_view.notes.clearSelection()
    window.contacts.history_view.follow_ups.setCurrentRow(0)
    window.contacts.insert_reference()
    assert window.editor.toPlainText() == "Hi Laura,\n\nHere is the pricing sheet."
    settle(window)
    # The draft names the promise: the overdue follow-up is no longer flagged.
    assert "contact-follow-up-due" not in {f.rule for f in window.report_presenter.contact_findings}


def test_with_text_selected_the_reference_takes_its_place(window, known_contact) -> None:
    choose_laura(window)
    window.editor.setPlainText("Hi Laura,\n\nWRITE SOMETHING ABOUT HER\n\nBest,\nMax")
    cursor = window.editor.textCursor()
    start = len("Hi Laura,\n\n")
    cursor.setPosition(start)
    cursor.setPosition(start + len("WRITE SOMETHING ABOUT HER"), QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    window.contacts.history_view.notes.setCurrentRow(
        _row(window.contacts.history_view.notes, "daughter")
    )
    window.contacts.insert_reference()
    inserted = "You mentioned today that your daughter started college in Boston."
    assert window.editor.toPlainText() == f"Hi Laura,\n\n{inserted}\n\nBest,\nMax"
    assert window.editor.textCursor().selectedText() == inserted


def test_the_email_just_logged_as_sent_is_not_flagged_as_a_repeat(window, known_contact) -> None:
    choose_laura(window)
    window.subject.setText("Leeds")
    window.editor.setPlainText(
        "Hi Laura,\n\nOur warehouse platform cuts picking time by a third and pays for itself "
        "within six months for teams like yours.\n\nHow did your daughter find Boston?"
    )
    window.sending.log_sent()
    settle(window)
    assert window.contacts.history.sent_emails  # logged
    assert "contact-repeated-pitch" not in {
        f.rule for f in window.report_presenter.contact_findings
    }
