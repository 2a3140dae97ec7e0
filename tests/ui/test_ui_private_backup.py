"""Contacts > Back up notes writes a backup only its owner can read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from PySide6.QtWidgets import QFileDialog
from window_helpers import finish_operations


def test_the_windows_backup_and_its_key_record_are_owner_only(
    window, known_contact, monkeypatch, tmp_path: Path
) -> None:
    previous = os.umask(0o022)  # the usual umask, under which SQLite makes files 0644
    try:
        backup = tmp_path / "notes-backup.db"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(backup), ""))
        window.contact_files.back_up_notes()
        finish_operations(window)
        assert "Backed up the notes" in window.statusBar().currentMessage()
        for made in (backup, tmp_path / "notes-backup.db.keyinfo.json"):
            assert stat.S_IMODE(made.stat().st_mode) == 0o600, made
        window.contact_files.back_up_notes()  # replacing it keeps it private too
        finish_operations(window)
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        # Made aside and moved in: nothing else is left beside it.
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes-")) == [
            "notes-backup.db",
            "notes-backup.db.keyinfo.json",
        ]
    finally:
        os.umask(previous)
