"""Every earlier schema version migrates to the current one with its data intact."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from rapport.notes.keys import KeySpec
from rapport.notes.schema import LATEST_VERSION, MIGRATIONS, apply_migration
from rapport.notes.store import NotesStore


def _database_at(path: Path, key: KeySpec, version: int) -> None:
    """Build the database exactly as Rapport at schema ``version`` left it, with data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlcipher3.connect(str(path), isolation_level=None)
    db.execute(f"PRAGMA key = {key.pragma_value()}")
    db.execute("PRAGMA journal_mode = WAL")
    for step in range(version):
        apply_migration(db, MIGRATIONS[step])
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
        assert store.read("PRAGMA integrity_check")[0][0] == "ok"
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


def test_duplicate_emails_are_merged_into_one_contact(tmp_path: Path, raw_key: KeySpec) -> None:
    """Version 4 merges what concurrent adds left behind; empty emails are nobody's twin."""
    path = tmp_path / "notes.db"
    _database_at(path, raw_key, 3)
    db = sqlcipher3.connect(str(path), isolation_level=None)
    db.execute(f"PRAGMA key = {raw_key.pragma_value()}")
    db.execute(
        "INSERT INTO contacts (id, name, email, company, role, personal, tags, created_at)"
        " VALUES"
        " (2, 'Ed Ames', 'ed@example.org', '', '', 'Likes jazz', '[\"lead\"]', '2025-02-01'),"
        " (3, 'Ed Ames', 'ED@Example.org ', 'Ames Ltd', 'CEO', 'Two kids', '[\"vip\"]',"
        "  '2025-02-02'),"
        " (4, 'Ed', 'ed@example.org', '', 'Owner', 'Likes jazz', '[\"lead\"]', '2025-02-03'),"
        " (5, 'Ana Lima', '', '', '', '', '[]', '2025-02-04'),"
        " (6, 'Ana Lima', '', '', '', '', '[]', '2025-02-05')"
    )
    db.execute(
        "INSERT INTO notes (contact_id, kind, text, created_at) VALUES"
        " (2, 'call', 'First call about saxophones', '2025-02-01T10:00:00+00:00'),"
        " (3, 'call', 'Second call about trumpets', '2025-02-02T10:00:00+00:00'),"
        " (4, 'meeting', 'Met at the fair', '2025-02-03T10:00:00+00:00')"
    )
    db.execute(
        "INSERT INTO sent_emails (contact_id, subject, body, sent_at)"
        " VALUES (3, 'Hi', 'Our trumpet offer', '2025-02-02T11:00:00+00:00')"
    )
    db.execute(
        "INSERT INTO drafts (contact_id, subject, body, updated_at)"
        " VALUES (4, 'Fair', 'Good to meet you', '2025-02-03T11:00:00+00:00')"
    )
    db.close()

    with NotesStore(path, raw_key) as store:
        assert store.read("PRAGMA integrity_check")[0][0] == "ok"
        ed = store.find_contact("ED@example.org")  # one contact now, not three
        assert (ed.id, ed.name, ed.email, ed.company, ed.role) == (
            2,
            "Ed Ames",
            "ed@example.org",
            "Ames Ltd",
            "CEO",
        )
        assert ed.personal == "Likes jazz\n\nTwo kids"
        assert ed.tags == ("lead", "vip")
        history = store.contact_history(ed.id)
        assert sorted(n.text for n in history.notes) == [
            "First call about saxophones",
            "Met at the fair",
            "Second call about trumpets",
        ]
        assert [e.body for e in history.sent_emails] == ["Our trumpet offer"]
        assert [d.body for d in store.drafts(ed.id)] == ["Good to meet you"]
        assert [h.contact_name for h in store.search("trumpets")] == ["Ed Ames", "Ed Ames"]
        # Contacts without email are never merged, however alike.
        assert [c.name for c in store.list_contacts()].count("Ana Lima") == 2
        assert store.contact_count() == 4  # Laura, Ed, and the two Anas


def test_the_schema_refuses_a_second_contact_with_the_same_email(
    tmp_path: Path, raw_key: KeySpec
) -> None:
    from rapport.notes.errors import ContactExists

    with NotesStore(tmp_path / "notes.db", raw_key) as store:
        laura = store.add_contact("Laura Chen", email="laura@acme.example")
        with pytest.raises(ContactExists, match="already a contact; nothing was added") as caught:
            store.add_contact("L. Chen", email=" LAURA@acme.example ")
        assert caught.value.contact.id == laura.id
        # Even a write that skips the check (an old Rapport, say) cannot make a duplicate.
        with pytest.raises(sqlcipher3.IntegrityError):
            store.connection.execute(
                "INSERT INTO contacts (name, email, created_at) VALUES ('X', 'Laura@Acme.example',"
                " '2025-01-01')"
            )
        sam = store.add_contact("Sam Patel", email="sam@acme.example")
        with pytest.raises(ContactExists, match="already has this email"):
            store.update_contact(sam.id, email="laura@ACME.example")
        assert store.get_contact(sam.id).email == "sam@acme.example"
        # Many contacts may have no email.
        store.add_contact("Ana Lima")
        store.add_contact("Ana Lima")
        assert store.contact_count() == 4
