"""Reading mail for the import: mbox files, Maildir folders and ``.eml`` files.

The standard library's ``mailbox`` finds the messages and ``email`` reads each
one (see ``rapport.mail.message``). Everything is read and checked before
anything is written, so a mailbox that turns out to be cut off imports nothing:

- an mbox whose last byte is not a line end, or whose last message's MIME parts
  never close, was cut off while it was copied or exported;
- a message without a single mail header is not a message.

Either is a ``MailboxError`` naming the file and the message number (1-based,
in the order the mail app wrote them). ``progress(done, total)`` is called as
messages are read, and ``cancelled()`` is asked between messages: a True answer
stops the reading with ``MailReadCancelled``.
"""

from __future__ import annotations

import mailbox
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapport.mail.message import ReadEmail, parse_message_bytes, read_headers

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
#: Told a message's headers, says whether its body is needed (the import: is it to
#: or from a contact?). Without it every message is read in full.
NeedsBody = Callable[[ReadEmail], bool]

#: Defects of the last message that mean the file ends inside it.
_CUT_OFF_DEFECTS = frozenset(
    {
        "CloseBoundaryNotFoundDefect",
        "StartBoundaryNotFoundDefect",
        "MissingHeaderBodySeparatorDefect",
    }
)
_MAIL_HEADERS = ("from", "to", "date", "subject", "message-id", "received", "return-path")
#: mbox writers put ">" before a body line starting "From "; mboxrd adds one more each time.
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


#: The scan of a big mbox reports progress (and looks for a cancel) every this many bytes.
_SCAN_STEP = 4_000_000


class _ScannedMbox(mailbox.mbox):
    """``mailbox.mbox`` whose first scan of the file reports progress and can be cancelled.

    The standard library finds the messages of an mbox by reading every line once
    before the first message can be read: for a 1 GB mailbox, many seconds with
    nothing to show and no way to stop. This is its ``_generate_toc`` (Python 3.11),
    unchanged but for the report every few megabytes.
    """

    scanned: Callable[[int, int], None] | None = None
    cancelled: Cancelled | None = None

    def _generate_toc(self) -> None:
        starts: list[int] = []
        stops: list[int] = []
        last_was_empty = False
        separator = len(mailbox.linesep)
        self._file.seek(0, 2)
        size = self._file.tell()
        self._file.seek(0)
        next_report = _SCAN_STEP
        while True:
            line_pos = self._file.tell()
            line = self._file.readline()
            if line_pos >= next_report:
                next_report = line_pos + _SCAN_STEP
                if self.cancelled is not None and self.cancelled():
                    raise MailReadCancelled()
                if self.scanned is not None:
                    self.scanned(line_pos, size)
            if line.startswith(b"From "):
                if len(stops) < len(starts):
                    stops.append(line_pos - separator if last_was_empty else line_pos)
                starts.append(line_pos)
                last_was_empty = False
            elif not line:
                stops.append(line_pos - separator if last_was_empty else line_pos)
                break
            elif line == mailbox.linesep:
                last_was_empty = True
            else:
                last_was_empty = False
        self._toc = dict(enumerate(zip(starts, stops, strict=True)))
        self._next_key = len(self._toc)
        self._file_length = self._file.tell()


class MailboxError(Exception):
    """A file that is not mail, or is damaged; the message is a sentence to show."""


class MailReadCancelled(Exception):
    """The user stopped the reading."""


@dataclass(frozen=True, slots=True)
class MailItem:
    """One message read from a file, and where it came from."""

    path: Path
    #: 1-based position in its file (always 1 for an .eml file).
    number: int
    email: ReadEmail

    @property
    def source(self) -> str:
        return f"{self.path.name} message {self.number}" if self.number else self.path.name


def mail_kind(path: Path) -> str:
    """ "maildir", "eml" or "mbox" (what the path holds), or a MailboxError."""
    if path.is_dir():
        if all((path / sub).is_dir() for sub in ("cur", "new")):
            return "maildir"
        raise MailboxError(f"{path} is a folder but not a Maildir (it has no cur and new folders).")
    if not path.exists():
        raise MailboxError(f"{path} does not exist.")
    if path.suffix.lower() == ".eml":
        return "eml"
    with path.open("rb") as handle:
        head = handle.read(5)
    if head == b"From ":
        return "mbox"
    raise MailboxError(
        f'{path.name} is not an mbox file (an mbox starts with a "From " line); '
        "Rapport reads .mbox files, .eml files and Maildir folders."
    )


def read_mail(
    paths: Sequence[Path],
    signoffs: tuple[str, ...] = (),
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    needs_body: NeedsBody | None = None,
    scanned: Callable[[int, int], None] | None = None,
) -> Iterator[MailItem]:
    """Every message in ``paths``, in order; ``MailboxError`` on the first bad file.

    With ``needs_body``, a message it turns down carries its headers only.
    ``scanned(bytes_done, bytes_total)`` reports the first pass over a big mbox.
    """
    kinds = [(path, mail_kind(path)) for path in paths]  # every path checked before reading
    boxes: list[tuple[Path, str, mailbox.Mailbox | None, list[str]]] = []
    total = 0
    for path, kind in kinds:
        if kind == "eml":
            boxes.append((path, kind, None, [""]))
            total += 1
            continue
        box: mailbox.Mailbox
        if kind == "maildir":
            box = mailbox.Maildir(str(path), factory=None, create=False)
            keys = sorted(box.keys(), key=lambda key, b=box: _maildir_order(b, key))
        else:
            scanning = _ScannedMbox(str(path), factory=None, create=False)
            scanning.scanned, scanning.cancelled = scanned, cancelled
            box = scanning
            keys = list(box.keys())
        boxes.append((path, kind, box, keys))
        total += len(keys)
    done = 0
    for path, kind, box, keys in boxes:
        if kind == "mbox":
            _check_not_cut_off(path, len(keys))
        for number, key in enumerate(keys, start=1):
            if cancelled is not None and cancelled():
                raise MailReadCancelled()
            if box is None:
                raw = _read_bytes(path)
            else:
                raw = box.get_bytes(key)
                if kind == "mbox":
                    raw = _ESCAPED_FROM.sub(rb"\1", raw)
            last = kind == "eml" or number == len(keys)
            email = None
            if needs_body is not None and not last:  # the last is read in full: cut off?
                email = read_headers(raw)
                if needs_body(email):
                    email = None
            if email is None:
                email = parse_message_bytes(raw, signoffs)
            item = MailItem(path, number if kind != "eml" else 0, email)
            _check_message(item, raw, last)
            done += 1
            if progress is not None:
                progress(done, total)
            yield item
        if box is not None:
            box.close()


def _maildir_order(box: mailbox.Maildir, key: str) -> tuple[float, str]:
    # Maildir file names start with the delivery time; sort by it, then by name.
    head = key.split(".", 1)[0]
    try:
        return float(head), key
    except ValueError:
        return 0.0, key


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise MailboxError(f"{path.name} could not be read: {error.strerror or error}.") from None


def _check_not_cut_off(path: Path, count: int) -> None:
    with path.open("rb") as handle:
        handle.seek(0, 2)
        if handle.tell() == 0:
            return
        handle.seek(-1, 2)
        last = handle.read(1)
    if last not in (b"\n", b"\r"):
        raise MailboxError(
            f"{path.name} ends in the middle of message {count} of {count}: the file was cut "
            "off while it was copied or exported. Nothing was imported; export the mailbox again."
        )


def _check_message(item: MailItem, raw: bytes, last: bool) -> None:
    head = raw[:4096].split(b"\n\n", 1)[0].decode("latin-1").lower()
    names = {line.split(":", 1)[0].strip() for line in head.splitlines() if ":" in line}
    where = f"{item.path.name}, message {item.number}" if item.number else item.path.name
    if not names & set(_MAIL_HEADERS):
        raise MailboxError(
            f"{where} is not an email (it has no From, To, Date or Subject header). "
            "Nothing was imported."
        )
    if last and _CUT_OFF_DEFECTS & set(item.email.defects):
        raise MailboxError(
            f"{where} is cut off (the file ends inside it): the mailbox was not exported "
            "or copied completely. Nothing was imported; export it again."
        )
