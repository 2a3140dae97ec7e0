"""The contact beside the draft: a "To:" field, their notes and follow-ups, search.

The encrypted store opens the first time the user touches contacts, not at
start: with a keychain that is silent; without one, Rapport asks for the
passphrase, and a wrong one leaves the rest of the app working.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rapport.analysis import Finding
from rapport.notes.model import NOTE_KINDS, Contact, ContactHistory, Note, NoteKind
from rapport.ui.contact_dialogs import NewContactDialog, ask_passphrase
from rapport.ui.dates import date_field
from rapport.ui.notes_access import (
    UNLOCK_ATTEMPTS,
    NotesAccess,
    opens_without_asking,
)
from rapport.ui.operations import OperationRunner
from rapport.ui.richtext import escape

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
_NOTE_ROLE = Qt.ItemDataRole.UserRole
_ADDRESS = re.compile(r"[^\s<>@,;]+@[^\s<>@,;]+\.[^\s<>@,;]+")


def _note_line(note: Note) -> str:
    when = note.created_at.strftime("%d %b %Y")
    due = f" · due {note.due:%d %b}" if note.due else ""
    return f"{when} · {note.kind}{due}\n{note.text}"


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
        self._shown: dict[str, Contact] = {}
        self.history: ContactHistory | None = None
        #: A restored draft's contact, chosen once the notes open.
        self._pending: int | None = None

        self.to_row = QWidget()
        to_layout = QHBoxLayout(self.to_row)
        to_layout.setContentsMargins(0, 0, 0, 0)
        self.to_field = QLineEdit()
        self.to_field.setPlaceholderText("To: start typing a contact's name")
        self._names = QStringListModel(self)
        self.completer = QCompleter(self._names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.to_field.setCompleter(self.completer)
        self.to_field.textEdited.connect(self._suggest)
        self.completer.activated.connect(self.choose_shown)
        self.to_field.returnPressed.connect(lambda: self.choose_shown(self.to_field.text()))
        self.new_button = QPushButton("New contact…")
        self.new_button.clicked.connect(lambda: self.create_contact(self.to_field.text()))
        to_layout.addWidget(QLabel("To:"))
        to_layout.addWidget(self.to_field, 1)
        to_layout.addWidget(self.new_button)

        layout = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c4003b")
        # Messages quote what the user typed and what the store said: never HTML.
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.unlock_button = QPushButton("Unlock notes…")
        self.unlock_button.clicked.connect(self.unlock)
        self.unlock_button.hide()
        self.details = QLabel("Choose who this email is for in the To: field.")
        self.details.setWordWrap(True)
        # Rich text for the bold name, with every field escaped (see rapport.ui.richtext):
        # a vCard's "ORG:Acme <img src=/dev/zero>" is shown, not loaded.
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.follow_ups = QListWidget()
        self.follow_ups.setWordWrap(True)
        self.done_button = QPushButton("Mark follow-up done")
        self.done_button.clicked.connect(self._mark_done)
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        self.notes.setAlternatingRowColors(True)
        self.insert_button = QPushButton("Insert reference into the draft")
        self.insert_button.setToolTip(
            "A line for the email from the chosen note (or the newest one), selected so "
            "you can edit it"
        )
        self.insert_button.clicked.connect(self.insert_reference)
        # One chosen item across both lists: the reference comes from that one.
        self.notes.itemPressed.connect(lambda _: self.follow_ups.clearSelection())
        self.follow_ups.itemPressed.connect(lambda _: self.notes.clearSelection())
        #: Which notes the draft picks up, and by which words (plain text: notes quoted).
        self.picked_up = QLabel()
        self.picked_up.setWordWrap(True)
        self.picked_up.setTextFormat(Qt.TextFormat.PlainText)
        self.picked_up.setStyleSheet("color: palette(placeholder-text)")
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search all notes and sent emails")
        self.search_field.returnPressed.connect(self.search)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.new_note = QLineEdit()
        self.new_note.setPlaceholderText("Quick note: what did they tell you?")
        self.new_note_kind = QComboBox()
        self.new_note_kind.addItems(NOTE_KINDS)
        self.new_note_due = date_field(QDateEdit(QDate.currentDate().addDays(7)))
        self.new_note_due.setToolTip("Due date, for follow-ups")
        self.new_note_kind.currentTextChanged.connect(
            lambda kind: self.new_note_due.setEnabled(kind == "follow-up")
        )
        self.new_note_due.setEnabled(self.new_note_kind.currentText() == "follow-up")
        self.add_button = QPushButton("Add note")
        self.add_button.clicked.connect(self.add_note)
        self.new_note.returnPressed.connect(self.add_note)
        add_row = QHBoxLayout()
        for widget in (self.new_note_kind, self.new_note_due, self.add_button):
            add_row.addWidget(widget)

        layout.addWidget(self.message)
        layout.addWidget(self.unlock_button)
        layout.addWidget(self.details)
        layout.addWidget(QLabel("Open follow-ups"))
        layout.addWidget(self.follow_ups, 1)
        layout.addWidget(self.done_button)
        layout.addWidget(QLabel("Recent notes"))
        layout.addWidget(self.notes, 2)
        layout.addWidget(self.picked_up)
        layout.addWidget(self.insert_button)
        layout.addWidget(self.new_note)
        layout.addLayout(add_row)
        layout.addWidget(self.search_field)
        layout.addWidget(self.results, 1)
        self._refresh()

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
            self._refresh()
            self._choose_pending()

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
        self._pending = None
        self.to_field.clear()
        self._refresh()
        self.contactChanged.emit()

    # ------------------------------------------------------------ choosing a contact

    def _suggest(self, typed: str) -> None:
        # Never a passphrase prompt mid-word: without a keychain the notes unlock on
        # Enter, or when the Contact tab is opened, and suggestions come after that.
        if not typed.strip():
            return
        if not self.may_open_silently():
            hint = "Press Enter to unlock your contact notes"
            if self.to_field.toolTip() != hint:  # said once, not on every letter
                self.to_field.setToolTip(hint)
                self.noticeRequested.emit(hint)
            return
        from rapport.operations import contacts

        self.access.run(
            lambda store: contacts.match_contacts(store, typed),
            lambda found: self._show_suggestions(typed, found),
            failure=self._say,
        )

    def _show_suggestions(self, typed: str, found: list[Contact]) -> None:
        if self.to_field.text() != typed:
            return  # typed on meanwhile: a newer look-up is on its way
        self._shown = {f"{c.name} <{c.email}>" if c.email else c.name: c for c in found}
        self._names.setStringList(list(self._shown))
        if self.to_field.hasFocus() and found:
            self.completer.setCompletionPrefix(typed)
            self.completer.complete()

    def choose_shown(self, label: str) -> None:
        contact = self._shown.get(label)
        if contact is not None:
            self.choose(contact)
            return
        if not label.strip():
            self.unlock()
            return
        self.access.run(lambda store: _find_or_match(store, label), self._found, failure=self._say)

    def _found(self, found: tuple[str, list[Contact]]) -> None:
        label, matches = found
        # Enter after a few letters (it may have just unlocked the notes): one match
        # is chosen, several are offered, none is said.
        if len(matches) == 1:
            self.choose(matches[0])
        elif matches:
            self._show_suggestions(self.to_field.text(), matches)
            self.completer.complete()
        else:
            missing = f"No contact called “{label.strip()}”. Use New contact… to add one."
            self.show_message(missing)
            self.noticeRequested.emit(missing)

    def choose(self, contact: Contact, notice: str = "") -> None:
        """Show ``contact``'s notes (read off the UI thread), then ``notice`` if any."""
        from rapport.operations import notes

        def chosen(history: ContactHistory) -> None:
            self.history = history
            self.to_field.setText(
                f"{contact.name} <{contact.email}>" if contact.email else contact.name
            )
            self.message.hide()
            self._refresh()
            self.contactChanged.emit()
            if notice:
                self.show_message(notice)

        def read(store: NotesStore) -> ContactHistory:
            from rapport.notes import checks

            history = notes.contact_history(store, contact.id)
            checks.prepare()  # the checks' word lists, parsed here rather than on the UI thread
            return history

        self.access.run(read, chosen, failure=self._say)

    def create_contact(self, typed: str) -> None:
        self.access.when_open(lambda store: self._new_contact(typed))

    def _new_contact(self, typed: str) -> None:
        dialog = NewContactDialog(typed.split("<")[0].strip(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.name.text().strip():
            return
        from rapport.operations import contacts

        name, email = dialog.name.text(), dialog.email.text()
        company = dialog.company.text()

        def added(result: contacts.AddedContact) -> None:
            # Nothing is added when they are stored already: the email goes to the
            # contact already stored, and the message says so (as the CLI does).
            notice = (
                f"{result.message} This email is now addressed to them." if result.existed else ""
            )
            self.choose(result.contact, notice)

        self.access.run(
            lambda store: contacts.add_contact(store, name, email=email, company=company),
            added,
            failure=self._say,
        )

    # ------------------------------------------------------------ what the panel shows

    def _refresh(self) -> None:
        chosen = self.history is not None
        for widget in (self.done_button, self.insert_button, self.add_button, self.new_note):
            widget.setEnabled(chosen)
        self.follow_ups.clear()
        self.notes.clear()
        if self.history is None:
            self.picked_up.clear()
            return
        contact = self.history.contact
        lines = [f"<b>{escape(contact.name)}</b>"]
        lines += [
            escape(value) for value in (contact.role, contact.company, contact.email) if value
        ]
        if contact.personal:
            lines.append(f"<i>{escape(contact.personal)}</i>")
        self.details.setText("<br>".join(lines))
        today = date.today()
        for note in self.history.open_follow_ups:
            item = QListWidgetItem(_note_line(note))
            item.setData(_NOTE_ROLE, note)
            if note.due and note.due <= today:
                item.setForeground(Qt.GlobalColor.red)
                item.setToolTip("Due or overdue: mention it in this email, or mark it done.")
            self.follow_ups.addItem(item)
        # What they told you; the writer's own tasks are listed under follow-ups.
        for note in self.history.notes:
            if note.kind == NoteKind.FOLLOW_UP:
                continue
            item = QListWidgetItem(_note_line(note))
            item.setData(_NOTE_ROLE, note)
            self.notes.addItem(item)

    def reload_history(self) -> None:
        """Read the chosen contact's history again (after an import wrote to it)."""
        self._reload()

    def _apply_history(self, history: ContactHistory) -> None:
        self.history = history
        self._refresh()
        self.contactChanged.emit()

    def _then_history(self, change: Callable[[NotesStore], object]) -> None:
        """Run ``change`` on the notes, then show the chosen contact's history again."""
        if self.history is None:
            return
        from rapport.operations import notes

        contact_id = self.history.contact.id

        def op(store: NotesStore) -> ContactHistory:
            change(store)
            return notes.contact_history(store, contact_id)

        self.access.run(op, self._apply_history, failure=self._say)

    def _reload(self) -> None:
        self._then_history(lambda store: None)

    def add_note(self) -> None:
        if self.history is None or not self.new_note.text().strip():
            return
        from rapport.operations import notes

        kind = self.new_note_kind.currentText()
        due = self.new_note_due.date().toPython() if kind == "follow-up" else None
        contact, text = self.history.contact, self.new_note.text()
        self.new_note.clear()  # typed into the field again if the note could not be added

        def failed(error: BaseException) -> None:
            if not self.new_note.text():
                self.new_note.setText(text)
            self._say(error)

        def op(store: NotesStore) -> ContactHistory:
            notes.add_note(store, contact, text, kind=kind, due=due)
            return notes.contact_history(store, contact.id)

        self.access.run(op, self._apply_history, failure=failed)

    def _mark_done(self) -> None:
        item = self.follow_ups.currentItem()
        if item is not None:
            from rapport.operations import notes

            note_id = item.data(_NOTE_ROLE).id
            self._then_history(lambda store: notes.mark_done(store, note_id))

    def insert_reference(self) -> None:
        """The chosen note (or the newest one) as a line addressed to the reader."""
        if self.history is None:
            return
        chosen = self.notes.selectedItems() or self.follow_ups.selectedItems()
        item = chosen[0] if chosen else self.notes.item(0)
        if item is None:
            self.show_message("No notes of what they told you yet: add one first.")
            return
        from rapport.notes.reference import reference_for

        note = item.data(_NOTE_ROLE)
        reference = reference_for(note, self.history.contact)
        if reference is None:
            self.show_message(
                f"\u201c{note.text}\u201d is a task for you, not a line for the email: "
                "do it, then mark it done."
            )
            return
        self.message.hide()
        self._insert_text(reference.text)

    def search(self) -> None:
        self.results.clear()
        query = self.search_field.text()
        if not query.strip():
            return
        from rapport.operations import notes

        def show(hits: list) -> None:
            if self.search_field.text() != query:
                return  # a newer search is on its way
            self.results.clear()
            for hit in hits:
                self.results.addItem(f"{hit.contact_name} · {hit.when:%d %b %Y}\n{hit.snippet}")
            if self.results.count() == 0:
                self.results.addItem("Nothing found.")

        self.results.addItem("Searching…")
        self.access.run(lambda store: notes.search_notes(store, query), show, failure=self._say)

    # ------------------------------------------------------------ for the window

    def recipient(self) -> tuple[str, int | None]:
        """The To: field as shown, and the chosen contact's id (for the autosave)."""
        contact_id = self.history.contact.id if self.history is not None else None
        return self.to_field.text(), contact_id if contact_id is not None else self._pending

    def recipient_address(self) -> str:
        """The address the email goes to: the chosen contact's, or one typed in To:."""
        if self.history is not None and self.history.contact.email:
            return self.history.contact.email
        typed = _ADDRESS.search(self.to_field.text())
        return typed.group(0) if typed else ""

    def restore_recipient(self, label: str, contact_id: int | None) -> None:
        """Put a restored draft's To: back; the contact is chosen as soon as the notes
        open (at once with a keychain, else when the user unlocks them)."""
        self.to_field.setText(label)
        self._pending = contact_id
        if contact_id is not None and self.may_open_silently():
            self._choose_pending()

    def _choose_pending(self) -> None:
        if self._pending is None:
            return
        from rapport.operations import contacts

        contact_id, self._pending = self._pending, None
        self.access.run(
            lambda store: contacts.get_contact(store, contact_id),
            self.choose,
            # Deleted since: the To: text stays for the user to fix.
            failure=lambda error: None,
        )

    def contact_findings(self, text: str) -> list[Finding]:
        if self.history is None:
            return []
        from rapport.notes.checks import check_draft, note_matches  # once a contact is chosen
        from rapport.ui.reference_insert import picked_up_text

        self.picked_up.setText(picked_up_text(note_matches(text, self.history)))
        return check_draft(text, self.history)

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


def _find_or_match(store: NotesStore, label: str) -> tuple[str, list[Contact]]:
    """The contact called (or emailed) ``label``, else the contacts it matches."""
    from rapport.operations import OperationError, contacts

    try:
        return label, [contacts.find_contact(store, label)]
    except OperationError:
        return label, contacts.match_contacts(store, label)


def insert_into(editor: QPlainTextEdit) -> Callable[[str], None]:
    """Insert a sentence at the editor's cursor as one undoable step, then select it."""
    from rapport.ui.reference_insert import insert_sentence

    return lambda text: insert_sentence(editor, text)
