"""The small dialogs of the contact panel: the notes passphrase, and a new contact."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QWidget,
)

from rapport.notes.errors import KeyUnavailable


def ask_passphrase(parent: QWidget, confirm: bool, problem: str = "") -> str:
    """The passphrase dialog; ``confirm`` means a new passphrase is being set.

    ``problem`` (a wrong passphrase a moment ago) is shown in the dialog itself,
    where the user is looking, not in a panel that may be hidden behind a tab.
    """
    title = "Choose a passphrase for your notes" if confirm else "Unlock your notes"
    prompt = (
        "There is no keychain on this computer, so your contact notes are locked with a "
        "passphrase. Choose one (Rapport cannot recover it):"
        if confirm
        else "Passphrase for your contact notes:"
    )
    if problem:
        prompt = f"{problem}\n\n{prompt}"
    text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Password)
    if not ok or not text:
        raise KeyUnavailable("No passphrase was given, so the notes stay locked.")
    if confirm:
        again, ok = QInputDialog.getText(
            parent, title, "Type the passphrase again:", QLineEdit.EchoMode.Password
        )
        if not ok or again != text:
            raise KeyUnavailable("The two passphrases did not match; nothing was set up.")
    return text


class NewContactDialog(QDialog):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New contact")
        # Room for a full name and an email address without scrolling in the field.
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name = QLineEdit(name)
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@company.com")
        self.company = QLineEdit()
        form.addRow("Name", self.name)
        form.addRow("Email", self.email)
        form.addRow("Company", self.company)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
