"""The Contacts menu: import with a preview, export, backup, restore, passphrase.

The same operations as ``rapport contacts import|export`` and ``rapport notes
backup|restore|passphrase``, for people who never open a terminal. Nothing is
written before the user has seen what will happen, a bad file is named with its
line, and a failure leaves the notes as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rapport.notes import store_files
from rapport.notes.errors import NotesError
from rapport.ui.contacts import ContactsPanel
from rapport.ui.richtext import literal

if TYPE_CHECKING:
    from rapport.notes.interchange import ImportPreview

_IMPORT_FILTER = "Contacts (*.vcf *.vcard *.csv);;vCard (*.vcf *.vcard);;CSV (*.csv)"
_EXPORT_FILTERS = {
    "vCard (*.vcf)": ".vcf",
    "JSON, with notes and history (*.json)": ".json",
    "CSV, Google Contacts columns, for spreadsheets (*.csv)": ".csv",
}


class ImportPreviewDialog(QDialog):
    """Every contact the file holds, marked new or already stored; Import writes them."""

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import contacts from {preview.path.name}")
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        new_count = len(preview.new_records)
        known_count = len(preview.records) - new_count
        summary = f"{new_count} new contact{'s' if new_count != 1 else ''}"
        if known_count:
            summary += f", {known_count} already stored (they are left as they are)"
        self.summary = QLabel(f"{summary}. Nothing is written until you press Import.")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.table = QTableWidget(len(preview.records), 4)
        self.table.setHorizontalHeaderLabels(["Name", "Email", "Company", ""])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        known = preview.already_stored or (False,) * len(preview.records)
        for row, (record, is_known) in enumerate(zip(preview.records, known, strict=True)):
            status = "already stored" if is_known else "new"
            for column, value in enumerate((record.name, record.email, record.company, status)):
                item = QTableWidgetItem(value)
                item.setToolTip(literal(record.source))  # the file's own text
                if is_known:
                    item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(
            f"Import {new_count} contact{'s' if new_count != 1 else ''}",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.import_button.setEnabled(new_count > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class ContactFiles:
    """The Contacts menu's file operations, reporting through ``status``."""

    def __init__(
        self, window: QWidget, contacts: ContactsPanel, status: Callable[[str], None]
    ) -> None:
        self.window = window
        self.contacts = contacts
        self.status = status

    def _problem(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, literal(text))

    def import_contacts(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, "Import contacts", str(Path.home()), _IMPORT_FILTER
        )
        if not chosen:
            return
        store = self.contacts.store()
        if store is None:
            return
        from rapport.notes.interchange import preview_import

        try:
            preview = preview_import(Path(chosen), store)
        except NotesError as error:
            self._problem("Import contacts", f"{error}\n\nNothing was imported.")
            return
        if not preview.records:
            self._problem("Import contacts", f"{Path(chosen).name} holds no contacts.")
            return
        dialog = ImportPreviewDialog(preview, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self.status("Import cancelled; nothing was written")
            return
        try:
            added = store.import_contacts(preview.records)
        except NotesError as error:
            self._problem("Import contacts", f"{error}\n\nNothing was imported.")
            return
        skipped = len(preview.records) - added
        message = f"Imported {added} contact{'s' if added != 1 else ''}"
        if skipped:
            message += f"; {skipped} {'was' if skipped == 1 else 'were'} already stored"
        self.status(message)

    def export_contacts(self) -> None:
        suggested = Path.home() / "rapport-contacts.vcf"
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self.window, "Export contacts", str(suggested), ";;".join(_EXPORT_FILTERS)
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in _EXPORT_FILTERS.values():
            path = path.with_name(path.name + _EXPORT_FILTERS.get(chosen_filter, ".vcf"))
        store = self.contacts.store()
        if store is None:
            return
        from rapport.notes.interchange import export_contacts

        try:
            count = export_contacts(store, path)
        except (NotesError, OSError) as error:
            self._problem("Export contacts", f"Could not export to {path}: {error}")
            return
        plain = " (plain text: keep it somewhere safe)" if path.suffix.lower() == ".json" else ""
        contacts = "contact" if count == 1 else "contacts"
        self.status(f"Exported {count} {contacts} to {path.name}{plain}")

    def back_up_notes(self) -> None:
        suggested = Path.home() / f"rapport-notes-{date.today().isoformat()}.db"
        chosen, _ = QFileDialog.getSaveFileName(
            self.window, "Back up notes", str(suggested), "Rapport backup (*.db)"
        )
        if not chosen:
            return
        store = self.contacts.store()
        if store is None:
            return
        from rapport.notes.private_backup import write_private_backup

        destination = Path(chosen)
        try:
            # Made aside and moved into place (the file dialog asked before replacing):
            # a failed backup leaves an older one intact, and only the owner can read it.
            write_private_backup(store, destination, replace=True)
        except NotesError as error:
            self._problem("Back up notes", f"The backup was not made: {error}")
            return
        self.status(f"Backed up the notes to {destination.name} (encrypted with the same key)")

    def restore_notes(self) -> None:
        """Replace the notes with a backup, after saying what happens to the current ones."""
        from rapport.notes.backup import restore_backup
        from rapport.notes.keys import keyinfo_path, resolve_key
        from rapport.notes.store import default_db_path

        title = "Restore notes from a backup"
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, title, str(Path.home()), "Rapport backup (*.db);;All files (*)"
        )
        if not chosen:
            return
        backup = Path(chosen)
        answer = QMessageBox.question(
            self.window,
            title,
            literal(
                f"Replace the contacts and notes on this computer with {backup.name}?\n\n"
                "The current ones are kept beside them in a dated copy "
                "(notes.db.before-restore-…), which no later restore overwrites."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        # A backup made by Rapport carries its key record; a bare copy of notes.db
        # opens with the current notes' key.
        source = backup if keyinfo_path(backup).exists() else default_db_path()
        try:
            current = self.contacts.opened_store()
            if current is not None:
                # Another Rapport with the file open would go on writing to the old one.
                # (Notes this window never unlocked, or cannot, e.g. damaged ones, are
                # restored without the check.)
                store_files.check_sole_user(current)
            key = resolve_key(
                source, passphrase_provider=self.contacts.ask_passphrase, create=False
            )
            self.contacts.close_store()  # the file is about to be replaced
            restore_backup(backup, key, default_db_path())
        except NotesError as error:
            self._problem(title, f"{error}\n\nThe notes on this computer were not changed.")
            return
        self.contacts.forget_contact()
        self.status(f"Restored the notes from {backup.name}")

    def change_passphrase(self) -> None:
        """Without a keychain: re-lock the notes with a new passphrase."""
        from rapport.notes.keys import protection_method
        from rapport.notes.store import default_db_path

        title = "Change the notes passphrase"
        method = protection_method(default_db_path())
        if method != "passphrase":
            why = (
                "There are no notes yet; the passphrase is chosen when you first use contacts."
                if method is None
                else "Your notes are locked with a key in this computer's keychain, "
                "not a passphrase, so there is nothing to change."
            )
            QMessageBox.information(self.window, title, why)
            return
        current = _ask_secret(self.window, title, "Current passphrase:")
        if current is None:
            return
        new = _ask_secret(self.window, title, "New passphrase (Rapport cannot recover it):")
        if new is None:
            return
        if _ask_secret(self.window, title, "The new passphrase again:") != new:
            self._problem(title, "The two new passphrases differ; nothing was changed.")
            return
        store = self.contacts.store()
        if store is None:
            return
        try:
            store_files.change_passphrase(store, current, new)
        except NotesError as error:
            self._problem(title, str(error))
            return
        self.status("Changed the passphrase for your notes")


def _ask_secret(parent: QWidget, title: str, prompt: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Password)
    return text if ok and text else None
