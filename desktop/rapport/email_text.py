"""Text as it comes in, made into the plain text the engine reads. Qt-free.

``rapport check`` and the window must give the same text the same report, so
both pass what they read through :func:`normalise_text`: it does what the
window's editor does to text anyway (Qt's ``toPlainText``, which is what the
window saves, turns a no-break space into a space and a line or paragraph
separator into a line break), and drops a leading byte order mark as the
window's file reader does. Only the BOM changes the length, so offsets into
the rest of the text stay as they were.

:func:`html_to_text` turns the HTML body of an ``.eml`` into plain text with the
standard library's ``html.parser`` (a kept parser, not regular expressions): block
elements and ``<br>`` become line breaks, the whitespace of the markup collapses as
a browser collapses it, scripts and styles are dropped, entities are decoded. It is
linear in the markup, whatever it holds ("<script>" * 20000 used to take 10 s).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

BOM = "\ufeff"
NO_BREAK_SPACE = "\u00a0"
LINE_SEPARATOR = "\u2028"
PARAGRAPH_SEPARATOR = "\u2029"

# What Qt's QTextDocument.toPlainText does to these characters.
_AS_THE_WINDOW_SAVES = str.maketrans(
    {NO_BREAK_SPACE: " ", LINE_SEPARATOR: "\n", PARAGRAPH_SEPARATOR: "\n"}
)
_IN_ONE_PARAGRAPH = str.maketrans({NO_BREAK_SPACE: " "})


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


def html_to_text(markup: str, _unclosed: frozenset[str] = frozenset()) -> str:
    """Plain text of an HTML body: what a mail app shows, one line per block."""
    converter = _HtmlText(_unclosed)
    # A "<" after the last ">" can start no tag; html.parser, waiting for the tag to
    # end, would look for its end again from each of them ("<a" * 20000 was
    # quadratic). So the parser reads up to the last ">", and the rest is text.
    last_close = markup.rfind(">")
    tail = markup[last_close + 1 :]
    if "<" in tail:
        converter.feed(markup[: last_close + 1])
        if converter.rawdata or converter.cdata_elem:  # inside a comment or a <script>
            converter.feed(tail.replace("<", "&lt;"))
        else:
            converter.handle_data(html.unescape(tail))
    else:
        converter.feed(markup)
    converter.close()
    return converter.text()


#: Elements that start and end a line of their own.
_BLOCK_ELEMENTS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt"),
        *("fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table"),
        *("tbody", "thead", "tfoot", "tr", "ul"),
    )
)
#: Elements whose content is never shown.
_HIDDEN_ELEMENTS = frozenset({"script", "style", "head", "title", "template"})


class _HtmlText(HTMLParser):
    """Collects the shown text of an HTML document, line by line."""

    def __init__(self, unclosed: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        #: <script> or <style> already seen never to close: after one, their tags are
        #: ignored, so a run of them is read once, not once for each.
        self._unclosed = unclosed
        self.CDATA_CONTENT_ELEMENTS = tuple(
            name for name in HTMLParser.CDATA_CONTENT_ELEMENTS if name not in unclosed
        )
        self._lines: list[str] = []
        self._line: list[str] = []
        self._hidden_depth = 0
        self._pre_depth = 0
        #: The text inside the open <script> or <style>, dropped once it closes.
        self._hidden_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._unclosed:
            return
        if tag in _HIDDEN_ELEMENTS:
            self._hidden_depth += 1
        elif tag == "br":
            self._break(force=True)
        elif tag in _BLOCK_ELEMENTS:
            self._break()
            if tag == "pre":
                self._pre_depth += 1
            elif tag == "li":
                self._line.append("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._break(force=True)
        elif tag in _BLOCK_ELEMENTS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._unclosed:
            return
        if tag in _HIDDEN_ELEMENTS:
            self._hidden_depth = max(0, self._hidden_depth - 1)
            self._hidden_text = []
        elif tag in _BLOCK_ELEMENTS:
            self._break()
            if tag == "pre":
                self._pre_depth = max(0, self._pre_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._hidden_depth:
            self._hidden_text.append(data)
            return
        if self._pre_depth:
            first, *rest = data.split("\n")
            self._line.append(first)
            for line in rest:
                self._break(force=True)
                self._line.append(line)
            return
        collapsed = " ".join(data.split())
        if not collapsed:
            if data and self._line and not self._line[-1].endswith(" "):
                self._line.append(" ")
            return
        if data[:1].isspace() and self._line and not self._line[-1].endswith(" "):
            collapsed = " " + collapsed
        if data[-1:].isspace():
            collapsed += " "
        self._line.append(collapsed)

    def close(self) -> None:
        super().close()
        # html.parser keeps the text after a <script> or <style> that never closes
        # unread in ``rawdata``: a stray "<script>" in a pasted email must not swallow
        # the rest of it, so what follows it is read as HTML.
        never_closed = self.cdata_elem
        if never_closed is not None:
            rest = "".join(self._hidden_text) + self.rawdata
            self._hidden_text, self._hidden_depth = [], 0
            self._break()
            unclosed = self._unclosed | {never_closed}
            # Their tags say nothing now; dropped in one linear pass ("[^<>]" stops at
            # the next "<"), html.parser would take 10 µs for each of 20,000 of them.
            # Stray end tags of scripts and styles do nothing either.
            names = "|".join(sorted(unclosed))
            rest = re.sub(
                rf"<(?:{names})\b[^<>]*>?|</(?:script|style)\b[^<>]*>?", "", rest, flags=re.I
            )
            self._lines.append(html_to_text(rest, unclosed))

    def _break(self, force: bool = False) -> None:
        line = "".join(self._line).strip() if not self._pre_depth else "".join(self._line)
        if line or force:
            self._lines.append(line)
        self._line = []

    def text(self) -> str:
        self._break()
        return "\n".join(self._lines).strip()
