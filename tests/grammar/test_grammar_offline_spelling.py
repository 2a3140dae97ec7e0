"""Offline spelling: what is flagged, what must not be, and the personal dictionary."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport import paths
from rapport.analysis.model import Category
from rapport.grammar import BackendState, OfflineSpeller, PersonalDictionary
from rapport.grammar.spelling import PERSONAL_DICTIONARY_FILE


def flagged(text: str, speller: OfflineSpeller | None = None) -> list[str]:
    speller = speller or OfflineSpeller()
    return [text[f.start : f.end] for f in speller.check(text)]


def test_typos_are_flagged_with_exact_spans_and_no_eager_suggestions() -> None:
    text = "Thanks 🙂 for teh call. I recieve your notes."
    findings = OfflineSpeller().check(text)
    assert [text[f.start : f.end] for f in findings] == ["teh", "recieve"]
    assert all(f.category == Category.SPELLING for f in findings)
    assert all(f.suggestions == () for f in findings)  # computed on demand only


def test_suggestions_on_demand_keep_the_capitalisation() -> None:
    speller = OfflineSpeller()
    assert speller.suggest("recieve")[0] == "receive"
    assert speller.suggest("Wodnerful")[0] == "Wonderful"


@pytest.mark.parametrize(
    "text",
    [
        "Hi Zorblat, thanks for the call.",  # a name after a greeting
        "I spoke with Mrs Okonkwo-Baptiste yesterday.",  # a name mid-sentence
        "Write to laura.smith@acme-corp.com today.",  # an email address
        "See https://acme.io/pricng?ref=abc and www.acmeco.com/demoo for details.",
        "Our page is acmecorp.io now.",  # a bare domain
        "The NASA and GDPR and SOC2 teams agreed.",  # ALL CAPS and acronyms
        "Try it on your iPhone with HubSpot in Q3.",  # inner capitals, digits
        "Our webinar covers onboarding in the CRM.",  # the shipped business word list
        "The customer's needs and the customers' goals come first.",  # possessives
        "It’s great, isn’t it?",  # typographic apostrophes
    ],
)
def test_things_that_are_not_typos_are_not_flagged(text: str) -> None:
    assert flagged(text) == []


def test_an_unknown_capitalised_word_at_sentence_start_is_checked() -> None:
    assert flagged("Wodnerful news. Thanks!") == ["Wodnerful"]
    assert flagged("Great call!\nRecieved your notes.") == ["Recieved"]


def test_a_name_used_mid_sentence_elsewhere_is_not_flagged_at_sentence_start() -> None:
    assert flagged("Zorblat liked it. I told Zorblat about the plan.") == []


def test_add_to_dictionary_writes_the_data_dir_and_lasts(isolated_environment: Path) -> None:
    speller = OfflineSpeller()
    assert flagged("We use Frobnix daily. frobnix rocks.", speller) == ["frobnix"]
    speller.personal.add("Frobnix")
    assert flagged("We use Frobnix daily. frobnix rocks.", speller) == []

    stored = paths.data_dir() / PERSONAL_DICTIONARY_FILE
    assert stored.read_text(encoding="utf-8") == "Frobnix\n"
    fresh = OfflineSpeller(personal=PersonalDictionary())  # a new session reads the file
    assert flagged("frobnix rocks.", fresh) == []

    speller.personal.add("FROBNIX")  # case-insensitive: no duplicate line
    assert stored.read_text(encoding="utf-8") == "Frobnix\n"
    speller.personal.remove("frobnix")
    assert flagged("frobnix rocks.", OfflineSpeller(personal=PersonalDictionary())) == ["frobnix"]


def test_only_single_words_can_be_added(tmp_path: Path) -> None:
    dictionary = PersonalDictionary(tmp_path / "words.txt")
    for bad in ("", "   ", "two words"):
        with pytest.raises(ValueError, match="single words"):
            dictionary.add(bad)
    assert not (tmp_path / "words.txt").exists()


def test_a_damaged_personal_dictionary_does_not_break_spelling(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_bytes(b"\xff\xfe broken \x00")
    speller = OfflineSpeller(personal=PersonalDictionary(path))
    assert flagged("teh", speller) == ["teh"]


def test_the_word_list_loads_on_first_use_not_on_construction() -> None:
    speller = OfflineSpeller()
    assert speller._checker is None
    speller.check("hello")
    assert speller._checker is not None


def test_a_language_without_a_word_list_says_what_to_do() -> None:
    speller = OfflineSpeller("sv")
    status = speller.status()
    assert status.state is BackendState.ERROR
    assert "server URL" in status.message
