"""Everything Rapport writes under its data and config folders is owner-only.

Files are 0600 and folders 0700, whatever the umask (tests run with the common 022,
which leaves what is created without an explicit mode readable by everyone).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rapport import paths
from rapport.notes.keys import KeySpec
from rapport.notes.store import NotesStore

PASSPHRASE = "only mine"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes_under(folder: Path) -> dict[str, int]:
    found = {".": mode(folder)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = mode(path)
    return found


def assert_all_private(folder: Path) -> None:
    modes = modes_under(folder)
    wrong = {
        name: oct(value)
        for name, value in modes.items()
        if value != (0o700 if (folder / name).is_dir() else 0o600)
    }
    assert not wrong, f"not owner-only under {folder}: {wrong}"


@pytest.fixture(autouse=True)
def common_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def cli(tmp_path: Path):
    env = {
        **os.environ,
        "RAPPORT_PASSPHRASE": PASSPHRASE,
        "RAPPORT_DATA_DIR": str(tmp_path / "data"),
        "RAPPORT_CONFIG_DIR": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }

    def rapport(*argv: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "rapport", *argv],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
            cwd=tmp_path,
        )
        assert "Traceback" not in result.stderr, result.stderr
        return result

    return rapport


def test_the_command_line_writes_only_owner_only_files(tmp_path: Path, cli) -> None:
    assert cli("contacts", "add", "Ed", "--email", "e@e.org").returncode == 0
    assert cli("notes", "add", "e@e.org", "N1").returncode == 0
    (tmp_path / "out").mkdir()
    assert cli("notes", "backup", "out/o.db").returncode == 0
    assert cli("notes", "add", "e@e.org", "N3").returncode == 0
    assert cli("notes", "restore", "out/o.db").returncode == 0
    # A damaged settings file is kept aside.
    (tmp_path / "config").mkdir(mode=0o700)
    (tmp_path / "config" / "settings.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "config" / "settings.json").chmod(0o600)
    (tmp_path / "email.txt").write_text("Hi Ed,\n\nHow was the fair?\n", encoding="utf-8")
    assert cli("check", "email.txt").returncode == 0

    assert (tmp_path / "config" / "settings.json.damaged").exists()
    assert any(p.name.startswith("notes.db") for p in (tmp_path / "data").iterdir())
    assert_all_private(tmp_path / "data")
    assert_all_private(tmp_path / "config")
    # The backup and its key record, wherever the user put them.
    assert mode(tmp_path / "out" / "o.db") == 0o600
    assert mode(tmp_path / "out" / "o.db.keyinfo.json") == 0o600
    assert mode(tmp_path / "out") == 0o755  # the user's own folder is left as it was
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["o.db", "o.db.keyinfo.json"]


def test_an_older_installs_open_folder_and_restored_file_are_tightened(tmp_path: Path, cli) -> None:
    assert cli("contacts", "add", "Ed").returncode == 0
    data = tmp_path / "data"
    data.chmod(0o755)  # as Rapport left the data folder before
    (data / "notes.db").chmod(0o644)  # as a restore left it
    assert cli("contacts", "list").stdout == "Ed\t\t\n"
    assert_all_private(data)


def test_the_open_database_and_its_wal_and_shm_are_owner_only(isolated_user_dirs: Path) -> None:
    db_path = paths.data_dir() / "notes.db"
    with NotesStore(db_path, KeySpec.passphrase(PASSPHRASE)) as store:
        store.add_contact("Ed", email="e@e.org")
        names = sorted(p.name for p in paths.data_dir().iterdir())
        assert {"notes.db", "notes.db-wal", "notes.db-shm"} <= set(names)
        assert_all_private(paths.data_dir())


def test_autosave_dictionary_and_settings_are_owner_only(isolated_user_dirs: Path) -> None:
    from rapport.grammar.spelling import PersonalDictionary
    from rapport.settings import Settings, save_settings
    from rapport.ui.drafts import AutosaveSlot, Draft

    slot = AutosaveSlot()
    slot.write(Draft("Hello", "Dear Ed, the draft so far"))
    PersonalDictionary().add("Rapportly")
    save_settings(Settings(font_size=14))
    written = {p.name for p in paths.data_dir().rglob("*") if not p.name.endswith(".lock")}
    assert written == {"drafts", slot.path.name, "personal-dictionary.txt"}
    for path in (paths.data_dir(), paths.data_dir() / "drafts"):
        assert mode(path) == 0o700
    for path in (slot.path, paths.data_dir() / "personal-dictionary.txt"):
        assert mode(path) == 0o600
    assert_all_private(paths.config_dir())
    assert json.loads((paths.config_dir() / "settings.json").read_text())["font_size"] == 14
    slot.close(keep=False)


def test_the_autosave_lock_file_is_owner_only(isolated_user_dirs: Path) -> None:
    from rapport.ui.drafts import AutosaveSlot, Draft

    slot = AutosaveSlot()
    slot.write(Draft("Hello", "Dear Ed"))
    try:
        assert_all_private(paths.data_dir())
    finally:
        slot.close(keep=False)


def test_private_dir_creates_0700_and_leaves_a_users_folder_alone(tmp_path: Path) -> None:
    users = tmp_path / "Documents"
    users.mkdir(mode=0o755)
    paths.write_private_file(users / "contacts.csv", "Name\n")
    assert (mode(users), mode(users / "contacts.csv")) == (0o755, 0o600)
    paths.write_private_file(users / "new" / "deeper" / "x.txt", b"x")
    assert mode(users / "new") == 0o700 and mode(users / "new" / "deeper") == 0o700
    assert mode(users / "new" / "deeper" / "x.txt") == 0o600
