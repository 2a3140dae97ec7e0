"""Incoming text made plain: the shared normalisation and the .eml HTML stripper."""

from __future__ import annotations

import pytest

from rapport.email_text import html_to_text, normalise_paragraph, normalise_text
from ratio_timing import MAX_RATIO, measure, run_of


def test_normalise_text_does_what_the_window_does_to_text() -> None:
    text = "\ufeffHi\u00a0Laura,\u2028line\u2029next"
    assert normalise_text(text) == "Hi Laura,\nline\nnext"
    # Only the BOM changes the length: offsets into the rest stay valid.
    assert len(normalise_text(text)) == len(text) - 1
    assert normalise_text("plain\ntext") == "plain\ntext"


def test_normalise_paragraph_keeps_offsets() -> None:
    assert normalise_paragraph("Hi\u00a0Laura,") == "Hi Laura,"
    assert normalise_paragraph("no change") == "no change"


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>Hi Laura,</p><p>How are you?</p>", "Hi Laura,\nHow are you?"),
        ("<div>One<br>two<br/>three</div>", "One\ntwo\nthree"),
        ("<style>p {color: red}</style><p>Shown</p>", "Shown"),
        ("<SCRIPT type='x'>alert(1)</script>Text", "Text"),
        ("Fish &amp; chips &lt;3", "Fish & chips <3"),
        ("a <b>bold</b> <i>move</i>", "a bold move"),
        # A stray opening that never closes swallows nothing; a paragraph is a line.
        ("<script>never closed<p>still here</p>", "never closed\nstill here"),
        (
            "<p>Line  one\n  wrapped</p>\n\n<ul><li>first</li><li>second</li></ul>",
            "Line one wrapped\n- first\n- second",
        ),
        ("<pre>keep   this\n  as is</pre>", "keep   this\n  as is"),
        (
            "<html><head><title>T</title></head><body>Caf&eacute; &#8211; ok</body></html>",
            "Café – ok",
        ),
        ("<> and 1 > 0", "<> and 1 > 0"),
        ("a < b", "a < b"),
    ],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


@pytest.mark.parametrize(
    "unit",
    ["<script>", "<style>", "<", "<a", "<br", "<br ", "</p>", "&amp;", "<script></style>"],
)
def test_html_to_text_time_grows_linearly(unit: str) -> None:
    # "<script>" * 20000 took 10 s to open, on the UI thread.
    ratio = measure(html_to_text, run_of("", unit))
    assert ratio.value <= MAX_RATIO, f"html_to_text is not linear on {unit!r} * n: {ratio}"
