"""UTF-16 ↔ code-point offsets.

LanguageTool is a Java program: its offsets and lengths count UTF-16 code units,
where a character outside the Basic Multilingual Plane (most emoji) takes two
units. Rapport's contract is Python code-point offsets.
"""

from __future__ import annotations

_BMP_LIMIT = 0xFFFF


def utf16_units(char: str) -> int:
    """How many UTF-16 code units one character takes (1 or 2)."""
    return 2 if ord(char) > _BMP_LIMIT else 1


def utf16_offset(text: str, index: int) -> int:
    """The UTF-16 offset of code-point ``index`` in ``text``."""
    prefix = text[:index]
    return len(prefix) + sum(1 for char in prefix if ord(char) > _BMP_LIMIT)


def index_from_utf16(text: str, offset: int) -> int:
    """The code-point index at UTF-16 ``offset``, clamped to the text.

    An offset pointing into the middle of a surrogate pair rounds up to the end
    of that character, so a span never splits an emoji.
    """
    if text.isascii():
        return max(0, min(offset, len(text)))
    units = 0
    for position, char in enumerate(text):
        if units >= offset:
            return position
        units += utf16_units(char)
    return len(text)


def span_from_utf16_length(text: str, start: int, length_utf16: int) -> tuple[int, int]:
    """The code-point span that starts at code point ``start`` and is ``length_utf16`` long.

    This is the shape language-tool-python 3.x hands back: ``Match.offset`` already
    converted to a code-point index, ``Match.error_length`` still in UTF-16 units.
    """
    start = max(0, min(start, len(text)))
    end = start
    units = 0
    while units < length_utf16 and end < len(text):
        units += utf16_units(text[end])
        end += 1
    return start, end
