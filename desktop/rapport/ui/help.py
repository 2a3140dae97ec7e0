"""The Help menu: keyboard shortcuts, what the underlines mean, where data is kept,
and the About box."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

import rapport
from rapport import paths
from rapport.ui.styles import CATEGORY_STYLES, category_format, is_dark
from rapport.ui.welcome import show_welcome

if TYPE_CHECKING:
    from rapport.analysis.rules import RuleSet
    from rapport.ui.main_window import MainWindow

#: Keys that belong to a widget, not to a menu action (so no menu lists them).
EDITOR_KEYS = (
    ("F8 / Shift+F8", "Next / previous finding, with its explanation"),
    ("Shift+Enter", "New paragraph in the email (as Enter)"),
    ("Tab / Shift+Tab", "Move between To:, Subject, the email and the side panel"),
    ("Enter in To:", "Choose the contact (unlocks your notes if they need a passphrase)"),
    ("Right-click an underline", "Replace, ignore, add to dictionary, or turn the rule off"),
)
TABS = ("Keyboard shortcuts", "Underlines", "Your data", "How the score is made")


def add_help_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&Help")
    for index, title in enumerate(TABS):
        action = QAction(f"{title}…", window)
        action.triggered.connect(lambda _=False, tab=index: show_help(window, tab))
        menu.addAction(action)
    # F1 opens the shortcuts, as in most desktop apps.
    menu.actions()[0].setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    welcome = QAction("&Welcome and sample email", window)
    welcome.triggered.connect(lambda: show_welcome(window))
    menu.addAction(welcome)
    menu.addSeparator()
    about = QAction("&About Rapport", window)
    about.triggered.connect(lambda: show_about(window))
    menu.addAction(about)
    window.help_menu = menu


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """Every menu action with a shortcut (read from the menus, so never out of date)."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        name = action.text().replace("&", "").rstrip("…")
        # F8 and Shift+F8 have one row of their own in EDITOR_KEYS.
        is_finding_key = keys.split("+")[-1] == "F8"
        if keys and name and (keys, name) not in seen and not is_finding_key:
            seen.add((keys, name))
            rows.append((keys, name))
    rows.sort(key=lambda row: row[1].casefold())
    return [*rows, *EDITOR_KEYS]


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<tr><td style='padding:2px 16px 2px 0'><b>{html.escape(keys)}</b></td>"
        f"<td>{html.escape(what)}</td></tr>"
        for keys, what in rows
    )
    return f"<table>{body}</table>"


def underline_samples(dark: bool) -> QTextEdit:
    """Each category in the editor's own underline and colour, with its pattern in words."""
    view = QTextEdit()
    view.setReadOnly(True)
    cursor = QTextCursor(view.document())
    plain = QTextCharFormat()
    for category, style in CATEGORY_STYLES.items():
        cursor.insertText(style.label, category_format(category, dark))
        where = "a sentence" if style.tint else "a word or phrase"
        cursor.insertText(
            f"   {style.pattern} underline{' on a tint' if style.tint else ''}, on {where}\n",
            plain,
        )
    cursor.insertText(
        "\nWhere two findings cover the same words, both lines are drawn, one under the "
        "other. Whole-email findings (greeting, questions, length, reading level, past "
        "conversations) are listed in the Score tab, not underlined.",
        plain,
    )
    return view


def score_text(rule_set: RuleSet) -> str:
    """Each metric of the score: its points and what it measures, in the pack's words."""
    rows = "".join(
        f"<tr><td style='padding:4px 12px 4px 0' valign='top'><b>"
        f"{html.escape(rule_set.metric_text(metric, 'label') or metric)}</b></td>"
        f"<td style='padding:4px 12px 4px 0' valign='top' align='right'>{points:g}</td>"
        f"<td style='padding:4px 0' valign='top'>"
        f"{html.escape(rule_set.metric_text(metric, 'help') or '')}</td></tr>"
        for metric, points in rule_set.points().items()
        if points
    )
    return (
        "<p>The score adds up the points of each metric; the panel beside the email "
        "shows what each earned, its value and its target.</p>"
        f"<table><tr><th align='left'>Metric</th><th>Points</th><th></th></tr>{rows}</table>"
    )


def data_text() -> str:
    from rapport.notes.keys import keyinfo_path
    from rapport.notes.store import default_db_path

    database = default_db_path()
    rows = [
        ("Settings", str(paths.config_dir() / "settings.json")),
        ("Contact notes (encrypted)", str(database)),
        ("How the notes are locked", str(keyinfo_path(database))),
        ("Unsaved drafts (autosave)", str(paths.data_dir() / "drafts")),
        ("Your dictionary", str(paths.data_dir() / "personal-dictionary.txt")),
    ]
    table = "".join(
        f"<tr><td style='padding:2px 12px 2px 0'><b>{html.escape(what)}</b></td>"
        f"<td><code>{html.escape(where)}</code></td></tr>"
        for what, where in rows
    )
    return (
        f"<p>Rapport keeps everything on this computer:</p><table>{table}</table>"
        "<p><b>Back up your notes</b> with Contacts → Back up notes… It writes one file "
        "that opens with a passphrase you choose, so it is safe to keep on another disk; "
        "Contacts → Restore notes… brings it back. Copying the notes database alone is "
        "not enough when its key is in the system keychain: the key stays behind.</p>"
        "<p>Drafts you save are ordinary .txt or .md files wherever you put them.</p>"
    )


class HelpDialog(QDialog):
    def __init__(self, window: MainWindow, tab: int = 0) -> None:
        super().__init__(window)
        self.setWindowTitle("Rapport help")
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        shortcuts = QTextBrowser()
        shortcuts.setHtml(_table(shortcut_rows(window)))
        self.tabs.addTab(shortcuts, TABS[0])
        self.tabs.addTab(underline_samples(is_dark(self.palette())), TABS[1])
        data = QLabel(data_text())
        data.setWordWrap(True)
        data.setTextFormat(Qt.TextFormat.RichText)
        data.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        data.setAlignment(Qt.AlignmentFlag.AlignTop)
        data.setMargin(8)
        self.tabs.addTab(data, TABS[2])
        score = QTextBrowser()
        score.setHtml(score_text(window.rule_set))
        self.tabs.addTab(score, TABS[3])
        self.tabs.setCurrentIndex(tab)
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_help(window: MainWindow, tab: int = 0) -> HelpDialog:
    dialog = HelpDialog(window, tab)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()  # not modal: the user can keep it open beside the draft
    return dialog


def about_text() -> str:
    return (
        f"<h3>Rapport {html.escape(rapport.__version__)}</h3>"
        "<p>A writing assistant for emails to customers: it underlines sentences "
        "about you rather than the reader, checks grammar and spelling, and keeps "
        "encrypted notes on each contact.</p>"
    )


def show_about(window: QWidget) -> None:
    QMessageBox.about(window, "About Rapport", about_text())
