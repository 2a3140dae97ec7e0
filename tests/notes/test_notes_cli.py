"""The public CLI contracts of `rapport contacts`, `rapport notes` and `check --contact`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rapport import cli
from rapport.paths import data_dir

FIXTURES = Path(__file__).parent / "fixtures"
PASSPHRASE = "Ünïcode pass'phrase 42"


@pytest.fixture
def passphrase_env(no_keychain: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("RAPPORT_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_contacts_and_notes_round_trip(capsys: pytest.CaptureFixture[str], passphrase_env: str):
    assert (
        run(
            capsys,
            "contacts",
            "add",
            "Laura Chen",
            "--email",
            "laura@acme.example",
            "--company",
            "Acme",
        )[0]
        == 0
    )
    assert run(capsys, "contacts", "add", "Sam Patel")[0] == 0
    code, _, err = run(capsys, "contacts", "add", "Laura Chen", "--email", "laura@acme.example")
    assert code == 2 and "already a contact" in err

    code, out, _ = run(capsys, "contacts", "list")
    assert code == 0
    assert out.splitlines() == ["Laura Chen\tlaura@acme.example\tAcme", "Sam Patel\t\t"]

    code, out, _ = run(
        capsys, "notes", "add", "Laura Chen", "Her daughter started skiing", "--kind", "personal"
    )
    assert code == 0 and "personal note to Laura Chen" in out
    code, out, _ = run(
        capsys, "notes", "add", "laura@acme.example", "Send pricing", "--due", "2026-03-31"
    )
    assert code == 0 and "follow-up" in out and "2026-03-31" in out

    code, out, _ = run(capsys, "notes", "search", "skiing")
    assert code == 0
    assert out.splitlines() == [
        f"Laura Chen\t{date.today().isoformat()}\tHer daughter started skiing"
    ]
    assert run(capsys, "notes", "search", "nothing-like-this")[:2] == (0, "")

    code, out, _ = run(capsys, "notes", "list", "Laura Chen")
    assert code == 0 and "follow-up (due 2026-03-31)" in out


def test_the_passphrase_is_never_printed_or_stored(
    capsys: pytest.CaptureFixture[str], passphrase_env: str
) -> None:
    outputs = []
    for argv in (
        ("contacts", "add", "Laura Chen"),
        ("notes", "add", "Laura Chen", "Likes jazz"),
        ("notes", "search", "jazz"),
        ("contacts", "list"),
    ):
        code, out, err = run(capsys, *argv)
        assert code == 0
        outputs.append(out + err)
    assert all(PASSPHRASE not in text for text in outputs)
    stored = _all_bytes(data_dir())
    assert PASSPHRASE.encode() not in stored and b"pass'phrase" not in stored


def test_a_wrong_passphrase_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], passphrase_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "contacts", "add", "Laura Chen")[0] == 0
    monkeypatch.setenv("RAPPORT_PASSPHRASE", "not the one")
    code, out, err = run(capsys, "contacts", "list")
    assert code == 2 and out == ""
    assert "passphrase is wrong" in err and "Nothing was changed" in err
    assert "not the one" not in err


def test_without_keychain_or_passphrase_the_cli_explains_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], no_keychain: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RAPPORT_PASSPHRASE", raising=False)
    code, _, err = run(capsys, "contacts", "add", "Laura Chen")
    assert code == 2
    assert "RAPPORT_PASSPHRASE" in err and "keychain" in err
    assert not (data_dir() / "notes.db").exists()


def test_reading_commands_do_not_create_a_store(
    capsys: pytest.CaptureFixture[str], passphrase_env: str
) -> None:
    assert run(capsys, "contacts", "list") == (0, "", "")
    assert run(capsys, "notes", "search", "anything") == (0, "", "")
    code, _, err = run(capsys, "notes", "add", "Laura", "text")
    assert code == 2 and "no contact named 'Laura'" in err
    assert not (data_dir() / "notes.db").exists()


def test_a_bad_due_date_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], passphrase_env: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["notes", "add", "Laura", "text", "--due", "31/03/2026"])
    assert stopped.value.code == 2
    assert "2026-03-31" in capsys.readouterr().err
    assert run(capsys, "contacts", "add", "Laura")[0] == 0
    code, _, err = run(capsys, "notes", "add", "Laura", "x", "--kind", "call", "--due", "today")
    assert code == 2 and "follow-up" in err


def test_import_preview_import_and_export(
    capsys: pytest.CaptureFixture[str], passphrase_env: str, tmp_path: Path
) -> None:
    code, out, _ = run(
        capsys, "contacts", "import", str(FIXTURES / "google_contacts.csv"), "--dry-run"
    )
    assert code == 0 and "nothing was written" in out and "Sam Patel" in out
    assert run(capsys, "contacts", "list")[1] == ""

    code, out, _ = run(capsys, "contacts", "import", str(FIXTURES / "google_contacts.csv"))
    assert code == 0 and "Imported 3 contacts" in out
    code, out, _ = run(capsys, "contacts", "import", str(FIXTURES / "apple_contacts.vcf"))
    assert code == 0 and "Imported 1 contacts; 1 were already there" in out

    bad = tmp_path / "bad.csv"
    bad.write_text('Name,Email\nAna,ana@x.example\n"Bo,bo@x.example\n', encoding="utf-8")
    code, _, err = run(capsys, "contacts", "import", str(bad))
    assert code == 2 and "bad.csv line 3" in err
    assert len(run(capsys, "contacts", "list")[1].splitlines()) == 4

    exported = tmp_path / "out.json"
    assert run(capsys, "contacts", "export", str(exported))[0] == 0
    names = [c["name"] for c in json.loads(exported.read_text(encoding="utf-8"))["contacts"]]
    assert names == ["Ana Lima", "Dr. Jörg Müller", "Laura Chen", "Sam Patel"]
    assert run(capsys, "contacts", "export", str(tmp_path / "out.vcf"))[0] == 0
    assert (tmp_path / "out.vcf").read_text(encoding="utf-8").count("BEGIN:VCARD") == 4


def test_check_with_a_contact_adds_the_contact_findings(
    capsys: pytest.CaptureFixture[str], passphrase_env: str, tmp_path: Path
) -> None:
    run(capsys, "contacts", "add", "Laura Chen")
    run(capsys, "notes", "add", "Laura Chen", "Her daughter started skiing", "--kind", "personal")
    run(capsys, "notes", "add", "Laura Chen", "Send the pricing sheet", "--due", "2020-01-01")
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Linda,\n\nOur new release is out.\n\nBest,\nMax\n", encoding="utf-8")

    code, out, err = run(capsys, "check", "--json", "--contact", "Laura Chen", str(draft))
    assert code == 0, err
    record = json.loads(out)
    assert record["contact"] == "Laura Chen"
    rules = {f["rule"] for f in record["findings"] if f["category"] == "no-reference"}
    assert {"contact-greeting-wrong-name", "contact-no-reference", "contact-follow-up-due"} <= rules

    code, out, _ = run(capsys, "check", "--contact", "Laura Chen", str(draft))
    assert code == 0
    assert "contact: Laura Chen" in out and "skiing" in out


def test_a_generic_greeting_is_flagged_once_with_the_contacts_name(
    capsys: pytest.CaptureFixture[str], passphrase_env: str, tmp_path: Path
) -> None:
    run(capsys, "contacts", "add", "Laura Chen")
    draft = tmp_path / "draft.txt"
    draft.write_text("Hello,\n\nHow did the launch go?\n\nBest,\nMax\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--json", str(draft))
    assert "greeting-generic" in {f["rule"] for f in json.loads(out)["findings"]}

    code, out, err = run(capsys, "check", "--json", "--contact", "Laura Chen", str(draft))
    assert code == 0, err
    findings = json.loads(out)["findings"]
    greeting = [f for f in findings if f["start"] == 0 and f["end"] <= len("Hello,")]
    assert [f["rule"] for f in greeting] == ["contact-greeting-generic"]
    assert greeting[0]["category"] == "impersonal"
    assert "Laura" in greeting[0]["message"]


def test_check_with_an_unknown_contact_fails_with_exit_2(
    capsys: pytest.CaptureFixture[str], passphrase_env: str, tmp_path: Path
) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Laura,\n\nHow was the trip?\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--contact", "Laura Chen", str(draft))
    assert code == 2 and "no contact named 'Laura Chen'" in err
    run(capsys, "contacts", "add", "Sam Patel")
    code, _, err = run(capsys, "check", "--contact", "Laura Chen", str(draft))
    assert code == 2 and "There is no contact named 'Laura Chen'" in err


def back_up_laura(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """Notes holding Laura Chen, and a backup of them."""
    run(capsys, "contacts", "add", "Laura Chen")
    backup = tmp_path / "backup.db"
    assert run(capsys, "notes", "backup", str(backup))[0] == 0
    return backup


def test_backup_and_restore_from_the_cli(
    capsys: pytest.CaptureFixture[str], passphrase_env: str, tmp_path: Path
) -> None:
    backup = back_up_laura(capsys, tmp_path)
    run(capsys, "contacts", "add", "Sam Patel")
    assert run(capsys, "notes", "restore", str(backup))[0] == 0
    assert run(capsys, "contacts", "list")[1] == "Laura Chen\t\t\n"


def test_restoring_an_empty_file_is_refused_and_the_next_restore_loses_nothing(
    capsys: pytest.CaptureFixture[str], passphrase_env: str, tmp_path: Path
) -> None:
    """The reliability audit's repro: N3, written after the backup, must survive."""
    from rapport.notes.backup import replaced_copies
    from rapport.notes.keys import KeySpec
    from rapport.notes.store import NotesStore, default_db_path

    run(capsys, "contacts", "add", "E", "--email", "e@e.org")
    run(capsys, "notes", "add", "e@e.org", "N1")
    assert run(capsys, "notes", "backup", str(tmp_path / "o.db"))[0] == 0
    run(capsys, "notes", "add", "e@e.org", "N3")
    empty = tmp_path / "z.db"
    empty.write_bytes(b"")
    code, _, err = run(capsys, "notes", "restore", str(empty))
    assert code == 2 and "is empty; nothing was restored" in err
    assert "N3" in run(capsys, "notes", "list", "e@e.org")[1]
    code, out, _ = run(capsys, "notes", "restore", str(tmp_path / "o.db"))
    assert code == 0 and "kept in" in out
    assert "N3" not in run(capsys, "notes", "list", "e@e.org")[1]
    (kept,) = replaced_copies(default_db_path())
    with NotesStore(kept, KeySpec.passphrase(PASSPHRASE), create=False) as previous:
        (contact,) = previous.list_contacts()
        assert [n.text for n in previous.recent_notes(contact.id)] == ["N3", "N1"]


def test_restoring_a_folder_is_refused_with_a_message(
    capsys: pytest.CaptureFixture[str], passphrase_env: str, tmp_path: Path
) -> None:
    run(capsys, "contacts", "add", "Laura Chen")
    code, _, err = run(capsys, "notes", "restore", str(tmp_path))
    assert code == 2 and "is a folder" in err and "Traceback" not in err
    assert run(capsys, "contacts", "list")[1] == "Laura Chen\t\t\n"


def test_restore_refuses_while_another_rapport_has_the_notes_open(
    capsys: pytest.CaptureFixture[str], passphrase_env: str, tmp_path: Path
) -> None:
    from rapport.notes.keys import KeySpec
    from rapport.notes.store import NotesStore, default_db_path

    backup = back_up_laura(capsys, tmp_path)
    run(capsys, "contacts", "add", "Sam Patel")
    with NotesStore(default_db_path(), KeySpec.passphrase(PASSPHRASE), create=False) as window:
        window.list_contacts()  # a Rapport window with the notes open
        code, _, err = run(capsys, "notes", "restore", str(backup))
    assert code == 2 and "has the notes open" in err
    assert run(capsys, "contacts", "list")[1] == "Laura Chen\t\t\nSam Patel\t\t\n"


def test_restore_replaces_notes_that_cannot_be_opened(
    capsys: pytest.CaptureFixture[str], passphrase_env: str, tmp_path: Path
) -> None:
    backup = back_up_laura(capsys, tmp_path)
    (data_dir() / "notes.db").write_bytes(b"\0garbage" * 4096)
    assert run(capsys, "notes", "restore", str(backup))[0] == 0
    assert run(capsys, "contacts", "list")[1] == "Laura Chen\t\t\n"


def test_the_cli_uses_the_keychain_when_there_is_one(
    capsys: pytest.CaptureFixture[str], keychain: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RAPPORT_PASSPHRASE", raising=False)
    assert run(capsys, "contacts", "add", "Laura Chen")[0] == 0
    assert run(capsys, "contacts", "list")[1] == "Laura Chen\t\t\n"
    info = json.loads((data_dir() / "notes.db.keyinfo.json").read_text())
    assert info["method"] == "keychain"


def test_plain_check_never_loads_the_notes_store() -> None:
    probe = (
        "import sys; from rapport import cli; cli.build_parser();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('sqlcipher3', 'keyring', 'vobject')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ.copy()
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_the_installed_command_works_non_interactively(tmp_path: Path) -> None:
    """A script run: no TTY, no keychain on this bus, the passphrase from the environment."""
    env = {
        **os.environ,
        "RAPPORT_PASSPHRASE": PASSPHRASE,
        "RAPPORT_DATA_DIR": str(tmp_path / "data"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }

    def rapport(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "rapport", *argv],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )

    assert rapport("contacts", "add", "Laura Chen", "--email", "laura@acme.example").returncode == 0
    assert (
        rapport("notes", "add", "Laura Chen", "Loves sailing", "--kind", "personal").returncode == 0
    )
    found = rapport("notes", "search", "sailing")
    assert found.returncode == 0
    name, day, text = found.stdout.rstrip("\n").split("\t")
    assert (name, text) == ("Laura Chen", "Loves sailing")
    assert date.fromisoformat(day) == date.today()
    assert PASSPHRASE not in found.stdout + found.stderr
    env.pop("RAPPORT_PASSPHRASE")
    locked = rapport("contacts", "list")
    assert locked.returncode == 2 and "RAPPORT_PASSPHRASE" in locked.stderr
