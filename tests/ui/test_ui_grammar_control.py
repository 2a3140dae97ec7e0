"""The grammar checker in the window: started after the first paint, stopped on close, and
its true state in the status bar from the start, before anything is typed."""

from __future__ import annotations

import pytest

from rapport.grammar import URL_ENV
from rapport.settings import Settings, save_settings
from rapport.ui.app import wait_until


@pytest.fixture
def no_languagetool(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "no-languagetool-here"))
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    monkeypatch.delenv(URL_ENV, raising=False)


def _status_shown(window) -> str:
    assert wait_until(lambda: bool(window.grammar_status.label.text()), timeout=10)
    return window.grammar_status.label.text()


def test_local_languagetool_not_installed_is_said_before_typing(make_window, no_languagetool):
    save_settings(Settings(grammar_backend="local"))
    window = make_window()
    shown = _status_shown(window)
    assert window.editor.toPlainText() == ""
    assert shown == "Grammar: LanguageTool unavailable, Harper instead"
    assert window.grammar_status.button.isVisibleTo(window.grammar_status)
    assert window.grammar_status.button.text() == "Download LanguageTool…"


def test_harper_and_off_are_shown_as_they_are(make_window, no_languagetool):
    window = make_window()
    assert _status_shown(window).startswith("Grammar: Harper")
    assert wait_until(lambda: window.grammar_status.label.text() == "Grammar: Harper", 15)
    save_settings(Settings(grammar_backend="off"))
    off = make_window()
    wait_until(lambda: off.grammar_control.started, timeout=5)
    assert off.grammar_status.isVisibleTo(off)
    assert off.grammar_status.label.text() == "Grammar: off"
    assert "Settings" in off.grammar_status.toolTip()


def test_the_grammar_thread_starts_after_the_first_paint_and_stops_on_close(window, qtbot) -> None:
    import threading

    # The window is shown; the checker starts once it has painted, not before.
    qtbot.waitUntil(
        lambda: any(t.name == "grammar-scheduler" for t in threading.enumerate()),
        timeout=5_000,
    )
    window.editor.shutdown()
    qtbot.waitUntil(
        lambda: not any(t.name == "grammar-scheduler" for t in threading.enumerate()),
        timeout=5_000,
    )


def test_a_window_closed_before_it_paints_never_starts_a_checker(qtbot) -> None:
    from rapport.settings import load_settings
    from rapport.ui.grammar_control import GRAMMAR_START_FALLBACK_MS
    from rapport.ui.main_window import MainWindow

    window = MainWindow(*load_settings())
    window.ask_before_closing = False
    qtbot.addWidget(window)
    window.close()  # never shown: only the fallback timer would start the checker
    qtbot.wait(GRAMMAR_START_FALLBACK_MS + 300)
    assert window.editor.grammar is None
