"""Fixtures for the window tests (pytest-qt drives a real Qt window offscreen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rapport.settings import load_settings
from rapport.ui.app import wait_until
from rapport.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    settings, warnings = load_settings()
    created = MainWindow(settings, warnings)
    created.ask_before_closing = False
    qtbot.addWidget(created)
    created.show()
    yield created
    created.editor.shutdown()


@pytest.fixture(autouse=True)
def clear_offscreen_clipboard(qapp) -> Iterator[None]:
    """Qt's offscreen platform crashes at exit if the clipboard still holds mime
    data set from Python (xcb does not); the tests' clipboard is not a user's."""
    yield
    if qapp.platformName() == "offscreen":
        qapp.clipboard().clear()


def settle(window: MainWindow) -> None:
    """Wait until every paragraph is analysed and the report is current."""
    assert wait_until(window.editor.is_idle, timeout=10), "analysis did not settle"
