"""Text as it comes in, made into the plain text the engine reads. Qt-free.

``rapport check`` and the window must give the same text the same report, so
both pass what they read through :func:`normalise_text`: it does what the
window's editor does to text anyway (Qt's ``toPlainText``, which is what the
window saves, turns a no-break space into a space and a line or paragraph
separator into a line break), and drops a leading byte order mark as the
window's file reader does. Only the BOM changes the length, so offsets into
the rest of the text stay as they were.

:func:`html_to_text` turns the HTML body of an ``.eml`` into plain text in one
pass over the markup, whatever it holds ("<script>" * 20000 used to take 10 s).
"""

from __future__ import annotations

import html
import re

BOM = "\ufeff"
NO_BREAK_SPACE = "\u00a0"
LINE_SEPARATOR = "\u2028"
PARAGRAPH_SEPARATOR = "\u2029"

# What Qt's QTextDocument.toPlainText does to these characters.
_AS_THE_WINDOW_SAVES = str.maketrans(
    {NO_BREAK_SPACE: " ", LINE_SEPARATOR: "\n", PARAGRAPH_SEPARATOR: "\n"}
)
_IN_ONE_PARAGRAPH = str.maketrans({NO_BREAK_SPACE: " "})

_RAW_TEXT_OPENING = re.compile(r"<(script|style)", re.IGNORECASE)
_RAW_TEXT_CLOSING = {
    "script": re.compile(r"</script>", re.IGNORECASE),
    "style": re.compile(r"</style>", re.IGNORECASE),
}
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>|</p>|</div>", re.IGNORECASE)


def normalise_text(text: str) -> str:
    """``text`` as the window would hold and save it: no BOM, NBSP as space, separators as \\n."""
    if text.startswith(BOM):
        text = text[1:]
    return text.translate(_AS_THE_WINDOW_SAVES)


def normalise_paragraph(text: str) -> str:
    """One editor block as the saved file will have it (length and offsets unchanged).

    The editor keeps a typed no-break space in its block; the saved file has a
    space, and the engine must see the same (a greeting "Hi<NBSP>Laura," was missed).
    """
    return text.translate(_IN_ONE_PARAGRAPH) if NO_BREAK_SPACE in text else text


def html_to_text(markup: str) -> str:
    """Plain text of an HTML body: scripts and styles dropped, tags removed, entities decoded.

    Linear in the length of the markup: each scan moves forward only, and a tag
    that is never closed is looked for once, not again from every later opening.
    """
    text = _drop_raw_text_elements(markup)
    text = _LINE_BREAK_TAG.sub("\n", text)
    text = _drop_tags(text)
    return html.unescape(text).strip()


def _drop_raw_text_elements(markup: str) -> str:
    """Remove ``<script ...>...</script>`` and ``<style ...>...</style>``, closing tag included.

    An element that is never closed is left as it is (its tags go later), as the
    regular expression this replaces did; once a closing tag is missing, later
    openings of the same element are not searched for it again.
    """
    pieces: list[str] = []
    position = 0
    unclosed: set[str] = set()
    search_from = 0
    while True:
        opening = _RAW_TEXT_OPENING.search(markup, search_from)
        if opening is None:
            break
        name = opening.group(1).lower()
        closing = None
        if name not in unclosed:
            closing = _RAW_TEXT_CLOSING[name].search(markup, opening.end())
            if closing is None:
                unclosed.add(name)
        if closing is None:
            search_from = opening.start() + 1
            continue
        pieces.append(markup[position : opening.start()])
        position = search_from = closing.end()
    pieces.append(markup[position:])
    return "".join(pieces)


def _drop_tags(text: str) -> str:
    """What ``re.sub(r"<[^>]+>", "", text)`` gives, without re-scanning the rest of the
    text from every "<" that has no ">" after it ("<" * 20000 was quadratic)."""
    pieces: list[str] = []
    position = 0
    start = text.find("<")
    while start >= 0:
        end = text.find(">", start + 1)
        if end < 0:
            break  # no ">" after this "<", so after no later one either
        if end == start + 1:
            start = text.find("<", start + 1)  # "<>" is not a tag
            continue
        pieces.append(text[position:start])
        position = end + 1
        start = text.find("<", position)
    pieces.append(text[position:])
    return "".join(pieces)
