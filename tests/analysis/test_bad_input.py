"""The engine never crashes and never hangs, whatever is pasted in."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.analysis import DocumentAnalyzer, Report, analyze

_ANALYZER: list[DocumentAnalyzer] = []


def shared_analyzer() -> DocumentAnalyzer:
    if not _ANALYZER:
        _ANALYZER.append(DocumentAnalyzer())
    return _ANALYZER[0]


def assert_well_formed(text: str, report: Report) -> None:
    assert 0 <= report.score <= 100
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text), finding


email_words = st.sampled_from(
    [
        "Hi",
        "Laura,",
        "we",
        "are",
        "the",
        "best.",
        "you",
        "buy",
        "now!",
        "?",
        "...",
        "U.S.",
        "e.g.",
        "🎉",
        "🚀",
        "\n",
        "\n\n",
        "- ",
        "1.",
        "Best,",
        "https://a.b/c?d=1.",
        "x@y.z",
        "\u202e",
        "\u0301",
        "\x00",
        "\t",
        "’",
        "“",
        "İ",
        "ß",
        "\u2029",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(email_words, max_size=60).map(" ".join))
def test_spans_stay_inside_email_like_text(text: str) -> None:
    assert_well_formed(text, shared_analyzer().analyze(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_unicode_text(text: str) -> None:
    assert_well_formed(text, shared_analyzer().analyze(text))


def test_empty_and_blank_text() -> None:
    for text in ("", " ", "\n\n\n", "\t"):
        report = analyze(text)
        assert report.findings == () and report.score == 0


def test_control_characters_rtl_and_combining_marks() -> None:
    text = (
        "Hi \u05e9\u05dc\u05d5\u05dd,\x00\x07\n\ne\u0301\u0301 we are the best \u202ebuy now\u202c!"
    )
    assert_well_formed(text, analyze(text))


def test_one_20000_character_sentence_without_punctuation() -> None:
    text = "we " + "a" * 20_000
    report = analyze(text)
    assert_well_formed(text, report)
    text = ("word " * 4_000).strip()
    assert_well_formed(text, analyze(text))


def test_five_megabyte_paste() -> None:
    paragraph = "We are the best in the U.S. and you should buy now! How are you? 🎉 " * 10
    text = "\n".join([paragraph] * 7500)
    assert len(text.encode()) > 5_000_000
    report = analyze(text)
    assert_well_formed(text, report)
    assert report.metrics.words > 500_000


def test_five_megabytes_on_one_line() -> None:
    text = "We are the best, and you should buy now, " * 130_000
    report = analyze(text)
    assert_well_formed(text, report)
    assert any(f.category == "pushy" for f in report.findings)


@pytest.mark.parametrize(
    "text",
    [
        " " * 200_000 + "x",
        "." * 200_000,
        ". " * 100_000,
        "? " * 100_000,
        "Hi " + "a " * 100_000,
        "- " * 100_000,
        "🎉 " * 100_000,
        "\t" * 100_000 + "- x",
        "Mr. " * 50_000,
        "\n" * 200_000,
        "\r\n".join(["We are the best. Buy now!"] * 2_000),
    ],
    ids=[
        "spaces",
        "dots",
        "dot-space",
        "questions",
        "long-greeting",
        "dashes",
        "emoji",
        "tabs",
        "abbreviations",
        "newlines",
        "crlf",
    ],
)
def test_pathological_runs_finish_with_sane_spans(text: str) -> None:
    assert_well_formed(text, analyze(text))
