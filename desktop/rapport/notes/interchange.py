"""Contacts in and out: vCard and CSV import (with a preview), vCard, JSON and CSV export.

Parsing never touches the database: ``preview_import`` returns the contacts a file
holds, so the window can show them before ``NotesStore.import_contacts`` writes
them in one transaction. Any problem is an ``ImportFormatError`` naming the line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapport.notes.errors import ImportFormatError, NotesError
from rapport.notes.model import ContactRecord

if TYPE_CHECKING:
    from rapport.notes.store import NotesStore

IMPORT_SUFFIXES = (".vcf", ".vcard", ".csv")
EXPORT_SUFFIXES = (".vcf", ".json", ".csv")

# Lower-cased CSV header → our field. Google Contacts (2023+ and the older export),
# Outlook (desktop and Outlook.com) and plain hand-made sheets.
_CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "display name", "contact name"),
    "first": ("first name", "given name"),
    "middle": ("middle name", "additional name"),
    "last": ("last name", "family name", "surname"),
    "email": (
        "e-mail 1 - value",
        "e-mail address",
        "email address",
        "email",
        "e-mail",
        "primary email",
        "email 1",
    ),
    "company": ("organization name", "organization 1 - name", "company", "organization"),
    "role": ("organization title", "organization 1 - title", "job title", "role", "position"),
    "personal": ("notes", "note", "personal"),
    "tags": ("labels", "group membership", "categories", "tags"),
}
# The CSV export's header: Google Contacts' own column names, which the import above
# reads back and which Google Contacts, Outlook and spreadsheets all take.
GOOGLE_CSV_HEADER = (
    "First Name",
    "Middle Name",
    "Last Name",
    "Organization Name",
    "Organization Title",
    "Notes",
    "Labels",
    "E-mail 1 - Value",
)
# A spreadsheet runs a cell that begins with one of these as a formula (OWASP, "CSV
# Injection"): '=cmd|' /C calc'!A0' from an imported card would start a program.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Google marks its built-in groups with "* "; they say nothing about the person.
_BUILTIN_LABELS = {"mycontacts", "starred", "* mycontacts", "* starred"}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


@dataclass(frozen=True)
class ImportPreview:
    """What an import would write; ``already_stored[i]`` says record i exists."""

    path: Path
    records: tuple[ContactRecord, ...]
    already_stored: tuple[bool, ...] = ()

    @property
    def new_records(self) -> list[ContactRecord]:
        if not self.already_stored:
            return list(self.records)
        return [r for r, known in zip(self.records, self.already_stored, strict=True) if not known]


def preview_import(path: Path, store: NotesStore | None = None) -> ImportPreview:
    """Parse an import file (.vcf or .csv) without writing anything."""
    records = tuple(parse_contacts_file(path))
    known = tuple(store.existing_matches(records)) if store is not None else ()
    return ImportPreview(path, records, known)


def parse_contacts_file(path: Path) -> list[ContactRecord]:
    suffix = path.suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise ImportFormatError(
            f"{path.name}: can import .vcf or .csv files, not {suffix or 'this'}."
        )
    text = _read_text(path)
    if suffix == ".csv":
        return parse_csv(text, path.name)
    return parse_vcard(text, path.name)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFormatError(f"{path}: {error.strerror or error}.") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Outlook on Windows writes CSV and vCard 2.1 in the ANSI code page.
        return raw.decode("cp1252", errors="strict") if _is_cp1252(raw) else _not_text(path, raw)


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in raw


def _not_text(path: Path, raw: bytes) -> str:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ImportFormatError(
            f"{path.name} line {line}: not UTF-8 text; save the file as UTF-8 and try again.",
            line,
        ) from None
    return ""


# ----- vCard --------------------------------------------------------------------------


def parse_vcard(text: str, source: str = "vCard") -> list[ContactRecord]:
    """Every card in ``text``. Cards are split here so an error can name its line."""
    records: list[ContactRecord] = []
    for start_line, card_text in _split_cards(text, source):
        records.append(_parse_card(card_text, start_line, source))
    if not records:
        raise ImportFormatError(f"{source}: no BEGIN:VCARD found; is this a vCard file?", 1)
    return records


def _split_cards(text: str, source: str) -> list[tuple[int, str]]:
    cards: list[tuple[int, str]] = []
    current: list[str] | None = None
    start = 0
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if current is not None:
                raise ImportFormatError(
                    f"{source} line {number}: a new card starts before the card from line "
                    f"{start} ended (END:VCARD missing).",
                    number,
                )
            current, start = [line], number
        elif current is not None:
            current.append(line)
            if upper == "END:VCARD":
                cards.append((start, "\r\n".join(current) + "\r\n"))
                current = None
        elif line.strip():
            if not cards:
                raise ImportFormatError(
                    f"{source} line {number}: expected BEGIN:VCARD; is this a vCard file?", number
                )
            raise ImportFormatError(
                f"{source} line {number}: text outside a card ({line.strip()[:40]!r}).", number
            )
    if current is not None:
        raise ImportFormatError(
            f"{source} line {start}: the card starting here never ends (END:VCARD missing).",
            start,
        )
    return cards


def _parse_card(card_text: str, start_line: int, source: str) -> ContactRecord:
    import vobject

    try:
        card = vobject.readOne(card_text, validate=False)
    except Exception as error:  # vobject raises ParseError, binascii and codec errors
        relative = getattr(error, "lineNumber", None)
        line = start_line + int(relative) - 1 if isinstance(relative, int) else start_line
        detail = str(error).split(": ", 1)[-1] if str(error) else type(error).__name__
        raise ImportFormatError(
            f"{source} line {line}: cannot read this card ({detail}).", line
        ) from None
    contents: dict[str, list[Any]] = card.contents

    def first(key: str) -> Any:
        values = contents.get(key)
        return values[0].value if values else None

    name = _text(first("fn"))
    if not name and contents.get("n"):
        parts = contents["n"][0].value
        name = " ".join(p for p in (parts.prefix, parts.given, parts.additional, parts.family) if p)
    emails = [_text(line.value) for line in contents.get("email", [])]
    preferred = [
        _text(line.value)
        for line in contents.get("email", [])
        if "pref" in [str(t).lower() for t in line.params.get("TYPE", [])] or "PREF" in line.params
    ]
    email = (preferred or emails or [""])[0]
    org = first("org")
    company = _text(org[0] if isinstance(org, list) and org else org)
    tags: list[str] = []
    for line in contents.get("categories", []):
        values = line.value if isinstance(line.value, list) else [line.value]
        tags.extend(_text(v) for v in values)
    name = name or email
    if not name:
        raise ImportFormatError(
            f"{source} line {start_line}: this card has neither a name nor an email.", start_line
        )
    return ContactRecord(
        name=" ".join(name.split()),
        email=email,
        company=company,
        role=_text(first("title")),
        personal=_text(first("note")).replace("\r\n", "\n"),
        tags=_clean_tags(tags),
        source=f"{source} line {start_line}",
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_text(v) for v in value).strip()
    return str(value).strip()


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for tag in tags:
        tag = tag.strip()
        if tag and tag.lower() not in _BUILTIN_LABELS:
            seen.setdefault(tag.lstrip("* ").strip(), None)
    return tuple(t for t in seen if t)


# ----- CSV ----------------------------------------------------------------------------


def parse_csv(text: str, source: str = "CSV") -> list[ContactRecord]:
    """Contacts from a CSV export of Google Contacts, Outlook, or a simple sheet."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFormatError(f"{source} line {line}: a NUL byte; this is not a text CSV.", line)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFormatError(f"{source}: the file is empty.", 1) from None
    except csv.Error as error:
        raise ImportFormatError(f"{source} line 1: {error}.", 1) from None
    columns = _map_columns(header)
    if not ({"name", "first", "last", "email"} & columns.keys()):
        raise ImportFormatError(
            f"{source} line 1: no name or email column in the header "
            "(expected e.g. 'First Name', 'Name' or 'E-mail Address').",
            1,
        )
    records: list[ContactRecord] = []
    row_start = 2
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportFormatError(f"{source} line {row_start}: {error}.", row_start) from None
        line, row_start = row_start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            raise ImportFormatError(
                f"{source} line {line}: {len(row)} fields, but the header has {len(header)}.",
                line,
            )
        records.append(_record_from_row(row, columns, f"{source} line {line}", line))
    return records


def _map_columns(header: list[str]) -> dict[str, int]:
    lowered = [h.strip().lower() for h in header]
    columns: dict[str, int] = {}
    for field, names in _CSV_COLUMNS.items():
        for name in names:
            if name in lowered:
                columns[field] = lowered.index(name)
                break
    return columns


def _record_from_row(
    row: list[str], columns: dict[str, int], where: str, line: int
) -> ContactRecord:
    def cell(field: str) -> str:
        index = columns.get(field)
        return row[index].strip() if index is not None and index < len(row) else ""

    name = " ".join(p for p in (cell("first"), cell("middle"), cell("last")) if p) or cell("name")
    email = cell("email").split(":::")[0].strip()
    if email and not _EMAIL.fullmatch(email):
        raise ImportFormatError(f"{where}: {email!r} is not an email address.", line)
    raw_tags = cell("tags")
    separator = ":::" if ":::" in raw_tags else ";" if ";" in raw_tags else ","
    name = " ".join((name or email).split())
    if not name:
        raise ImportFormatError(f"{where}: this row has neither a name nor an email.", line)
    return ContactRecord(
        name=name,
        email=email,
        company=cell("company"),
        role=cell("role"),
        personal=cell("personal"),
        tags=_clean_tags(raw_tags.split(separator)) if raw_tags else (),
        source=where,
    )


# ----- export -------------------------------------------------------------------------


def export_contacts(store: NotesStore, path: Path) -> int:
    """Write every contact to .vcf (cards), .json (everything) or .csv; returns the count."""
    from rapport.fileio import atomic_write_text

    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise NotesError(f"{path.name}: can export to .vcf, .json or .csv, not {suffix or 'this'}.")
    data = export_data(store)
    if suffix == ".json":
        atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif suffix == ".csv":
        atomic_write_text(path, google_csv(data["contacts"]))
    else:
        atomic_write_text(path, "".join(_vcard(contact) for contact in data["contacts"]))
    return len(data["contacts"])


def google_csv(contacts: Iterable[dict[str, Any]]) -> str:
    """Contacts as a Google Contacts CSV, every cell safe to open in a spreadsheet.

    Cells are quoted and those a spreadsheet would run as a formula get a leading
    ``'`` (OWASP's advice), so the import reads them back with it. The byte-order
    mark makes Excel read the file as UTF-8; the import skips it.
    """
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(GOOGLE_CSV_HEADER)
    for contact in contacts:
        given, family = _split_name(contact["name"])
        row = (
            given,
            "",
            family,
            contact["company"],
            contact["role"],
            contact["personal"],
            " ::: ".join(contact["tags"]),
            contact["email"],
        )
        writer.writerow([neutralise_cell(str(value)) for value in row])
    return "\ufeff" + out.getvalue()


def neutralise_cell(value: str) -> str:
    """``value`` with a ``'`` in front when a spreadsheet would take it as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _split_name(name: str) -> tuple[str, str]:
    """(given, family): the last word is the family name, as in the vCard export."""
    parts = name.split()
    return (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else (name, "")


def export_data(store: NotesStore) -> dict[str, Any]:
    """Everything in the store as plain JSON-ready data."""
    contacts = []
    for contact in store.list_contacts():
        notes = store.recent_notes(contact.id, limit=-1)
        emails = store.sent_emails(contact.id, limit=-1)
        contacts.append(
            {
                "name": contact.name,
                "email": contact.email,
                "company": contact.company,
                "role": contact.role,
                "personal": contact.personal,
                "tags": list(contact.tags),
                "notes": [
                    {
                        "kind": note.kind,
                        "text": note.text,
                        "created_at": note.created_at.isoformat(),
                        "due": note.due.isoformat() if note.due else None,
                        "done": note.done,
                    }
                    for note in reversed(notes)
                ],
                "sent_emails": [
                    {"subject": e.subject, "body": e.body, "sent_at": e.sent_at.isoformat()}
                    for e in reversed(emails)
                ],
                "received_emails": [
                    {"subject": e.subject, "body": e.body, "sent_at": e.sent_at.isoformat()}
                    for e in reversed(store.received_emails(contact.id, limit=-1))
                ],
                "drafts": [
                    {
                        "subject": d.subject,
                        "body": d.body,
                        "updated_at": d.updated_at.isoformat(),
                    }
                    for d in store.drafts(contact.id)
                ],
            }
        )
    return {"format": "rapport-notes", "version": 1, "contacts": contacts}


def _vcard(contact: dict[str, Any]) -> str:
    import vobject

    card = vobject.vCard()
    card.add("fn").value = contact["name"]
    given, family = _split_name(contact["name"])
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if contact["email"]:
        email = card.add("email")
        email.value = contact["email"]
        email.type_param = "INTERNET"
    if contact["company"]:
        card.add("org").value = [contact["company"]]
    if contact["role"]:
        card.add("title").value = contact["role"]
    if contact["personal"]:
        card.add("note").value = contact["personal"]
    if contact["tags"]:
        card.add("categories").value = list(contact["tags"])
    return str(card.serialize())
