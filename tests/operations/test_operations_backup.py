"""Backup and restore behave one way, whether the CLI or the window asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.notes.store import NotesStore, default_db_path, open_store
from rapport.operations import OperationError, backup

PASSPHRASE = "correct horse battery"  # as in conftest.py


def test_a_backup_never_replaces_a_file_without_the_users_say_so(
    store: NotesStore, tmp_path: Path
) -> None:
    store.add_contact("Laura Chen", email="laura@example.com")
    target = tmp_path / "backup.db"
    target.write_bytes(b"an older backup")
    with pytest.raises(OperationError, match="exists already"):
        backup.back_up(store, target)
    assert target.read_bytes() == b"an older backup"
    result = backup.back_up(store, target, replace_existing=True)  # the dialog asked
    assert result.path == target and target.read_bytes() != b"an older backup"
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_restore_refuses_while_another_rapport_has_the_notes_open(
    store: NotesStore, tmp_path: Path
) -> None:
    store.add_contact("Laura Chen")
    target = tmp_path / "backup.db"
    backup.back_up(store, target)
    with open_store(passphrase_provider=lambda confirm: PASSPHRASE) as other_window:
        other_window.list_contacts()
        with pytest.raises(OperationError, match="Another Rapport"):
            backup.restore(target, passphrase_provider=lambda c: PASSPHRASE, current=store)
    assert [c.name for c in store.list_contacts()] == ["Laura Chen"]  # still open, unchanged


def test_restore_closes_the_callers_store_and_keeps_the_replaced_notes(
    store: NotesStore, tmp_path: Path
) -> None:
    store.add_contact("Laura Chen")
    target = tmp_path / "backup.db"
    backup.back_up(store, target)
    store.add_contact("Added after the backup")
    result = backup.restore(target, passphrase_provider=lambda c: PASSPHRASE, current=store)
    assert result.kept is not None and result.kept.exists()
    with open_store(passphrase_provider=lambda confirm: PASSPHRASE, create=False) as restored:
        assert [c.name for c in restored.list_contacts()] == ["Laura Chen"]


def test_restoring_something_that_is_not_a_backup_changes_nothing(
    store: NotesStore, tmp_path: Path
) -> None:
    store.add_contact("Laura Chen")
    bogus = tmp_path / "holiday.db"
    bogus.write_bytes(b"SQLite format 3\0" + b"\0" * 4000)
    with pytest.raises(OperationError, match="nothing was restored"):
        backup.restore(bogus, passphrase_provider=lambda c: PASSPHRASE, current=store)
    with open_store(passphrase_provider=lambda confirm: PASSPHRASE, create=False) as same:
        assert [c.name for c in same.list_contacts()] == ["Laura Chen"]
    assert default_db_path().exists()


def test_the_passphrase_change_says_why_it_cannot(store: NotesStore, monkeypatch) -> None:
    backup.check_passphrase_can_change()  # locked with a passphrase: it can
    with pytest.raises(OperationError, match="differ"):
        backup.change_passphrase(store, PASSPHRASE, "new one", "new oen")
    with pytest.raises(OperationError, match="not right"):
        backup.change_passphrase(store, "wrong", "new one")
    monkeypatch.setattr("rapport.notes.keys.protection_method", lambda path: None)
    with pytest.raises(OperationError, match="no notes yet") as raised:
        backup.check_passphrase_can_change()
    assert raised.value.nothing_stored
