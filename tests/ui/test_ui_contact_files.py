"""The Contacts menu: import with a preview, export, and an encrypted backup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from window_helpers import PASSPHRASE, choose_laura, finish_operations, unlocked_store

from rapport.notes.backup import replaced_copies
from rapport.notes.keys import KeySpec
from rapport.notes.store import NotesStore, default_db_path
from rapport.ui.contact_files import ImportPreviewDialog

CARDS = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Laura Chen\nEMAIL:laura@example.com\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Sam Patel\nEMAIL:sam@example.com\nORG:Patel & Co\nEND:VCARD\n"
)


@pytest.fixture
def chosen_file(monkeypatch):
    """Make the file dialogs answer with a given path (and filter)."""

    def choose(path: Path, file_filter: str = "") -> None:
        answer = (str(path), file_filter)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: answer)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: answer)

    return choose


@pytest.fixture
def cards_chosen(chosen_file, tmp_path: Path) -> None:
    """A .vcf with Laura (already stored) and Sam (new), picked in the file dialog."""
    cards = tmp_path / "contacts.vcf"
    cards.write_text(CARDS, encoding="utf-8")
    chosen_file(cards)


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


def stored_names() -> list[str]:
    with NotesStore(default_db_path(), KeySpec.passphrase(PASSPHRASE), create=False) as store:
        return [contact.name for contact in store.list_contacts()]


def answer_preview(monkeypatch, accept: bool) -> list[ImportPreviewDialog]:
    seen: list[ImportPreviewDialog] = []

    def exec_(dialog: ImportPreviewDialog) -> int:
        seen.append(dialog)
        return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

    monkeypatch.setattr(ImportPreviewDialog, "exec", exec_)
    return seen


def test_import_previews_every_card_and_adds_only_the_new_ones(
    window, known_contact, cards_chosen, monkeypatch
) -> None:
    previews = answer_preview(monkeypatch, accept=True)
    window.contact_files.import_contacts()
    finish_operations(window)
    table = previews[0].table
    model = table.model()  # what the table shows
    rows = [[model.index(row, column).data() for column in range(4)] for row in range(2)]
    assert rows[0] == ["Laura Chen", "laura@example.com", "", "already stored"]
    assert rows[1] == ["Sam Patel", "sam@example.com", "Patel & Co", "new"]
    assert previews[0].import_button.text() == "Import 1 contact"
    assert stored_names() == ["Laura Chen", "Sam Patel"]
    assert window.statusBar().currentMessage() == "Imported 1 contact; 1 was already stored"


def test_cancelling_the_preview_writes_nothing(
    window, known_contact, cards_chosen, monkeypatch
) -> None:
    answer_preview(monkeypatch, accept=False)
    window.contact_files.import_contacts()
    finish_operations(window)
    assert stored_names() == ["Laura Chen"]
    assert "nothing was written" in window.statusBar().currentMessage()


def test_a_broken_file_is_named_with_its_line_and_nothing_is_imported(
    window, known_contact, chosen_file, warnings, monkeypatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.vcf"
    broken.write_text(CARDS + "BEGIN:VCARD\nVERSION:3.0\nFN:Half a card\n", encoding="utf-8")
    chosen_file(broken)
    previews = answer_preview(monkeypatch, accept=True)
    window.contact_files.import_contacts()
    finish_operations(window)
    assert previews == []
    assert len(warnings) == 1 and "broken.vcf" in warnings[0] and "line 12" in warnings[0]
    assert "Nothing was imported" in warnings[0]
    assert stored_names() == ["Laura Chen"]


def test_export_adds_the_extension_of_the_chosen_format(
    window, known_contact, chosen_file, tmp_path: Path
) -> None:
    chosen_file(tmp_path / "everyone", "JSON, with notes and history (*.json)")
    window.contact_files.export_contacts()
    finish_operations(window)
    exported = json.loads((tmp_path / "everyone.json").read_text(encoding="utf-8"))
    assert [contact["name"] for contact in exported["contacts"]] == ["Laura Chen"]
    assert "plain text" in window.statusBar().currentMessage()


def test_backup_is_encrypted_opens_with_the_same_key_and_can_be_replaced(
    window, known_contact, chosen_file, tmp_path: Path
) -> None:
    backup = tmp_path / "notes-backup.db"
    chosen_file(backup)
    window.contact_files.back_up_notes()
    finish_operations(window)
    assert b"Laura Chen" not in backup.read_bytes()
    with NotesStore(backup, KeySpec.passphrase(PASSPHRASE), create=False) as copy:
        assert [contact.name for contact in copy.list_contacts()] == ["Laura Chen"]

    unlocked_store(window).add_contact("Sam Patel")
    window.contact_files.back_up_notes()  # the file dialog already asked to replace it
    finish_operations(window)
    with NotesStore(backup, KeySpec.passphrase(PASSPHRASE), create=False) as copy:
        assert sorted(contact.name for contact in copy.list_contacts()) == [
            "Laura Chen",
            "Sam Patel",
        ]
    assert not list(tmp_path.glob("*.partial*"))


def test_changing_the_passphrase_asks_for_the_current_one_first(
    window, known_contact, warnings, monkeypatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    unlocked_store(window)  # unlocked once, as a user would have
    answers = iter([("not it", True), ("new one", True), ("new one", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    window.contact_files.change_passphrase()
    finish_operations(window)
    assert len(warnings) == 1 and "current passphrase is not right" in warnings[0]
    assert stored_names() == ["Laura Chen"]  # still the old passphrase

    answers = iter([(PASSPHRASE, True), ("new one", True), ("new one", True)])
    window.contact_files.change_passphrase()
    finish_operations(window)
    assert window.statusBar().currentMessage() == "Changed the passphrase for your notes"
    unlocked_store(window).add_contact("Sam Patel")
    window.contacts.close_store()
    finish_operations(window)
    with NotesStore(default_db_path(), KeySpec.passphrase("new one"), create=False) as store:
        assert [contact.name for contact in store.list_contacts()] == ["Laura Chen", "Sam Patel"]


def answer_question(monkeypatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, *args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def back_up_then_add_sam(window, chosen_file, tmp_path: Path) -> None:
    """A backup holding Laura only; the notes on disk then get Sam as well."""
    chosen_file(tmp_path / "backup.db")
    window.contact_files.back_up_notes()
    finish_operations(window)
    unlocked_store(window).add_contact("Sam Patel")


def test_restore_puts_back_the_backup_and_keeps_the_replaced_notes(
    window, known_contact, chosen_file, monkeypatch, tmp_path: Path
) -> None:
    back_up_then_add_sam(window, chosen_file, tmp_path)
    choose_laura(window)
    asked = answer_question(monkeypatch, QMessageBox.StandardButton.Yes)
    window.contact_files.restore_notes()
    finish_operations(window)
    assert "before-restore" in asked[0]
    assert stored_names() == ["Laura Chen"]
    assert window.statusBar().currentMessage() == "Restored the notes from backup.db"
    assert window.contacts.history is None and window.contacts.to_row.to_field.text() == ""
    kept = replaced_copies(default_db_path())[-1]
    with NotesStore(kept, KeySpec.passphrase(PASSPHRASE), create=False) as previous:
        assert sorted(c.name for c in previous.list_contacts()) == ["Laura Chen", "Sam Patel"]


def test_restore_asks_first_and_a_bad_backup_changes_nothing(
    window, known_contact, chosen_file, warnings, monkeypatch, tmp_path: Path
) -> None:
    back_up_then_add_sam(window, chosen_file, tmp_path)

    answer_question(monkeypatch, QMessageBox.StandardButton.No)
    window.contact_files.restore_notes()
    finish_operations(window)
    assert stored_names() == ["Laura Chen", "Sam Patel"]

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    chosen_file(junk)
    answer_question(monkeypatch, QMessageBox.StandardButton.Yes)
    window.contact_files.restore_notes()
    finish_operations(window)
    assert len(warnings) == 1 and "were not changed" in warnings[0]
    assert stored_names() == ["Laura Chen", "Sam Patel"]

    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")  # opens as an empty database with any key
    chosen_file(empty)
    window.contact_files.restore_notes()
    finish_operations(window)
    assert len(warnings) == 2 and "is empty" in warnings[1]
    assert stored_names() == ["Laura Chen", "Sam Patel"]
    assert replaced_copies(default_db_path()) == []


def test_restore_refuses_while_another_rapport_has_the_notes_open(
    window, known_contact, chosen_file, warnings, monkeypatch, tmp_path: Path
) -> None:
    back_up_then_add_sam(window, chosen_file, tmp_path)
    answer_question(monkeypatch, QMessageBox.StandardButton.Yes)
    with NotesStore(default_db_path(), KeySpec.passphrase(PASSPHRASE), create=False) as other:
        other.list_contacts()
        window.contact_files.restore_notes()
        finish_operations(window)
    assert len(warnings) == 1 and "has the notes open" in warnings[0]
    assert stored_names() == ["Laura Chen", "Sam Patel"]
    unlocked_store(window).add_contact("Ana Lima")  # the window's notes still work


def test_damaged_notes_can_be_replaced_by_a_backup(
    window, known_contact, chosen_file, monkeypatch, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.db"
    chosen_file(backup)
    window.contact_files.back_up_notes()
    finish_operations(window)
    window.contacts.close_store()
    finish_operations(window)
    default_db_path().write_bytes(b"\0garbage" * 4096)  # a disk error, say
    answer_question(monkeypatch, QMessageBox.StandardButton.Yes)
    window.contact_files.restore_notes()
    finish_operations(window)
    assert window.statusBar().currentMessage() == "Restored the notes from backup.db"
    assert stored_names() == ["Laura Chen"]
