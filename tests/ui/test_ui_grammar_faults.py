"""A faulty LanguageTool server in the real window: trickling answers, hostile error pages."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCharFormat

from rapport.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "grammar"))
from fake_languagetool import FakeLanguageTool

DOTTED = QTextCharFormat.UnderlineStyle.DotLine
TEXT = "Hi Ana,\n\nHow did the audti go?"


def dotted_words(window: MainWindow) -> list[str]:
    """The words drawn with the spelling underline."""
    found = []
    for start, end, finding in window.editor.drawn_findings():
        if finding.category == "spelling":
            cursor = window.editor.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
            found.append(cursor.selectedText())
    return found


@pytest.fixture
def trickling() -> Iterator[FakeLanguageTool]:
    """A LanguageTool server that answered fine, then sends one byte every 2 s."""
    with FakeLanguageTool() as server:
        yield server


@pytest.fixture
def open_window(make_window, monkeypatch, trickling: FakeLanguageTool):
    """Windows whose grammar checker is the trickling server."""
    monkeypatch.setenv("RAPPORT_LANGUAGETOOL_URL", trickling.url)
    return make_window


def test_a_trickling_server_gives_way_to_offline_spelling_and_says_so(
    open_window, qtbot, monkeypatch, trickling: FakeLanguageTool
) -> None:
    monkeypatch.setattr("rapport.grammar.languagetool.DEFAULT_TIMEOUT", 3.0)
    trickling.set_mode("trickle", delay=2.0)
    window = open_window()
    window.editor.setPlainText(TEXT)
    qtbot.waitUntil(lambda: trickling.state.trickling > 0, timeout=10_000)
    # Within the deadline (and a pause), offline spelling underlines the word...
    qtbot.waitUntil(lambda: "audti" in dotted_words(window), timeout=10_000)

    # ...and the status line stops saying the server is fine.
    def says_unavailable() -> bool:
        window.grammar_control.refresh_status()
        return "unavailable" in window.grammar_status.label.text()

    qtbot.waitUntil(says_unavailable, timeout=5_000)
    assert "did not answer in time" in window.grammar_status.toolTip()


def test_closing_the_window_during_a_trickling_check_takes_under_two_seconds(
    open_window, qtbot, trickling: FakeLanguageTool
) -> None:
    window = open_window()  # the real 10 s deadline: the check is still under way
    window.editor.setPlainText("Hi Ana,\n\nHow did it go?")
    qtbot.waitUntil(lambda: window.editor.grammar is not None, timeout=10_000)
    trickling.set_mode("trickle", delay=2.0)
    window.editor.setPlainText(TEXT)
    qtbot.waitUntil(lambda: trickling.state.trickling > 0, timeout=10_000)
    started = time.monotonic()
    window.close()
    took = time.monotonic() - started
    assert took < 2.0, f"closing took {took:.1f} s"
    assert window.editor.grammar is None


def test_a_servers_error_page_is_quoted_in_the_status_tooltip_not_drawn(
    open_window, qtbot, trickling: FakeLanguageTool
) -> None:
    from test_ui_rich_text import as_shown

    page = '<img src="missing.png"><table width=5000><tr><td>Server Error</td></tr></table>'
    trickling.state.error_body = page.encode()
    trickling.set_mode("error")
    window = open_window()
    window.editor.setPlainText(TEXT)

    def says_unavailable() -> bool:
        window.grammar_control.refresh_status()
        return "unavailable" in window.grammar_status.label.text()

    qtbot.waitUntil(says_unavailable, timeout=15_000)
    for tip in (window.grammar_status.toolTip(), window.grammar_status.label.toolTip()):
        assert page in as_shown(tip)
