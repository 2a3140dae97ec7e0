"""Code points (the engine) against UTF-16 units (Qt, LanguageTool)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.offsets import (
    OffsetMap,
    from_utf16,
    span_from_utf16_length,
    to_utf16,
    utf16_length,
)


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


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_emoji_take_two_units_and_accents_one() -> None:
    text = "Hi 👋 José, 🎉🎉 thanks"
    assert to_utf16(text, text.index("José")) == 6  # "Hi " + 2 units + " "
    assert from_utf16(text, 6) == text.index("José")
    start = text.index("🎉")
    assert span_from_utf16_length(text, start, 4) == (start, start + 2)


def test_a_position_inside_a_surrogate_pair_never_splits_the_emoji() -> None:
    text = "a👍b"
    assert from_utf16(text, 2) == 1  # middle of 👍: the character it is part of
    assert span_from_utf16_length(text, 1, 1) == (1, 2)


def test_out_of_range_values_are_clamped() -> None:
    assert span_from_utf16_length("abc", 10, 5) == (3, 3)
    assert from_utf16("abc", 99) == 3
    assert to_utf16("abc", 99) == 3


@given(st.text(max_size=40), st.data())
def test_spans_round_trip_through_utf16(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    offset16 = units(text[:start])
    length16 = units(text[start:end])
    assert to_utf16(text, start) == offset16
    assert from_utf16(text, offset16) == start
    assert span_from_utf16_length(text, start, length16) == (start, end)
