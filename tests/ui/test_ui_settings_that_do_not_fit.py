"""The window starts, with a warning, whatever the settings file holds (issue 16, item 8)."""

from __future__ import annotations

import json

import pytest

from rapport.settings import load_settings, settings_path
from rapport.ui.main_window import MainWindow


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps({"font_size": 2147483648}).encode(),  # was OverflowError
        b"[" * 100_000 + b"]" * 100_000,  # was RecursionError
        b'{"font_size": 14, "language": "caf\xe9"}',  # not UTF-8
    ],
    ids=["huge-font", "deeply-nested", "not-utf-8"],
)
def test_window_starts_and_says_what_it_did_not_use(qtbot, raw: bytes) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    settings, warnings = load_settings()
    window = MainWindow(settings, warnings)
    window.ask_before_closing = False
    qtbot.addWidget(window)
    window.show()
    assert window.editor.font().pointSize() == 12
    assert window.banner.isVisibleTo(window)
    assert str(path) in window.banner.text()
    window.editor.setPlainText("Hi Laura,\n\nHow did the launch go?")
    qtbot.waitUntil(window.editor.analysis.is_idle, timeout=5000)
    window.editor.shutdown()
