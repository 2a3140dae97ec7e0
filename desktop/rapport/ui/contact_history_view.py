"""What the Contact tab shows of one person: who they are, the open follow-ups, what
they told you, the emails between you, and the quick note that adds to it.

Plain widgets: they show a ``ContactHistory`` (read off the UI thread by the panel)
and say what the user asked for with signals; the panel runs it on the notes.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rapport.notes.model import NOTE_KINDS, ContactHistory, Note, NoteKind, SentEmail
from rapport.ui.dates import date_field
from rapport.ui.richtext import escape, literal

_NOTE_ROLE = Qt.ItemDataRole.UserRole
NO_CONTACT = "Choose who this email is for in the To: field."
#: The emails listed: the store reads this many of each direction (``contact_history``),
#: so the newest this many of both together are exactly the newest.
EMAILS_SHOWN = 20
#: How much of an email's body its row's tooltip shows.
_PREVIEW_CHARS = 400


def _note_line(note: Note) -> str:
    when = note.created_at.strftime("%d %b %Y")
    due = f" · due {note.due:%d %b}" if note.due else ""
    return f"{when} · {note.kind}{due}\n{note.text}"


def email_line(email: SentEmail) -> str:
    """ "12 Mar 2025 · received" over the subject."""
    direction = "received" if email.received else "sent"
    return f"{email.sent_at:%d %b %Y} · {direction}\n{email.subject.strip() or '(no subject)'}"


def past_emails(history: ContactHistory) -> list[SentEmail]:
    """Received and sent together, newest first, as many as are listed."""
    emails = [*history.received_emails, *history.sent_emails]
    emails.sort(key=lambda email: email.sent_at, reverse=True)
    return emails[:EMAILS_SHOWN]


class CompactList(QListWidget):
    """A list of two-line rows that asks for room for ``rows`` of them, not Qt's 192 px.

    The Contact tab holds four lists; at Qt's size they pushed the search below the
    fold of a laptop-sized window. Given room (a tall window), they still grow.
    """

    def __init__(self, rows: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:
        lines = 2 * self._rows * self.fontMetrics().lineSpacing()
        return QSize(super().sizeHint().width(), lines + 2 * self.frameWidth() + 4)


class PastEmailsList(CompactList):
    """The emails between the writer and the contact, newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setAlternatingRowColors(True)

    def show_emails(self, history: ContactHistory | None) -> None:
        self.clear()
        if history is None:
            return
        for email in past_emails(history):
            item = QListWidgetItem(email_line(email))
            body = email.body.strip()
            preview = body if len(body) <= _PREVIEW_CHARS else body[:_PREVIEW_CHARS] + "…"
            # The words as written, never taken for HTML, wrapped as the hover cards are.
            item.setToolTip(f"<div style='max-width:360px'>{literal(preview)}</div>")
            self.addItem(item)
        if self.count() == 0:
            placeholder = QListWidgetItem("No emails yet: Log as sent, or Contacts → Import mail…")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(placeholder)


class ContactHistoryView(QWidget):
    """The chosen contact's details, follow-ups, notes and emails, and the quick note."""

    #: Add a note: text, kind, and the due date of a follow-up (else None).
    addNoteRequested = Signal(str, str, object)
    #: Mark the follow-up with this note id done.
    markDoneRequested = Signal(int)
    #: Put a line from the chosen note into the draft.
    insertRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The history shown, None before a contact is chosen.
        self.shown: ContactHistory | None = None
        self.details = QLabel(NO_CONTACT)
        self.details.setWordWrap(True)
        # Rich text for the bold name, with every field escaped (see rapport.ui.richtext):
        # a vCard's "ORG:Acme <img src=/dev/zero>" is shown, not loaded.
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.follow_ups = CompactList(rows=2)
        self.done_button = QPushButton("Mark follow-up done")
        self.done_button.clicked.connect(self._mark_done)
        self.notes = CompactList()
        self.notes.setAlternatingRowColors(True)
        self.insert_button = QPushButton("Insert reference into the draft")
        self.insert_button.setToolTip(
            "A line for the email from the chosen note (or the newest one), selected so "
            "you can edit it"
        )
        self.insert_button.clicked.connect(self.insertRequested)
        # One chosen item across both lists: the reference comes from that one.
        self.notes.itemPressed.connect(lambda _: self.follow_ups.clearSelection())
        self.follow_ups.itemPressed.connect(lambda _: self.notes.clearSelection())
        #: Which notes the draft picks up, and by which words (plain text: notes quoted).
        self.picked_up = QLabel()
        self.picked_up.setWordWrap(True)
        self.picked_up.setTextFormat(Qt.TextFormat.PlainText)
        self.picked_up.setStyleSheet("color: palette(placeholder-text)")
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
        self.emails = PastEmailsList()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
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
        layout.addWidget(QLabel("Past emails"))
        layout.addWidget(self.emails, 2)
        self.show_history(None)

    def show_history(self, history: ContactHistory | None) -> None:
        self.shown = history
        chosen = history is not None
        for widget in (self.done_button, self.insert_button, self.add_button, self.new_note):
            widget.setEnabled(chosen)
        self.follow_ups.clear()
        self.notes.clear()
        self.emails.show_emails(history)
        if history is None:
            self.details.setText(NO_CONTACT)
            self.picked_up.clear()
            return
        contact = history.contact
        lines = [f"<b>{escape(contact.name)}</b>"]
        lines += [
            escape(value) for value in (contact.role, contact.company, contact.email) if value
        ]
        if contact.personal:
            lines.append(f"<i>{escape(contact.personal)}</i>")
        self.details.setText("<br>".join(lines))
        today = date.today()
        for note in history.open_follow_ups:
            item = QListWidgetItem(_note_line(note))
            item.setData(_NOTE_ROLE, note)
            if note.due and note.due <= today:
                item.setForeground(Qt.GlobalColor.red)
                item.setToolTip("Due or overdue: mention it in this email, or mark it done.")
            self.follow_ups.addItem(item)
        # What they told you; the writer's own tasks are listed under follow-ups.
        for note in history.notes:
            if note.kind == NoteKind.FOLLOW_UP:
                continue
            item = QListWidgetItem(_note_line(note))
            item.setData(_NOTE_ROLE, note)
            self.notes.addItem(item)

    def chosen_note(self) -> Note | None:
        """The note chosen in either list, else the newest of what they told you."""
        chosen = self.notes.selectedItems() or self.follow_ups.selectedItems()
        item = chosen[0] if chosen else self.notes.item(0)
        return None if item is None else item.data(_NOTE_ROLE)

    def add_note(self) -> None:
        """Ask for the typed note to be added; the field is cleared meanwhile."""
        text = self.new_note.text()
        if self.shown is None or not text.strip():
            return
        kind = self.new_note_kind.currentText()
        due = self.new_note_due.date().toPython() if kind == "follow-up" else None
        self.new_note.clear()  # typed into the field again if the note could not be added
        self.addNoteRequested.emit(text, kind, due)

    def note_not_added(self, text: str) -> None:
        """The note could not be added: it goes back into the field, unless typed over."""
        if not self.new_note.text():
            self.new_note.setText(text)

    def _mark_done(self) -> None:
        item = self.follow_ups.currentItem()
        if item is not None:
            self.markDoneRequested.emit(item.data(_NOTE_ROLE).id)
