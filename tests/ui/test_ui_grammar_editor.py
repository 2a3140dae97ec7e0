"""Grammar and spelling underlines in the real editor, beside the customer-focus ones."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu
from window_helpers import settle

from rapport import paths
from rapport.offsets import OffsetMap, utf16_length
from rapport.ui.app import type_text
from rapport.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "grammar"))
from fake_languagetool import FakeLanguageTool

DOTTED = QTextCharFormat.UnderlineStyle.DotLine
DASH_DOT = QTextCharFormat.UnderlineStyle.DashDotLine


def formats_over(window: MainWindow, text: str, word: str) -> list[QTextCharFormat]:
    """The drawn format of every character of ``word`` (first occurrence)."""
    start = OffsetMap(text).to_utf16(text.index(word))
    document = window.editor.document()
    block = document.findBlock(start)
    relative = start - block.position()
    found = []
    for offset in range(utf16_length(word)):
        position = relative + offset
        chosen = QTextCharFormat()
        for item in block.layout().formats():
            if item.start <= position < item.start + item.length:
                chosen = QTextCharFormat(item.format)  # a copy: the range is temporary
        found.append(chosen)
    return found


def underlined(window: MainWindow, text: str, word: str, style) -> bool:
    return all(f.underlineStyle() == style for f in formats_over(window, text, word))


def drawn_text(window: MainWindow, start: int, end: int) -> str:
    """The text between two document (UTF-16) positions."""
    cursor = QTextCursor(window.editor.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def spelling_menu(window: MainWindow) -> QMenu:
    """The right-click actions for the first spelling finding in the editor."""
    start, end, finding = next(
        item for item in window.editor.drawn_findings() if item[2].category == "spelling"
    )
    menu = QMenu()
    window.editor.finding_menu.add_finding_actions(menu, None, start, end, finding)
    return menu


def test_misspelling_is_underlined_in_place_after_emoji(window, qtbot) -> None:
    text = "Hi Ana,\n\n🎉 How did the audti go?"
    window.editor.setFocus()
    type_text(window.editor, text)
    qtbot.waitUntil(lambda: underlined(window, text, "audti", DOTTED), timeout=10_000)
    assert not any(f.underlineStyle() == DOTTED for f in formats_over(window, text, "How"))
    window.grammar_control.refresh_status()
    assert window.grammar_status.label.text() == "Grammar: Harper"


def test_harper_grammar_is_underlined_offline_and_named_in_the_status_bar(window, qtbot) -> None:
    text = "Hi Sam,\n\n🙂 I think we has a idea for your team."
    window.editor.setFocus()
    type_text(window.editor, text)
    qtbot.waitUntil(lambda: underlined(window, text, "has", DASH_DOT), timeout=10_000)
    drawn = {
        (drawn_text(window, start, end), finding.category)
        for start, end, finding in window.editor.drawn_findings()
        if finding.rule.startswith("harper:")
    }
    assert drawn == {("has", "grammar"), ("a", "grammar")}
    # "Hi Sam," stays clean: Harper alone would make it "SAM".
    styles = {f.underlineStyle() for f in formats_over(window, text, "Sam")}
    assert not styles & {DOTTED, DASH_DOT}
    window.grammar_control.refresh_status()
    assert window.grammar_status.label.text() == "Grammar: Harper"
    assert "offline grammar and spelling" in window.grammar_status.toolTip()

    start, end, finding = next(
        item for item in window.editor.drawn_findings() if item[2].rule.startswith("harper:")
    )
    assert finding.category == "grammar" and drawn_text(window, start, end) == "has"
    menu = QMenu()
    window.editor.finding_menu.add_finding_actions(menu, None, start, end, finding)
    labels = [action.text() for action in menu.actions()]
    assert "Replace with “have”" in labels
    assert "Ignore this rule for now" in labels
    assert "Turn this rule off (Settings)" in labels
    next(a for a in menu.actions() if a.text() == "Replace with “have”").trigger()
    assert "we have an idea" not in window.editor.toPlainText()  # one fix at a time
    assert "I think we have a idea" in window.editor.toPlainText()


def test_spelling_and_focus_findings_overlap_and_both_stay_visible(window, qtbot) -> None:
    text = "Hi Ana,\n\nWe are the bestt agency in town."
    window.editor.setPlainText(text)
    settle(window)
    qtbot.waitUntil(lambda: underlined(window, text, "bestt", DOTTED), timeout=10_000)
    on_word = formats_over(window, text, "bestt")
    # The sentence's customer-focus tint is still there under the spelling underline.
    assert all(f.background().color().alpha() > 0 for f in on_word)
    wavy = QTextCharFormat.UnderlineStyle.WaveUnderline
    assert all(f.underlineStyle() == wavy for f in formats_over(window, text, "agency"))


def test_add_to_dictionary_removes_the_underline_and_is_remembered(window, qtbot) -> None:
    text = "Hi Ana,\n\nHow is the zorblax doing?"
    window.editor.setPlainText(text)
    qtbot.waitUntil(lambda: underlined(window, text, "zorblax", DOTTED), timeout=10_000)
    menu = spelling_menu(window)
    add = next(a for a in menu.actions() if a.text().startswith("Add “zorblax”"))
    add.trigger()
    qtbot.waitUntil(lambda: not underlined(window, text, "zorblax", DOTTED), timeout=10_000)
    words = list(paths.data_dir().rglob("*"))
    assert any("zorblax" in p.read_text() for p in words if p.is_file() and p.suffix == ".txt")


def test_spelling_suggestion_applies_as_one_undo_step(window, qtbot) -> None:
    text = "Hi Ana,\n\nHow did the audti go?"
    window.editor.setPlainText(text)
    qtbot.waitUntil(lambda: underlined(window, text, "audti", DOTTED), timeout=10_000)
    menu = spelling_menu(window)
    replace = next(a for a in menu.actions() if a.text() == "Replace with “audit”")
    replace.trigger()
    assert window.editor.toPlainText() == "Hi Ana,\n\nHow did the audit go?"
    window.editor.undo()
    assert window.editor.toPlainText() == text


def test_languagetool_server_findings_are_drawn_and_named(make_window, qtbot, monkeypatch) -> None:
    with FakeLanguageTool() as server:
        monkeypatch.setenv("RAPPORT_LANGUAGETOOL_URL", server.url)
        window = make_window()
        text = "Hi Ana,\n\nI heard they was late 🙂, how are you?"
        window.editor.setPlainText(text)
        qtbot.waitUntil(lambda: underlined(window, text, "they was", DASH_DOT), timeout=10_000)
        window.grammar_control.refresh_status()
        assert "LanguageTool server" in window.grammar_status.label.text()
        window.editor.shutdown()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_dead_server_is_reported_and_offline_spelling_keeps_working(
    make_window, qtbot, monkeypatch
) -> None:
    monkeypatch.setenv("RAPPORT_LANGUAGETOOL_URL", f"http://127.0.0.1:{_closed_port()}")
    window = make_window()
    text = "Hi Ana,\n\nHow did the audti go?"
    window.editor.setPlainText(text)
    qtbot.waitUntil(lambda: underlined(window, text, "audti", DOTTED), timeout=15_000)

    def reports_error() -> bool:
        window.grammar_control.refresh_status()
        return "unavailable" in window.grammar_status.label.text()

    qtbot.waitUntil(reports_error, timeout=15_000)
    # Harper checks meanwhile (the misspelling above is its finding), and the status says so.
    assert window.grammar_status.label.text() == (
        "Grammar: LanguageTool server unavailable, Harper instead"
    )
    assert "not reachable" in window.grammar_status.toolTip()
    assert window.grammar_status.button.isVisibleTo(window.grammar_status)


def test_edited_paragraph_never_shows_the_result_for_its_old_text(window, qtbot) -> None:
    text = "Hi Ana,\n\nHow did the audti go?"
    window.editor.setPlainText(text)
    qtbot.waitUntil(lambda: underlined(window, text, "audti", DOTTED), timeout=10_000)
    cursor = window.editor.textCursor()
    block = window.editor.document().findBlockByNumber(2)
    cursor.setPosition(block.position())
    window.editor.setTextCursor(cursor)
    type_text(window.editor, "So ")
    # The old result (for "audti" at the old position) is not drawn on the new text.
    assert not any(item[2].category == "spelling" for item in window.editor.drawn_findings())
    new_text = window.editor.toPlainText()
    qtbot.waitUntil(lambda: underlined(window, new_text, "audti", DOTTED), timeout=10_000)


def test_a_misspelling_keeps_a_high_score_from_reading_as_ready_to_send(window, qtbot) -> None:
    text = (
        "Hi Ana,\n\nHow did the audti go for your team last week? You mentioned the new "
        "warehouse was slowing your pickers down, and I wondered whether the extra shift "
        "helped. What would make next month easier for you?"
    )
    window.editor.setPlainText(text)
    qtbot.waitUntil(lambda: underlined(window, text, "audti", DOTTED), timeout=10_000)
    panel = window.panel
    qtbot.waitUntil(lambda: panel.correctness_label.isVisible(), timeout=10_000)
    assert panel.score_label.text() == "100"
    assert panel.correctness_label.text() == "Before you send: 1 spelling"
    assert panel.verdict_label.text() == "Written for the reader, but not ready to send"
    window.editor.setPlainText(text.replace("audti", "audit"))
    qtbot.waitUntil(lambda: not panel.correctness_label.isVisible(), timeout=10_000)


def test_settings_name_harper_as_the_offline_checker(qtbot) -> None:
    from rapport.settings import Settings
    from rapport.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(), {})
    qtbot.addWidget(dialog)
    assert dialog.backend.currentText() == "Harper (offline grammar and spelling)"
    assert dialog.result_settings().grammar_backend == "offline"  # the saved value is unchanged
    labels = [dialog.backend.itemText(index) for index in range(dialog.backend.count())]
    assert labels == [
        "Off",
        "Harper (offline grammar and spelling)",
        "Local LanguageTool (needs Java 17)",
        "LanguageTool server",
    ]
