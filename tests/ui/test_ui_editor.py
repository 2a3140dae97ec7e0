"""Typing into the real editor: highlights, hover cards, F8, what a paste brings in."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from window_helpers import settle

from rapport.offsets import OffsetMap, utf16_length
from rapport.ui.app import type_text, underline_at
from rapport.ui.styles import CATEGORY_STYLES

SEED_WITH_EMOJI = "Hi 👋🏽.\n\n🎉 Here's my product 🚀. Want to buy some?"


def span16(text: str, sentence: str) -> tuple[int, int]:
    start = OffsetMap(text).to_utf16(text.index(sentence))
    return start, utf16_length(sentence)


def test_typing_the_seed_email_draws_highlights_at_utf16_positions(window, qtbot) -> None:
    window.editor.setFocus()
    type_text(window.editor, SEED_WITH_EMOJI)
    settle(window)
    text = window.editor.toPlainText()
    assert text == SEED_WITH_EMOJI
    for sentence, category in (
        ("🎉 Here's my product 🚀.", "self-centered"),
        ("Want to buy some?", "pushy"),
    ):
        start, length = span16(text, sentence)
        # The UTF-16 start differs from the Python index once emoji come before it.
        assert start != text.index(sentence)
        assert underline_at(window, start, length) == CATEGORY_STYLES[category].underline
    # Nothing is drawn over the greeting line or the space between sentences.
    assert underline_at(window, 0, 2) is None
    assert window.panel.score_label.text() == str(window.editor.analysis.report.score)
    assert window.editor.analysis.report.score < 40


def test_hover_shows_why_and_what_to_try(window, qtbot) -> None:
    window.editor.setPlainText("Hi Ana,\n\nWant to buy some?")
    settle(window)
    start, _end, finding = window.editor.drawn_findings()[0]
    cursor = window.editor.textCursor()
    cursor.setPosition(start + 2)
    point = window.editor.cursorRect(cursor).center()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, point, window.editor.viewport().mapToGlobal(point))
    QApplication.sendEvent(window.editor.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    shown = QToolTip.text()
    assert "Pushing for the close" in shown
    assert finding.message[:25] in shown  # why it matters
    assert "Try:" in shown  # and what to do instead


def test_f8_and_shift_f8_move_between_findings(window, qtbot) -> None:
    window.editor.setPlainText("Hi Ana,\n\nWe are the best. How are you? Buy now!")
    settle(window)
    found = window.editor.drawn_findings()
    assert len(found) == 2
    cursor = window.editor.textCursor()
    cursor.setPosition(0)
    window.editor.setTextCursor(cursor)
    qtbot.keyClick(window.editor, Qt.Key.Key_F8)
    selected = window.editor.textCursor()
    assert (selected.selectionStart(), selected.selectionEnd()) == found[0][:2]
    qtbot.keyClick(window.editor, Qt.Key.Key_F8)
    selected = window.editor.textCursor()
    assert (selected.selectionStart(), selected.selectionEnd()) == found[1][:2]
    qtbot.keyClick(window.editor, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    selected = window.editor.textCursor()
    assert (selected.selectionStart(), selected.selectionEnd()) == found[0][:2]


def test_clicking_a_finding_in_the_panel_selects_it(window, qtbot) -> None:
    text = "Hi 👋,\n\n🎉 We are the best."
    window.editor.setPlainText(text)
    settle(window)
    items = [window.panel.findings.item(i) for i in range(window.panel.findings.count())]
    item = next(i for i in items if "About you" in i.text())
    window.panel.findings.itemClicked.emit(item)
    assert window.editor.textCursor().selectedText() == "🎉 We are the best."


def test_rich_text_paste_becomes_plain_text(window) -> None:
    data = QMimeData()
    data.setHtml("<p><b>Bold</b> <span style='color:red'>red</span></p>")
    data.setText("Bold red")
    window.editor.insertFromMimeData(data)
    assert window.editor.toPlainText() == "Bold red"
    cursor = window.editor.textCursor()
    cursor.setPosition(1)
    assert not cursor.charFormat().font().bold()


def test_turning_a_rule_off_goes_to_settings(window) -> None:
    from rapport.settings import load_settings

    window.editor.setPlainText("Hi Ana,\n\nWant to buy some?")
    settle(window)
    rule = window.editor.drawn_findings()[0][2].rule
    window.editor.ruleDisableRequested.emit(rule)
    settle(window)
    assert window.editor.drawn_findings() == []
    assert rule in load_settings()[0].disabled_rules


def test_a_placeholder_left_in_is_underlined_where_it_is_and_listed_by_name(window) -> None:
    text = "Hi Sam,\n\nI saw that [Company Name] is opening a second warehouse. 🎉"
    window.editor.setPlainText(text)
    settle(window)
    sentence = "I saw that [Company Name] is opening a second warehouse. 🎉"
    start, length = span16(text, sentence)
    drawn = [(s, e, f.rule) for s, e, f in window.editor.drawn_findings()]
    assert (start, start + length, "placeholder") in drawn
    rows = [window.panel.findings.item(i).text() for i in range(window.panel.findings.count())]
    assert any(
        row.startswith("Written for anyone · A placeholder left in\n") and "[Company Name]" in row
        for row in rows
    )
    assert not any(row.startswith("Greeting") for row in rows)


def test_a_findings_row_and_card_name_the_rule_not_only_its_category(window) -> None:
    text = "Hi Sam,\n\nIn return, I only ask for a backlink to my bakery's site."
    window.editor.setPlainText(text)
    settle(window)
    rows = [window.panel.findings.item(i) for i in range(window.panel.findings.count())]
    row = next(r for r in rows if "backlink" in r.text())
    assert row.text().startswith("About you, not them · Asking for a link\n")
    assert "<b>About you, not them · Asking for a link</b>" in row.toolTip()
    # The plain "about you" rule is not named twice.
    window.editor.setPlainText("Hi Sam,\n\nWe are a family bakery with three shops in Leeds.")
    settle(window)
    titles = [
        window.panel.findings.item(i).text().split("\n")[0]
        for i in range(window.panel.findings.count())
    ]
    assert "About you, not them" in titles


def test_an_attachment_sent_as_the_message_is_listed_as_about_the_product(window) -> None:
    # Not "Feature list · Attachments as the message": the category names what all
    # its rules have in common, the product talking instead of the reader.
    window.editor.setPlainText("Hi Sam,\n\nI've attached our press release for your convenience.")
    settle(window)
    rows = [window.panel.findings.item(i).text() for i in range(window.panel.findings.count())]
    assert any(row.startswith("About the product · Attachments as the message\n") for row in rows)
