"""Python string offsets (code points) <-> UTF-16 code units, in one place.

Qt and LanguageTool (a Java program) count a character outside the Basic
Multilingual Plane (most emoji) as two units; Python counts it as one, and
Rapport's findings are code points. Every offset that crosses between the engine
and a QTextDocument or a LanguageTool answer goes through these functions.
Qt-free and dependency-free, so the grammar backends and the editor share it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    return len(text) if text.isascii() else len(text) + len(_ASTRAL.findall(text))


class OffsetMap:
    """Converts offsets within one string both ways.

    Only the positions of characters outside the BMP are stored, so building a
    map for ordinary text costs one C-level scan and nothing else.
    """

    __slots__ = ("_astral", "length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        if text.isascii():
            self._astral: list[int] = []
        else:
            self._astral = [match.start() for match in _ASTRAL.finditer(text)]

    def to_utf16(self, index: int) -> int:
        index = max(0, min(index, self.length))
        if not self._astral:
            return index
        # Each astral character before ``index`` takes one extra UTF-16 unit.
        return index + bisect_left(self._astral, index)

    def from_utf16(self, position: int) -> int:
        """The code-point index at or just before a UTF-16 position."""
        if not self._astral:
            return max(0, min(position, self.length))
        low, high = 0, self.length
        while low < high:
            middle = (low + high + 1) // 2
            if self.to_utf16(middle) <= position:
                low = middle
            else:
                high = middle - 1
        return low


def to_utf16(text: str, index: int) -> int:
    """UTF-16 position of code-point ``index`` in ``text``."""
    return utf16_length(text[:index])


def from_utf16(text: str, position: int) -> int:
    """Code-point index of UTF-16 ``position`` in ``text``."""
    return OffsetMap(text).from_utf16(position)


def span_from_utf16_length(text: str, start: int, length_utf16: int) -> tuple[int, int]:
    """The code-point span that starts at code point ``start`` and is ``length_utf16`` long.

    This is the shape language-tool-python 3.x hands back: ``Match.offset`` already
    converted to a code-point index, ``Match.error_length`` still in UTF-16 units. A
    length that ends inside a surrogate pair takes the whole character, so a span
    never splits an emoji.
    """
    start = max(0, min(start, len(text)))
    end = start
    units = 0
    while units < length_utf16 and end < len(text):
        units += 2 if ord(text[end]) > 0xFFFF else 1
        end += 1
    return start, end
