"""``rapport contacts …`` and ``rapport notes …``, plus the ``check --contact`` glue.

Every handler imports the store lazily, so ``rapport check`` without ``--contact``
never loads SQLCipher, keyring or vobject. Errors print ``rapport: …`` on stderr
and return exit code 2; nothing here ever prints a passphrase.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rapport.analysis.model import Finding
    from rapport.notes.model import ContactHistory
    from rapport.notes.store import NotesStore

PASSPHRASE_ENV = "RAPPORT_PASSPHRASE"
EXIT_OK = 0
EXIT_ERROR = 2
_KINDS = ("call", "meeting", "email", "personal", "follow-up")


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the contact and note sub-commands on the ``rapport`` parser."""
    contacts = commands.add_parser(
        "contacts", help="the people you write to", description="Manage contacts."
    )
    contact_commands = contacts.add_subparsers(dest="contacts_command", metavar="ACTION")
    contacts.set_defaults(handler=_needs_action(contacts))

    add = contact_commands.add_parser("add", help="add a contact")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--email", metavar="E", default="")
    add.add_argument("--company", metavar="C", default="")
    add.set_defaults(handler=_contacts_add)

    listing = contact_commands.add_parser("list", help="list contacts: name, email, company")
    listing.set_defaults(handler=_contacts_list)

    importing = contact_commands.add_parser("import", help="import contacts from .vcf or .csv")
    importing.add_argument("file", metavar="FILE")
    importing.add_argument(
        "--dry-run", action="store_true", help="show what would be imported, write nothing"
    )
    importing.set_defaults(handler=_contacts_import)

    from rapport.notes.mail_commands import add_import_mail_command

    add_import_mail_command(contact_commands, _contacts_import_mail)

    exporting = contact_commands.add_parser(
        "export", help="export contacts to .vcf, .json or .csv (Google Contacts columns)"
    )
    exporting.add_argument("file", metavar="FILE")
    exporting.set_defaults(handler=_contacts_export)

    notes = commands.add_parser(
        "notes", help="what you learned in each conversation", description="Manage notes."
    )
    note_commands = notes.add_subparsers(dest="notes_command", metavar="ACTION")
    notes.set_defaults(handler=_needs_action(notes))

    note_add = note_commands.add_parser("add", help="add a note to a contact")
    note_add.add_argument("contact", metavar="CONTACT", help="the contact's name or email")
    note_add.add_argument("text", metavar="TEXT")
    note_add.add_argument("--kind", choices=_KINDS, default=None)
    note_add.add_argument(
        "--due", metavar="DATE", type=_due_date, help="YYYY-MM-DD, today or tomorrow"
    )
    note_add.set_defaults(handler=_notes_add)

    search = note_commands.add_parser(
        "search", help="search notes and sent emails; one match a line: contact, date, text"
    )
    search.add_argument("query", metavar="QUERY")
    search.set_defaults(handler=_notes_search)

    show = note_commands.add_parser("list", help="a contact's notes, newest first")
    show.add_argument("contact", metavar="CONTACT")
    show.set_defaults(handler=_notes_list)

    backup = note_commands.add_parser("backup", help="write an encrypted copy of the notes")
    backup.add_argument("file", metavar="FILE")
    backup.set_defaults(handler=_notes_backup)

    restore = note_commands.add_parser("restore", help="replace the notes with a backup")
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(handler=_notes_restore)

    passphrase = note_commands.add_parser(
        "passphrase", help="change the passphrase that locks the notes (without a keychain)"
    )
    passphrase.set_defaults(handler=_notes_passphrase)


def _needs_action(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: choose an action (see --help)", file=sys.stderr)
        return EXIT_ERROR

    return handler


def _due_date(value: str) -> date:
    lowered = value.strip().lower()
    if lowered == "today":
        return date.today()
    if lowered == "tomorrow":
        return date.today() + timedelta(days=1)
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2026-03-31 (or today, tomorrow), got {value!r}"
        ) from None


# ----- opening the store from the command line ---------------------------------------


def cli_passphrase(confirm: bool) -> str:
    """The passphrase for a run without keychain: RAPPORT_PASSPHRASE, else ask on a TTY."""
    from rapport.notes.errors import KeyUnavailable

    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise KeyUnavailable(
            "No OS keychain is available, so the notes are locked with a passphrase. "
            f"Set {PASSPHRASE_ENV} for a non-interactive run, or run this in a terminal."
        )
    import getpass

    if confirm:
        print(
            "No OS keychain is available, so Rapport protects your notes with a passphrase.",
            file=sys.stderr,
        )
    first = getpass.getpass("Passphrase for Rapport notes: ")
    if confirm and getpass.getpass("The same passphrase again: ") != first:
        raise KeyUnavailable("The two passphrases differ; nothing was set up.")
    return first


def open_cli_store(create: bool = True) -> NotesStore:
    from rapport.notes.store import open_store

    return open_store(passphrase_provider=cli_passphrase, create=create)


def _run(action: Callable[[], int]) -> int:
    from rapport.notes.errors import NotesError

    try:
        return action()
    except NotesError as error:
        print(f"rapport: {error}", file=sys.stderr)
        return EXIT_ERROR


def _read_only(action: Callable[[NotesStore], int], empty: Callable[[], int]) -> int:
    """Run ``action`` on the store, or ``empty`` when nothing has been stored yet."""
    from rapport.notes.errors import StoreMissing

    def run() -> int:
        try:
            store = open_cli_store(create=False)
        except StoreMissing:
            return empty()
        with store:
            return action(store)

    return _run(run)


# ----- handlers --------------------------------------------------------------------------


def _contacts_add(args: argparse.Namespace) -> int:
    def run() -> int:
        with open_cli_store() as store:
            # The store checks and adds in one transaction, so of several concurrent
            # adds of one email exactly one adds it; the others get ContactExists (2).
            # Without an email, the name is what tells a contact apart.
            contact = store.add_contact(
                args.name, email=args.email, company=args.company, refuse_same_name=True
            )
            print(f"Added {contact.name} (id {contact.id})")
        return EXIT_OK

    return _run(run)


def _contacts_list(args: argparse.Namespace) -> int:
    def run(store: NotesStore) -> int:
        for contact in store.list_contacts():
            print(f"{contact.name}\t{contact.email}\t{contact.company}")
        return EXIT_OK

    return _read_only(run, lambda: EXIT_OK)


def _contacts_import(args: argparse.Namespace) -> int:
    from rapport.notes.interchange import parse_contacts_file

    def run() -> int:
        records = parse_contacts_file(Path(args.file))  # all parsing before the store opens
        with open_cli_store() as store:
            known = store.existing_matches(records)
            for record, is_known in zip(records, known, strict=True):
                status = "exists " if is_known else "new    "
                email = f" <{record.email}>" if record.email else ""
                print(f"{status}{record.name}{email}  ({record.source})")
            if args.dry_run:
                print(f"Dry run: {known.count(False)} would be added, nothing was written.")
                return EXIT_OK
            added = store.import_contacts(records)
            print(f"Imported {added} contacts; {len(records) - added} were already there.")
        return EXIT_OK

    return _run(run)


def _contacts_import_mail(args: argparse.Namespace) -> int:
    from rapport.notes.mail_commands import run_import_mail

    paths = [Path(name) for name in args.files]
    return run_import_mail(paths, args.dry_run, open_cli_store, sys.stdout, sys.stderr)


def _contacts_export(args: argparse.Namespace) -> int:
    from rapport.notes.interchange import export_contacts

    def run(store: NotesStore) -> int:
        count = export_contacts(store, Path(args.file))
        print(f"Exported {count} contacts to {args.file}")
        return EXIT_OK

    def empty() -> int:
        print("rapport: there are no contacts to export yet.", file=sys.stderr)
        return EXIT_ERROR

    return _read_only(run, empty)


def _notes_add(args: argparse.Namespace) -> int:
    from rapport.notes.errors import NotesError

    kind = args.kind or ("follow-up" if args.due else "call")
    if args.due is not None and kind != "follow-up":
        print("rapport: --due belongs to a follow-up (use --kind follow-up).", file=sys.stderr)
        return EXIT_ERROR

    def run() -> int:
        with open_cli_store(create=False) as store:
            contact = store.find_contact(args.contact)
            note = store.add_note(contact.id, args.text, kind=kind, due=args.due)
            due = f", due {note.due.isoformat()}" if note.due else ""
            print(f"Added a {note.kind} note to {contact.name}{due}")
        return EXIT_OK

    def guarded() -> int:
        from rapport.notes.errors import StoreMissing

        try:
            return run()
        except StoreMissing:
            raise NotesError(
                f"There is no contact named {args.contact!r} yet "
                "(add one with: rapport contacts add NAME)."
            ) from None

    return _run(guarded)


def _notes_search(args: argparse.Namespace) -> int:
    from rapport.notes.store import fts_query

    if fts_query(args.query) is None:
        print("rapport: the search needs at least one word.", file=sys.stderr)
        return EXIT_ERROR

    def run(store: NotesStore) -> int:
        for hit in store.search(args.query):
            print(f"{hit.contact_name}\t{hit.when.astimezone().date().isoformat()}\t{hit.snippet}")
        return EXIT_OK

    return _read_only(run, lambda: EXIT_OK)


def _notes_list(args: argparse.Namespace) -> int:
    def run(store: NotesStore) -> int:
        contact = store.find_contact(args.contact)
        for note in store.recent_notes(contact.id, limit=-1):
            extra = ""
            if note.kind == "follow-up":
                extra = f" (due {note.due.isoformat()})" if note.due else ""
                extra += " [done]" if note.done else ""
            day = note.created_at.astimezone().date().isoformat()
            print(f"{day}\t{note.kind}{extra}\t{' '.join(note.text.split())}")
        return EXIT_OK

    def empty() -> int:
        print(f"rapport: there is no contact named {args.contact!r}.", file=sys.stderr)
        return EXIT_ERROR

    return _read_only(run, empty)


def _notes_backup(args: argparse.Namespace) -> int:
    from rapport.notes.private_backup import write_private_backup

    def run(store: NotesStore) -> int:
        write_private_backup(store, Path(args.file))
        print(f"Backed up the notes to {args.file} (encrypted with the same key)")
        return EXIT_OK

    def empty() -> int:
        print("rapport: there are no notes to back up yet.", file=sys.stderr)
        return EXIT_ERROR

    return _read_only(run, empty)


def _notes_restore(args: argparse.Namespace) -> int:
    from rapport.notes.backup import restore_backup
    from rapport.notes.keys import keyinfo_path, resolve_key
    from rapport.notes.store import default_db_path

    def run() -> int:
        backup = Path(args.file)
        # A backup made by `rapport notes backup` carries its key record; a bare copy
        # of notes.db is opened with the current store's key.
        source = backup if keyinfo_path(backup).exists() else default_db_path()
        key = resolve_key(source, passphrase_provider=cli_passphrase, create=False)
        _refuse_if_in_use(default_db_path())
        kept = restore_backup(backup, key, default_db_path())
        print(f"Restored the notes from {args.file}")
        if kept is not None:
            print(f"The notes it replaced are kept in {kept}")
        return EXIT_OK

    return _run(run)


def _refuse_if_in_use(db_path: Path) -> None:
    """StoreBusy if another Rapport has the notes open, where that can be told.

    Telling needs the current notes open: with the keychain's key, or the passphrase
    in RAPPORT_PASSPHRASE. Notes that cannot be opened (damaged ones, say) are
    restored without the check, since restoring them is the point.
    """
    from rapport.notes import store_files
    from rapport.notes.errors import KeyUnavailable, NotesError
    from rapport.notes.store import open_store

    def no_prompt(confirm: bool) -> str:
        given = os.environ.get(PASSPHRASE_ENV)
        if not given:
            raise KeyUnavailable("no passphrase to hand")
        return given

    if not db_path.exists():
        return
    try:
        current = open_store(db_path, passphrase_provider=no_prompt, create=False)
    except NotesError:
        return
    try:
        store_files.check_sole_user(current)
    finally:
        current.close()


def _notes_passphrase(args: argparse.Namespace) -> int:
    from rapport.notes import store_files
    from rapport.notes.errors import KeyUnavailable, NotesError, StoreMissing
    from rapport.notes.keys import protection_method
    from rapport.notes.store import default_db_path, open_store

    def run() -> int:
        method = protection_method(default_db_path())
        if method is None:
            raise StoreMissing("There are no notes yet, so there is no passphrase to change.")
        if method != "passphrase":
            raise NotesError(
                "These notes are locked with a key in the OS keychain, not a passphrase; "
                "there is no passphrase to change."
            )
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise KeyUnavailable("Changing the passphrase asks for it; run this in a terminal.")
        import getpass

        current = os.environ.get(PASSPHRASE_ENV) or getpass.getpass("Current passphrase: ")
        with open_store(passphrase_provider=lambda confirm: current, create=False) as store:
            new = getpass.getpass("New passphrase: ")
            if getpass.getpass("The new passphrase again: ") != new:
                raise KeyUnavailable("The two new passphrases differ; nothing was changed.")
            store_files.change_passphrase(store, current, new)
        print("Changed the passphrase for the notes.")
        if os.environ.get(PASSPHRASE_ENV):
            print(f"Update {PASSPHRASE_ENV} wherever you set it.", file=sys.stderr)
        return EXIT_OK

    return _run(run)


# ----- rapport check --contact NAME --------------------------------------------------------


@dataclass
class ContactCheck:
    """What ``rapport check --contact`` adds for one input."""

    findings: list[Finding] = field(default_factory=list)
    json_fields: dict[str, Any] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    failed: bool = False


def contact_check(name: str, text: str, err: TextIO, today: date | None = None) -> ContactCheck:
    """Run the contact-aware checks on ``text``; a missing contact is an error (exit 2)."""
    from rapport.notes.checks import check_draft
    from rapport.notes.errors import NotesError, StoreMissing

    try:
        history = _load_history(name)
    except StoreMissing:
        print(
            f"rapport: there is no contact named {name!r} (no notes have been stored yet; "
            "add one with: rapport contacts add NAME).",
            file=err,
        )
        return ContactCheck(failed=True)
    except NotesError as error:
        print(f"rapport: {error}", file=err)
        return ContactCheck(failed=True)
    findings = check_draft(text, history, today)
    follow_ups = len(history.open_follow_ups)
    summary = [
        f"contact: {history.contact.name} ({len(history.notes)} recent notes, "
        f"{follow_ups} open follow-up{'s' if follow_ups != 1 else ''})"
    ]
    return ContactCheck(findings, {"contact": history.contact.name}, summary)


def _load_history(name: str) -> ContactHistory:
    with open_cli_store(create=False) as store:
        contact = store.find_contact(name)
        return store.contact_history(contact.id, notes_limit=20)
