"""Faults a user can cause: two instances, a crash mid-write, backup and restore."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from rapport.notes import store_files
from rapport.notes.backup import KEPT_BEFORE_RESTORE, replaced_copies, restore_backup
from rapport.notes.errors import NotesError, StoreBusy, WrongKey
from rapport.notes.keys import KeySpec
from rapport.notes.store import NotesStore

WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from rapport.notes.keys import KeySpec
    from rapport.notes.store import NotesStore

    store = NotesStore(Path(sys.argv[1]), KeySpec.raw(bytes.fromhex(sys.stdin.readline())))
    mode = sys.argv[2]
    contact = store.add_contact("Writer " + mode)
    if mode == "crash":
        for number in range(50):
            store.add_note(contact.id, f"committed note {number}")
        store.connection.execute("BEGIN IMMEDIATE")
        for number in range(2000):
            store.connection.execute(
                "INSERT INTO notes (contact_id, kind, text, created_at)"
                " VALUES (?, 'call', ?, '2026-01-01T00:00:00+00:00')",
                (contact.id, f"uncommitted note {number}"),
            )
        print("mid-write", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    else:
        for number in range(int(sys.argv[3])):
            store.add_note(contact.id, f"{mode} note {number}")
        store.close()
    """
)


def _run_writer(db_path: Path, key: KeySpec, *args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    process.stdin.write(key.secret + "\n")
    process.stdin.close()
    return process


def test_a_crash_mid_write_loses_nothing_committed(db_path: Path, raw_key: KeySpec) -> None:
    process = _run_writer(db_path, raw_key, "crash")
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "mid-write"
    assert process.wait(timeout=60) == -9  # killed, no chance to clean up
    with NotesStore(db_path, raw_key) as store:
        assert store.read("PRAGMA integrity_check")[0][0] == "ok"
        writer = store.find_contact("Writer crash")
        notes = store.recent_notes(writer.id, limit=-1)
        assert len(notes) == 50
        assert all(n.text.startswith("committed") for n in notes)
        assert len(store.search("committed")) == 50
        assert store.search("uncommitted") == []
        store.add_note(writer.id, "the store works after the crash")


def test_two_processes_writing_at_once_lose_nothing(db_path: Path, raw_key: KeySpec) -> None:
    NotesStore(db_path, raw_key).close()
    first = _run_writer(db_path, raw_key, "alpha", "150")
    second = _run_writer(db_path, raw_key, "beta", "150")
    assert first.wait(timeout=120) == 0
    assert second.wait(timeout=120) == 0
    with NotesStore(db_path, raw_key) as store:
        assert store.read("PRAGMA integrity_check")[0][0] == "ok"
        for name in ("Writer alpha", "Writer beta"):
            assert len(store.recent_notes(store.find_contact(name).id, limit=-1)) == 150


def test_a_second_instance_sees_the_first_ones_writes(db_path: Path, raw_key: KeySpec) -> None:
    with NotesStore(db_path, raw_key) as window, NotesStore(db_path, raw_key) as command:
        laura = window.add_contact("Laura Chen")
        command.add_note(laura.id, "Added from the command line")
        assert [n.text for n in window.recent_notes(laura.id)] == ["Added from the command line"]


def test_a_writer_blocked_too_long_gets_a_clear_message(db_path: Path, raw_key: KeySpec) -> None:
    with (
        NotesStore(db_path, raw_key) as first,
        NotesStore(db_path, raw_key, busy_timeout=0.2) as second,
    ):
        laura = first.add_contact("Laura Chen")
        first.connection.execute("BEGIN IMMEDIATE")  # the other instance is in the middle of a save
        with pytest.raises(StoreBusy, match="Nothing was lost; try again"):
            second.add_note(laura.id, "while the other one writes")
        assert second.get_contact(laura.id).name == "Laura Chen"  # reading still works
        first.connection.execute("COMMIT")
        second.add_note(laura.id, "after the other one finished")
        assert len(first.recent_notes(laura.id)) == 1


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_and_restore_bring_back_the_saved_state(
    db_path: Path, raw_key: KeySpec, tmp_path: Path
) -> None:
    backup = tmp_path / "backups" / "notes-backup.db"
    with NotesStore(db_path, raw_key) as store:
        laura = store.add_contact("Laura Chen")
        store.add_note(laura.id, "Daughter started skiing", kind="personal")
        store_files.export_copy(store, backup)
        store.add_note(laura.id, "Written after the backup")
        with pytest.raises(NotesError, match="exists already"):
            store_files.export_copy(store, backup)
    assert b"skiing" not in backup.read_bytes()
    backup_digest = _digest(backup)
    restore_backup(backup, raw_key, db_path)
    assert _digest(backup) == backup_digest  # the backup itself is never touched
    with NotesStore(db_path, raw_key) as store:
        laura = store.find_contact("Laura Chen")
        assert [n.text for n in store.recent_notes(laura.id)] == ["Daughter started skiing"]
        assert len(store.search("skiing")) == 1
    assert len(replaced_copies(db_path)) == 1


def test_restoring_with_the_wrong_key_leaves_the_store_alone(
    db_path: Path, raw_key: KeySpec, tmp_path: Path
) -> None:
    other_key = KeySpec.raw(os.urandom(32))
    foreign = tmp_path / "foreign.db"
    with NotesStore(foreign, other_key) as other:
        other.add_contact("Someone Else")
    with NotesStore(db_path, raw_key) as store:
        store.add_contact("Laura Chen")
    before = _digest(db_path)
    with pytest.raises(WrongKey):
        restore_backup(foreign, raw_key, db_path)
    assert _digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [
        "notes.db"
    ]  # no staging copy left behind
    with NotesStore(db_path, raw_key) as store:
        assert [c.name for c in store.list_contacts()] == ["Laura Chen"]


def _names(db_path: Path, key: KeySpec) -> list[str]:
    with NotesStore(db_path, key, create=False) as store:
        return sorted(c.name for c in store.list_contacts())


@pytest.mark.parametrize(
    ("make_bad_backup", "message"),
    [
        (lambda path: path.write_bytes(b""), "is empty"),
        (lambda path: path.mkdir(), "is a folder"),
        (lambda path: os.mkfifo(path), "not a regular file"),
        (lambda path: path.write_bytes(b"just some text\n" * 50), "does not open"),
    ],
    ids=["empty", "folder", "fifo", "not-a-database"],
)
def test_a_restore_refuses_what_is_not_a_backup_and_changes_nothing(
    db_path: Path, raw_key: KeySpec, tmp_path: Path, make_bad_backup: Any, message: str
) -> None:
    with NotesStore(db_path, raw_key) as store:
        store.add_contact("Laura Chen")
    before = _digest(db_path)
    bad = tmp_path / "bad.db"
    make_bad_backup(bad)
    with pytest.raises(NotesError, match=message):
        restore_backup(bad, raw_key, db_path)
    assert _digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["notes.db"]


def test_a_restore_refuses_a_device_without_reading_it(db_path: Path, raw_key: KeySpec) -> None:
    with NotesStore(db_path, raw_key) as store:
        store.add_contact("Laura Chen")
    with pytest.raises(NotesError, match="not a regular file"):
        restore_backup(Path("/dev/zero"), raw_key, db_path)  # would be read for ever
    assert _names(db_path, raw_key) == ["Laura Chen"]


def test_a_restore_refuses_an_encrypted_file_that_holds_no_notes(
    db_path: Path, raw_key: KeySpec, tmp_path: Path
) -> None:
    import sqlcipher3

    with NotesStore(db_path, raw_key) as store:
        store.add_contact("Laura Chen")
    other = tmp_path / "other.db"
    connection = sqlcipher3.connect(str(other))
    connection.execute(f"PRAGMA key = {raw_key.pragma_value()}")
    connection.execute("CREATE TABLE shopping (item TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(NotesError, match="not a Rapport notes backup"):
        restore_backup(other, raw_key, db_path)
    assert _names(db_path, raw_key) == ["Laura Chen"]


def test_a_restore_refuses_a_bit_flipped_backup(
    db_path: Path, raw_key: KeySpec, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.db"
    with NotesStore(db_path, raw_key) as store:
        laura = store.add_contact("Laura Chen")
        for number in range(200):  # enough pages that a flip lands past the first
            store.add_note(laura.id, f"Note {number} " + "words " * 40)
        store_files.export_copy(store, backup)
    damaged = bytearray(backup.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    backup.write_bytes(bytes(damaged))
    before = _digest(db_path)
    with pytest.raises(NotesError, match=r"damaged|does not open"):
        restore_backup(backup, raw_key, db_path)
    assert _digest(db_path) == before


def _backed_up(db_path: Path, raw_key: KeySpec, backup: Path, *added_after: str) -> Path:
    """Notes holding N1, backed up to ``backup``; ``added_after`` come after the backup."""
    with NotesStore(db_path, raw_key) as store:
        store.add_contact("N1")
        store_files.export_copy(store, backup)
        for name in added_after:
            store.add_contact(name)
    return backup


def test_restores_keep_every_replaced_notes_file_in_its_own_dated_copy(
    db_path: Path, raw_key: KeySpec, tmp_path: Path
) -> None:
    """The issue's repro: a restore after a restore must not lose what the first replaced."""
    backup = _backed_up(db_path, raw_key, tmp_path / "o.db", "N3")
    restore_backup(backup, raw_key, db_path)
    restore_backup(backup, raw_key, db_path)
    copies = replaced_copies(db_path)
    assert len(copies) == 2
    assert [_names(copy, raw_key) for copy in copies] == [["N1", "N3"], ["N1"]]
    assert all(copy.stat().st_mode & 0o777 == 0o600 for copy in copies)
    assert db_path.stat().st_mode & 0o777 == 0o600


def test_only_the_newest_replaced_copies_are_kept(
    db_path: Path, raw_key: KeySpec, tmp_path: Path
) -> None:
    backup = _backed_up(db_path, raw_key, tmp_path / "o.db")
    for _ in range(KEPT_BEFORE_RESTORE + 2):
        restore_backup(backup, raw_key, db_path)
    assert len(replaced_copies(db_path)) == KEPT_BEFORE_RESTORE
