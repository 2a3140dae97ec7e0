"""Python string offsets (code points) <-> Qt positions (UTF-16 code units).

Qt counts a character outside the Basic Multilingual Plane (most emoji) as two
units; Python counts it as one. Every offset that crosses between the engine and
a QTextDocument goes through these functions.
"""

from __future__ import annotations

from itertools import accumulate


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class OffsetMap:
    """Converts offsets within one string both ways in O(1) after an O(n) build.

    For pure BMP text (the common case) no table is built at all.
    """

    __slots__ = ("_to_utf16", "length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        if text.isascii() or all(ord(char) <= 0xFFFF for char in text):
            self._to_utf16: list[int] | None = None
        else:
            widths = (2 if ord(char) > 0xFFFF else 1 for char in text)
            self._to_utf16 = [0, *accumulate(widths)]

    def to_utf16(self, index: int) -> int:
        index = max(0, min(index, self.length))
        return index if self._to_utf16 is None else self._to_utf16[index]

    def from_utf16(self, position: int) -> int:
        """The code-point index at or just before a UTF-16 position."""
        if self._to_utf16 is None:
            return max(0, min(position, self.length))
        low, high = 0, self.length
        while low < high:
            middle = (low + high + 1) // 2
            if self._to_utf16[middle] <= position:
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
