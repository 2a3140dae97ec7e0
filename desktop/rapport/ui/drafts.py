"""Drafts in and out: files, the clipboard, mailto links and the autosave.

Qt-free except where noted: plain data in, plain data out.
"""

from __future__ import annotations

import html
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

from rapport import paths
from rapport.settings import atomic_write_text

OPENABLE_SUFFIXES = (".txt", ".md", ".eml")
SAVEABLE_SUFFIXES = (".txt", ".md")
#: Above this many characters many mail apps and browsers cut a mailto: link
#: short or refuse it; Rapport copies the email instead and says so.
MAILTO_LIMIT = 1800
#: Files bigger than this are refused with a message instead of freezing the editor.
MAX_OPEN_BYTES = 20_000_000
AUTOSAVE_FILE = "autosave.json"


class DraftFileError(Exception):
    """A draft file could not be opened or saved; the message is ready to show."""


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


def read_draft(path: Path) -> Draft:
    """Open .txt, .md (a first "Subject:" line becomes the subject) or .eml."""
    suffix = path.suffix.lower()
    if suffix not in OPENABLE_SUFFIXES:
        raise DraftFileError(f"{path.name}: Rapport opens .txt, .md and .eml files.")
    try:
        size = path.stat().st_size
        if size > MAX_OPEN_BYTES:
            raise DraftFileError(f"{path.name} is {size / 1e6:.0f} MB; that is not an email.")
        raw = path.read_bytes()
    except OSError as error:
        raise DraftFileError(f"{path.name} could not be read: {error.strerror or error}.") from None
    if suffix == ".eml":
        return _read_eml(raw, path.name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DraftFileError(
            f"{path.name} is not UTF-8 text (invalid byte at offset {error.start})."
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first, _, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        return Draft(first[len("subject:") :].strip(), rest.lstrip("\n"))
    return Draft("", text)


def _read_eml(raw: bytes, name: str) -> Draft:
    import email  # only .eml files need it, and it is slow to import
    import email.policy

    message = email.message_from_bytes(raw, policy=email.policy.default)
    subject = str(message.get("subject", "") or "")
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        html_part = message.get_body(preferencelist=("html",))
        if html_part is None:
            raise DraftFileError(f"{name} has no text body Rapport can show.")
        body = _strip_html(html_part.get_content())
    else:
        body = part.get_content()
    return Draft(subject, body.replace("\r\n", "\n").rstrip("\n"))


def _strip_html(markup: str) -> str:
    import re

    text = re.sub(r"(?is)<(script|style).*?</\1>", "", markup)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text).strip()


def write_draft(path: Path, draft: Draft) -> None:
    if path.suffix.lower() not in SAVEABLE_SUFFIXES:
        raise DraftFileError(f"{path.name}: Rapport saves .txt and .md files.")
    text = draft.body if not draft.subject else f"Subject: {draft.subject}\n\n{draft.body}"
    try:
        atomic_write_text(path, text if text.endswith("\n") else text + "\n")
    except OSError as error:
        raise DraftFileError(
            f"{path.name} could not be saved: {error.strerror or error}."
        ) from None


def plain_text(draft: Draft) -> str:
    if not draft.subject:
        return draft.body
    return f"Subject: {draft.subject}\n\n{draft.body}"


def simple_html(draft: Draft) -> str:
    """Paragraphs as <p>, single line breaks as <br>; no highlight formatting."""
    blocks = [block for block in draft.body.split("\n\n")]
    paragraphs = [
        "<p>" + "<br>".join(html.escape(line) for line in block.split("\n")) + "</p>"
        for block in blocks
        if block.strip()
    ]
    if draft.subject:
        paragraphs.insert(0, f"<p><b>Subject:</b> {html.escape(draft.subject)}</p>")
    return "<html><body>" + "".join(paragraphs) + "</body></html>"


def mailto_url(draft: Draft) -> str | None:
    """A mailto: link, or None when it would be too long for mail apps to accept."""
    body = draft.body.replace("\n", "\r\n")
    url = f"mailto:?subject={quote(draft.subject)}&body={quote(body)}"
    return url if len(url) <= MAILTO_LIMIT else None


# ---------------------------------------------------------------- autosave


@dataclass(frozen=True)
class Autosave:
    subject: str
    body: str
    path: str
    saved_at: float


def autosave_path() -> Path:
    return paths.data_dir() / "drafts" / AUTOSAVE_FILE


def write_autosave(draft: Draft, file_path: str = "") -> None:
    record = Autosave(draft.subject, draft.body, file_path, time.time())
    atomic_write_text(autosave_path(), json.dumps(asdict(record), ensure_ascii=False))


def read_autosave() -> Autosave | None:
    """The draft left behind by a crash, if any (a damaged file counts as none)."""
    try:
        data = json.loads(autosave_path().read_text(encoding="utf-8"))
        return Autosave(
            str(data["subject"]),
            str(data["body"]),
            str(data.get("path", "")),
            float(data["saved_at"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def clear_autosave() -> None:
    autosave_path().unlink(missing_ok=True)
