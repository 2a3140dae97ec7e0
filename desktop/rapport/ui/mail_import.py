"""Contacts → Import mail…: past conversations from an mbox, .eml files or a Maildir.

The same import as ``rapport contacts import-mail``. Reading the mail and writing
it run on a worker thread (``MailWorker``, a QThread that hands plain data back
through queued signals), so a 1 GB mailbox never freezes the window; a progress
dialog shows how far it got and Cancel stops it with nothing written. Between
the two, a preview lists what each contact's history would gain, the senders who
are not contacts (each with "Add as contact", unticked) and the follow-ups the mail
suggests (unticked: nothing becomes a follow-up without the user's click).
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rapport.notes.mail_import import MailImportPlan
from rapport.ui.contacts import ContactsPanel
from rapport.ui.richtext import literal

_MAIL_FILTER = "Mail (*.mbox *.mbx *.eml *.txt);;mbox (*.mbox *.mbx);;Email (*.eml);;All files (*)"
#: Progress reaches the window at most this often (a signal per message would flood it).
_PROGRESS_INTERVAL_S = 0.05


class MailWorker(QThread):
    """Runs one job off the UI thread; ``finished_with`` carries its plain result."""

    progressed = Signal(int, int)
    #: Bytes of a big mbox scanned before its messages can be read (done, total).
    scanning = Signal(int, int)
    finished_with = Signal(object)
    failed = Signal(str)
    cancelled_job = Signal()

    def __init__(
        self, job: Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
    ) -> None:
        super().__init__()
        self._job = job
        self._cancel = threading.Event()
        self._last_report = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def scanned(self, done: int, total: int) -> None:
        """For the job: report the scan of a big mbox (thread-safe: a queued signal)."""
        self.scanning.emit(done, total)

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_report >= _PROGRESS_INTERVAL_S or done >= total:
            self._last_report = now
            self.progressed.emit(done, total)

    def run(self) -> None:
        from rapport.mail.mailboxes import MailboxError, MailReadCancelled
        from rapport.notes.errors import NotesError
        from rapport.notes.store_mail import MailImportCancelled

        # A full garbage collection walks every object of the app (the window, the
        # analyser's caches): 100 ms with the GIL held, a frozen window. Reading a big
        # mailbox makes garbage fast enough to trigger several, so the objects that
        # exist before the import are left out of them; they stay frozen afterwards,
        # as the app's objects are from its start (ui/app.py).
        gc.freeze()
        try:
            result = self._job(self._progress, self._cancel.is_set)
        except (MailReadCancelled, MailImportCancelled):
            self.cancelled_job.emit()
        except (MailboxError, NotesError) as error:
            self.failed.emit(str(error))
        except Exception as error:  # a worker must report, never die silently
            self.failed.emit(f"The import stopped with an unexpected error: {error}")
        else:
            self.finished_with.emit(result)


class MailPreviewDialog(QDialog):
    """What the import would add; Import writes it, with the senders and follow-ups ticked."""

    def __init__(self, plan: MailImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import mail")
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        count = len(plan.entries)
        people = len(plan.contacts)
        summary = (
            f"{plan.messages} message{'s' if plan.messages != 1 else ''} read: {count} new "
            f"email{'s' if count != 1 else ''} for {people} contact{'s' if people != 1 else ''}"
        )
        if plan.duplicates:
            summary += f", {plan.duplicates} already imported (skipped)"
        self.summary = QLabel(f"{summary}. Nothing is written until you press Import.")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        # One row per contact, not per email: a big mailbox would make a table of
        # thousands of rows, built on the UI thread, and nobody reads it.
        grouped = plan.per_contact()
        self.table = QTableWidget(len(grouped), 4)
        self.table.setObjectName("mailPreview")
        self.table.setHorizontalHeaderLabels(["Contact", "New emails", "Latest", "Subject"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, (contact, entries) in enumerate(grouped):
            received = sum(1 for entry in entries if entry.direction == "received")
            latest = max(entries, key=lambda entry: entry.when)
            values = (
                f"{contact.name} <{contact.email}>" if contact.email else contact.name,
                f"{received} received, {len(entries) - received} sent",
                latest.when.astimezone().date().isoformat(),
                latest.subject or "(no subject)",
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 3)

        self.senders = QListWidget()
        self.senders.setObjectName("unknownSenders")
        for sender in plan.unknown_senders:
            who = f"{sender.name} <{sender.address}>" if sender.name else sender.address
            item = QListWidgetItem(
                f"Add as contact: {who} · {sender.messages} message"
                f"{'s' if sender.messages != 1 else ''}, latest \u201c{sender.latest_subject}\u201d"
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, (sender.name or sender.address, sender.address))
            self.senders.addItem(item)
        if plan.unknown_senders:
            layout.addWidget(
                QLabel("Not contacts (their mail is not imported unless you add them):")
            )
            layout.addWidget(self.senders, 1)

        self.follow_ups = QListWidget()
        self.follow_ups.setObjectName("suggestedFollowUps")
        for follow_up in plan.follow_ups:
            item = QListWidgetItem(f"{follow_up.contact_name}: {follow_up.text}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, (follow_up.contact_id, follow_up.text))
            self.follow_ups.addItem(item)
        if plan.follow_ups:
            layout.addWidget(QLabel("Promises in the mail. Tick the ones to keep as follow-ups:"))
            layout.addWidget(self.follow_ups, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(bool(count or plan.unknown_senders))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_senders(self) -> list[tuple[str, str]]:
        return _checked(self.senders)

    def chosen_follow_ups(self) -> list[tuple[int, str]]:
        return _checked(self.follow_ups)


def _checked(widget: QListWidget) -> list[Any]:
    return [
        widget.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    ]


class MailImport:
    """The Contacts → Import mail… flow: choose, read (worker), preview, write (worker)."""

    def __init__(self, parent: QWidget, contacts: ContactsPanel, notice: Callable[[str], None]):
        self.parent = parent
        self.contacts = contacts
        self.notice = notice
        self.worker: MailWorker | None = None
        self.progress: QProgressDialog | None = None
        self.preview: MailPreviewDialog | None = None
        #: Set by tests and scripts to skip the file dialog.
        self.paths: list[Path] = []

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self.parent, "Import mail (.mbox or .eml files)", "", _MAIL_FILTER
        )
        if names:
            self.start([Path(name) for name in names])

    def choose_maildir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.parent, "Import mail from a Maildir folder")
        if folder:
            self.start([Path(folder)])

    def start(self, paths: list[Path]) -> None:
        """Read ``paths`` on the worker, then show the preview (the notes unlock first)."""
        if self.worker is None:
            self.contacts.access.when_open(lambda store: self._read(store, paths))

    def _read(self, store: Any, paths: list[Path]) -> None:
        if self.worker is not None:
            return
        self.paths = paths
        signoffs = self.contacts_rule_signoffs()

        def read(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            from rapport.notes.mail_import import plan_mail_import
            from rapport.notes.store_mail import known_message_ids

            worker = self.worker
            return plan_mail_import(
                paths,
                store.list_contacts(),
                known_message_ids(store),
                signoffs,
                progress,
                cancelled,
                scanned=worker.scanned if worker is not None else None,
            )

        self._run(read, "Reading mail…", self._show_preview)

    def contacts_rule_signoffs(self) -> tuple[str, ...]:
        # The window's rule set, loaded at start: reading the packs again here would
        # parse TOML on the UI thread (50 ms).
        rule_set = getattr(self.parent, "rule_set", None)
        if rule_set is None:
            from rapport.analysis.rules import load_rule_set

            rule_set = load_rule_set("en")
        return rule_set.words("signoffs")

    def _run(self, job: Any, label: str, done: Callable[[Any], None]) -> None:
        self.progress = QProgressDialog(label, "Cancel", 0, 0, self.parent)
        self.progress.setWindowTitle("Import mail")
        self.progress.setMinimumDuration(300)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        worker = MailWorker(job)
        self.worker = worker
        self.progress.canceled.connect(worker.cancel)
        worker.progressed.connect(self._progressed)
        worker.scanning.connect(self._scanning)
        worker.finished_with.connect(lambda result: self._finish(lambda: done(result)))
        worker.failed.connect(lambda message: self._finish(lambda: self._failed(message)))
        worker.cancelled_job.connect(
            lambda: self._finish(lambda: self.notice("Import cancelled; nothing was imported."))
        )
        worker.start()

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(f"{done:,} of {total:,} messages")

    def _scanning(self, done: int, total: int) -> None:
        if self.progress is not None and total:
            self.progress.setMaximum(1000)
            self.progress.setValue(int(1000 * done / total))
            self.progress.setLabelText(
                f"Finding the messages: {done / 1e6:,.0f} of {total / 1e6:,.0f} MB"
            )

    def _finish(self, then: Callable[[], None]) -> None:
        if self.worker is not None:
            self.worker.wait()
            self.worker.deleteLater()
            self.worker = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        then()

    def _failed(self, message: str) -> None:
        QMessageBox.warning(self.parent, "Could not import the mail", literal(message))

    def _show_preview(self, plan: MailImportPlan) -> None:
        self.preview = MailPreviewDialog(plan, self.parent)
        self.preview.accepted.connect(lambda: self._write(plan))
        self.preview.open()

    def _write(self, plan: MailImportPlan) -> None:
        assert self.preview is not None
        senders = self.preview.chosen_senders()
        follow_ups = self.preview.chosen_follow_ups()
        self.contacts.access.when_open(
            lambda store: self._write_with(store, plan, senders, follow_ups)
        )

    def _write_with(
        self,
        store: Any,
        plan: MailImportPlan,
        senders: list[tuple[str, str]],
        follow_ups: list[tuple[int, str]],
    ) -> None:
        paths, signoffs = self.paths, self.contacts_rule_signoffs()

        def write(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            from rapport.notes.errors import ContactExists
            from rapport.notes.mail_import import plan_mail_import
            from rapport.notes.store_mail import import_mail, known_message_ids

            final = plan
            if senders:
                for name, address in senders:
                    with contextlib.suppress(ContactExists):  # added meanwhile: keep it
                        store.add_contact(name, email=address)
                # Their mail is in the files too: read again, now with them as contacts.
                final = plan_mail_import(
                    paths,
                    store.list_contacts(),
                    known_message_ids(store),
                    signoffs,
                    progress,
                    cancelled,
                )
            added = import_mail(store, final.entries, progress, cancelled)
            for contact_id, text in follow_ups:
                store.add_note(contact_id, text, kind="follow-up")
            return added, len(senders), len(follow_ups)

        self._run(write, "Importing mail…", self._written)

    def _written(self, result: tuple[int, int, int]) -> None:
        added, senders, follow_ups = result
        parts = [f"Imported {added} email{'s' if added != 1 else ''}"]
        if senders:
            parts.append(f"added {senders} contact{'s' if senders != 1 else ''}")
        if follow_ups:
            parts.append(f"{follow_ups} follow-up{'s' if follow_ups != 1 else ''}")
        self.notice(", ".join(parts) + ".")
        self.contacts.reload_history()
