"""`rapport contacts export FILE.csv`: Google Contacts columns, and no formula runs."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from rapport import cli
from rapport.notes.interchange import GOOGLE_CSV_HEADER, parse_contacts_file
from rapport.notes.store import open_store

PASSPHRASE = "spreadsheet"
FORMULA = "=cmd|'/C calc'!A0"


@pytest.fixture
def stored(no_keychain: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAPPORT_PASSPHRASE", PASSPHRASE)
    with open_store(passphrase_provider=lambda confirm: PASSPHRASE) as store:
        laura = store.add_contact(
            "Laura Chen",
            email="laura@acme.example",
            company=FORMULA,
            role="+44 sales lead",
            personal="@SUM(A1:A9)\nand a second line",
            tags=["-vip", "golf"],
        )
        store.add_note(laura.id, '=HYPERLINK("http://evil.example")')  # not in a CSV
        store.add_contact("Jörg Müller", company="Müller GmbH")
        madonna = store.add_contact("Madonna")
        # Tab and carriage return start formulas in some spreadsheets too; the store
        # only keeps them where a field is set as it is.
        store.update_contact(madonna.id, role="\t=1+1", company="\r=2+2")


def test_csv_export_uses_google_contacts_columns_and_neutralises_formulas(
    stored: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "contacts.csv"
    assert cli.main(["contacts", "export", str(out)]) == 0
    assert "Exported 3 contacts" in capsys.readouterr().out

    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel shows Jörg as Jörg
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert tuple(rows[0]) == GOOGLE_CSV_HEADER
    assert rows[0][:3] == ["First Name", "Middle Name", "Last Name"]
    assert "E-mail 1 - Value" in rows[0] and "Organization Name" in rows[0]
    by_last = {row[2] or row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    laura = by_last["Chen"]
    assert (laura["First Name"], laura["E-mail 1 - Value"]) == ("Laura", "laura@acme.example")
    assert laura["Organization Name"] == "'" + FORMULA
    assert laura["Organization Title"] == "'+44 sales lead"
    assert laura["Notes"] == "'@SUM(A1:A9)\nand a second line"
    assert laura["Labels"] == "'-vip ::: golf"
    madonna = by_last["Madonna"]
    assert (madonna["Organization Title"], madonna["Organization Name"]) == ("'\t=1+1", "'\r=2+2")
    assert by_last["Müller"]["Organization Name"] == "Müller GmbH"  # plain text left alone
    # No cell anywhere begins with a formula character.
    for row in rows[1:]:
        assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in row), row
    assert "HYPERLINK" not in raw.decode("utf-8-sig")  # notes stay out of a contacts sheet


def test_an_exported_csv_imports_back_with_its_formula_cells_neutralised(
    stored: None, tmp_path: Path
) -> None:
    out = tmp_path / "contacts.csv"
    assert cli.main(["contacts", "export", str(out)]) == 0
    records = {record.name: record for record in parse_contacts_file(out)}
    assert sorted(records) == ["Jörg Müller", "Laura Chen", "Madonna"]
    laura = records["Laura Chen"]
    assert laura.email == "laura@acme.example"
    assert laura.company == "'" + FORMULA  # text now, not a formula
    assert laura.role == "'+44 sales lead"
    assert laura.personal == "'@SUM(A1:A9)\nand a second line"
    assert laura.tags == ("'-vip", "golf")
    assert records["Jörg Müller"].company == "Müller GmbH"
    assert (records["Madonna"].email, records["Madonna"].company) == ("", "'\r=2+2")


def test_an_unknown_export_format_names_csv(
    stored: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["contacts", "export", str(tmp_path / "contacts.xlsx")]) == 2
    assert "can export to .vcf, .json or .csv" in capsys.readouterr().err
