"""Eight `rapport contacts add` of one email at once store one contact (real processes)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from rapport.notes.keys import KeySpec
from rapport.notes.store import NotesStore

PASSPHRASE = "eight at once"


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "RAPPORT_PASSPHRASE": PASSPHRASE,
        "RAPPORT_DATA_DIR": str(tmp_path / "data"),
        "RAPPORT_CONFIG_DIR": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


def _rapport(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rapport", *argv],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_eight_concurrent_adds_of_one_email_store_one_contact(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert (
        _rapport(env, "contacts", "add", "Laura Chen", "--email", "laura@acme.example").returncode
        == 0
    )
    # Another Rapport holds a write for a moment while the eight start, so they all
    # arrive together (as when a script starts them at once), not one after another.
    writer = NotesStore(tmp_path / "data" / "notes.db", KeySpec.passphrase(PASSPHRASE))
    writer.connection.execute("BEGIN IMMEDIATE")
    adds = [
        subprocess.Popen(
            [sys.executable, "-m", "rapport", "contacts", "add", f"Ed {n}", "--email", "ed@e.org"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for n in range(8)
    ]
    time.sleep(2.5)  # well inside the 5 s the adds wait for a busy database
    writer.connection.execute("ROLLBACK")
    writer.close()
    results = [(add.wait(timeout=120), *add.communicate()) for add in adds]

    added = [out for code, out, _ in results if code == 0]
    refused = [err for code, _, err in results if code != 0]
    assert len(added) == 1, results
    assert added[0].startswith("Added Ed ")
    winner = added[0].split("Added ", 1)[1].split(" (id")[0]
    assert len(refused) == 7
    for code, _, err in results:
        if code != 0:
            # The usage/input-error code, and a sentence saying what happened.
            assert code == 2
            assert err.strip() == (
                f"rapport: {winner} <ed@e.org> is already a contact; nothing was added."
            )

    listing = _rapport(env, "contacts", "list")
    assert listing.stdout.splitlines() == [
        f"{winner}\ted@e.org\t",
        "Laura Chen\tlaura@acme.example\t",
    ]
    by_email = _rapport(env, "notes", "add", "ED@e.org", "Called about the fair")
    assert by_email.returncode == 0, by_email.stderr
    by_name = _rapport(env, "notes", "add", winner, "Sent the brochure")
    assert by_name.returncode == 0, by_name.stderr


def test_adding_a_contact_again_says_so_and_changes_nothing(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _rapport(env, "contacts", "add", "Sam Patel", "--email", "sam@p.org").returncode == 0
    again = _rapport(env, "contacts", "add", "Samuel Patel", "--email", "SAM@p.org")
    assert (again.returncode, again.stdout) == (2, "")
    assert "Sam Patel <sam@p.org> is already a contact; nothing was added." in again.stderr
    assert "Traceback" not in again.stderr
    # Without an email the name tells contacts apart: the same name is refused too.
    assert _rapport(env, "contacts", "add", "Ana Lima").returncode == 0
    twin = _rapport(env, "contacts", "add", "ana lima")
    assert twin.returncode == 2 and "Ana Lima is already a contact" in twin.stderr
    assert _rapport(env, "contacts", "list").stdout.splitlines() == [
        "Ana Lima\t\t",
        "Sam Patel\tsam@p.org\t",
    ]
