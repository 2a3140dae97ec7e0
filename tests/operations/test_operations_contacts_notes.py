"""Contacts and notes through the operations: plain results, one error type."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rapport.analysis import analyze
from rapport.notes.store import NotesStore
from rapport.operations import OperationError, check, contacts, notes


def test_adding_a_contact_twice_returns_the_stored_one(store: NotesStore) -> None:
    first = contacts.add_contact(store, "Laura Chen", email="laura@example.com")
    again = contacts.add_contact(store, "L. Chen", email="LAURA@example.com")
    assert not first.existed and again.existed
    assert again.contact == first.contact and "Laura Chen" in again.message
    assert [c.name for c in contacts.list_contacts(store)] == ["Laura Chen"]


def test_import_preview_then_import(store: NotesStore, tmp_path: Path) -> None:
    contacts.add_contact(store, "Laura Chen", email="laura@example.com")
    csv = tmp_path / "people.csv"
    csv.write_text("Name,E-mail 1 - Value\nLaura Chen,laura@example.com\nSam Lee,sam@x.org\n")
    preview = contacts.preview_import(csv, store)
    assert preview.already_stored == (True, False)
    result = contacts.import_contacts(store, preview.records)
    assert (result.added, result.already_stored) == (1, 1)
    assert result.message == "Imported 1 contact; 1 was already stored"


def test_a_bad_import_file_is_one_error_with_its_name(store: NotesStore, tmp_path: Path) -> None:
    bad = tmp_path / "people.xlsx"
    bad.write_bytes(b"PK\3\4")
    with pytest.raises(OperationError, match=r"people\.xlsx"):
        contacts.read_contacts_file(bad)


def test_notes_add_search_and_log_sent(store: NotesStore) -> None:
    laura = contacts.add_contact(store, "Laura Chen", email="laura@example.com").contact
    added = notes.add_note(
        store, "laura@example.com", "Her daughter starts skiing", kind="personal"
    )
    assert added.contact == laura and added.message == "Added a personal note to Laura Chen"
    follow = notes.add_note(store, laura, "Send the pricing", due=date(2030, 1, 2))
    assert follow.note.kind == "follow-up"
    with pytest.raises(OperationError, match="--due belongs to a follow-up"):
        notes.add_note(store, laura, "x", kind="call", due=date(2030, 1, 2))
    assert [hit.contact_name for hit in notes.search_notes(store, "skis")] == ["Laura Chen"]
    with pytest.raises(OperationError, match="at least one word"):
        notes.search_notes(store, "  ...  ")
    logged = notes.log_sent(store, laura, "Pricing", "Hi Laura,\n\nHere it is.")
    assert logged.message == "Logged as sent to Laura Chen."
    history = notes.contact_history(store, laura.id)
    assert [email.subject for email in history.sent_emails] == ["Pricing"]


def test_contact_extras_replace_the_engines_generic_greeting(store: NotesStore) -> None:
    laura = contacts.add_contact(store, "Laura Chen").contact
    history = notes.contact_history(store, laura.id)
    text = "Hi there,\n\nHow did the launch go for your team?\n\nBest,\nSam"
    extras = check.contact_extras(text, history)
    assert extras.json_fields == {"contact": "Laura Chen"}
    assert extras.summary[0].startswith("contact: Laura Chen")
    report = check.with_extras(analyze(text), extras)
    rules = {finding.rule for finding in report.findings}
    assert "contact-greeting-generic" in rules and "greeting-generic" not in rules


def test_a_missing_contact_is_an_operation_error(store: NotesStore) -> None:
    from rapport.notes.store import open_store

    with pytest.raises(OperationError, match="Nobody"):
        check.load_contact_history(
            lambda: open_store(passphrase_provider=lambda c: "correct horse battery"), "Nobody"
        )
