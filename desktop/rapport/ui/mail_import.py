"""Contacts → Import mail…: past conversations from an mbox, .eml files or a Maildir.

The same import as ``rapport contacts import-mail``. Reading the mail and writing
it are ``ProgressOp``s of the window's runner (``rapport.ui.operations``), so a
1 GB mailbox never freezes the window; a progress dialog shows how far it got and
Cancel stops it with nothing written. Between the two, the preview
(``rapport.ui.mail_preview``) shows what each contact's history would gain.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QWidget

from rapport.notes.mail_import import MailImportPlan
from rapport.operations import OperationError
from rapport.ui.contacts import ContactsPanel
from rapport.ui.mail_preview import MailPreview, MailPreviewDialog
from rapport.ui.operations import Progress, ProgressOp, show_error

_MAIL_FILTER = "Mail (*.mbox *.mbx *.eml *.txt);;mbox (*.mbox *.mbx);;Email (*.eml);;All files (*)"


def _counting_messages(progress: Progress) -> Callable[[int, int], None]:
    return lambda done, total: progress.update(done, total, f"{done:,} of {total:,} messages")


def _scanning_mbox(progress: Progress) -> Callable[[int, int], None]:
    """The first pass over a big mbox, in megabytes, before its messages can be counted."""
    return lambda done, total: progress.update(
        done, total, f"Finding the messages: {done / 1e6:,.0f} of {total / 1e6:,.0f} MB"
    )


@contextlib.contextmanager
def _said_for_the_user() -> Iterator[None]:
    """A damaged mailbox and the store's errors are shown as written (``show_error``)."""
    from rapport.mail.mailboxes import MailboxError
    from rapport.operations.errors import user_errors

    try:
        with user_errors():
            yield
    except MailboxError as error:
        raise OperationError(str(error)) from error


class MailImport:
    """The Contacts → Import mail… flow: choose, read (in the background), preview, write.

    Both steps are ``ProgressOp``s with a modeless dialog, so the user can go on
    writing meanwhile. The reading runs beside the notes (it holds the notes for two
    quick reads only), the writing on the notes thread, in one transaction. The mail
    itself is read in a child process (``rapport.notes.mail_import_process``): read
    on a thread, it held the window's GIL long enough to freeze it for 50-90 ms.
    """

    def __init__(self, parent: QWidget, contacts: ContactsPanel, notice: Callable[[str], None]):
        self.parent = parent
        self.contacts = contacts
        self.notice = notice
        #: The reading or the writing while it runs (its ``dialog`` is the progress).
        self.operation: ProgressOp[Any] | None = None
        self.preview: MailPreviewDialog | None = None
        #: Set by tests and scripts to skip the file dialog.
        self.paths: list[Path] = []

    def running(self) -> bool:
        """True while mail is being read or written."""
        return self.operation is not None

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
        """Read ``paths`` in the background, then show the preview (the notes unlock first)."""
        if self.operation is None:
            self.contacts.access.when_open(lambda store: self._read(store, paths))

    def _read(self, store: Any, paths: list[Path]) -> None:
        if self.operation is not None:
            return
        self.paths = paths
        signoffs = self.contacts_rule_signoffs()

        def read(progress: Progress) -> MailPreview:
            from rapport.notes.mail_import_process import plan_mail_import_in_child
            from rapport.notes.store_mail import known_message_ids

            with _said_for_the_user():
                plan = plan_mail_import_in_child(
                    paths,
                    store.list_contacts(),  # the store serialises its calls: any thread
                    known_message_ids(store),
                    signoffs,
                    _counting_messages(progress),
                    progress.cancelled,
                    scanned=_scanning_mbox(progress),
                )
            return MailPreview.of(plan)  # the preview's text, made here off the UI thread

        self._run(read, "Reading mail…", self._show_preview, beside_the_notes=True)

    def contacts_rule_signoffs(self) -> tuple[str, ...]:
        # The window's rule set, loaded at start: reading the packs again here would
        # parse TOML on the UI thread (50 ms).
        rule_set = getattr(self.parent, "rule_set", None)
        if rule_set is None:
            from rapport.analysis.rules import load_rule_set

            rule_set = load_rule_set("en")
        return rule_set.words("signoffs")

    def _run(
        self,
        op: Callable[[Progress], Any],
        label: str,
        done: Callable[[Any], None],
        *,
        beside_the_notes: bool = False,
    ) -> None:
        error_title = "Could not import the mail"

        def finished(then: Callable[..., None]) -> Callable[..., None]:
            def step(*result: Any) -> None:
                self.operation = None
                then(*result)

            return step

        operation = (
            ProgressOp(
                parent=self.parent,
                op=op,
                success=finished(done),
                label=label,
                title="Import mail",
                runner=self.contacts.access.runner,
            )
            .failure(finished(lambda error: show_error(self.parent, error_title, error)))
            .on_cancelled(finished(lambda: self.notice("Import cancelled; nothing was imported.")))
            .modeless()
        )
        if beside_the_notes:
            operation.beside_the_notes()
        self.operation = operation
        operation.run_in_background()

    def _show_preview(self, preview: MailPreview) -> None:
        self.preview = MailPreviewDialog(preview, self.parent)
        self.preview.accepted.connect(lambda: self._write(preview.plan))
        # Shown on the event loop's next turn: the window paints between making the
        # dialog and laying it out.
        QTimer.singleShot(0, self.preview.open)

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
        if self.operation is not None:
            return
        paths, signoffs = self.paths, self.contacts_rule_signoffs()

        def write(progress: Progress) -> tuple[int, int, int]:
            from rapport.notes.errors import ContactExists
            from rapport.notes.mail_import_process import plan_mail_import_in_child
            from rapport.notes.store_mail import import_mail, known_message_ids

            with _said_for_the_user():
                final = plan
                created: list[int] = []
                try:
                    if senders:
                        for name, address in senders:
                            with contextlib.suppress(ContactExists):  # added meanwhile: keep it
                                created.append(store.add_contact(name, email=address).id)
                        # Their mail is in the files too: read again, now with them as contacts.
                        final = plan_mail_import_in_child(
                            paths,
                            store.list_contacts(),
                            known_message_ids(store),
                            signoffs,
                            _counting_messages(progress),
                            progress.cancelled,
                        )
                    added = import_mail(
                        store, final.entries, _writing(progress), progress.cancelled
                    )
                except BaseException:
                    # Cancelled or failed: "nothing was imported" must be true, so the
                    # contacts this import added (and nothing else) go again.
                    for contact_id in created:
                        store.delete_contact(contact_id)
                    raise
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


def _writing(progress: Progress) -> Callable[[int, int], None]:
    return lambda done, total: progress.update(done, total, f"Writing {done:,} of {total:,} emails")
