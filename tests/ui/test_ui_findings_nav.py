"""F8 / Shift+F8 explain the finding they reach; list titles and colours read right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QToolTip
from window_helpers import choose_laura, settle

from rapport.offsets import OffsetMap
from rapport.ui.side_panel import RULE_ROLE, SPAN_ROLE

EMAIL = (
    "Hi Ana,\n\nWe are the leading provider of finance automation in the market. "
    "How is the new quarter going for your team?\n\nWant to buy some today?\n\nBest,\nDan"
)


def _visible_tip_text() -> str:
    QApplication.processEvents()
    tips = [
        tip
        for tip in QApplication.topLevelWidgets()
        if tip.objectName() == "qtooltip_label" and tip.isVisible()
    ]
    return tips[0].text() if tips else ""


def _selected_code_points(window) -> tuple[int, int]:
    cursor = window.editor.textCursor()
    offsets = OffsetMap(window.editor.toPlainText())
    return offsets.from_utf16(cursor.selectionStart()), offsets.from_utf16(cursor.selectionEnd())


def test_f8_shows_the_card_and_selects_the_findings_row(window, qtbot) -> None:
    window.editor.setPlainText(EMAIL)
    settle(window)
    window.editor.setFocus()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.Start)
    qtbot.keyClick(window.editor, Qt.Key.Key_F8)
    start, end = _selected_code_points(window)
    assert window.editor.toPlainText()[start:end].startswith("We are the leading provider")
    # The card explains it, where the cursor is, without the mouse.
    tip = _visible_tip_text()
    assert "About you, not them" in tip
    # Its row in the findings list is selected.
    row = window.panel.findings.currentItem()
    assert row is not None and row.isSelected()
    assert row.data(SPAN_ROLE) == (start, end)
    assert row.text().startswith("About you, not them")
    assert window.statusBar().currentMessage().startswith("Finding 1 of ")

    # Shift+F8 from the first goes round to the last one, "Want to buy some today?".
    QToolTip.hideText()
    qtbot.keyClick(window.editor, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    start, end = _selected_code_points(window)
    assert window.editor.toPlainText()[start:end] == "Want to buy some today?"
    assert "Pushing for the close" in _visible_tip_text()
    assert window.panel.findings.currentItem().data(SPAN_ROLE) == (start, end)
    assert window.panel.findings.currentItem().data(RULE_ROLE) is not None


def test_whole_email_findings_are_not_greyed_like_disabled_items(window) -> None:
    window.editor.setPlainText("Hi Ana,\n\nHere is the pricing sheet.\n\nBest,\nDan")
    settle(window)
    findings = window.panel.findings
    rows = [findings.item(i) for i in range(findings.count())]
    no_question = next(row for row in rows if row.text().startswith("No question"))
    assert no_question.flags() & Qt.ItemFlag.ItemIsEnabled
    disabled = findings.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    shown = no_question.foreground()
    color = shown.color() if shown.style() != Qt.BrushStyle.NoBrush else None
    assert color is None or color != disabled
    assert color is None or color.name() != "#888888"


def test_a_greeting_to_another_name_is_listed_as_a_greeting(window, known_contact) -> None:
    choose_laura(window)
    window.editor.setPlainText("Hi Maria,\n\nHow is the new quarter going for your team?")
    settle(window)
    findings = window.panel.findings
    rows = [findings.item(i) for i in range(findings.count())]
    wrong_name = [row for row in rows if row.data(RULE_ROLE) == "contact-greeting-wrong-name"]
    assert len(wrong_name) == 1
    assert wrong_name[0].text().splitlines()[0] == "Greeting"
    assert not any(row.text().startswith("Past conversations\nGreet") for row in rows)
