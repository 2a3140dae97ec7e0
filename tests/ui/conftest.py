"""Fixtures for the window tests (pytest-qt drives a real Qt window offscreen)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QInputDialog
from window_helpers import PASSPHRASE

from rapport.notes.store import open_store
from rapport.settings import load_settings
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


@pytest.fixture
def make_window(qtbot) -> Iterator[Callable[[], MainWindow]]:
    """Makes shown windows on demand (a test's settings or environment set first)."""
    made: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(*load_settings())
        window.ask_before_closing = False
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.editor.shutdown()


@pytest.fixture(autouse=True)
def clear_offscreen_clipboard(qapp) -> Iterator[None]:
    """Qt's offscreen platform crashes at exit if the clipboard still holds mime
    data set from Python (xcb does not); the tests' clipboard is not a user's."""
    yield
    if qapp.platformName() == "offscreen":
        qapp.clipboard().clear()


@pytest.fixture
def locked_contact(monkeypatch) -> None:
    """A store (passphrase mode: tests have no keychain) with one contact and notes."""
    monkeypatch.setattr("rapport.notes.keys.keychain_available", lambda backend=None: False)
    store = open_store(passphrase_provider=lambda confirm: PASSPHRASE)
    laura = store.add_contact("Laura Chen", email="laura@example.com", company="Acme")
    store.add_note(laura.id, "Her daughter started college in Boston", kind="personal")
    store.add_note(
        laura.id, "Send the pricing sheet", kind="follow-up", due=date.today() - timedelta(days=2)
    )
    store.close()


@pytest.fixture
def known_contact(locked_contact, monkeypatch) -> None:
    """The locked_contact store, and passphrase prompts answered right (five times)."""
    answers = iter([(PASSPHRASE, True)] * 5)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
