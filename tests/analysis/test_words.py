"""The engine's fast word split gives exactly the words of ``WORD``."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.analysis.matcher import WORD, prepare_tokens_text, words_between

_PIECES = st.sampled_from(
    ["we", "you", "U.S.", "e.g.,", "month-end", "don't", "20%", "200+", "#1", "#", "a_b", "🙂",
     "’s", "-x", "x-", "'", "..", "İ", "ß", "\u00a0", "\t", "\n", " ", ",", ".", "?!", "Σ", "٣"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.data())
def test_words_between_is_word_findall(text: str, data: st.DataObject) -> None:
    lowered = prepare_tokens_text(text)
    start = data.draw(st.integers(0, len(lowered)))
    end = data.draw(st.integers(start, len(lowered)))
    assert words_between(lowered, start, end) == WORD.findall(lowered, start, end)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_words_between_on_any_text(text: str) -> None:
    assert words_between(text, 0, len(text)) == WORD.findall(text)
