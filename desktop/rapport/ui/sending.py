"""The email leaving the app: Copy email, Copy subject, Open in mail app, Log as sent.

Before anything leaves, the writer is told which placeholders ("[Company Name]")
are still in it; a mail link too long for mail apps, or no mail app at all,
copies the email instead and says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtWidgets import QApplication, QMessageBox

from rapport.ui import drafts
from rapport.ui.mail_launch import MailLauncher
from rapport.ui.quick_fix import TemplateLeft, placeholders_in
from rapport.ui.richtext import literal

if TYPE_CHECKING:
    from rapport.ui.main_window import MainWindow


class SendActions(QObject):
    """The Edit menu's ways out for the window's draft."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        #: Ask before Copy or Open in mail app hands over an email with a placeholder.
        self.ask_before_sending = True
        self.mail_launcher = MailLauncher(window)

    def _say(self, text: str, timeout_ms: int) -> None:
        self._window.statusBar().showMessage(text, timeout_ms)

    def placeholders_left(self) -> list[TemplateLeft]:
        """Unfilled placeholders in the subject and body ("[Company Name]") and greetings
        a mail merge got wrong ("Hello james,"), in order."""
        draft = self._window.current_draft()
        analyzer = self._window.editor.analysis.analyzer
        return placeholders_in(analyzer, (draft.subject, draft.body))

    def may_send(self, action: str) -> bool:
        """Before anything leaves the app: say which placeholders are still in it."""
        left = self.placeholders_left()
        if not left or not self.ask_before_sending:
            return True
        labels = [item.label for item in left]
        named = ", ".join(f"“{label}”" for label in labels[:3]) + (" …" if len(left) > 3 else "")
        if any(item.is_placeholder for item in left):
            title = "A placeholder is still in the email"
            said = f"The email still has {named}. A reader who sees a placeholder knows"
            fix = f"fill in {next(i.label for i in left if i.is_placeholder)} first"
        else:
            # "Hello james,": nothing in brackets to fill in, so don't call it a placeholder.
            title = "The greeting looks like a mail merge"
            said = (
                f"The greeting {named} looks like a mail merge gone wrong (a name in small "
                "letters, or a space before the comma). A reader who sees it knows"
            )
            fix = "fix the greeting first"
        answer = QMessageBox.question(
            self._window,
            title,
            literal(f"{said} they are one name on a list.\n\n{action} it anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self._say(f"Nothing left the app: {fix}", 6000)
            return False
        return True

    def copy_email(self, checked: bool = False, *, asked: bool = False) -> None:
        if not asked and not self.may_send("Copy"):
            return
        draft = self._window.current_draft()
        data = QMimeData()
        data.setText(drafts.plain_text(draft))
        data.setHtml(drafts.simple_html(draft))
        QApplication.clipboard().setMimeData(data)
        self._say(
            "Copied the body: paste it into your mail app's message (Copy subject: Ctrl+Alt+C)",
            5000,
        )

    def copy_subject(self) -> None:
        """The subject line alone, for the mail app's subject field."""
        if not self.may_send("Copy the subject"):
            return
        QApplication.clipboard().setText(self._window.subject.text())
        self._say("Copied the subject line", 5000)

    def open_in_mail_app(self) -> None:
        if not self.may_send("Open it in your mail app"):
            return
        address = self._window.contacts.recipient_address()
        url = drafts.mailto_url(self._window.current_draft(), address)
        if url is None:
            self.copy_email(asked=True)
            self._say(
                "Too long for a mail link, so it was copied instead: paste it into your mail app",
                8000,
            )
            return
        self.mail_launcher.open(url, self._no_mail_app)

    def _no_mail_app(self) -> None:
        self.copy_email(asked=True)
        self._say("No mail app answered, so the email was copied instead", 8000)

    def log_sent(self) -> None:
        """Keep the email in the chosen contact's history (off the UI thread)."""
        draft = self._window.current_draft()
        self._window.contacts.log_sent(
            draft.subject, draft.body, lambda message: self._say(message, 6000)
        )
