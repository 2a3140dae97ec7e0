"""Changing the passphrase that locks the notes (stores without a keychain)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

import pytest

from rapport import cli
from rapport.notes import store_files
from rapport.notes.errors import NotesError, StoreBusy, WrongKey
from rapport.notes.keys import KeySpec
from rapport.notes.store import NotesStore, default_db_path

OLD = "old horse battery"
NEW = "new staple correct"


def make_store(path: Path) -> None:
    with NotesStore(path, KeySpec.passphrase(OLD)) as store:
        laura = store.add_contact("Laura Chen", email="laura@example.com")
        store.add_note(laura.id, "Her daughter started college in Boston", kind="personal")


def contact_names(path: Path, passphrase: str) -> list[str]:
    with NotesStore(path, KeySpec.passphrase(passphrase), create=False) as store:
        return [contact.name for contact in store.list_contacts()]


def test_after_the_change_only_the_new_passphrase_opens_the_notes(db_path: Path) -> None:
    make_store(db_path)
    with NotesStore(db_path, KeySpec.passphrase(OLD), create=False) as store:
        store_files.change_passphrase(store, OLD, NEW)
        # The open store keeps working, and writes under the new key.
        store.add_contact("Sam Patel")
    assert contact_names(db_path, NEW) == ["Laura Chen", "Sam Patel"]
    with pytest.raises(WrongKey):
        contact_names(db_path, OLD)
    assert b"daughter" not in db_path.read_bytes()
    with NotesStore(db_path, KeySpec.passphrase(NEW), create=False) as store:
        assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_wrong_current_passphrase_changes_nothing(db_path: Path) -> None:
    make_store(db_path)
    with NotesStore(db_path, KeySpec.passphrase(OLD), create=False) as store:
        with pytest.raises(WrongKey, match="current passphrase"):
            store_files.change_passphrase(store, "not it", NEW)
        with pytest.raises(NotesError, match="empty"):
            store_files.change_passphrase(store, OLD, "")
    assert contact_names(db_path, OLD) == ["Laura Chen"]


def test_another_open_connection_stops_the_change_and_nothing_changes(db_path: Path) -> None:
    make_store(db_path)
    with NotesStore(db_path, KeySpec.passphrase(OLD), create=False) as other:
        other.list_contacts()
        with NotesStore(db_path, KeySpec.passphrase(OLD), create=False) as store:
            with pytest.raises(StoreBusy, match="Nothing was changed"):
                store_files.change_passphrase(store, OLD, NEW)
            store.add_contact("Sam Patel")  # still usable, still in WAL
    assert contact_names(db_path, OLD) == ["Laura Chen", "Sam Patel"]


def test_a_keychain_store_has_no_passphrase_to_change(store: NotesStore) -> None:
    with pytest.raises(NotesError, match="keychain"):
        store_files.change_passphrase(store, "anything", NEW)


def test_the_cli_changes_it_from_a_terminal(
    no_keychain: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RAPPORT_PASSPHRASE", OLD)
    assert cli.main(["contacts", "add", "Laura Chen"]) == 0
    monkeypatch.delenv("RAPPORT_PASSPHRASE")
    answers = iter([OLD, NEW, NEW])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    capsys.readouterr()
    assert cli.main(["notes", "passphrase"]) == 0
    assert "Changed the passphrase" in capsys.readouterr().out
    assert contact_names(default_db_path(), NEW) == ["Laura Chen"]


def test_the_cli_refuses_without_a_terminal(
    no_keychain: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RAPPORT_PASSPHRASE", OLD)
    assert cli.main(["contacts", "add", "Laura Chen"]) == 0
    capsys.readouterr()
    assert cli.main(["notes", "passphrase"]) == 2
    assert "run this in a terminal" in capsys.readouterr().err
    assert contact_names(default_db_path(), OLD) == ["Laura Chen"]
