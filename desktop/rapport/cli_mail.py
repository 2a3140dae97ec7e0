"""``rapport contacts import-mail FILE... [--dry-run]``: past conversations from the mailbox.

Prints what it adds (or, with ``--dry-run``, would add) per contact, the senders
who are not contacts, and the follow-ups the mail suggests; exits 0, or 2 when a
file is not mail or is damaged (then nothing is imported). Ctrl+C while it reads
or writes leaves the notes as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rapport.notes.store import NotesStore

EXIT_OK = 0
EXIT_ERROR = 2
EXIT_CANCELLED = 130


def add_import_mail_command(contact_commands: Any, handler: Callable[[Any], int]) -> None:
    importing = contact_commands.add_parser(
        "import-mail",
        help="add past emails to contacts' histories from .mbox, .eml or a Maildir folder",
        description=(
            "Read an .mbox file (Thunderbird, Apple Mail, Gmail Takeout), .eml files or a "
            "Maildir folder, and add each email to or from a contact to that contact's "
            "history. Emails already imported are skipped; senders who are not contacts are "
            "listed, never added."
        ),
    )
    importing.add_argument("files", nargs="+", metavar="FILE")
    importing.add_argument(
        "--dry-run", action="store_true", help="show what would be imported, write nothing"
    )
    importing.set_defaults(handler=handler)


def run_import_mail(
    paths: list[Path],
    dry_run: bool,
    open_store: Callable[..., NotesStore],
    out: TextIO,
    err: TextIO,
) -> int:
    from rapport.analysis.rules import load_rule_set
    from rapport.mail.mailboxes import MailboxError
    from rapport.notes.errors import NotesError, StoreMissing
    from rapport.notes.mail_import import plan_mail_import
    from rapport.notes.store_mail import import_mail, known_message_ids

    progress = _TerminalProgress(err) if err.isatty() else None
    try:
        with open_store(create=False) as store:
            plan = plan_mail_import(
                paths,
                store.list_contacts(),
                known_message_ids(store),
                load_rule_set("en").words("signoffs"),
                progress=progress,
            )
            if progress is not None:
                progress.done()
            _print_plan(plan, out)
            new = len(plan.entries)
            if dry_run:
                print(
                    f"Dry run: {new} email{_s(new)} would be added, {plan.duplicates} "
                    "already there; nothing was written.",
                    file=out,
                )
                return EXIT_OK
            added = import_mail(store, plan.entries)
            people = len(plan.contacts)
            print(
                f"Imported {added} email{_s(added)} for {people} contact{_s(people)}; "
                f"{plan.duplicates} already there.",
                file=out,
            )
            return EXIT_OK
    except StoreMissing:
        print(
            "rapport: there are no contacts yet, so no email can be matched to one "
            "(add them with: rapport contacts add NAME --email ADDRESS).",
            file=err,
        )
        return EXIT_ERROR
    except (MailboxError, NotesError) as error:
        print(f"rapport: {error}", file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("rapport: cancelled; nothing was imported.", file=err)
        return EXIT_CANCELLED


def _print_plan(plan: Any, out: TextIO) -> None:
    for contact, entries in plan.per_contact():
        received = sum(1 for e in entries if e.direction == "received")
        email = f" <{contact.email}>" if contact.email else ""
        print(
            f"{contact.name}{email}: {len(entries)} new "
            f"({received} received, {len(entries) - received} sent)",
            file=out,
        )
        for entry in entries:
            day = entry.when.astimezone().date().isoformat()
            print(f"    {entry.direction:<9} {day}  {entry.subject or '(no subject)'}", file=out)
    if plan.unknown_senders:
        print(
            "Not contacts, so not imported (add one with: "
            "rapport contacts add NAME --email ADDRESS):",
            file=out,
        )
        for sender in plan.unknown_senders:
            who = f"{sender.name} <{sender.address}>" if sender.name else sender.address
            print(
                f"    {who}  {sender.messages} message{_s(sender.messages)}, "
                f"latest \u201c{sender.latest_subject}\u201d",
                file=out,
            )
    if plan.follow_ups:
        print(
            "Suggested follow-ups, not added (confirm one with: "
            "rapport notes add CONTACT TEXT --kind follow-up):",
            file=out,
        )
        for follow_up in plan.follow_ups:
            print(f"    {follow_up.contact_name}: {follow_up.text}", file=out)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


class _TerminalProgress:
    """ "Reading mail: 4,000 of 10,000" on one terminal line, at most 10 times a second."""

    def __init__(self, err: TextIO) -> None:
        import time

        self._err = err
        self._clock = time.monotonic
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        now = self._clock()
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        self._shown = True
        print(f"\rReading mail: {done:,} of {total:,}", end="", file=self._err, flush=True)

    def done(self) -> None:
        if self._shown:
            print(file=self._err)
