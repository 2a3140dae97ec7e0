"""Putting a reference line into the draft, and showing which notes the draft picks up.

The words come from :mod:`rapport.notes.reference` (Qt-free); this module only places
them: on their own line or after a sentence end with a space, as one undoable step,
selected afterwards so the writer can edit them at once.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from rapport.analysis.content_match import ContentMatch
from rapport.notes.model import Note
from rapport.notes.reference import insertion
from rapport.offsets import OffsetMap


def insert_sentence(editor: QPlainTextEdit, sentence: str) -> None:
    """Insert ``sentence`` at the cursor (over the selection, if any), then select it."""
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    if cursor.hasSelection():
        cursor.removeSelectedText()
    text = editor.toPlainText()
    offsets = OffsetMap(text)
    position, before, after = insertion(text, offsets.from_utf16(cursor.position()))
    cursor.setPosition(offsets.to_utf16(position))
    cursor.insertText(before + sentence + after)
    cursor.endEditBlock()
    start = position + len(before)
    full = OffsetMap(editor.toPlainText())
    selection = QTextCursor(editor.document())
    selection.setPosition(full.to_utf16(start))
    selection.setPosition(full.to_utf16(start + len(sentence)), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(selection)
    editor.ensureCursorVisible()
    editor.setFocus()


def picked_up_text(matches: list[tuple[Note, ContentMatch]]) -> str:
    """One line per note the draft picks up, with the words that matched."""
    lines = []
    for note, match in matches:
        if match.counts:
            words = ", ".join(f"\u201c{word}\u201d" for word in match.matched_words)
            # On one line: an imported email's text has its line breaks.
            flat = " ".join(note.text.split())
            short = flat if len(flat) <= 60 else flat[:59].rstrip() + "…"
            lines.append(f"Picks up \u201c{short}\u201d: {words}")
    return "\n".join(lines) or "Nothing in this draft picks up a recent note yet."
