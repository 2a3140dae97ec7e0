"""Every earlier schema version migrates to the current one with its data intact."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from rapport.notes.keys import KeySpec
from rapport.notes.schema import LATEST_VERSION, MIGRATIONS, split_statements
from rapport.notes.store import NotesStore


def _database_at(path: Path, key: KeySpec, version: int) -> None:
    """Build the database exactly as Rapport at schema ``version`` left it, with data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlcipher3.connect(str(path), isolation_level=None)
    db.execute(f"PRAGMA key = {key.pragma_value()}")
    db.execute("PRAGMA journal_mode = WAL")
    for step in range(version):
        for statement in split_statements(MIGRATIONS[step]):
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {step + 1}")
    if version >= 1:
        db.execute(
            "INSERT INTO contacts (id, name, email, company, created_at)"
            " VALUES (1, 'Laura Chen', 'laura@acme.example', 'Acme', '2025-01-02T10:00:00+00:00')"
        )
        db.execute(
            "INSERT INTO notes (contact_id, kind, text, created_at, due, done) VALUES"
            " (1, 'personal', 'Daughter started skiing', '2025-01-02T10:05:00+00:00', NULL, 0),"
            " (1, 'follow-up', 'Send pricing', '2025-01-03T10:00:00+00:00', '2025-01-10', 0)"
        )
    if version >= 2:
        db.execute(
            "INSERT INTO sent_emails (contact_id, subject, body, sent_at)"
            " VALUES (1, 'Hello', 'Our sailing offer', '2025-01-04T10:00:00+00:00')"
        )
    db.close()


@pytest.mark.parametrize("version", range(LATEST_VERSION))
def test_migrates_from_every_earlier_version(
    tmp_path: Path, raw_key: KeySpec, version: int
) -> None:
    path = tmp_path / "notes.db"
    _database_at(path, raw_key, version)
    with NotesStore(path, raw_key) as store:
        assert store.schema_version() == LATEST_VERSION
        assert store._read("PRAGMA integrity_check")[0][0] == "ok"
        if version >= 1:
            laura = store.find_contact("Laura Chen")
            assert (laura.email, laura.company, laura.role, laura.tags) == (
                "laura@acme.example",
                "Acme",
                "",
                (),
            )
            history = store.contact_history(laura.id)
            assert [n.text for n in history.notes] == ["Send pricing", "Daughter started skiing"]
            assert [h.item_id for h in store.search("skiing")] == [history.notes[1].id]
        if version >= 2:
            assert [h.source for h in store.search("sailing")] == ["email"]
        # The migrated database works like a new one.
        sam = store.add_contact("Sam Patel", tags=["prospect"])
        store.add_note(sam.id, "Loves cycling")
        assert [h.contact_name for h in store.search("cycling")] == ["Sam Patel"]


def test_migration_is_idempotent_on_reopen(tmp_path: Path, raw_key: KeySpec) -> None:
    path = tmp_path / "notes.db"
    _database_at(path, raw_key, 1)
    NotesStore(path, raw_key).close()
    with NotesStore(path, raw_key) as store:
        assert store.schema_version() == LATEST_VERSION
        assert len(store.search("skiing")) == 1  # indexed once, not twice
