"""The window with a real local LanguageTool: it never waits for Java, then draws its findings.

Needs ``LTP_JAR_DIR_PATH`` (see tests/grammar/test_grammar_real_languagetool.py);
skipped without it unless ``RAPPORT_REQUIRE_LANGUAGETOOL=1`` (CI), where it fails.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer
from window_helpers import settle

from rapport.grammar.local_server import stop_all_local_servers
from rapport.settings import Settings, save_settings
from rapport.ui.app import type_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "grammar"))
from processes import alive, wait_for

JAR_DIR = os.environ.get("LTP_JAR_DIR_PATH", "")
REQUIRED = os.environ.get("RAPPORT_REQUIRE_LANGUAGETOOL", "") == "1"

pytestmark = pytest.mark.skipif(
    not JAR_DIR and not REQUIRED,
    reason="no real LanguageTool: set LTP_JAR_DIR_PATH (installer/languagetool/assemble.py)",
)

TEXT = "Hi Ana,\n\nThanks 🙂 for teh call 🎉. He go to the office every Monday."


class StallWatch:
    """The longest gap between ticks of a 10 ms timer: how long the event loop was blocked."""

    def __init__(self) -> None:
        self.longest_ms = 0.0
        self._clock = QElapsedTimer()
        self._clock.start()
        self._last = 0
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = self._clock.elapsed()
        self.longest_ms = max(self.longest_ms, float(now - self._last))
        self._last = now

    def stop(self) -> None:
        self._timer.stop()


def test_the_window_never_waits_for_java_and_then_draws_languagetools_findings(
    make_window, qtbot
) -> None:
    assert JAR_DIR, "RAPPORT_REQUIRE_LANGUAGETOOL=1 but LTP_JAR_DIR_PATH is not set"
    save_settings(Settings(grammar_backend="local", languagetool_dir=JAR_DIR))
    opened = time.perf_counter()
    window = make_window()
    watch = StallWatch()
    pid = None
    try:
        window.editor.setFocus()
        type_text(window.editor, TEXT)
        typed = time.perf_counter() - opened
        assert window.editor.toPlainText() == TEXT
        assert typed < 10, f"opening the window and typing took {typed:.1f} s"

        def rules() -> set[str]:
            return {finding.rule for _start, _end, finding in window.editor.drawn_findings()}

        # Harper answers while Java starts, and the status bar says LanguageTool is starting.
        qtbot.waitUntil(lambda: any(rule.startswith("harper:") for rule in rules()), timeout=15_000)
        window.grammar_control.refresh_status()
        assert "LanguageTool starting" in window.grammar_status.label.text()
        # Then LanguageTool's own findings replace them, without a keystroke.
        qtbot.waitUntil(
            lambda: any(rule.startswith("languagetool:") for rule in rules()), timeout=240_000
        )
        settle(window)
        drawn = {
            cursor_text(window, start, end)
            for start, end, finding in window.editor.drawn_findings()
            if finding.rule.startswith("languagetool:")
        }
        assert "teh" in drawn, drawn
        window.grammar_control.refresh_status()
        assert window.grammar_status.label.text() == "Grammar: LanguageTool"
        pid = window.editor.grammar.service.server.pid
        assert pid is not None
    finally:
        watch.stop()
        window.editor.shutdown()
        stop_all_local_servers()  # what quitting does
    print(f"\nevent_loop_longest_stall_while_languagetool_starts {watch.longest_ms:.0f} ms")
    # Java's start and LanguageTool's 12 s warm-up run outside the event loop.
    assert watch.longest_ms < 250, f"the event loop was blocked for {watch.longest_ms:.0f} ms"
    assert wait_for(lambda: not alive(pid), timeout=10), "java outlived the window"


def cursor_text(window, start: int, end: int) -> str:
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(window.editor.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()
