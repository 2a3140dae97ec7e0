"""Pasting a hard-wrapped email: its lines are joined, and one undo gives them back."""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QMimeData
from window_helpers import settle

from rapport.offsets import OffsetMap, utf16_length
from rapport.ui.app import underline_at
from rapport.ui.styles import CATEGORY_STYLES

BRAG = (
    "We are the leading provider of finance automation in the U.S. and the fastest "
    "growing platform in our market, trusted by hundreds of companies like yours."
)
BODY = (
    "I remember you said the month-end close takes your team two full days, and that "
    f"the reconciliation is where most of the time goes; how did this month go? {BRAG}"
)
WRAPPED = f"Hi Laura,\n\n{textwrap.fill(BODY, 72)}\n\nBest,\nDan"
JOINED = f"Hi Laura,\n\n{BODY}\n\nBest,\nDan"


def paste(window, text: str) -> None:
    data = QMimeData()
    data.setText(text)
    window.editor.insertFromMimeData(data)


def test_a_wrapped_paste_is_joined_and_the_whole_sentence_underlined(window) -> None:
    paste(window, WRAPPED)
    settle(window)
    text = window.editor.toPlainText()
    assert text == JOINED
    assert "Joined wrapped lines" in window.statusBar().currentMessage()
    start = OffsetMap(text).to_utf16(text.index(BRAG))
    style = CATEGORY_STYLES["self-centered"].underline
    assert underline_at(window, start, utf16_length(BRAG)) == style


def test_one_undo_gives_back_the_line_breaks_and_a_second_the_empty_draft(window) -> None:
    window.editor.setPlainText("")
    paste(window, WRAPPED)
    window.editor.undo()
    assert window.editor.toPlainText() == WRAPPED
    window.editor.undo()
    assert window.editor.toPlainText() == ""


def test_pasting_over_a_selection_replaces_only_it(window) -> None:
    window.editor.setPlainText("Before\nPLACEHOLDER\nAfter")
    cursor = window.editor.textCursor()
    cursor.setPosition(len("Before\n"))
    cursor.setPosition(len("Before\nPLACEHOLDER"), cursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    paste(window, WRAPPED)
    assert window.editor.toPlainText() == f"Before\n{JOINED}\nAfter"


def test_with_the_setting_off_the_paste_keeps_its_lines(window) -> None:
    from dataclasses import replace

    window.apply_settings(replace(window.settings, unwrap_pastes=False))
    paste(window, WRAPPED)
    assert window.editor.toPlainText() == WRAPPED


def test_windows_line_ends_do_not_leave_stray_characters(window) -> None:
    paste(window, "Hi Laura,\r\n\r\nHow did the launch go?\r\n")
    assert window.editor.toPlainText() == "Hi Laura,\n\nHow did the launch go?\n"
