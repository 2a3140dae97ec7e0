"""The first-run welcome: what Rapport does, and a sample email to try, then clear.

Shown once, above the draft, the first time the app starts (``welcome_shown``
in the settings, set as soon as it is shown); Help → Welcome brings it back.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from rapport.settings import save_settings

if TYPE_CHECKING:
    from rapport.ui.main_window import MainWindow

SAMPLE_SUBJECT = "Our new workflow platform"
SAMPLE_BODY = (
    "Hi there,\n\n"
    "My name is Alex and I'm the founder of Brightline. We are the leading provider of "
    "workflow software, with dashboards, alerts, reports, approvals and integrations. "
    "Sign up today before the price goes up!\n\n"
    "Best,\nAlex"
)
WELCOME_TEXT = (
    "<b>Welcome to Rapport.</b> Write your email here: Rapport underlines sentences that "
    "are about you rather than your reader, and the Score tab says how the email reads "
    "to them. Hover an underline (or press F8) to see why, and what to try instead."
)


class WelcomePanel(QFrame):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("welcome")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._window = window
        layout = QVBoxLayout(self)
        self.text = QLabel(WELCOME_TEXT)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        buttons = QHBoxLayout()
        self.try_button = QPushButton("Try a sample email")
        self.try_button.clicked.connect(self.try_sample)
        self.clear_button = QPushButton("Clear the sample")
        self.clear_button.clicked.connect(self.clear_sample)
        self.clear_button.hide()
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.hide)
        for button in (self.try_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addWidget(self.text)
        layout.addLayout(buttons)

    def try_sample(self) -> None:
        window = self._window
        if window.current_draft().body.strip() or window.current_draft().subject.strip():
            window.statusBar().showMessage("The sample goes into an empty draft: File → New", 6000)
            return
        window.subject.setText(SAMPLE_SUBJECT)
        window.editor.setPlainText(SAMPLE_BODY)
        window.editor.setFocus()
        self.text.setText(
            "<b>This is a sample.</b> The underlined sentences talk about the seller; the "
            "findings list says why. Try rewriting one for the reader, then clear the "
            "sample and write your own."
        )
        self.try_button.hide()
        self.clear_button.show()

    def clear_sample(self) -> None:
        window = self._window
        window.subject.clear()
        # One undoable step, in case the user had started rewriting it.
        cursor = QTextCursor(window.editor.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.removeSelectedText()
        cursor.endEditBlock()
        window.editor.document().setModified(False)
        window.editor.setFocus()
        self.hide()


def show_welcome(window: MainWindow) -> WelcomePanel:
    """Put the welcome above the draft (again, from the Help menu)."""
    panel = getattr(window, "welcome", None)
    if panel is None:
        panel = WelcomePanel(window)
        window.banner.parentWidget().layout().insertWidget(0, panel)
        window.welcome = panel
    panel.show()
    return panel


def offer_welcome(window: MainWindow) -> bool:
    """The first time Rapport starts: show the welcome, and remember it was shown."""
    if window.settings.welcome_shown:
        return False
    show_welcome(window)
    window.settings = replace(window.settings, welcome_shown=True)
    with contextlib.suppress(OSError):  # it may come back next time; nothing else needs it
        save_settings(window.settings)
    return True
