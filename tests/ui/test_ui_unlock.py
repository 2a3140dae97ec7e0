"""Unlocking passphrase-locked notes: never mid-word, errors in the prompt itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
from window_helpers import PASSPHRASE

from rapport.ui.app import wait_until
from rapport.ui.contacts import UNLOCK_ATTEMPTS


class PromptAnswerer:
    """Answers the real passphrase dialogs as they open, and remembers what they said."""

    def __init__(self, answers: list[str | None]) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._answer)
        self._timer.start()

    def _answer(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog) or not dialog.isVisible():
            return
        self.prompts.append(dialog.labelText())
        answer = self.answers.pop(0) if self.answers else None
        if answer is None:
            dialog.reject()
        else:
            dialog.setTextValue(answer)
            dialog.accept()

    def stop(self) -> None:
        self._timer.stop()


def test_typing_in_to_never_opens_the_prompt_and_enter_does(window, locked_contact, qtbot) -> None:
    answerer = PromptAnswerer([PASSPHRASE])
    window.contacts.to_row.to_field.setFocus()
    qtbot.keyClicks(window.contacts.to_row.to_field, "Lau")
    qtbot.wait(100)
    # Every letter landed in To:, and no dialog took any of them.
    assert window.contacts.to_row.to_field.text() == "Lau"
    assert answerer.prompts == []
    assert window.contacts.opened_store() is None
    assert window.statusBar().currentMessage() == "Press Enter to unlock your contact notes"
    qtbot.keyClick(window.contacts.to_row.to_field, Qt.Key.Key_Return)
    assert wait_until(lambda: window.contacts.history is not None, timeout=10)
    answerer.stop()
    assert len(answerer.prompts) == 1
    assert window.contacts.history.contact.name == "Laura Chen"


def test_a_wrong_passphrase_is_said_in_the_dialog_and_the_next_try_opens(
    window, locked_contact
) -> None:
    answerer = PromptAnswerer(["wrong", PASSPHRASE])
    window.side_tabs.setCurrentWidget(window.contact_tab)
    assert wait_until(lambda: window.contacts.opened_store() is not None, timeout=10)
    answerer.stop()
    assert len(answerer.prompts) == 2
    assert "did not unlock" not in answerer.prompts[0]
    assert "did not unlock" in answerer.prompts[1]
    assert not window.contacts.message.isVisibleTo(window.contacts)


def test_after_wrong_passphrases_it_waits_until_the_user_asks_again(
    window, locked_contact, qtbot
) -> None:
    answerer = PromptAnswerer(["wrong"] * UNLOCK_ATTEMPTS)
    window.side_tabs.setCurrentWidget(window.contact_tab)
    assert wait_until(lambda: len(answerer.prompts) == UNLOCK_ATTEMPTS, timeout=10)
    # The last try is checked off the UI thread; then the window says they stay locked.
    assert wait_until(lambda: "locked" in window.statusBar().currentMessage(), timeout=10)
    assert window.contacts.opened_store() is None
    assert window.contacts.unlock_button.isVisibleTo(window.contacts)
    # Typing, switching tabs and back: no prompt comes back by itself.
    qtbot.keyClicks(window.contacts.to_row.to_field, "Pri")
    window.side_tabs.setCurrentWidget(window.score_tab)
    window.side_tabs.setCurrentWidget(window.contact_tab)
    qtbot.wait(200)
    assert len(answerer.prompts) == UNLOCK_ATTEMPTS
    assert window.contacts.to_row.to_field.text() == "Pri"
    # The user asks: one more prompt, and the right passphrase opens the notes.
    answerer.answers = [PASSPHRASE]
    qtbot.mouseClick(window.contacts.unlock_button, Qt.MouseButton.LeftButton)
    assert wait_until(lambda: window.contacts.opened_store() is not None, timeout=10)
    answerer.stop()
    assert len(answerer.prompts) == UNLOCK_ATTEMPTS + 1
    assert not window.contacts.unlock_button.isVisibleTo(window.contacts)
