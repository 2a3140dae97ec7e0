"""Import from real-shaped exports (Google, Outlook, Apple), errors by line, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.notes.errors import ImportFormatError, NotesError
from rapport.notes.interchange import (
    export_contacts,
    parse_contacts_file,
    parse_csv,
    parse_vcard,
    preview_import,
)
from rapport.notes.model import ContactRecord
from rapport.notes.store import NotesStore

FIXTURES = Path(__file__).parent / "fixtures"


def test_apple_contacts_vcard_with_photo_item_groups_and_accents() -> None:
    laura, joerg = parse_contacts_file(FIXTURES / "apple_contacts.vcf")
    assert laura.name == "Laura Chen"
    assert laura.email == "laura.chen@acme-logistics.example"
    assert (laura.company, laura.role) == ("Acme Logistics", "Head of Operations")
    assert "skiing" in laura.personal
    assert laura.tags == ("Customers", "Key accounts")
    assert joerg.name == "Dr. Jörg Müller"
    assert joerg.email == "j.mueller@nordwind.example"  # the preferred of two
    assert joerg.source == "apple_contacts.vcf line 19"


def test_outlook_vcard_21_with_quoted_printable_note() -> None:
    (ngozi,) = parse_contacts_file(FIXTURES / "outlook_contact.vcf")
    assert (ngozi.name, ngozi.email) == ("Ngozi Okafor", "ngozi.okafor@brightline.example")
    assert ngozi.role == "Procurement Lead"
    assert ngozi.personal == "Runs marathons. Asked about the pilot pricing\non our last call."


def test_google_vcard_drops_the_built_in_my_contacts_label() -> None:
    sam, ana = parse_contacts_file(FIXTURES / "google_contacts.vcf")
    assert sam.tags == ("Prospects",)
    assert ana.tags == ()


def test_google_csv_columns_labels_and_multi_line_notes() -> None:
    sam, ana, laura = parse_contacts_file(FIXTURES / "google_contacts.csv")
    assert (sam.name, sam.email, sam.company, sam.role) == (
        "Sam Patel",
        "sam@patelco.example",
        "PatelCo",
        "CTO",
    )
    assert sam.personal == "Met at the Berlin trade fair.\nLoves cycling."
    assert sam.tags == ("Prospects",)
    assert ana.email == "ana.lima@example.org"  # first of "a ::: b"
    assert ana.tags == ()  # "* myContacts ::: * starred" are Google's own groups
    assert ana.source == "google_contacts.csv line 4"  # Sam's note spans lines 2-3
    assert laura.tags == ("Customers", "Key accounts")


def test_outlook_csv_uses_job_title_not_the_honorific_title() -> None:
    ngozi, tomas = parse_contacts_file(FIXTURES / "outlook_contacts.csv")
    assert (ngozi.name, ngozi.role, ngozi.company) == (
        "Ngozi Okafor",
        "Procurement Lead",
        "Brightline Health",
    )
    assert ngozi.tags == ("Customers", "Health")
    assert tomas.name == "Tomás García"


def test_outlook_csv_in_the_windows_code_page(tmp_path: Path) -> None:
    text = (FIXTURES / "outlook_contacts.csv").read_text(encoding="utf-8")
    path = tmp_path / "ansi.csv"
    path.write_bytes(text.encode("cp1252"))
    assert [r.name for r in parse_contacts_file(path)] == ["Ngozi Okafor", "Tomás García"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("BEGIN:VCARD\nVERSION:3.0\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n", 4, "END:VCARD"),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\n", 5, "never ends"),
        ("hello\n", 1, "expected BEGIN:VCARD"),
        ("", 1, "no BEGIN:VCARD"),
        ("BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n", 1, "neither a name nor an email"),
        (
            "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\n"
            "BEGIN:VCARD\nVERSION:3.0\nFN:B\nPHOTO;ENCODING=b;TYPE=JPEG:abc\nEND:VCARD\n",
            5,
            "cannot read",
        ),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nstray text\n", 5, "outside a card"),
    ],
)
def test_malformed_vcards_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_vcard(text, "bad.vcf")
    assert caught.value.line == line
    assert f"bad.vcf line {line}" in str(caught.value) or line == 1
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('Name,Email\nAna,ana@x.example\n"Bo,bo@x.example\n', 3, "bad.csv line 3"),
        ("Name,Email\nAna,ana@x.example\nBo,bo@x.example,extra,more\n", 3, "4 fields"),
        ("Name,Email\nAna,ana@x.example\nBo,not-an-email\n", 3, "not an email"),
        ("Name,Email\nAna,ana@x.example\n,\n ,  \nCy,\n,,\n", None, None),
        ("Phone,City\n123,Leeds\n", 1, "no name or email column"),
        ("", 1, "empty"),
        ("Name,Email\nA\x00na,ana@x.example\n", 2, "NUL"),
    ],
)
def test_malformed_csv_names_the_line(text: str, line: int | None, words: str | None) -> None:
    if line is None:  # blank rows are skipped, not errors
        assert [r.name for r in parse_csv(text, "bad.csv")] == ["Ana", "Cy"]
        return
    with pytest.raises(ImportFormatError) as caught:
        parse_csv(text, "bad.csv")
    assert caught.value.line == line
    assert words in str(caught.value)


def test_unknown_file_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "contacts.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(ImportFormatError, match=r"\.vcf or \.csv"):
        parse_contacts_file(path)


def test_preview_writes_nothing_and_marks_known_contacts(store: NotesStore) -> None:
    store.add_contact("Sam Patel", email="SAM@patelco.example")
    preview = preview_import(FIXTURES / "google_contacts.csv", store)
    assert [r.name for r in preview.records] == ["Sam Patel", "Ana Lima", "Laura Chen"]
    assert preview.already_stored == (True, False, False)
    assert [r.name for r in preview.new_records] == ["Ana Lima", "Laura Chen"]
    assert store.contact_count() == 1
    assert store.import_contacts(preview.records) == 2
    assert store.import_contacts(preview.records) == 0  # a second import adds nothing
    assert store.contact_count() == 3


def test_an_import_is_one_transaction(store: NotesStore) -> None:
    records = [
        ContactRecord("Ana Lima", "ana@x.example"),
        ContactRecord("Bo Berg", "bo@x.example"),
        ContactRecord("  ", "nobody@x.example", source="people.csv line 4"),
    ]
    with pytest.raises(NotesError, match=r"people\.csv line 4"):
        store.import_contacts(records)
    assert store.contact_count() == 0


def test_export_to_vcard_reimports_the_same_contacts(store: NotesStore, tmp_path: Path) -> None:
    store.import_contacts(parse_contacts_file(FIXTURES / "apple_contacts.vcf"))
    store.import_contacts(parse_contacts_file(FIXTURES / "outlook_contacts.csv"))
    path = tmp_path / "out.vcf"
    assert export_contacts(store, path) == 4
    again = {r.email: r for r in parse_contacts_file(path)}
    for contact in store.list_contacts():
        copy = again[contact.email]
        assert (copy.name, copy.company, copy.role, copy.personal, copy.tags) == (
            contact.name,
            contact.company,
            contact.role,
            contact.personal,
            contact.tags,
        )


def test_export_to_json_carries_notes_emails_and_drafts(store: NotesStore, tmp_path: Path) -> None:
    laura = store.add_contact("Laura Chen", email="laura@acme.example")
    store.add_note(laura.id, "Daughter started skiing", kind="personal")
    store.log_sent_email(laura.id, "Hi Laura", subject="Hello")
    store.save_draft(laura.id, "Hi again")
    path = tmp_path / "all.json"
    export_contacts(store, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    (entry,) = data["contacts"]
    assert entry["name"] == "Laura Chen"
    assert entry["notes"][0]["text"] == "Daughter started skiing"
    assert entry["sent_emails"][0]["subject"] == "Hello"
    assert entry["drafts"][0]["body"] == "Hi again"
    with pytest.raises(NotesError, match=r"\.vcf, \.json or \.csv"):
        export_contacts(store, tmp_path / "all.xlsx")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*'ab,;"\n\r\t:@.* ', "é", "\x00"]), max_size=80))
def test_any_csv_text_gives_contacts_or_a_clear_error(text: str) -> None:
    try:
        records = parse_csv("Name,E-mail Address,Categories\n" + text, "any.csv")
    except ImportFormatError as error:
        assert str(error).startswith("any.csv")
        assert error.line is None or error.line >= 1
    else:
        assert all(r.name.strip() for r in records)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "BEGIN:VCARD",
                "END:VCARD",
                "VERSION:3.0",
                "VERSION:2.1",
                "FN:Ana Lima",
                "N:Lima;Ana;;;",
                "EMAIL;TYPE=INTERNET:ana@x.example",
                "ORG:Acme;Ops",
                "NOTE;ENCODING=QUOTED-PRINTABLE:a=0Db=",
                "PHOTO;ENCODING=b;TYPE=JPEG:abc",
                "CATEGORIES:a,b",
                " folded",
                "X-BROKEN",
                ":",
                "",
            ]
        ),
        max_size=14,
    )
)
def test_any_vcard_text_gives_contacts_or_a_clear_error(lines: list[str]) -> None:
    try:
        records = parse_vcard("\r\n".join(lines), "any.vcf")
    except ImportFormatError as error:
        assert str(error).startswith("any.vcf")
    else:
        assert all(r.name for r in records)
