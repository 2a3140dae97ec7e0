"""What is on disk: encrypted pages only, and a wrong key changes nothing."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

import pytest

from rapport.notes.errors import NewerSchema, WrongKey
from rapport.notes.keys import KeySpec
from rapport.notes.store import NotesStore

SECRETS_IN_NOTES = [
    b"skiing",
    b"Zanzibar",
    b"laura@acme.example",
    b"Laura Chen",
    "Jörg".encode(),
    b"pricing sheet",
]


def _fill(store: NotesStore) -> None:
    laura = store.add_contact("Laura Chen", email="laura@acme.example", company="Acme")
    store.add_contact("Jörg Müller")
    store.add_note(laura.id, "Her daughter started skiing; honeymoon in Zanzibar", kind="personal")
    store.add_note(laura.id, "Send the pricing sheet", kind="follow-up")
    store.log_sent_email(laura.id, "Hi Laura, how was Zanzibar?", subject="Zanzibar")


def _raw_files(db_path: Path) -> dict[str, bytes]:
    files = {}
    for candidate in db_path.parent.iterdir():
        if candidate.name.startswith(db_path.name):
            files[candidate.name] = candidate.read_bytes()
    return files


def _digest(db_path: Path) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in _raw_files(db_path).items()}


def test_no_note_text_in_the_database_or_wal_bytes(db_path: Path, raw_key: KeySpec) -> None:
    with NotesStore(db_path, raw_key) as store:
        _fill(store)
        while_open = _raw_files(db_path)
        assert db_path.name + "-wal" in while_open  # the WAL holds the fresh pages
        assert any(len(data) > 0 for data in while_open.values())
        for name, data in while_open.items():
            for secret in SECRETS_IN_NOTES:
                assert secret not in data, f"{secret!r} readable in {name}"
                assert secret.lower() not in data.lower()
    for name, data in _raw_files(db_path).items():
        assert not data.startswith(b"SQLite format 3"), f"{name} is a plain SQLite file"
        for secret in SECRETS_IN_NOTES:
            assert secret not in data, f"{secret!r} readable in {name} after close"


def test_the_database_file_is_private_to_the_user(db_path: Path, raw_key: KeySpec) -> None:
    NotesStore(db_path, raw_key).close()
    assert db_path.stat().st_mode & 0o077 == 0


def test_a_wrong_raw_key_is_refused_and_nothing_changes(db_path: Path, raw_key: KeySpec) -> None:
    with NotesStore(db_path, raw_key) as store:
        _fill(store)
    before = _digest(db_path)
    with pytest.raises(WrongKey, match="Nothing was changed"):
        NotesStore(db_path, KeySpec.raw(secrets.token_bytes(32)))
    assert _digest(db_path) == before
    with NotesStore(db_path, raw_key) as store:
        assert store.find_contact("Laura Chen").company == "Acme"


def test_a_wrong_passphrase_is_refused_and_nothing_changes(db_path: Path) -> None:
    passphrase = KeySpec.passphrase("correct horse's battery; staple")
    with NotesStore(db_path, passphrase) as store:
        _fill(store)
    before = _digest(db_path)
    with pytest.raises(WrongKey, match="passphrase is wrong"):
        NotesStore(db_path, KeySpec.passphrase("correct horse battery staple"))
    assert _digest(db_path) == before
    with NotesStore(db_path, passphrase) as store:
        assert len(store.search("skiing")) == 1


def test_the_wrong_key_message_never_contains_the_key(db_path: Path, raw_key: KeySpec) -> None:
    NotesStore(db_path, raw_key).close()
    wrong = KeySpec.passphrase("hunter2-not-it")
    with pytest.raises(WrongKey) as caught:
        NotesStore(db_path, wrong)
    assert "hunter2" not in str(caught.value)
    assert raw_key.secret not in repr(raw_key)


def test_a_database_from_a_newer_rapport_is_left_alone(db_path: Path, raw_key: KeySpec) -> None:
    with NotesStore(db_path, raw_key) as store:
        store.connection.execute("PRAGMA user_version = 99")
    before = _digest(db_path)
    with pytest.raises(NewerSchema, match="newer Rapport"):
        NotesStore(db_path, raw_key)
    assert _digest(db_path) == before
