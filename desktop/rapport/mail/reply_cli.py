"""``rapport check --reply-to THEIR_EMAIL DRAFT``: the reply checks for the command line.

Their email is read once (an ``.eml``, or a ``.txt`` of a pasted email); each draft's
report then gains the ``unanswered`` findings, the answered-questions line of the
breakdown and a ``reply_to`` object in ``--json``. Spans still index the draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapport.analysis.model import Report
from rapport.analysis.reply import ReplyCheck, check_reply
from rapport.analysis.rules import RuleSet
from rapport.analysis.their_email import KIND_LABELS, TheirEmailReading, read_their_email
from rapport.mail.message import ReadEmail, parse_message_bytes, read_plain_text

#: Their email is an email, not a mailbox: anything bigger is refused, not read.
MAX_EMAIL_BYTES = 20_000_000


class TheirEmailError(Exception):
    """Their email could not be read; the message is a sentence to show."""


@dataclass(frozen=True)
class TheirEmail:
    """Their email, read, and what Rapport heard in it."""

    path: str
    email: ReadEmail
    reading: TheirEmailReading

    @property
    def name(self) -> str:
        sender = self.email.sender
        return sender.name if sender is not None else ""


def load_their_email(path: str, rule_set: RuleSet) -> TheirEmail:
    file = Path(path)
    if file.suffix.lower() not in (".eml", ".txt"):
        raise TheirEmailError(f"{path}: --reply-to reads an .eml or .txt file.")
    try:
        if file.stat().st_size > MAX_EMAIL_BYTES:
            raise TheirEmailError(f"{path} is too big to be one email.")
        raw = file.read_bytes()
    except OSError as error:
        raise TheirEmailError(f"{path}: {error.strerror or error}") from None
    signoffs = rule_set.words("signoffs")
    if file.suffix.lower() == ".eml":
        email = parse_message_bytes(raw, signoffs)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")  # a pasted email saved by Notepad
        email = read_plain_text(text, signoffs)
    if not email.new_text.strip():
        raise TheirEmailError(f"{path} holds no text Rapport can read as their email.")
    return TheirEmail(path, email, read_their_email(email.new_text, rule_set))


def reply_check(
    their: TheirEmail, draft: str, report: Report, rule_set: RuleSet, disabled: Any = ()
) -> ReplyCheck:
    names = [part for part in their.name.split() if part]
    return check_reply(
        draft, report, their.reading, rule_set, their.name, ignore=names, disabled_rules=disabled
    )


def json_fields(their: TheirEmail, checked: ReplyCheck) -> dict[str, Any]:
    """The ``reply_to`` object of ``--json``."""
    return {
        "reply_to": {
            "path": their.path,
            "from": str(their.email.sender) if their.email.sender else "",
            "subject": their.email.subject,
            "questions_asked": checked.asked,
            "questions_answered": checked.answered,
            "points": [
                {
                    "kind": answer.point.kind,
                    "text": answer.point.text,
                    "answered": answer.taken_up,
                    "matched_words": list(answer.matched_words),
                }
                for answer in checked.answers
            ],
        }
    }


def summary_lines(their: TheirEmail, checked: ReplyCheck) -> list[str]:
    """What the human output says under the breakdown."""
    who = their.name or (their.email.sender.address if their.email.sender else their.path)
    lines = [f"replying to: {who}", checked.summary()]
    for answer in checked.answers:
        mark = "answered" if answer.taken_up else "not taken up"
        lines.append(f"  {KIND_LABELS[answer.point.kind]} ({mark}): {answer.point.text}")
    return lines
