"""Code points (the engine) against UTF-16 units (Qt)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.ui.offsets import OffsetMap, from_utf16, to_utf16, utf16_length


def test_emoji_count_twice_in_utf16() -> None:
    text = "Hi 🚀 there 👋🏽!"
    assert utf16_length(text) == len(text.encode("utf-16-le")) // 2
    assert to_utf16(text, text.index("there")) == text.index("there") + 1
    assert to_utf16(text, text.index("!")) == text.index("!") + 3


@pytest.mark.parametrize("text", ["plain ascii", "é and ü", "🚀🚀🚀", "a🚀b\u0301c👋🏽d", ""])
def test_round_trip(text: str) -> None:
    offsets = OffsetMap(text)
    for index in range(len(text) + 1):
        assert offsets.from_utf16(offsets.to_utf16(index)) == index
        assert offsets.to_utf16(index) == len(text[:index].encode("utf-16-le")) // 2


@given(st.text(max_size=60), st.integers(min_value=0, max_value=70))
def test_any_text(text: str, index: int) -> None:
    index = min(index, len(text))
    assert from_utf16(text, to_utf16(text, index)) == index
