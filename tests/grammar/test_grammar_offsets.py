"""UTF-16 ↔ code-point conversions, checked against Python's own UTF-16 encoder."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rapport.grammar.offsets import index_from_utf16, span_from_utf16_length, utf16_offset


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_emoji_take_two_units_and_accents_one() -> None:
    text = "Hi 👋 José, 🎉🎉 thanks"
    assert utf16_offset(text, text.index("José")) == 6  # "Hi " + 2 units + " "
    assert index_from_utf16(text, 6) == text.index("José")
    start = text.index("🎉")
    assert span_from_utf16_length(text, start, 4) == (start, start + 2)


def test_offset_inside_a_surrogate_pair_never_splits_the_emoji() -> None:
    text = "a👍b"
    assert index_from_utf16(text, 2) == 2  # middle of 👍 rounds up to after it
    assert span_from_utf16_length(text, 1, 1) == (1, 2)


def test_out_of_range_values_are_clamped() -> None:
    assert span_from_utf16_length("abc", 10, 5) == (3, 3)
    assert index_from_utf16("abc", 99) == 3


@given(st.text(max_size=40), st.data())
def test_spans_round_trip_through_utf16(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    offset16 = units(text[:start])
    length16 = units(text[start:end])
    assert utf16_offset(text, start) == offset16
    assert index_from_utf16(text, offset16) == start
    assert span_from_utf16_length(text, start, length16) == (start, end)
