"""The Help menu, the About box, and the first-run welcome with its sample email."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from window_helpers import settle

import rapport
from rapport.settings import load_settings
from rapport.ui.help import HelpDialog, show_help
from rapport.ui.styles import CATEGORY_STYLES
from rapport.ui.welcome import SAMPLE_BODY, offer_welcome


def _help_actions(window) -> dict[str, object]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    return {a.text().replace("&", ""): a for a in menu.actions() if a.text()}


def test_the_help_menu_has_shortcuts_underlines_data_and_about(window, qtbot) -> None:
    actions = _help_actions(window)
    assert list(actions) == [
        "Keyboard shortcuts…",
        "Underlines…",
        "Your data…",
        "How the score is made…",
        "Welcome and sample email",
        "About Rapport",
    ]
    assert actions["Keyboard shortcuts…"].shortcut().toString() == "F1"
    actions["Keyboard shortcuts…"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, HelpDialog))
    shortcuts = dialog.tabs.widget(0).toPlainText()
    # Read from the real menus: Copy email's shortcut is listed with its name.
    assert "Ctrl+Shift+C" in shortcuts and "Copy email" in shortcuts
    assert "F8 / Shift+F8" in shortcuts and "Shift+Enter" in shortcuts
    assert shortcuts.count("Shift+F8") == 1  # one row for both finding keys
    dialog.close()


def test_the_underlines_tab_draws_each_style_with_its_name(window) -> None:
    dialog = show_help(window, 1)
    document = dialog.tabs.widget(1).document()
    drawn: dict[str, object] = {}
    block = document.firstBlock()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().underlineStyle():
                drawn[fragment.text()] = fragment.charFormat().underlineStyle()
            iterator += 1
        block = block.next()
    for style in CATEGORY_STYLES.values():
        assert drawn.get(style.label) == style.underline, style.label
        assert f"{style.pattern} underline" in document.toPlainText()
    dialog.close()


def test_the_data_tab_says_where_and_how_to_back_up(window) -> None:
    from rapport.notes.store import default_db_path

    dialog = show_help(window, 2)
    text = dialog.tabs.widget(2).text()
    assert str(default_db_path()) in text
    assert "settings.json" in text and "Back up notes" in text and "Restore notes" in text
    dialog.close()


def test_the_score_tab_explains_every_metric_with_its_points(window) -> None:
    dialog = show_help(window, 3)
    text = dialog.tabs.widget(3).toPlainText()
    for item in window.rule_set.points():
        label = window.rule_set.metric_text(item, "label")
        assert label and label in text
    assert "Wording for the reader" in text and "learned from real emails" in text
    assert "62" in text and "20" in text  # the points, as the pack gives them
    dialog.close()


def test_about_shows_the_version(window) -> None:
    seen: list[str] = []

    def read() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, read)

    QTimer.singleShot(0, read)
    _help_actions(window)["About Rapport"].trigger()
    assert seen and f"Rapport {rapport.__version__}" in seen[0]


def test_first_run_welcome_sample_then_clear_and_never_again(window, qtbot) -> None:
    assert offer_welcome(window)
    panel = window.welcome
    assert panel.isVisible()
    assert load_settings()[0].welcome_shown  # remembered at once
    qtbot.mouseClick(panel.try_button, Qt.MouseButton.LeftButton)
    assert window.editor.toPlainText() == SAMPLE_BODY
    settle(window)
    categories = {f.category for _, _, f in window.editor.drawn_findings()}
    assert {"self-centered", "pushy"} <= categories  # the sample shows what Rapport does
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert window.editor.toPlainText() == "" and window.subject.text() == ""
    assert not panel.isVisible()
    window.editor.undo()  # the clearing is one undo step
    assert window.editor.toPlainText() == SAMPLE_BODY
    # The next start does not show it again.
    window.settings = load_settings()[0]
    assert not offer_welcome(window)


def test_the_sample_never_overwrites_a_draft(window, qtbot) -> None:
    window.editor.setPlainText("Hi Ana,\n\nMy own words.")
    offer_welcome(window)
    qtbot.mouseClick(window.welcome.try_button, Qt.MouseButton.LeftButton)
    assert window.editor.toPlainText() == "Hi Ana,\n\nMy own words."
