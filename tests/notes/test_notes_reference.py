"""Insert reference: a sentence addressed to the reader, with a date a person would write."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from rapport.notes.model import Contact, Note
from rapport.notes.reference import human_date, insertion, reference_for

TODAY = date(2026, 12, 1)  # a Tuesday
LAURA = Contact(1, "Laura Chen", "laura@acme.example")
PRONOUNS_ABOUT_HER = (" her ", " she ", " his ", " he ", "Laura", " Said ")


def _note(kind: str, text: str, day: date) -> Note:
    return Note(1, 1, kind, text, datetime(day.year, day.month, day.day, 10, tzinfo=UTC))


@pytest.mark.parametrize(
    ("day", "phrase"),
    [
        (TODAY, "today"),
        (date(2026, 11, 30), "yesterday"),
        (date(2026, 11, 27), "on Friday"),
        (date(2026, 11, 24), "last week"),
        (date(2026, 10, 9), "in October"),
        (date(2025, 10, 9), "in October 2025"),
    ],
)
def test_dates_read_as_a_person_would_write_them(day: date, phrase: str) -> None:
    assert human_date(day, TODAY) == phrase


@pytest.mark.parametrize(
    ("kind", "text", "day", "expected"),
    [
        (
            "meeting",
            "Said her team is drowning in manual forecast spreadsheets before the Q3 board meeting",
            date(2026, 11, 27),
            "When we met on Friday, you said your team was drowning in manual forecast "
            "spreadsheets before the Q3 board meeting.",
        ),
        (
            "call",
            "Asked about the pilot for the Leeds warehouse",
            date(2026, 11, 24),
            "When we spoke last week, you asked about the pilot for the Leeds warehouse.",
        ),
        (
            "email",
            "She is worried the budget gets cut in January.",
            date(2026, 11, 29),
            "In your email on Sunday, you mentioned that you were worried the budget gets "
            "cut in January.",
        ),
        (
            "personal",
            "Her daughter started skiing this winter",
            date(2026, 10, 3),
            "You mentioned in October that your daughter started skiing this winter.",
        ),
        (
            "personal",
            "Loves sailing",
            date(2026, 11, 30),
            "You mentioned yesterday that you love sailing.",
        ),
    ],
)
def test_each_note_kind_becomes_a_sentence_to_the_reader(
    kind: str, text: str, day: date, expected: str
) -> None:
    reference = reference_for(_note(kind, text, day), LAURA, TODAY)
    assert reference is not None and not reference.quote
    assert reference.text == expected
    assert reference.text[-1] in ".?!"
    assert not any(word in f" {reference.text} " for word in PRONOUNS_ABOUT_HER)
    assert "2026" not in reference.text


def test_a_follow_up_is_offered_as_the_thing_itself_or_not_at_all() -> None:
    asked = _note("follow-up", "Send her the forecasting case study she asked for", TODAY)
    reference = reference_for(asked, LAURA, TODAY)
    assert reference is not None
    assert reference.text == "Here is the forecasting case study you asked for."
    assert "mentioned" not in reference.text
    task = _note("follow-up", "Call her about the renewal", TODAY)
    assert reference_for(task, LAURA, TODAY) is None


def test_a_note_that_will_not_make_a_sentence_is_a_marked_quote() -> None:
    note = _note("personal", "Kids in college, very proud", date(2026, 6, 1))
    reference = reference_for(note, LAURA, TODAY)
    assert reference is not None and reference.quote
    assert reference.text.startswith("[Rephrase") and reference.text.endswith("]")
    assert "\u201cKids in college, very proud\u201d" in reference.text
    # The placeholder check flags it until the writer rewrites it.
    from rapport.analysis import analyze

    report = analyze(f"Hi Laura,\n\n{reference.text}\n\nBest,\nMax")
    assert any(f.rule == "placeholder" for f in report.findings)


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        ("Hi Laura,\n\n", 11, (11, "", "")),  # an empty line: its own line
        ("Hi Laura,\n\nHow are you doing?", 29, (29, " ", "")),  # after "?", a space
        ("Hi Laura,\n\nHow are you doing? ", 30, (30, "", "")),
        ("Hi Laura,\n\nHow are you doing", 15, (28, "\n", "")),  # mid-sentence: line's end
        ("Hi Laura,\n\nThanks.Bye", 18, (18, " ", " ")),
    ],
)
def test_the_sentence_goes_on_its_own_line_or_after_a_sentence_end(
    text: str, position: int, expected: tuple[int, str, str]
) -> None:
    assert insertion(text, position) == expected
