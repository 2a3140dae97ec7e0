"""Sentence segmentation with exact offsets."""

from __future__ import annotations

import pytest

from rapport.analysis import DocumentAnalyzer


@pytest.fixture(scope="module")
def analyzer() -> DocumentAnalyzer:
    return DocumentAnalyzer()


def spans(analyzer: DocumentAnalyzer, text: str) -> list[tuple[str, str]]:
    result = analyzer.analyze_paragraph(text)
    return [(s.kind, text[s.start : s.end]) for s in result.sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Mr. Smith met Dr. Jones at 3 p.m. today.", ["Mr. Smith met Dr. Jones at 3 p.m. today."]),
        (
            "Tools, e.g. hammers, i.e. heavy ones. Next.",
            ["Tools, e.g. hammers, i.e. heavy ones.", "Next."],
        ),
        ("We sell in the U.S. and Canada.", ["We sell in the U.S. and Canada."]),
        ("I live in the U.S. The weather is fine.", ["I live in the U.S.", "The weather is fine."]),
        ("Well... maybe later. Sure.", ["Well... maybe later.", "Sure."]),
        ("Wait… What happened?", ["Wait…", "What happened?"]),
        ('He said "buy now." Then he left.', ['He said "buy now."', "Then he left."]),
        ("See https://acme.com/a?b=1. Then call.", ["See https://acme.com/a?b=1.", "Then call."]),
        ("Mail dan@acme.co.uk today. Thanks.", ["Mail dan@acme.co.uk today.", "Thanks."]),
        ("It costs $3.50 per seat. Fine.", ["It costs $3.50 per seat.", "Fine."]),
        ("How are you? 🙂 Talk soon.", ["How are you? 🙂", "Talk soon."]),
        ("Launch day 🚀. Go!", ["Launch day 🚀.", "Go!"]),
        ("J. R. R. Tolkien wrote it.", ["J. R. R. Tolkien wrote it."]),
    ],
)
def test_sentences(analyzer: DocumentAnalyzer, text: str, expected: list[str]) -> None:
    assert [body for _, body in spans(analyzer, text)] == expected


def test_greeting_then_sentence(analyzer: DocumentAnalyzer) -> None:
    assert spans(analyzer, "Hi Laura, thanks for the call.") == [
        ("greeting", "Hi Laura,"),
        ("sentence", "thanks for the call."),
    ]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Hi Laura,", "Laura"),
        ("Dear Mr. Smith,", "Mr. Smith"),
        ("Good morning Ana!", "Ana"),
        ("Hi.", None),
        ("Hello,", None),
        ("Dear customer,", None),
        ("Hi there!", None),
        ("Dear Sir or Madam,", None),
        # a role, not a name; the writer's own name; a dash after a role
        ("Dear Blogger,", None),
        ("Dear Tech Editor,", None),
        ("Hello Editor–", None),
        ("Hello from Barbara!", None),
        ("Hi Frank,", "Frank"),
    ],
)
def test_greeting_names(analyzer: DocumentAnalyzer, line: str, name: str | None) -> None:
    stats = analyzer.analyze_paragraph(line).stats
    assert stats.greeting == line
    assert stats.greeting_name == name


@pytest.mark.parametrize(
    "line", ["Best,", "Kind regards,", "Thanks!", "Cheers", "  Best regards.  "]
)
def test_signoff_lines(analyzer: DocumentAnalyzer, line: str) -> None:
    result = analyzer.analyze_paragraph(line)
    assert result.stats.signoff
    assert [s.kind for s in result.sentences] == ["signoff"]


def test_words_like_greetings_are_not_greetings(analyzer: DocumentAnalyzer) -> None:
    assert spans(analyzer, "Hiring is hard this year.") == [
        ("sentence", "Hiring is hard this year.")
    ]


@pytest.mark.parametrize("marker", ["- ", "* ", "• ", "1. ", "2) "])
def test_bullet_marker_is_not_part_of_the_sentence(analyzer: DocumentAnalyzer, marker: str) -> None:
    text = f"{marker}Faster exports"
    assert spans(analyzer, text) == [("bullet", "Faster exports")]


def test_offsets_are_code_points_after_emoji(analyzer: DocumentAnalyzer) -> None:
    text = "🎉🎉 Great. We are the best."
    result = analyzer.analyze_paragraph(text)
    second = result.sentences[1]
    assert text[second.start : second.end] == "We are the best."
    assert second.start == text.index("We")
