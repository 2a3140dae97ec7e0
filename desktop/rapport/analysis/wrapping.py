"""Hard-wrapped text: lines broken at a fixed width inside a paragraph.

Plain-text mail clients and editors break lines at 72 characters or so. The engine
reads one line as one paragraph, so a wrapped sentence would be checked as two
fragments. This module finds the line breaks that are wrapping rather than
writing, so they can be read (or made) as spaces.

A break counts as wrapping when the line before it is nearly as long as the
text's wrap width, so the next word would not have fitted on it, and nothing
says the writer meant it: neither line is quoted, and the next line is not a
bullet or a sign-off. A line that ends a sentence is wrapping only next to
lines that wrap mid-sentence, so one paragraph per line stays as it is. A text
needs at least two such breaks to count as wrapped, so an address block or a
short note is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MIN_WIDTH = 40
_MAX_WIDTH = 100
_MIN_BREAKS = 2
_ENDS_SENTENCE = re.compile(r"""[.!?:;]["'”’)\]]*$""")
_BULLET = re.compile(r"\s*(?:[-*•·–]|\d{1,3}[.)])\s")
#: "Best," / "Kind regards," / "Thanks again,": a short line ending in a comma.
_SIGNOFF_LIKE = re.compile(r"^[\w'’ .-]{1,25},$")
_FIRST_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Wrapping:
    """Where a text is hard-wrapped."""

    width: int
    #: Indexes of the ``\n`` characters that are wrapping, in order.
    breaks: tuple[int, ...]


def _wrap_width(lengths: list[int]) -> int:
    # Nearly the longest line: one long URL line must not hide the wrap column.
    ordered = sorted(lengths)
    return ordered[int(0.9 * (len(ordered) - 1))]


def find_wrapping(text: str) -> Wrapping | None:
    """The wrapping breaks in ``text``, or None when it does not look hard-wrapped."""
    lines = text.split("\n")
    if len(lines) < _MIN_BREAKS + 1:
        return None
    stripped = [line.rstrip() for line in lines]
    lengths = [len(line) for line in stripped if line]
    if len(lengths) < _MIN_BREAKS + 1:
        return None
    width = _wrap_width(lengths)
    if not _MIN_WIDTH <= width <= _MAX_WIDTH:
        return None
    newlines: list[int] = []
    kinds: list[str] = []
    position = 0
    for index, line in enumerate(stripped[:-1]):
        position += len(lines[index])
        newlines.append(position)
        kinds.append(_break_kind(line, stripped[index + 1], width))
        position += 1
    breaks = []
    for index, kind in enumerate(kinds):
        # A sentence that ends at the wrap column is wrapping too when a line next
        # to it wraps; one paragraph per line has no wrapping neighbours.
        neighbours = kinds[max(0, index - 1) : index] + kinds[index + 1 : index + 2]
        if kind == _WRAP or (kind == _WRAP_IF_SURROUNDED and _WRAP in neighbours):
            breaks.append(newlines[index])
    if len(breaks) < _MIN_BREAKS:
        return None
    return Wrapping(width, tuple(breaks))


_WRAP = "wrap"
_WRAP_IF_SURROUNDED = "wrap-if-surrounded"
_KEEP = "keep"


def _break_kind(line: str, following: str, width: int) -> str:
    next_line = following.lstrip()
    if not line.strip() or not next_line:
        return _KEEP  # a blank line is a paragraph break
    if line.lstrip().startswith(">") or next_line.startswith(">"):
        return _KEEP  # quoted mail keeps its own lines
    if _BULLET.match(following) or _SIGNOFF_LIKE.match(next_line):
        return _KEEP
    first_word = _FIRST_WORD.match(next_line)
    next_word_length = len(first_word.group()) if first_word else 0
    if len(line) + 1 + next_word_length <= width:
        return _KEEP  # the next word would have fitted: the writer broke the line
    if _ENDS_SENTENCE.search(line) and not next_line[0].islower():
        return _WRAP_IF_SURROUNDED
    return _WRAP


def join_wrapped_lines(text: str) -> str:
    """``text`` with its wrapping breaks read as spaces; offsets stay the same."""
    wrapping = find_wrapping(text)
    if wrapping is None:
        return text
    characters = list(text)
    for index in wrapping.breaks:
        characters[index] = " "
    return "".join(characters)


def unwrap(text: str) -> str | None:
    """``text`` with wrapped lines joined by one space, or None if it is not wrapped."""
    wrapping = find_wrapping(text)
    if wrapping is None:
        return None
    pieces = []
    start = 0
    for index in wrapping.breaks:
        pieces.append(text[start:index].rstrip(" \t") + " ")
        start = index + 1
        while start < len(text) and text[start] in " \t":
            start += 1
    pieces.append(text[start:])
    return "".join(pieces)
