"""User, file and server text in Qt widgets that would take it for HTML.

QLabel (unless told otherwise), tooltips and QMessageBox guess the format: text
whose first line holds something that looks like a tag is rendered as rich text.
A contact's company ``Acme <img src="/dev/zero">`` then reads /dev/zero as an
image until the memory runs out, ``<img src=FIFO>`` blocks the window, and
``<table width=5000>`` makes the window 5,000 px wide; a LanguageTool server's
error page would be drawn in the status tooltip the same way.

So every piece of such text is either shown by a plain-text widget
(``setTextFormat(Qt.TextFormat.PlainText)``), escaped with :func:`escape` inside
rich text Rapport writes itself, or, where a widget guesses and cannot be told
(tooltips, the message-box functions), wrapped by :func:`literal`.
"""

from __future__ import annotations

import html


def escape(text: str) -> str:
    """``text`` for use inside rich text: shown character for character, line breaks kept."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def literal(text: str) -> str:
    """Rich text that shows ``text`` as it is, for widgets that guess the format.

    Escaping alone is not enough there: a text without tags would be taken as
    plain and show ``&lt;``. The paragraph makes it rich text for certain, and
    ``pre-wrap`` keeps its line breaks and spaces while long lines still wrap.
    """
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"
