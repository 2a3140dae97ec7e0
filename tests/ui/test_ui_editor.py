"""Typing into the real editor: highlights, hover cards, quick fixes, F8."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QMenu, QToolTip
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
    assert window.panel.score_label.text() == str(window.editor.report.score)
    assert window.editor.report.score < 40


def test_editing_a_sentence_updates_only_its_paragraph(window) -> None:
    window.editor.setPlainText("Hi Ana,\n\nHow was the trip?\n\nWe are the best agency.")
    settle(window)
    first_state = window.editor.document().findBlockByNumber(2).userData()
    revision = first_state.revision
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    type_text(window.editor, " Buy now!")
    settle(window)
    assert window.editor.document().findBlockByNumber(2).userData().revision == revision
    categories = {f.category for _, _, f in window.editor.drawn_findings()}
    assert {"self-centered", "pushy"} <= categories


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


def test_quick_fix_applies_as_one_step_and_undoes(window) -> None:
    original = "Hi Ana,\n\nWant to buy some?"
    window.editor.setPlainText(original)
    settle(window)
    start, end, finding = window.editor.drawn_findings()[0]
    menu = QMenu()
    window.editor._add_finding_actions(menu, None, start, end, finding)
    replace = next(a for a in menu.actions() if a.text().startswith("Replace with"))
    replace.trigger()
    fixed = window.editor.toPlainText()
    assert fixed == "Hi Ana,\n\n" + finding.suggestions[0]
    settle(window)
    assert not any(f.category == "pushy" for _, _, f in window.editor.drawn_findings())
    window.editor.undo()
    assert window.editor.toPlainText() == original


def test_ignore_here_and_ignore_rule(window) -> None:
    window.editor.setPlainText("Hi Ana,\n\nWant to buy some? Act now!\n\nHow are you?")
    settle(window)
    found = window.editor.drawn_findings()
    assert len(found) == 2
    start, end, finding = found[0]
    score_at_first = window.editor.report.score
    window.editor.ignore_here(finding, start, end)
    settle(window)
    assert len(window.editor.drawn_findings()) == 1
    # The writer judged that sentence: it no longer counts against the score.
    assert window.editor.report.score > score_at_first
    assert finding not in window.editor.report.findings
    remaining = window.editor.drawn_findings()[0][2]
    score_before = window.editor.report.score
    window.editor.ignore_rule(remaining.rule)
    settle(window)
    assert window.editor.drawn_findings() == []
    # Ignoring a rule for this draft takes it out of the score too.
    assert window.editor.report.score > score_before
    window.editor.clear_ignores()
    settle(window)
    assert len(window.editor.drawn_findings()) == 2


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


def test_huge_paste_is_analysed_in_the_background_and_nothing_is_lost(window) -> None:
    paragraph = "We are the best agency in town, and you should buy now! 🚀"
    text = "\n".join(f"{paragraph} {number}" for number in range(3000))
    text += "\n" + "word " * 6000  # one paragraph longer than the background limit
    window.editor.setPlainText(text)
    settle(window)
    assert window.editor.toPlainText() == text
    assert window.editor.report is not None
    assert window.editor.report.metrics.words > 40_000
    last = window.editor.document().lastBlock().userData()
    assert last.is_current()


def test_stale_background_result_is_dropped(window) -> None:
    window.editor.setPlainText("We are the best.")
    settle(window)
    block = window.editor.document().firstBlock()
    state = block.userData()
    stale = window.editor.analyzer.analyze_paragraph("Buy now!", use_cache=False)

    class Done:
        def exception(self):
            return None

        def result(self):
            return stale

    window.editor._apply_large_result(block, state.revision - 1, Done())
    assert state.result.text == "We are the best."
    window.editor._apply_large_result(block, state.revision, Done())
    assert state.result.text == "Buy now!"


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
    assert any(row.startswith("Template left in\n") and "[Company Name]" in row for row in rows)
    assert not any(row.startswith("Greeting") for row in rows)
