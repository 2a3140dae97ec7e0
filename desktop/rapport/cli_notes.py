"""``rapport contacts …`` and ``rapport notes …``: parse, call ``rapport.operations``, print.

Every handler imports the store lazily, so ``rapport check`` without ``--contact``
never loads SQLCipher, keyring or vobject. Errors print ``rapport: …`` on stderr
and return exit code 2; nothing here ever prints a passphrase.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

    from rapport.cli_mail import add_import_mail_command

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
    """The notes, unlocked with the keychain or the passphrase (``NotesError`` if not)."""
    from rapport.notes.store import open_store

    return open_store(passphrase_provider=cli_passphrase, create=create)


def _run(action: Callable[[], int]) -> int:
    """Run a handler; an operation's error is printed as ``rapport: …`` (exit 2)."""
    from rapport.operations import OperationError
    from rapport.operations.errors import user_errors

    try:
        with user_errors():  # opening the store raises the store's own errors
            return action()
    except OperationError as error:
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


def _fail(message: str) -> int:
    print(f"rapport: {message}", file=sys.stderr)
    return EXIT_ERROR


# ----- handlers --------------------------------------------------------------------------


def _contacts_add(args: argparse.Namespace) -> int:
    from rapport.operations import contacts

    def run() -> int:
        with open_cli_store() as store:
            added = contacts.add_contact(store, args.name, email=args.email, company=args.company)
        if added.existed:
            return _fail(added.message)  # exit 2: nothing was added
        print(added.message)
        return EXIT_OK

    return _run(run)


def _contacts_list(args: argparse.Namespace) -> int:
    from rapport.operations import contacts

    def run(store: NotesStore) -> int:
        for contact in contacts.list_contacts(store):
            print(f"{contact.name}\t{contact.email}\t{contact.company}")
        return EXIT_OK

    return _read_only(run, lambda: EXIT_OK)


def _contacts_import(args: argparse.Namespace) -> int:
    from rapport.operations import contacts

    def run() -> int:
        # The whole file is read before the notes are unlocked: a bad file costs no prompt.
        records = contacts.read_contacts_file(Path(args.file))
        with open_cli_store() as store:
            preview = contacts.preview_import(Path(args.file), store, records)
            for record, is_known in zip(preview.records, preview.already_stored, strict=True):
                status = "exists " if is_known else "new    "
                email = f" <{record.email}>" if record.email else ""
                print(f"{status}{record.name}{email}  ({record.source})")
            if args.dry_run:
                new = len(preview.new_records)
                print(f"Dry run: {new} would be added, nothing was written.")
                return EXIT_OK
            result = contacts.import_contacts(store, preview.records)
        print(f"Imported {result.added} contacts; {result.already_stored} were already there.")
        return EXIT_OK

    return _run(run)


def _contacts_import_mail(args: argparse.Namespace) -> int:
    from rapport.cli_mail import run_import_mail

    paths = [Path(name) for name in args.files]
    return run_import_mail(paths, args.dry_run, open_cli_store, sys.stdout, sys.stderr)


def _contacts_export(args: argparse.Namespace) -> int:
    from rapport.operations import contacts

    def run(store: NotesStore) -> int:
        result = contacts.export_contacts(store, Path(args.file))
        print(f"Exported {result.count} contacts to {args.file}")
        return EXIT_OK

    return _read_only(run, lambda: _fail("there are no contacts to export yet."))


def _notes_add(args: argparse.Namespace) -> int:
    from rapport.notes.errors import StoreMissing
    from rapport.operations import OperationError, notes

    def run() -> int:
        kind = notes.note_kind(args.kind, args.due)  # a bad --due fails before any prompt
        try:
            store = open_cli_store(create=False)
        except StoreMissing:
            raise OperationError(
                f"There is no contact named {args.contact!r} yet "
                "(add one with: rapport contacts add NAME)."
            ) from None
        with store:
            added = notes.add_note(store, args.contact, args.text, kind=kind, due=args.due)
        print(added.message)
        return EXIT_OK

    return _run(run)


def _notes_search(args: argparse.Namespace) -> int:
    from rapport.notes.store_search import fts_query
    from rapport.operations import notes

    if fts_query(args.query) is None:
        return _fail("the search needs at least one word.")

    def run(store: NotesStore) -> int:
        for hit in notes.search_notes(store, args.query):
            print(f"{hit.contact_name}\t{hit.when.astimezone().date().isoformat()}\t{hit.snippet}")
        return EXIT_OK

    return _read_only(run, lambda: EXIT_OK)


def _notes_list(args: argparse.Namespace) -> int:
    from rapport.operations import notes

    def run(store: NotesStore) -> int:
        _contact, found = notes.contact_notes(store, args.contact)
        for note in found:
            extra = ""
            if note.kind == "follow-up":
                extra = f" (due {note.due.isoformat()})" if note.due else ""
                extra += " [done]" if note.done else ""
            day = note.created_at.astimezone().date().isoformat()
            print(f"{day}\t{note.kind}{extra}\t{' '.join(note.text.split())}")
        return EXIT_OK

    return _read_only(run, lambda: _fail(f"there is no contact named {args.contact!r}."))


def _notes_backup(args: argparse.Namespace) -> int:
    from rapport.operations import backup

    def run(store: NotesStore) -> int:
        # No flag says "replace": an existing file is refused (the window asks instead).
        backup.back_up(store, Path(args.file), replace_existing=False)
        print(f"Backed up the notes to {args.file} (encrypted with the same key)")
        return EXIT_OK

    return _read_only(run, lambda: _fail("there are no notes to back up yet."))


def _notes_restore(args: argparse.Namespace) -> int:
    from rapport.operations import backup

    def run() -> int:
        result = backup.restore(
            Path(args.file),
            passphrase_provider=cli_passphrase,
            # The in-use check must not prompt: the keychain, or RAPPORT_PASSPHRASE.
            probe_passphrase=lambda confirm: os.environ.get(PASSPHRASE_ENV, ""),
        )
        print(f"Restored the notes from {args.file}")
        if result.kept is not None:
            print(f"The notes it replaced are kept in {result.kept}")
        return EXIT_OK

    return _run(run)


def _notes_passphrase(args: argparse.Namespace) -> int:
    from rapport.notes.store import default_db_path, open_store
    from rapport.operations import OperationError, backup

    def run() -> int:
        backup.check_passphrase_can_change(default_db_path())
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise OperationError("Changing the passphrase asks for it; run this in a terminal.")
        import getpass

        current = os.environ.get(PASSPHRASE_ENV) or getpass.getpass("Current passphrase: ")
        with open_store(passphrase_provider=lambda confirm: current, create=False) as store:
            new = getpass.getpass("New passphrase: ")
            again = getpass.getpass("The new passphrase again: ")
            backup.change_passphrase(store, current, new, again)
        print("Changed the passphrase for the notes.")
        if os.environ.get(PASSPHRASE_ENV):
            print(f"Update {PASSPHRASE_ENV} wherever you set it.", file=sys.stderr)
        return EXIT_OK

    return _run(run)
