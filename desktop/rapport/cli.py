"""The ``rapport`` command.

``rapport`` with no arguments opens the editor window; ``rapport check`` is the
scriptable checker. Flags, JSON fields and exit codes here are public contracts.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rapport.analysis import Report
    from rapport.grammar.service import GrammarService
    from rapport.operations.check import CheckExtras

EXIT_OK = 0
EXIT_BELOW_THRESHOLD = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors already; keep messages on one line."""


@dataclass(frozen=True)
class CheckInput:
    """One decoded input of ``rapport check``, or the reason it could not be read."""

    path: str
    text: str | None
    error: str | None = None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rapport",
        description="Rapport keeps customer emails about the customer.",
    )
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start the window offscreen, type a sample email and check the highlights",
    )
    parser.add_argument("--open", metavar="FILE", help="open a draft (.txt, .md or .eml)")
    parser.add_argument(
        "--screenshot",
        metavar="OUT.png",
        help="with --open: save a screenshot once the highlights are drawn, then exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check emails for customer focus",
        description="Check UTF-8 text files (or - for standard input) for customer focus.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="a text file, or - for stdin")
    check.add_argument("--json", action="store_true", help="JSON Lines, one object per input")
    check.add_argument(
        "--fail-under",
        type=_score_arg,
        metavar="N",
        help="exit 1 when any score is below N (0-100)",
    )
    check.add_argument(
        "--grammar",
        action="store_true",
        help="also check grammar and spelling (LanguageTool if set up, else Harper offline)",
    )
    check.add_argument(
        "--contact",
        metavar="NAME",
        help="also run the checks that use this contact's notes",
    )
    check.add_argument(
        "--reply-to",
        metavar="THEIR_EMAIL",
        help="the email (.eml or .txt) this draft replies to: flag what it leaves unanswered",
    )

    # Further command groups register themselves here; each module keeps its
    # imports lazy so `rapport check` stays fast.
    from rapport import cli_notes

    cli_notes.add_commands(commands)
    return parser


def _version() -> str:
    from rapport import __version__

    return f"rapport {__version__}"


def _score_arg(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(f"must be between 0 and 100, got {number}")
    return number


def read_inputs(paths: Sequence[str], stdin: TextIO | None = None) -> list[CheckInput]:
    """Decode every input as UTF-8; an unreadable one carries its error instead.

    Only regular files are read, and standard input for ``-``: a named pipe with
    no writer or a device would block forever or never end. The text is
    normalised as the window normalises it (see ``rapport.email_text``), so a
    file gets the same report in both.
    """
    from rapport.email_text import normalise_text

    inputs: list[CheckInput] = []
    for path in paths:
        raw, error = _read_stdin(stdin) if path == "-" else _read_file(path)
        if error is not None:
            inputs.append(CheckInput(path, None, error))
            continue
        if isinstance(raw, str):
            inputs.append(CheckInput(path, normalise_text(raw)))
            continue
        try:
            inputs.append(CheckInput(path, normalise_text(raw.decode("utf-8"))))
        except UnicodeDecodeError as decode_error:
            inputs.append(
                CheckInput(
                    path,
                    None,
                    f"is not UTF-8 text (invalid byte at offset {decode_error.start})",
                )
            )
    return inputs


def _read_stdin(stdin: TextIO | None) -> tuple[bytes | str, str | None]:
    # Python sets sys.stdin to None when file descriptor 0 is closed (``<&-``).
    stream = stdin if stdin is not None else sys.stdin
    if stream is None:
        return b"", "standard input is closed"
    try:
        return (stream.buffer.read() if hasattr(stream, "buffer") else stream.read()), None
    except (OSError, ValueError) as error:
        return b"", f"standard input could not be read ({_reason(error)})"


_NOT_TEXT_FILES = (
    (stat.S_ISDIR, "is a directory, not a text file"),
    (stat.S_ISFIFO, "is a named pipe, not a text file (use - and a pipe for standard input)"),
    (stat.S_ISCHR, "is a device, not a text file"),
    (stat.S_ISBLK, "is a device, not a text file"),
    (stat.S_ISSOCK, "is a socket, not a text file"),
)


def _not_a_text_file(mode: int) -> str | None:
    for test, message in _NOT_TEXT_FILES:
        if test(mode):
            return message
    return None if stat.S_ISREG(mode) else "is not a regular file"


def _read_file(path: str) -> tuple[bytes, str | None]:
    try:
        problem = _not_a_text_file(os.stat(path).st_mode)
        if problem:
            return b"", problem
        # O_NONBLOCK: should the path become a named pipe after the check, opening
        # it returns at once instead of waiting for a writer; fstat then says so.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            problem = _not_a_text_file(os.fstat(handle.fileno()).st_mode)
            if problem:
                return b"", problem
            return handle.read(), None
    except IsADirectoryError:
        return b"", "is a directory, not a text file"
    except OSError as error:
        return b"", _reason(error)


def _reason(error: OSError | ValueError) -> str:
    return getattr(error, "strerror", None) or str(error)


class _LineIndex:
    """Line and column of many offsets in one text, in O(log lines) each.

    Counting the newlines before every finding made ``rapport check`` quadratic
    in the number of findings (140 s for a 4 MB file).
    """

    def __init__(self, text: str) -> None:
        starts = [0]
        position = text.find("\n")
        while position >= 0:
            starts.append(position + 1)
            position = text.find("\n", position + 1)
        self._starts = starts

    def line_and_column(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a string offset."""
    return _LineIndex(text).line_and_column(offset)


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from rapport.analysis import DocumentAnalyzer
    from rapport.analysis.rules import load_rule_set
    from rapport.operations.check import with_extras
    from rapport.settings import load_analysis_settings

    settings, settings_warnings = load_analysis_settings()
    rule_set = load_rule_set(settings.language, settings.disabled_packs)
    for problem in (*settings_warnings, *rule_set.errors):
        print(f"rapport: warning: {problem}", file=err)
    analyzer = DocumentAnalyzer(settings, rule_set)
    their = _their_email(args, rule_set, err)
    if their is False:
        return EXIT_USAGE
    optional = _OptionalChecks(args.grammar, args.contact, settings.language)

    exit_code = EXIT_OK
    for item in read_inputs(args.paths):
        if item.text is None:
            print(f"rapport: {item.path}: {item.error}", file=err)
            if args.json:
                print(json.dumps({"path": item.path, "error": item.error}), file=out)
            exit_code = EXIT_USAGE
            continue
        extras = optional.run(item.text)
        for warning in extras.warnings:
            print(f"rapport: warning: {warning}", file=err)
        for error in extras.errors:
            print(f"rapport: {error}", file=err)
        report = with_extras(analyzer.analyze(item.text), extras)
        if their is not None:
            report = _add_reply_checks(their, item.text, report, rule_set, settings, extras)
        if args.json:
            record = report.to_json(item.path)
            record.update(extras.json_fields)
            print(json.dumps(record, ensure_ascii=False), file=out)
        else:
            _print_human(item.path, item.text, report, extras.summary, out)
        if extras.failed and exit_code == EXIT_OK:
            exit_code = EXIT_USAGE
        below = args.fail_under is not None and report.score < args.fail_under
        if below:
            # Exit 1 alone left the user guessing which of many files fell short.
            print(
                f"rapport: {item.path}: score {report.score}/100 is below "
                f"--fail-under {args.fail_under:g}",
                file=err,
            )
            if exit_code == EXIT_OK:
                exit_code = EXIT_BELOW_THRESHOLD
    return exit_code


def _their_email(args: argparse.Namespace, rule_set: object, err: TextIO) -> object:
    """``--reply-to``: their email read once, None without it, False when unreadable."""
    if not getattr(args, "reply_to", None):
        return None
    from rapport.mail.reply_cli import TheirEmailError, load_their_email

    try:
        return load_their_email(args.reply_to, rule_set)  # type: ignore[arg-type]
    except TheirEmailError as error:
        print(f"rapport: {error}", file=err)
        return False


def _add_reply_checks(
    their: object, text: str, report: Report, rule_set: object, settings: object, extra: object
) -> Report:
    from rapport.mail import reply_cli

    checked = reply_cli.reply_check(
        their,  # type: ignore[arg-type]
        text,
        report,
        rule_set,  # type: ignore[arg-type]
        getattr(settings, "disabled_rules", ()),
    )
    extra.json_fields.update(reply_cli.json_fields(their, checked))  # type: ignore[attr-defined]
    extra.summary.extend(reply_cli.summary_lines(their, checked))  # type: ignore[attr-defined]
    return checked.report


class _OptionalChecks:
    """``--grammar`` and ``--contact`` for one run: one grammar service for every input."""

    def __init__(self, grammar: bool, contact: str | None, language: str) -> None:
        self._grammar = grammar
        self._contact = contact
        self._language = language
        self._service: GrammarService | None = None

    def run(self, text: str) -> CheckExtras:
        from rapport.operations import OperationError
        from rapport.operations.check import (
            CheckExtras,
            contact_extras,
            grammar_extras,
            load_contact_history,
            start_grammar_service,
        )

        extras = CheckExtras()
        if self._grammar:
            if self._service is None:
                # A local server takes seconds to start; the command line may wait.
                self._service = start_grammar_service()
            extras.add(grammar_extras(self._service, text))
        if self._contact:
            from rapport.cli_notes import open_cli_store

            try:
                # Read for each input: another command may add a note meanwhile.
                history = load_contact_history(lambda: open_cli_store(create=False), self._contact)
            except OperationError as error:
                extras.errors.append(str(error))
            else:
                extras.add(contact_extras(text, history, language=self._language))
        return extras


def _print_human(path: str, text: str, report: Report, summary: list[str], out: TextIO) -> None:
    from rapport.analysis.correctness import correctness_of

    lines = _LineIndex(text)
    content_end = len(text.rstrip())  # once, not once per finding
    for finding in report.findings:
        line, column = lines.line_and_column(finding.start)
        print(f"{path}:{line}:{column}: {finding.category}: {finding.message}", file=out)
        whole_email = finding.start == 0 and finding.end >= content_end
        excerpt = "" if whole_email else " ".join(text[finding.start : finding.end].split())
        if excerpt:
            if len(excerpt) > 160:
                excerpt = excerpt[:157] + "..."
            print(f"    > {excerpt}", file=out)
        for suggestion in finding.suggestions[:1]:
            print(f"    try: {suggestion}", file=out)
    print(f"{path}: score {report.score}/100", file=out)
    for item in report.breakdown:
        # One decimal, as in --json and the window: "5.8/35", never "5.83333/35".
        points = item.points_text()
        note = f"; {item.note}" if item.note else ""
        print(
            f"    {item.label:<24} {points:>7}   {item.value}  (target: {item.target}{note})",
            file=out,
        )
    to_fix = correctness_of(report.findings)
    if to_fix.total:
        # A separate figure: an email for the reader can still not be ready to send.
        print(f"    before you send: {to_fix.summary()}", file=out)
    for line in summary:
        print(f"    {line}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args, sys.stdout, sys.stderr)
    if args.command is not None:
        return args.handler(args)
    if args.screenshot and not args.open:
        parser.error("--screenshot needs --open FILE")
    from rapport.ui.app import run_app

    return run_app(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
