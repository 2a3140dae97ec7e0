"""The contact beside the draft: a "To:" field, their notes, follow-ups and emails, search.

The panel puts its parts together and runs what they ask for on the notes:
``RecipientRow`` (the To: row, ``to_row``), ``ContactHistoryView`` (the chosen
contact's details, follow-ups, notes and past emails, ``history_view``) and
``NotesSearch`` (``notes_search``).

The encrypted store opens the first time the user touches contacts, not at
start: with a keychain that is silent; without one, Rapport asks for the
passphrase, and a wrong one leaves the rest of the app working. Every call on it
runs off the UI thread (``rapport.ui.notes_access``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from rapport.analysis import Finding
from rapport.notes.model import Contact, ContactHistory
from rapport.ui.contact_dialogs import NewContactDialog, ask_passphrase
from rapport.ui.contact_history_view import ContactHistoryView
from rapport.ui.notes_access import (
    UNLOCK_ATTEMPTS,
    NotesAccess,
    opens_without_asking,
)
from rapport.ui.notes_search import NotesSearch
from rapport.ui.operations import OperationRunner
from rapport.ui.recipient_row import RecipientRow

if TYPE_CHECKING:
    from rapport.notes.store import NotesStore

__all__ = [
    "UNLOCK_ATTEMPTS",
    "ContactsPanel",
    "NewContactDialog",
    "ask_passphrase",
    "insert_into",
    "opens_without_asking",
]

PassphraseProvider = Callable[[bool], str]


class ContactsPanel(QWidget):
    """The "To:" row (``to_row``) and the contact tab."""

    #: The chosen contact changed; the window recomputes the contact-aware findings.
    contactChanged = Signal()
    #: A short line for the status bar (the panel itself may be behind another tab).
    noticeRequested = Signal(str)

    def __init__(
        self,
        insert_text: Callable[[str], None],
        passphrase_provider: PassphraseProvider | None = None,
        parent: QWidget | None = None,
        runner: OperationRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._insert_text = insert_text
        #: (confirm) -> passphrase, for tests and scripts; None: the dialog.
        self._provider = passphrase_provider
        #: The notes, opened when the user asks; every call on them runs off the UI thread.
        self.access = NotesAccess(self, runner or OperationRunner(self), self._ask)
        self.access.opened.connect(self._unlocked)
        self.access.lockedOut.connect(self._locked)
        self._shown_once = False
        #: The chosen contact's history as last read, None when no contact is chosen.
        self.history: ContactHistory | None = None

        self.to_row = RecipientRow(self.access)
        self.to_row.contactPicked.connect(self.choose)
        self.to_row.unlockRequested.connect(self.unlock)
        self.to_row.problem.connect(self.show_message)
        self.to_row.noticeRequested.connect(self.noticeRequested)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c4003b")
        # Messages quote what the user typed and what the store said: never HTML.
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.unlock_button = QPushButton("Unlock notes…")
        self.unlock_button.clicked.connect(self.unlock)
        self.unlock_button.hide()
        self.history_view = ContactHistoryView()
        self.history_view.addNoteRequested.connect(self._add_note)
        self.history_view.markDoneRequested.connect(self._mark_done)
        self.history_view.insertRequested.connect(self.insert_reference)
        self.notes_search = NotesSearch(self.access, self._say)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.unlock_button)
        layout.addWidget(self.history_view, 5)
        layout.addWidget(self.notes_search, 1)

    # ------------------------------------------------------------ the store

    def _ask(self, confirm: bool, problem: str) -> str:
        if self._provider is not None:
            return self._provider(confirm)
        # A wrong passphrase a moment ago is said in the prompt, where the user looks.
        return ask_passphrase(self.window(), confirm, problem)

    def _unlocked(self) -> None:
        self.message.hide()
        self.unlock_button.hide()

    def _locked(self, reason: str) -> None:
        self.show_message(f"{reason} Press Unlock notes… when you want them.")
        self.unlock_button.show()
        self.noticeRequested.emit("Contact notes stay locked · Contacts tab to unlock")

    def unlock(self) -> None:
        """The user asked for their notes (the Contact tab's first showing, a button).

        Asked only then (Enter in To:, the Contact tab, a button): a passphrase prompt
        is expected, and a wrong passphrase is said in it up to UNLOCK_ATTEMPTS times.
        """

        def opened(store: NotesStore) -> None:
            self.history_view.show_history(self.history)
            self.to_row.choose_pending()

        self.access.when_open(opened)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            # The Contact tab's first showing is a request for contacts: ask for the
            # passphrase now (after the tab has painted), not on a later keystroke.
            self._shown_once = True
            QTimer.singleShot(0, self.unlock)

    def may_open_silently(self) -> bool:
        """Open the store now only if that needs no prompt (keychain, or already open)."""
        return self.access.may_open_silently()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _say(self, error: BaseException) -> None:
        """An operation's error, said in the panel (the user is looking at it)."""
        self.show_message(str(error))

    def close_store(self) -> None:
        self.access.close()

    def opened_store(self):  # -> NotesStore | None
        """The store if this window has already unlocked it; never asks."""
        return self.access.store

    def ask_passphrase(self, confirm: bool) -> str:
        """The passphrase prompt the store uses, also for a backup's key."""
        return self._ask(confirm, "")

    def forget_contact(self) -> None:
        """Back to no contact chosen (the notes underneath were replaced)."""
        self.history = None
        self.to_row.clear()
        self.history_view.show_history(None)
        self.contactChanged.emit()

    # ------------------------------------------------------------ the chosen contact

    def choose(self, contact: Contact, notice: str = "") -> None:
        """Show ``contact``'s history (read off the UI thread), then ``notice`` if any."""
        from rapport.operations import notes

        def chosen(history: ContactHistory) -> None:
            self.to_row.show_contact(contact)
            self.message.hide()
            self._apply_history(history)
            if notice:
                self.show_message(notice)

        def read(store: NotesStore) -> ContactHistory:
            from rapport.notes import checks

            history = notes.contact_history(store, contact.id)
            checks.prepare()  # the checks' word lists, parsed here rather than on the UI thread
            return history

        self.access.run(read, chosen, failure=self._say)

    def _apply_history(self, history: ContactHistory) -> None:
        self.history = history
        self.history_view.show_history(history)
        self.contactChanged.emit()

    def _then_history(
        self,
        change: Callable[[NotesStore], object],
        failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``change`` on the notes, then show the chosen contact's history again."""
        if self.history is None:
            return
        from rapport.operations import notes

        contact_id = self.history.contact.id

        def op(store: NotesStore) -> ContactHistory:
            change(store)
            return notes.contact_history(store, contact_id)

        self.access.run(op, self._apply_history, failure=failure or self._say)

    def reload_history(self) -> None:
        """Read the chosen contact's history again (after an import wrote to it)."""
        self._then_history(lambda store: None)

    def _add_note(self, text: str, kind: str, due: date | None) -> None:
        if self.history is None:
            return
        from rapport.operations import notes

        contact = self.history.contact

        def failed(error: BaseException) -> None:
            self.history_view.note_not_added(text)
            self._say(error)

        self._then_history(
            lambda store: notes.add_note(store, contact, text, kind=kind, due=due), failed
        )

    def _mark_done(self, note_id: int) -> None:
        from rapport.operations import notes

        self._then_history(lambda store: notes.mark_done(store, note_id))

    def insert_reference(self) -> None:
        """The chosen note (or the newest one) as a line addressed to the reader."""
        if self.history is None:
            return
        note = self.history_view.chosen_note()
        if note is None:
            self.show_message("No notes of what they told you yet: add one first.")
            return
        from rapport.notes.reference import reference_for

        reference = reference_for(note, self.history.contact)
        if reference is None:
            self.show_message(
                f"\u201c{note.text}\u201d is a task for you, not a line for the email: "
                "do it, then mark it done."
            )
            return
        self.message.hide()
        self._insert_text(reference.text)

    def log_sent(self, subject: str, body: str, done: Callable[[str], None]) -> None:
        """Save the email to the contact's history; ``done`` gets a line for the status bar."""
        if self.history is None:
            done("Choose a contact in the To: field first.")
            return
        from rapport.operations import notes

        contact = self.history.contact

        def op(store: NotesStore) -> tuple[str, ContactHistory]:
            logged = notes.log_sent(store, contact, subject, body)
            return logged.message, notes.contact_history(store, contact.id)

        def logged(result: tuple[str, ContactHistory]) -> None:
            message, history = result
            self._apply_history(history)
            done(message)

        self.access.run(op, logged, failure=lambda error: done(str(error)))

    # ------------------------------------------------------------ for the window

    def recipient(self) -> tuple[str, int | None]:
        """The To: field as shown, and the chosen contact's id (for the autosave)."""
        contact_id = self.history.contact.id if self.history is not None else None
        shown = self.to_row.to_field.text()
        return shown, contact_id if contact_id is not None else self.to_row.pending

    def recipient_address(self) -> str:
        """The address the email goes to: the chosen contact's, or one typed in To:."""
        if self.history is not None and self.history.contact.email:
            return self.history.contact.email
        return self.to_row.typed_address()

    def restore_recipient(self, label: str, contact_id: int | None) -> None:
        """Put a restored draft's To: back; the contact is chosen as soon as the notes
        open (at once with a keychain, else when the user unlocks them)."""
        self.to_row.restore(label, contact_id)
        if contact_id is not None and self.may_open_silently():
            self.to_row.choose_pending()

    def contact_findings(self, text: str) -> list[Finding]:
        if self.history is None:
            return []
        from rapport.notes.checks import check_draft, note_matches  # once a contact is chosen
        from rapport.ui.reference_insert import picked_up_text

        self.history_view.picked_up.setText(picked_up_text(note_matches(text, self.history)))
        return check_draft(text, self.history)


def insert_into(editor: QPlainTextEdit) -> Callable[[str], None]:
    """Insert a sentence at the editor's cursor as one undoable step, then select it."""
    from rapport.ui.reference_insert import insert_sentence

    return lambda text: insert_sentence(editor, text)
