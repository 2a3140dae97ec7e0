"""Split the text of an email into what they wrote now, the quoted history and the signature.

Mail apps put the earlier conversation under a line of their own: Gmail and Apple
Mail write "On Mon, 3 Mar 2025 at 10:02, Laura <laura@x.com> wrote:", Outlook a
block of "From: … Sent: … To: … Subject: …" lines, older clients "-----Original
Message-----"; replies in the old style quote line by line with ">". The
signature starts at "-- " (the standard delimiter), at "Sent from my …", or at a
sign-off ("Best," "Thanks,") followed only by a few short lines (name, title,
phone). Nothing is thrown away: the parts are kept to be shown on demand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ON_WROTE = re.compile(
    r"^\s*(?:On|Am|Le|El|Il|Op)\s.{0,300}?"
    r"(?:wrote|schrieb|a écrit|escribió|scrisse|schreef)\s*:\s*$",
    re.IGNORECASE,
)
_ON_START = re.compile(r"^\s*On\s.*\d", re.IGNORECASE)
_WROTE_END = re.compile(r"(?:wrote|schrieb|a écrit|escribió)\s*:\s*$", re.IGNORECASE)
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(?:Original Message|Forwarded message|Ursprüngliche Nachricht)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_RULE_LINE = re.compile(r"^\s*[_—-]{10,}\s*$")
_HEADER_LINE = re.compile(r"^\s*\**(From|Sent|Date|To|Cc|Subject)\**\s*:\s*\S", re.IGNORECASE)
_SIGNATURE_DELIMITER = re.compile(r"^--\s?$")
_SENT_FROM = re.compile(r"^\s*(?:Sent from my|Sent from Outlook|Get Outlook for)\b", re.IGNORECASE)
#: A sign-off starts the signature only if at most this many short lines follow it.
_SIGNATURE_LINES = 6
_SHORT_LINE = 60


@dataclass(frozen=True, slots=True)
class EmailParts:
    """The text of one email, in three parts; ``new`` is ``text[:len(new)]`` trimmed."""

    #: What they wrote this time (greeting to sign-off), without quotes or signature.
    new: str
    #: The earlier conversation they quoted ("On … wrote:" and below, "> " lines).
    quoted: str = ""
    #: Their sign-off and signature block.
    signature: str = ""


def split_email_text(text: str, signoffs: tuple[str, ...] = ()) -> EmailParts:
    """``text`` (plain, "\\n" line ends) split into new words, quoted history and signature."""
    lines = text.split("\n")
    cut = _history_start(lines)
    body, history = lines[:cut], lines[cut:]
    # Interleaved "> " lines in the new part are quotes too; their answers stay.
    new_lines: list[str] = []
    quoted_lines: list[str] = []
    for line in body:
        (quoted_lines if line.lstrip().startswith(">") else new_lines).append(line)
    quoted_lines.extend(history)
    signature_at = _signature_start(new_lines, signoffs)
    signature = "\n".join(new_lines[signature_at:]).strip("\n")
    new = "\n".join(new_lines[:signature_at]).strip()
    return EmailParts(new, "\n".join(quoted_lines).strip("\n"), signature)


def _history_start(lines: list[str]) -> int:
    """Index of the first line of the quoted history, or ``len(lines)``."""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if _ON_WROTE.match(line) or _ORIGINAL.match(line):
            return index
        # "On Mon, 3 Mar 2025 at 10:02, Laura Chen <" / "laura@x.com> wrote:" (wrapped)
        if _ON_START.match(line) and any(
            _WROTE_END.search(following) for following in lines[index + 1 : index + 3]
        ):
            return index
        if _is_outlook_block(lines, index):
            # A "____" rule line right above the block belongs to it.
            if index > 0 and _RULE_LINE.match(lines[index - 1]):
                return index - 1
            return index
    return len(lines)


def _is_outlook_block(lines: list[str], index: int) -> bool:
    """ "From: …" followed within five lines by "Sent:"/"Date:" and "To:"/"Subject:"."""
    first = _HEADER_LINE.match(lines[index])
    if first is None or first.group(1).lower() != "from":
        return False
    seen = set()
    for line in lines[index + 1 : index + 6]:
        match = _HEADER_LINE.match(line)
        if match:
            seen.add(match.group(1).lower())
    return bool(seen & {"sent", "date"}) and bool(seen & {"to", "subject"})


def _signature_start(lines: list[str], signoffs: tuple[str, ...]) -> int:
    for index, line in enumerate(lines):
        if _SIGNATURE_DELIMITER.match(line) or _SENT_FROM.match(line):
            return index
    wanted = {signoff.lower() for signoff in signoffs}
    for index in range(len(lines) - 1, -1, -1):
        word = lines[index].strip().rstrip(",!.").strip().lower()
        if word and word in wanted:
            following = [line for line in lines[index + 1 :] if line.strip()]
            if len(following) <= _SIGNATURE_LINES and all(
                len(line) <= _SHORT_LINE for line in following
            ):
                return index
            break
    return len(lines)
