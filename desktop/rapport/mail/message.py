"""One email message (an ``.eml``, a mailbox entry, a pasted email) as plain data.

The standard library's ``email`` package with ``policy.default`` decodes the
headers (RFC 2047 names and subjects) and the body (quoted-printable, base64, any
charset it declares). A message with only an HTML body is turned into text with
:func:`rapport.email_text.html_to_text`. A charset the message gets wrong (bytes
that are not what it declares) is read as Latin-1 rather than failing: every byte
is then still a character, and the email can still be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from rapport.mail.history import EmailParts, split_email_text

#: Headers a pasted text must start with to be read as a whole message.
_HEADER_NAMES = ("from:", "to:", "subject:", "date:", "message-id:", "received:", "return-path:")


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    address: str

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


@dataclass(frozen=True, slots=True)
class ReadEmail:
    """An email read: headers, its whole plain text, and that text in parts."""

    subject: str = ""
    sender: Address | None = None
    recipients: tuple[Address, ...] = ()
    date: datetime | None = None
    #: As in the header, angle brackets included; "" when there is none.
    message_id: str = ""
    text: str = ""
    parts: EmailParts = field(default_factory=lambda: EmailParts(""))
    #: Problems the email package noticed (a MIME part cut off, broken base64...).
    defects: tuple[str, ...] = ()

    @property
    def new_text(self) -> str:
        return self.parts.new

    def reply_subject(self) -> str:
        """ "Re: …" once, whatever the subject already says."""
        subject = self.subject.strip()
        lowered = subject.lower()
        if lowered.startswith(("re:", "re :", "aw:", "sv:")):
            return subject
        return f"Re: {subject}" if subject else "Re:"


def looks_like_message(raw: bytes | str) -> bool:
    """True when ``raw`` starts with mail headers (an .eml, a pasted "show original")."""
    head = raw[:200] if isinstance(raw, str) else raw[:200].decode("latin-1")
    first = head.lstrip().split("\n", 1)[0].lower()
    return first.startswith(_HEADER_NAMES) or first.startswith("from ")


def parse_message_bytes(raw: bytes, signoffs: tuple[str, ...] = ()) -> ReadEmail:
    """Read an RFC 5322 message from its bytes."""
    import email
    import email.policy

    message = email.message_from_bytes(raw, policy=email.policy.default)
    return read_message(message, signoffs)


def read_plain_text(text: str, signoffs: tuple[str, ...] = ()) -> ReadEmail:
    """An email given as text: a whole message if it starts with headers, else its body."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_message(text):
        import email
        import email.policy

        message = email.message_from_string(text, policy=email.policy.default)
        if message.get("from") or message.get("subject"):
            return read_message(message, signoffs)
    return ReadEmail(text=text.strip(), parts=split_email_text(text.strip(), signoffs))


def read_headers(raw: bytes) -> ReadEmail:
    """Only the headers (no body): about 20 times faster than a full read.

    The import reads every message of a mailbox this way and reads in full only
    those to or from a contact: a 10,000-message mailbox is mostly other people.
    """
    from email.header import decode_header, make_header
    from email.parser import BytesHeaderParser
    from email.policy import compat32

    headers = BytesHeaderParser(policy=compat32).parsebytes(raw)

    def text(name: str) -> str:
        value = headers.get(name)
        if value is None:
            return ""
        try:
            return str(make_header(decode_header(str(value))))
        except (LookupError, UnicodeDecodeError, ValueError, TypeError):
            return str(value)

    recipients = tuple(
        Address(name, address.strip())
        for name, address in getaddresses([text("to"), text("cc")])
        if "@" in address
    )
    return ReadEmail(
        subject=" ".join(text("subject").split()),
        sender=_first_address(text("from")),
        recipients=recipients,
        date=_date(text("date")),
        message_id=text("message-id").strip(),
    )


def read_message(message: Message, signoffs: tuple[str, ...] = ()) -> ReadEmail:
    """The plain data of an already parsed message (``policy.default``)."""
    text = body_text(message)
    sender = _first_address(_header(message, "from"))
    recipients = tuple(
        Address(name, address.strip())
        for name, address in getaddresses([_header(message, "to"), _header(message, "cc")])
        if "@" in address
    )
    defects = tuple(type(d).__name__ for part in message.walk() for d in part.defects)
    return ReadEmail(
        subject=" ".join(_header(message, "subject").split()),
        sender=sender,
        recipients=recipients,
        date=_date(_header(message, "date")),
        message_id=_header(message, "message-id").strip(),
        text=text,
        parts=split_email_text(text, signoffs),
        defects=defects,
    )


def body_text(message: Message) -> str:
    """The plain text of the message: its text/plain body, else its HTML body as text."""
    from rapport.email_text import html_to_text

    if not isinstance(message, EmailMessage):
        return ""
    part = message.get_body(preferencelist=("plain",))
    if part is not None:
        text = _content(part)
        if str(part.get_param("format", "")).lower() == "flowed":
            text = _unflow(text, str(part.get_param("delsp", "")).lower() == "yes")
    else:
        html_part = message.get_body(preferencelist=("html",))
        text = html_to_text(_content(html_part)) if html_part is not None else ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _unflow(text: str, delete_space: bool) -> str:
    """RFC 3676: a line ending in a space continues on the next line (not "-- ")."""
    pieces: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith(" "):
            line = line[1:]  # space-stuffing
        if line.endswith(" ") and line != "-- ":
            pieces.append(line[:-1] if delete_space else line)
        else:
            pieces.append(line + "\n")
    return "".join(pieces)


#: Charsets mail apps declare for what is really Windows-1252 (Outlook's curly
#: quotes and dashes are C1 control codes in ISO-8859-1); browsers read it so too.
_READ_AS_WINDOWS_1252 = frozenset({"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"})
_C1_CONTROLS = frozenset(chr(code) for code in range(0x80, 0xA0))


def _content(part: EmailMessage) -> str:
    charset = (part.get_content_charset() or "").lower()
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError, ValueError, AssertionError):
        content = None
    if isinstance(content, str) and not (
        charset in _READ_AS_WINDOWS_1252 and not _C1_CONTROLS.isdisjoint(content)
    ):
        return content
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return content if isinstance(content, str) else ""
    if charset in _READ_AS_WINDOWS_1252:
        return payload.decode("cp1252", errors="replace")
    try:
        return payload.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return payload.decode("latin-1")


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except (IndexError, ValueError, TypeError):  # a header the parser cannot make sense of
        return ""
    return str(value) if value is not None else ""


def _first_address(value: str) -> Address | None:
    name, address = parseaddr(value)
    if "@" not in address:
        return None
    return Address(name.strip().strip('"'), address.strip())


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo is not None else when.astimezone()
