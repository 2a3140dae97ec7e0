"""Contacts > Export contacts… writes a Google Contacts CSV when CSV is chosen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog
from window_helpers import finish_operations, unlocked_store

from rapport.notes.interchange import GOOGLE_CSV_HEADER, parse_contacts_file


def test_export_to_csv_from_the_window(window, known_contact, monkeypatch, tmp_path: Path) -> None:
    store = unlocked_store(window)
    store.add_contact("Sam Patel", email="sam@example.com", company="=1+1")
    chosen = (
        str(tmp_path / "my contacts"),
        "CSV, Google Contacts columns, for spreadsheets (*.csv)",
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: chosen)
    window.contact_files.export_contacts()
    finish_operations(window)

    exported = tmp_path / "my contacts.csv"
    assert window.statusBar().currentMessage() == "Exported 2 contacts to my contacts.csv"
    header = exported.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == ",".join(f'"{name}"' for name in GOOGLE_CSV_HEADER)
    records = {record.name: record for record in parse_contacts_file(exported)}
    assert records["Laura Chen"].email == "laura@example.com"
    assert records["Sam Patel"].company == "'=1+1"
