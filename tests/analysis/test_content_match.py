"""Content matching: a draft picks up a note by its content, not by a shared common word."""

from __future__ import annotations

import pytest

from rapport.analysis.content_match import (
    content_terms,
    follow_up_object,
    match_content,
    match_follow_up,
    stem,
)

MEETING = "Said her team is drowning in manual forecast spreadsheets before the Q3 board meeting"
FOLLOW_UP = "Send her the forecasting case study she asked for"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("spreadsheets", "spreadsheet"),
        ("skiing", "ski"),
        ("studies", "study"),
        ("prices", "price"),
        ("forecasting", "forecast"),
        ("Dashboards", "dashboard"),
    ],
)
def test_forms_of_one_word_share_a_stem(one: str, other: str) -> None:
    assert stem(one) == stem(other)


def test_terms_drop_stop_words_and_everyday_sales_vocabulary() -> None:
    terms = content_terms("Hope the team call this week went well, and thanks for the email")
    assert terms == frozenset()
    terms = content_terms(MEETING)
    assert {"drown", "manual", "forecast", "spreadsheet", "q3", "board"} <= terms
    assert "q3 board" in terms and "forecast spreadsheet" in terms
    assert not {"team", "meet", "said", "her"} & terms


def test_phrases_never_cross_punctuation() -> None:
    phrase = f"{stem('case')} {stem('study')}"
    assert phrase not in content_terms("In that case, study the numbers")
    assert phrase in content_terms("the case study")


def test_a_draft_that_picks_up_the_note_counts_and_one_sharing_common_words_does_not() -> None:
    picks_up = match_content(MEETING, "How did the Q3 board prep go?", reader_sentence_counts=True)
    assert picks_up.counts
    assert picks_up.matched_words == ("Q3 board",)
    assert "Q3 board" in picks_up.reason

    common = match_content(
        MEETING, "Hope your team had a good meeting this week.", reader_sentence_counts=True
    )
    assert not common.counts
    assert common.matched_words == ()


def test_one_shared_word_counts_about_the_reader_but_not_in_a_pitch() -> None:
    about_them = match_content(
        MEETING, "Are the spreadsheets still eating your evenings?", reader_sentence_counts=True
    )
    assert about_them.counts and about_them.matched_words == ("spreadsheets",)
    pitch = match_content(
        MEETING, "We also ship automated forecasting.", reader_sentence_counts=True
    )
    assert not pitch.counts
    assert pitch.matched_words == ("forecasting",)
    assert "not in a sentence about the reader" in pitch.reason
    # Without the reader rule, one word of a long source is never enough.
    assert not match_content(MEETING, "Are the spreadsheets still eating your evenings?").counts


def test_a_short_note_is_picked_up_by_its_one_content_word() -> None:
    match = match_content("Loves skiing", "Did you get some skiing in over the holidays?")
    assert match.counts and match.matched_words == ("skiing",)


def test_ignored_words_never_match() -> None:
    note = "Laura moved to the Lisbon office"
    assert not match_content(note, "Hi Laura, quick one.", ignore=["Laura Chen"]).counts
    assert match_content(note, "Hi Laura, how is the Lisbon office?", ignore=["Laura Chen"]).counts


def test_the_object_of_a_follow_up() -> None:
    assert follow_up_object(FOLLOW_UP) == "forecasting case study"
    assert follow_up_object("Follow up on the proposal by Friday") == "proposal"
    assert follow_up_object("Call Laura about the renewal", ignore=["Laura"]) == "renewal"
    assert follow_up_object("Send pricing for the 50-seat plan") == "pricing"


def test_a_follow_up_counts_when_its_object_is_named_not_one_word_of_it() -> None:
    named = match_follow_up(FOLLOW_UP, "Here is the case study you asked for.")
    assert named.counts and named.matched_words == ("case study",)
    assert "forecasting case study" in named.reason

    one_word = match_follow_up(FOLLOW_UP, "We also ship automated forecasting.")
    assert not one_word.counts
    assert one_word.matched_words == ("forecasting",)
    assert "promise itself is not mentioned" in one_word.reason
