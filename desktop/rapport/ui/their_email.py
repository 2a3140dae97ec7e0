"""The "Their email" pane beside the draft: the email being replied to, and what it asks.

Paste their email into it, or open an ``.eml`` (File → Reply to an email…). Rapport
reads it (``rapport.mail``, ``rapport.analysis.their_email``) and lists their
questions, requests and concerns; a click on one selects it in their email. After
each typing pause the window runs the reply checks and the list marks what the
draft has answered. The quoted history and the signature are set aside, shown on
demand. Folded, the pane takes no room beside the draft: the toolbar's "Their
email" button (``show_action``, with the count of what they asked) opens it again.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rapport.analysis.reply import ReplyCheck
from rapport.analysis.rules import RuleSet
from rapport.analysis.their_email import KIND_LABELS, read_their_email
from rapport.mail.message import ReadEmail, read_plain_text
from rapport.mail.reply_cli import TheirEmail
from rapport.offsets import to_utf16
from rapport.ui.richtext import literal

#: Reading a pasted email waits for the paste or typing to pause this long.
READ_DELAY_MS = 300
#: Qt.ItemDataRole.UserRole slot holding a point's (start, end) in their text.
SPAN_ROLE = Qt.ItemDataRole.UserRole


class TheirEmailPane(QWidget):
    """Their email, what Rapport heard in it, and what the draft has answered."""

    #: Their email was read, changed or cleared; the window re-runs the reply checks.
    emailChanged = Signal()

    def __init__(self, rule_set: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rule_set = rule_set
        self.their: TheirEmail | None = None
        self._loading = False

        self.toggle = QToolButton()
        self.toggle.setObjectName("theirEmailToggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setText("Their email")
        self.toggle.setToolTip("Show the email you are replying to (paste it in)")
        self.toggle.toggled.connect(self.set_expanded)
        #: The toolbar's button for the pane: the way back once it is folded away.
        self.show_action = QAction("Their email", self)
        self.show_action.setCheckable(True)
        self.show_action.setToolTip("Show the email you are replying to (paste it in)")
        self.show_action.toggled.connect(self.set_expanded)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit()
        self.text.setObjectName("theirEmailText")
        self.text.setPlaceholderText(
            "Paste the email you are replying to. Rapport lists what they asked, asked "
            "for and worried about, and checks that your reply answers it."
        )
        self.text.textChanged.connect(self._text_edited)
        self.points_label = QLabel("What they asked")
        self.points = QListWidget()
        self.points.setObjectName("theirPoints")
        self.points.setWordWrap(True)
        self.points.itemActivated.connect(self._show_point)
        self.points.itemClicked.connect(self._show_point)
        self.history_button = QPushButton("Show quoted history and signature")
        self.history_button.setCheckable(True)
        self.history_button.toggled.connect(self._show_history)
        self.history = QPlainTextEdit()
        self.history.setReadOnly(True)
        self.history.hide()
        clear = QPushButton("Clear")
        clear.setToolTip("Stop replying to this email")
        clear.clicked.connect(self.clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.history_button, 1)
        buttons.addWidget(clear)
        body.addWidget(self.heading)
        body.addWidget(self.text, 3)
        body.addWidget(self.points_label)
        body.addWidget(self.points, 2)
        body.addLayout(buttons)
        body.addWidget(self.history, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.body, 1)
        self._read_timer = QTimer(self)
        self._read_timer.setSingleShot(True)
        self._read_timer.setInterval(READ_DELAY_MS)
        self._read_timer.timeout.connect(self._read_pasted)
        self.set_expanded(False)
        self._refresh()

    # ------------------------------------------------------------ folding

    def set_expanded(self, expanded: bool) -> None:
        """Open the pane, or fold it away (the toolbar's button brings it back)."""
        for switch in (self.toggle, self.show_action):
            if switch.isChecked() != expanded:
                switch.blockSignals(True)
                switch.setChecked(expanded)
                switch.blockSignals(False)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)
        # Folded, nothing of it stays beside the draft: at 640 px wide the old
        # folded strip took a sixth of the window.
        self.setVisible(expanded)
        if expanded:
            self.text.setFocus()

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

    # ------------------------------------------------------------ their email

    def load_email(self, email: ReadEmail) -> None:
        """Show an email read from an .eml (File → Reply to an email…)."""
        self._loading = True
        try:
            self.text.setPlainText(email.new_text)
        finally:
            self._loading = False
        self._read_timer.stop()
        self._set_email(email)
        self.set_expanded(True)

    def clear(self) -> None:
        self._loading = True
        try:
            self.text.clear()
        finally:
            self._loading = False
        self._set_email(None)
        self.set_expanded(False)

    def _text_edited(self) -> None:
        if not self._loading:
            self._read_timer.start()

    def _read_pasted(self) -> None:
        pasted = self.text.toPlainText()
        if not pasted.strip():
            self._set_email(None)
            return
        email = read_plain_text(pasted, self.rule_set.words("signoffs"))
        before = self.their.email if self.their is not None else None
        if email.sender is None and before is not None and before.sender is not None:
            # Their words edited in the pane: still their email, from them, on that subject.
            email = replace(email, sender=before.sender, subject=before.subject)
        self._set_email(email, pasted=True)

    def _set_email(self, email: ReadEmail | None, pasted: bool = False) -> None:
        if email is None or not email.new_text.strip():
            self.their = None
        else:
            # A pasted email's points index the pasted text where it is their words.
            self.their = TheirEmail(
                "pasted" if pasted else email.subject,
                email,
                read_their_email(email.new_text, self.rule_set),
            )
        self._refresh()
        self.emailChanged.emit()

    # ------------------------------------------------------------ what it asks

    def show_answers(self, checked: ReplyCheck | None) -> None:
        """Mark each point answered or not (after the reply checks ran)."""
        answers = {a.point.start: a for a in checked.answers} if checked else {}
        for row in range(self.points.count()):
            item = self.points.item(row)
            start, _ = item.data(SPAN_ROLE)
            kind, text = item.data(SPAN_ROLE + 1)
            answer = answers.get(start)
            if answer is None:
                mark = ""
            elif answer.taken_up:
                mark = "✓ "
            else:
                mark = "○ "
            item.setText(f"{mark}{KIND_LABELS[kind]}: {text}")
            if answer is not None:
                state = "answered" if answer.taken_up else "not answered yet"
                item.setToolTip(literal(f"{KIND_LABELS[kind]}, {state}: {text}"))
        if checked is not None and checked.asked:
            self.points_label.setText(checked.summary())

    def _refresh(self) -> None:
        self.points.clear()
        their = self.their
        has_history = their is not None and bool(
            their.email.parts.quoted or their.email.parts.signature
        )
        self.history_button.setEnabled(has_history)
        if not has_history:
            self.history_button.setChecked(False)
        self.history.setPlainText(
            "\n\n".join(
                part for part in (their.email.parts.signature, their.email.parts.quoted) if part
            )
            if their is not None
            else ""
        )
        if their is None:
            self.heading.hide()
            self.points_label.setText("What they asked")
            self._label("Their email")
            return
        sender = their.email.sender
        subject = their.email.subject
        heading = " · ".join(part for part in (str(sender) if sender else "", subject) if part)
        self.heading.setText(heading)
        self.heading.setVisible(bool(heading))
        reading = their.reading
        for point in (*reading.asks, *[c for c in reading.concerns]):
            item = QListWidgetItem(f"{KIND_LABELS[point.kind]}: {point.text}")
            item.setData(SPAN_ROLE, (point.start, point.end))
            item.setData(SPAN_ROLE + 1, (point.kind, point.text))
            self.points.addItem(item)
        asks, concerns = len(reading.asks), len(reading.concerns)
        self.points_label.setText(
            f"{asks} question{'s' if asks != 1 else ''} or request{'s' if asks != 1 else ''}, "
            f"{concerns} concern{'s' if concerns != 1 else ''}"
            if asks or concerns
            else "Nothing in it asks for an answer"
        )
        self._label(f"Their email ({asks + concerns})" if asks + concerns else "Their email")

    def _label(self, text: str) -> None:
        self.toggle.setText(text)
        self.show_action.setText(text)

    def _show_point(self, item: QListWidgetItem) -> None:
        """Select the point in their email (the text shown is their new words)."""
        their = self.their
        if their is None:
            return
        start, end = item.data(SPAN_ROLE)
        shown = self.text.toPlainText()
        point_text = their.email.new_text[start:end]
        at = shown.find(point_text)
        if at < 0:
            return
        cursor = self.text.textCursor()
        # Qt counts UTF-16 units; Python code points.
        cursor.setPosition(to_utf16(shown, at))
        cursor.setPosition(to_utf16(shown, at + len(point_text)), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def _show_history(self, shown: bool) -> None:
        self.history.setVisible(shown)
        self.history_button.setText(
            "Hide quoted history and signature" if shown else "Show quoted history and signature"
        )


# ------------------------------------------------------------ File → Reply to an email…


def choose_email_to_reply_to(window: Any) -> bool:
    """File → Reply to an email…: their .eml beside the draft, To: and subject set."""
    name, _ = QFileDialog.getOpenFileName(
        window, "Reply to an email", "", "Email (*.eml);;All files (*)"
    )
    return bool(name) and reply_to_file(window, Path(name))


def reply_to_file(window: Any, path: Path) -> bool:
    """Open ``path`` (an .eml) as the email being replied to: pane, subject, To: contact."""
    from rapport.mail.message import parse_message_bytes

    try:
        raw = path.read_bytes()
    except OSError as error:
        QMessageBox.warning(
            window, "Could not open the email", literal(f"{path.name}: {error.strerror or error}")
        )
        return False
    email = parse_message_bytes(raw, window.rule_set.words("signoffs"))
    if not email.new_text.strip():
        QMessageBox.warning(
            window, "Could not open the email", literal(f"{path.name} has no text to reply to.")
        )
        return False
    window.their_email.load_email(email)
    if not window.subject.text().strip():
        window.subject.setText(email.reply_subject())
    if email.sender is not None:
        choose_sender(window, email.sender.name, email.sender.address)
    return True


def choose_sender(window: Any, name: str, address: str) -> None:
    """Address the draft to the sender's contact, offering to create it when there is none.

    The look-up and the add run off the UI thread (``rapport.operations`` on the
    window's runner); the question is asked here, on the main thread.
    """
    from rapport.notes.errors import ContactNotFound
    from rapport.operations import OperationError
    from rapport.operations import contacts as contact_ops

    contacts = window.contacts

    def look_up(store: Any) -> Any:
        try:
            return contact_ops.find_contact(store, address)
        except OperationError as error:
            if isinstance(error.__cause__, ContactNotFound):
                return None
            raise

    def added(result: contact_ops.AddedContact) -> None:
        contacts.choose(result.contact)
        if not result.existed:
            window.show_notice(f"Added {result.contact.name} to your contacts.")

    def found(contact: Any) -> None:
        if contact is not None:
            contacts.choose(contact)
            return
        who = f"{name} <{address}>" if name else address
        answer = QMessageBox.question(
            window,
            "Create contact?",
            literal(
                f"{who} is not one of your contacts yet. Create the contact, so your notes "
                "and the checks know who you are writing to?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        contacts.access.run(
            lambda store: contact_ops.add_contact(
                store, name or address.split("@")[0], email=address
            ),
            added,
            failure=lambda error: window.show_notice(str(error)),
        )

    contacts.access.run(look_up, found, failure=lambda error: window.show_notice(str(error)))
