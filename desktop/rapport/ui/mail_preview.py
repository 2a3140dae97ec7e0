"""The mail import's preview: what each contact's history would gain, before anything is written.

One row per contact (not per email: a big mailbox would make thousands of rows that
nobody reads), the senders who are not contacts (each with "Add as contact",
unticked) and the follow-ups the mail suggests (unticked: nothing becomes a
follow-up without the user's click).

The rows are made as plain text off the UI thread (``MailPreview.of``, in the
import's reading operation) and shown through models, so the views ask only for
the rows on screen: a mailbox with thousands of senders opens its preview about as
fast as one with ten, and the window does not freeze while it appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rapport.notes.mail_import import MailImportPlan

_DISPLAY = Qt.ItemDataRole.DisplayRole
_CHECK = Qt.ItemDataRole.CheckStateRole
_CONTACT_COLUMNS = ("Contact", "New emails", "Latest", "Subject")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


@dataclass(frozen=True)
class MailPreview:
    """A plan and the preview's text for it, made off the UI thread."""

    plan: MailImportPlan
    summary: str
    contact_rows: list[tuple[str, str, str, str]]
    #: ("Add as contact: …" text, (name, address)) per sender who is not a contact.
    senders: list[tuple[str, tuple[str, str]]]
    #: ("Laura Chen: I'll send …" text, (contact id, text)) per promise in the mail.
    follow_ups: list[tuple[str, tuple[int, str]]]

    @classmethod
    def of(cls, plan: MailImportPlan) -> MailPreview:
        count = len(plan.entries)
        summary = (
            f"{_plural(plan.messages, 'message')} read: {_plural(count, 'new email')} "
            f"for {_plural(len(plan.contacts), 'contact')}"
        )
        if plan.duplicates:
            summary += f", {plan.duplicates} already imported (skipped)"
        rows = []
        for contact, entries in plan.per_contact():
            received = sum(1 for entry in entries if entry.direction == "received")
            latest = max(entries, key=lambda entry: entry.when)
            rows.append(
                (
                    f"{contact.name} <{contact.email}>" if contact.email else contact.name,
                    f"{received} received, {len(entries) - received} sent",
                    latest.when.astimezone().date().isoformat(),
                    latest.subject or "(no subject)",
                )
            )
        senders = []
        for sender in plan.unknown_senders:
            who = f"{sender.name} <{sender.address}>" if sender.name else sender.address
            text = (
                f"Add as contact: {who} · {_plural(sender.messages, 'message')}, "
                f"latest \u201c{sender.latest_subject}\u201d"
            )
            senders.append((text, (sender.name or sender.address, sender.address)))
        follow_ups = [
            (f"{follow_up.contact_name}: {follow_up.text}", (follow_up.contact_id, follow_up.text))
            for follow_up in plan.follow_ups
        ]
        return cls(
            plan,
            f"{summary}. Nothing is written until you press Import.",
            rows,
            senders,
            follow_ups,
        )


class _TextRows(QAbstractTableModel):
    """Read-only rows of text under column headers."""

    def __init__(
        self, headers: tuple[str, ...], rows: list[tuple[str, ...]], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._headers = headers
        self._rows = rows

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY and index.isValid():
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None


class TickableRows(QAbstractListModel):
    """Lines the user may tick (all unticked at first), each standing for a value."""

    def __init__(self, rows: list[tuple[str, Any]], parent: QObject) -> None:
        super().__init__(parent)
        self._rows = rows
        self._ticked: set[int] = set()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's API)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        if role == _DISPLAY:
            return self._rows[index.row()][0]
        if role == _CHECK:
            ticked = index.row() in self._ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def setData(self, index: QModelIndex, value: Any, role: int = _CHECK) -> bool:
        if role != _CHECK or not index.isValid():
            return False
        # A click hands the state over as an int, a caller may give the enum.
        state = Qt.CheckState(value.value if isinstance(value, Qt.CheckState) else int(value))
        if state == Qt.CheckState.Checked:
            self._ticked.add(index.row())
        else:
            self._ticked.discard(index.row())
        self.dataChanged.emit(index, index, [_CHECK])
        return True

    def ticked(self) -> list[Any]:
        """The values of the ticked lines, in the order shown."""
        return [self._rows[row][1] for row in sorted(self._ticked)]


def _tickable_list(name: str, rows: list[tuple[str, Any]]) -> QListView:
    view = QListView()
    view.setObjectName(name)
    view.setUniformItemSizes(True)  # rows are one line each: no need to measure them all
    view.setModel(TickableRows(rows, view))
    return view


class MailPreviewDialog(QDialog):
    """What the import would add; Import writes it, with the senders and follow-ups ticked."""

    def __init__(self, preview: MailPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import mail")
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel(preview.summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.table = QTableView()
        self.table.setObjectName("mailPreview")
        self.table.setModel(_TextRows(_CONTACT_COLUMNS, preview.contact_rows, self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 3)

        self.senders = _tickable_list("unknownSenders", preview.senders)
        if preview.senders:
            layout.addWidget(
                QLabel("Not contacts (their mail is not imported unless you add them):")
            )
            layout.addWidget(self.senders, 1)

        self.follow_ups = _tickable_list("suggestedFollowUps", preview.follow_ups)
        if preview.follow_ups:
            layout.addWidget(QLabel("Promises in the mail. Tick the ones to keep as follow-ups:"))
            layout.addWidget(self.follow_ups, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(bool(preview.plan.entries or preview.senders))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_senders(self) -> list[tuple[str, str]]:
        return self.senders.model().ticked()

    def chosen_follow_ups(self) -> list[tuple[int, str]]:
        return self.follow_ups.model().ticked()
