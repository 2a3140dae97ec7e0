"""The "To:" row above the subject: who the email is for, found in the contacts as typed.

Suggestions come from the notes only when they open without a prompt (a keychain,
or already unlocked): never a passphrase dialog mid-word. Without a keychain, Enter
unlocks them and picks the contact typed. Every look-up runs off the UI thread,
through the panel's ``NotesAccess``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from rapport.notes.model import Contact
from rapport.ui.contact_dialogs import NewContactDialog
from rapport.ui.notes_access import NotesAccess

if TYPE_CHECKING:
    from rapport.notes.store import NotesStore
    from rapport.operations.contacts import AddedContact

_ADDRESS = re.compile(r"[^\s<>@,;]+@[^\s<>@,;]+\.[^\s<>@,;]+")
UNLOCK_HINT = "Press Enter to unlock your contact notes"


def contact_label(contact: Contact) -> str:
    """How a contact reads in To: ("Laura Chen <laura@example.com>")."""
    return f"{contact.name} <{contact.email}>" if contact.email else contact.name


class RecipientRow(QWidget):
    """The To: field with its suggestions, and New contact…."""

    #: The user picked a contact (and a line to show with it, "" for none).
    contactPicked = Signal(object, str)
    #: Enter in an empty To:: the user wants their notes.
    unlockRequested = Signal()
    #: Something to say in the contact panel (no such contact, the notes' error).
    problem = Signal(str)
    #: A short line for the status bar (the Contact tab may be hidden).
    noticeRequested = Signal(str)

    def __init__(self, access: NotesAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._shown: dict[str, Contact] = {}
        #: A restored draft's contact, chosen once the notes open.
        self.pending: int | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.to_field = QLineEdit()
        self.to_field.setPlaceholderText("To: start typing a contact's name")
        self.names = QStringListModel(self)
        self.completer = QCompleter(self.names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.to_field.setCompleter(self.completer)
        self.to_field.textEdited.connect(self._suggest)
        self.completer.activated.connect(self.choose_shown)
        self.to_field.returnPressed.connect(lambda: self.choose_shown(self.to_field.text()))
        self.new_button = QPushButton("New contact…")
        self.new_button.clicked.connect(lambda: self.create_contact(self.to_field.text()))
        layout.addWidget(QLabel("To:"))
        layout.addWidget(self.to_field, 1)
        layout.addWidget(self.new_button)

    def _say(self, error: BaseException) -> None:
        self.problem.emit(str(error))

    # ------------------------------------------------------------ suggestions

    def _suggest(self, typed: str) -> None:
        # Never a passphrase prompt mid-word: without a keychain the notes unlock on
        # Enter, or when the Contact tab is opened, and suggestions come after that.
        if not typed.strip():
            return
        if not self._access.may_open_silently():
            if self.to_field.toolTip() != UNLOCK_HINT:  # said once, not on every letter
                self.to_field.setToolTip(UNLOCK_HINT)
                self.noticeRequested.emit(UNLOCK_HINT)
            return
        from rapport.operations import contacts

        self._access.run(
            lambda store: contacts.match_contacts(store, typed),
            lambda found: self._show_suggestions(typed, found),
            failure=self._say,
        )

    def _show_suggestions(self, typed: str, found: list[Contact]) -> None:
        if self.to_field.text() != typed:
            return  # typed on meanwhile: a newer look-up is on its way
        self._shown = {contact_label(c): c for c in found}
        self.names.setStringList(list(self._shown))
        if self.to_field.hasFocus() and found:
            self.completer.setCompletionPrefix(typed)
            self.completer.complete()

    def choose_shown(self, label: str) -> None:
        """A suggestion was chosen, or Enter pressed on what was typed."""
        contact = self._shown.get(label)
        if contact is not None:
            self.contactPicked.emit(contact, "")
            return
        if not label.strip():
            self.unlockRequested.emit()
            return
        self._access.run(lambda store: _find_or_match(store, label), self._found, failure=self._say)

    def _found(self, found: tuple[str, list[Contact]]) -> None:
        label, matches = found
        # Enter after a few letters (it may have just unlocked the notes): one match
        # is chosen, several are offered, none is said.
        if len(matches) == 1:
            self.contactPicked.emit(matches[0], "")
        elif matches:
            self._show_suggestions(self.to_field.text(), matches)
            self.completer.complete()
        else:
            missing = f"No contact called “{label.strip()}”. Use New contact… to add one."
            self.problem.emit(missing)
            self.noticeRequested.emit(missing)

    # ------------------------------------------------------------ a new contact

    def create_contact(self, typed: str) -> None:
        self._access.when_open(lambda store: self._new_contact(typed))

    def _new_contact(self, typed: str) -> None:
        dialog = NewContactDialog(typed.split("<")[0].strip(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.name.text().strip():
            return
        from rapport.operations import contacts

        name, email = dialog.name.text(), dialog.email.text()
        company = dialog.company.text()

        def added(result: AddedContact) -> None:
            # Nothing is added when they are stored already: the email goes to the
            # contact already stored, and the message says so (as the CLI does).
            notice = (
                f"{result.message} This email is now addressed to them." if result.existed else ""
            )
            self.contactPicked.emit(result.contact, notice)

        self._access.run(
            lambda store: contacts.add_contact(store, name, email=email, company=company),
            added,
            failure=self._say,
        )

    # ------------------------------------------------------------ what it holds

    def show_contact(self, contact: Contact) -> None:
        self.to_field.setText(contact_label(contact))

    def clear(self) -> None:
        self.pending = None
        self.to_field.clear()

    def typed_address(self) -> str:
        """An email address typed in To: (without a contact), or ""."""
        typed = _ADDRESS.search(self.to_field.text())
        return typed.group(0) if typed else ""

    def restore(self, label: str, contact_id: int | None) -> None:
        """A restored draft's To:; its contact is chosen by ``choose_pending``."""
        self.to_field.setText(label)
        self.pending = contact_id

    def choose_pending(self) -> None:
        """Pick the restored draft's contact, now that the notes are open."""
        if self.pending is None:
            return
        from rapport.operations import contacts

        contact_id, self.pending = self.pending, None
        self._access.run(
            lambda store: contacts.get_contact(store, contact_id),
            lambda contact: self.contactPicked.emit(contact, ""),
            # Deleted since: the To: text stays for the user to fix.
            failure=lambda error: None,
        )


def _find_or_match(store: NotesStore, label: str) -> tuple[str, list[Contact]]:
    """The contact called (or emailed) ``label``, else the contacts it matches."""
    from rapport.operations import OperationError, contacts

    try:
        return label, [contacts.find_contact(store, label)]
    except OperationError:
        return label, contacts.match_contacts(store, label)
