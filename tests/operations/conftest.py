"""A real encrypted store for the operations (SQLCipher, a passphrase: no keychain here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rapport.notes.keys import KeySpec
from rapport.notes.store import NotesStore, open_store

PASSPHRASE = "correct horse battery"


@pytest.fixture
def no_keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("rapport.notes.keys.keychain_available", lambda backend=None: False)


@pytest.fixture
def store(no_keychain: None) -> Iterator[NotesStore]:
    """The user's own notes (in the test's data dir), locked with ``PASSPHRASE``."""
    with open_store(passphrase_provider=lambda confirm: PASSPHRASE) as opened:
        yield opened


@pytest.fixture
def other_store(tmp_path: Path) -> Iterator[NotesStore]:
    with NotesStore(tmp_path / "other.db", KeySpec.passphrase(PASSPHRASE)) as opened:
        yield opened
