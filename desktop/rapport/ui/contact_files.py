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
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
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
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rapport.ui.contacts import ContactsPanel
from rapport.ui.operations import QueryOp, show_error
from rapport.ui.richtext import literal

if TYPE_CHECKING:
    from rapport.notes.interchange import ImportPreview
    from rapport.notes.store import NotesStore

_ROOT = QModelIndex()
_IMPORT_FILTER = "Contacts (*.vcf *.vcard *.csv);;vCard (*.vcf *.vcard);;CSV (*.csv)"
_EXPORT_FILTERS = {
    "vCard (*.vcf)": ".vcf",
    "JSON, with notes and history (*.json)": ".json",
    "CSV, Google Contacts columns, for spreadsheets (*.csv)": ".csv",
}


class _PreviewModel(QAbstractTableModel):
    """The preview's rows: name, email, company and "new" or "already stored"."""

    _HEADERS = ("Name", "Email", "Company", "")

    def __init__(self, preview: ImportPreview, palette: QPalette, parent: QWidget) -> None:
        super().__init__(parent)
        self._records = preview.records
        self._known = preview.already_stored or (False,) * len(preview.records)
        self._dim = palette.color(QPalette.ColorRole.PlaceholderText)

    def rowCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record, known = self._records[index.row()], self._known[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            status = "already stored" if known else "new"
            return (record.name, record.email, record.company, status)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal(record.source)  # the file's own text
        if role == Qt.ItemDataRole.ForegroundRole and known:
            return self._dim
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._HEADERS[section]
        return None


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

        # A model, not 20,000 table items: a 5,000-contact file is shown at once, and
        # only the rows on screen are ever drawn.
        self.table = QTableView()
        self.table.setModel(_PreviewModel(preview, self.palette(), self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
    """The Contacts menu's file operations, reporting through ``status``.

    Dialogs run here, on the main thread; reading, writing and checking the notes run
    on the window's operation runner, with a progress dialog when they take a while.
    """

    def __init__(
        self, window: QWidget, contacts: ContactsPanel, status: Callable[[str], None]
    ) -> None:
        self.window = window
        self.contacts = contacts
        self.status = status

    def _problem(self, title: str, text: str) -> None:
        show_error(self.window, title, text)

    def _run(
        self,
        title: str,
        progress: str,
        op: Callable[[NotesStore], Any],
        success: Callable[[Any], None],
        failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Open the notes if need be, then ``op`` on the worker with a progress dialog."""
        self.contacts.access.run(op, success, failure=failure, progress=progress, title=title)

    def import_contacts(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, "Import contacts", str(Path.home()), _IMPORT_FILTER
        )
        if not chosen:
            return
        from rapport.operations import contacts

        path = Path(chosen)
        title = "Import contacts"

        def nothing_imported(error: BaseException) -> None:
            self._problem(title, f"{error}\n\nNothing was imported.")

        def previewed(preview: ImportPreview) -> None:
            if not preview.records:
                self._problem(title, f"{path.name} holds no contacts.")
                return
            dialog = ImportPreviewDialog(preview, self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self.status("Import cancelled; nothing was written")
                return
            self._run(
                title,
                f"Importing {len(preview.new_records)} contacts…",
                lambda store: contacts.import_contacts(store, preview.records),
                lambda result: self.status(result.message),
                nothing_imported,
            )

        self._run(
            title,
            f"Reading {path.name}…",
            lambda store: contacts.preview_import(path, store),
            previewed,
            nothing_imported,
        )

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
        from rapport.operations import contacts

        def exported(result: contacts.ExportResult) -> None:
            plain = " (plain text: keep it somewhere safe)" if result.plain_text else ""
            noun = "contact" if result.count == 1 else "contacts"
            self.status(f"Exported {result.count} {noun} to {path.name}{plain}")

        self._run(
            "Export contacts",
            f"Exporting to {path.name}…",
            lambda store: contacts.export_contacts(store, path),
            exported,
        )

    def back_up_notes(self) -> None:
        suggested = Path.home() / f"rapport-notes-{date.today().isoformat()}.db"
        chosen, _ = QFileDialog.getSaveFileName(
            self.window, "Back up notes", str(suggested), "Rapport backup (*.db)"
        )
        if not chosen:
            return
        from rapport.operations import backup

        destination = Path(chosen)
        title = "Back up notes"
        self._run(
            title,
            f"Backing up the notes to {destination.name}…",
            # The save dialog asked before replacing a file: that is the user's say-so.
            lambda store: backup.back_up(store, destination, replace_existing=True),
            lambda result: self.status(
                f"Backed up the notes to {destination.name} (encrypted with the same key)"
            ),
            lambda error: self._problem(title, f"The backup was not made: {error}"),
        )

    def restore_notes(self) -> None:
        """Replace the notes with a backup, after saying what happens to the current ones."""
        title = "Restore notes from a backup"
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, title, str(Path.home()), "Rapport backup (*.db);;All files (*)"
        )
        if not chosen:
            return
        backup_path = Path(chosen)
        answer = QMessageBox.question(
            self.window,
            title,
            literal(
                f"Replace the contacts and notes on this computer with {backup_path.name}?\n\n"
                "The current ones are kept beside them in a dated copy "
                "(notes.db.before-restore-…), which no later restore overwrites."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from rapport.notes.keys import keyinfo_path, protection_method
        from rapport.notes.store import default_db_path
        from rapport.operations import OperationError, backup

        # The backup's key: its own record, else the current notes'. A passphrase is
        # asked here, on the main thread; the restore itself runs on the worker.
        source = backup_path if keyinfo_path(backup_path).exists() else default_db_path()
        given: str | None = None
        if protection_method(source) == "passphrase":
            try:
                given = self.contacts.ask_passphrase(False)
            except Exception as error:  # KeyUnavailable: the dialog was cancelled
                self._problem(title, f"{error}\n\nThe notes on this computer were not changed.")
                return

        def no_passphrase(confirm: bool) -> str:
            if given is None:
                raise OperationError("The backup needs a passphrase; nothing was restored.")
            return given

        current = self.contacts.opened_store()
        if current is not None:
            self.contacts.access.forget()  # the restore closes it, on the worker

        def restored(result: backup.RestoreResult) -> None:
            self.contacts.forget_contact()
            self.status(f"Restored the notes from {backup_path.name}")

        def not_restored(error: BaseException) -> None:
            if current is not None and not current.closed:
                self.contacts.access.keep(current)  # still open and unchanged
            self._problem(title, f"{error}\n\nThe notes on this computer were not changed.")

        def op() -> backup.RestoreResult:
            return backup.restore(
                backup_path,
                passphrase_provider=no_passphrase,
                current=current,
            )

        QueryOp(
            parent=self.window, op=op, success=restored, runner=self.contacts.access.runner
        ).failure(not_restored).with_progress(f"Restoring {backup_path.name}…").run_in_background()

    def change_passphrase(self) -> None:
        """Without a keychain: re-lock the notes with a new passphrase."""
        from rapport.notes.store import default_db_path
        from rapport.operations import OperationError, backup

        title = "Change the notes passphrase"
        try:
            backup.check_passphrase_can_change(default_db_path())
        except OperationError as why:
            QMessageBox.information(self.window, title, literal(str(why)))
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
        self._run(
            title,
            "Re-locking the notes…",
            lambda store: backup.change_passphrase(store, current, new),
            lambda _message: self.status("Changed the passphrase for your notes"),
            lambda error: self._problem(title, str(error)),
        )


def _ask_secret(parent: QWidget, title: str, prompt: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Password)
    return text if ok and text else None
