"""Typing while grammar checks are in flight: a slow LanguageTool server, or Harper.

Prints one figure per line (`name value unit`). Run on demand:
    .venv/bin/python tests/benchmarks/bench_grammar_typing.py [languagetool|harper]
Target (issues 4 and 12): the longest stall of the UI event loop <= 50 ms.

A 5 ms timer records when the event loop gets to run; typing goes in as key
events in bursts with pauses long enough for the scheduler to send checks. With
``languagetool`` (the default) the stand-in server answers each only after a
second; with ``harper`` there is no server: Harper checks in process, and the
ticks start as the window opens, so Harper's Linter being built (about a second,
on the warm-up thread) is inside the measurement too.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "grammar"))

TICK_MS = 5
RUN_SECONDS = 8.0


def main() -> None:
    from fake_languagetool import FakeLanguageTool

    mode = sys.argv[1] if len(sys.argv) > 1 else "languagetool"
    with tempfile.TemporaryDirectory() as home:
        os.environ["RAPPORT_CONFIG_DIR"] = str(Path(home) / "config")
        os.environ["RAPPORT_DATA_DIR"] = str(Path(home) / "data")
        if mode == "harper":
            os.environ.pop("RAPPORT_LANGUAGETOOL_URL", None)
            run("_harper")
            return
        with FakeLanguageTool() as server:
            server.set_mode("slow", delay=1.0)
            os.environ["RAPPORT_LANGUAGETOOL_URL"] = server.url
            run("")


def run(suffix: str) -> None:
    from corpus import make_text
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from rapport.settings import load_settings
    from rapport.ui.app import wait_until
    from rapport.ui.main_window import MainWindow

    app = QApplication([])  # noqa: F841 (Qt needs an application object)
    ticks: list[float] = []
    tick = QTimer()
    tick.setInterval(TICK_MS)
    tick.timeout.connect(lambda: ticks.append(time.perf_counter()))
    window = MainWindow(*load_settings())
    window.ask_before_closing = False
    window.show()
    opened = time.perf_counter()
    tick.start()  # from the window's first paint on: the checker's start is measured too
    window.editor.setPlainText(make_text(1_000))
    wait_until(window.editor.analysis.is_idle, timeout=30)
    wait_until(lambda: time.perf_counter() - opened > 3.0, timeout=5)
    start_gaps = [(b - a) * 1000 - TICK_MS for a, b in pairwise(ticks)]
    ticks.clear()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    typed = [0]

    def type_burst() -> None:
        # Type for 1.5 s, then pause 1 s so the scheduler sends a check.
        phase = (time.perf_counter() - started) % 2.5
        if phase > 1.5:
            return
        for char in "ab ":
            event = QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char
            )
            QApplication.sendEvent(window.editor, event)
            typed[0] += 1

    typist = QTimer()
    typist.setInterval(30)
    typist.timeout.connect(type_burst)
    started = time.perf_counter()
    typist.start()
    wait_until(lambda: time.perf_counter() - started > RUN_SECONDS, timeout=RUN_SECONDS + 5)
    tick.stop()
    typist.stop()

    gaps = sorted((b - a) * 1000 - TICK_MS for a, b in pairwise(ticks))
    bridge = window.editor.grammar
    # The first 3 s after the window opened (setPlainText of 1,000 words included).
    print(f"event_loop_longest_stall_opening{suffix} {max(start_gaps):.1f} ms")
    print(f"event_loop_longest_stall{suffix} {max(gaps):.1f} ms")
    print(f"event_loop_stall_p99{suffix} {gaps[int(len(gaps) * 0.99)]:.1f} ms")
    print(f"keys_typed{suffix} {typed[0]} keys")
    print(f"grammar_checks_sent{suffix} {bridge.scheduler.checks_sent if bridge else 0} checks")
    window.editor.shutdown()


if __name__ == "__main__":
    main()
