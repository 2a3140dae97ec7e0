"""Harper, the offline grammar checker, for real: spans, categories, what is not flagged."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from rapport.grammar import (
    BACKEND_HARPER,
    BackendState,
    GrammarScheduler,
    HarperBackend,
    PersonalDictionary,
    service_from_settings,
)
from rapport.grammar.harper_backend import chunks, shared_linter
from rapport.settings import Settings


@pytest.fixture(scope="module")
def harper() -> HarperBackend:
    backend = HarperBackend("en")
    backend.load()
    return backend


def found(backend: HarperBackend, text: str) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.category) for f in backend.check(text)]


@pytest.mark.parametrize(
    ("text", "flagged", "category", "replacement"),
    [
        ("we has a plan.", "has", "grammar", "have"),
        ("I have a idea.", "a", "grammar", "an"),
        ("Their going to love it.", "Their", "grammar", "They're"),
        ("Its a good day.", "Its", "grammar", "It's"),
        ("Thanks for teh call.", "teh", "spelling", "the"),
    ],
)
def test_grammar_and_spelling_at_their_exact_spans(
    harper: HarperBackend, text: str, flagged: str, category: str, replacement: str
) -> None:
    (finding,) = harper.check(text)
    start = (" " + text).index(f" {flagged} ")
    assert (finding.start, finding.end) == (start, start + len(flagged))
    assert finding.category == category
    assert finding.suggestions[0] == replacement
    assert finding.rule.startswith("harper:")
    assert "`" not in finding.message  # Harper's Markdown quotes are shown as quotes


@pytest.mark.parametrize(
    "before",
    ["🙂 ", "👍👍 👍 ", "👨‍👩‍👧 ", "𝒳 ", "e\u0301 ", "Café ", "中文 "],
    ids=["emoji", "emoji-run", "zwj-family", "astral-letter", "combining", "accent", "cjk"],
)
def test_spans_are_code_points_after_emoji_and_other_astral_characters(
    harper: HarperBackend, before: str
) -> None:
    text = f"{before}we has a idea, and teh rest."
    spans = {(text[f.start : f.end], f.start) for f in harper.check(text)}
    for word in ("has", "a", "teh"):
        start = text.index(f" {word} ") + 1
        assert (word, start) in spans, (word, start, spans)


def test_a_later_paragraph_keeps_exact_offsets(harper: HarperBackend) -> None:
    text = "Hi Ana,\n\n🎉 Thanks for the call.\n\nwe has 🚀 a idea."
    assert found(harper, text) == [("has", "grammar"), ("a", "grammar")]
    (has, _a) = harper.check(text)
    assert has.start == text.index("has")


def test_names_emails_urls_and_all_caps_are_not_flagged(harper: HarperBackend) -> None:
    text = (
        "Thanks, Priya! I spoke with Oleksandr Wójcik at Zeiss about HubSpot and the QBR, "
        "ASAP and FYI. Write to priya.nair@zeissmedtec.io or see https://acme.io/pricng "
        "and www.acmme.com/fr today."
    )
    assert found(harper, text) == []


def test_the_same_name_at_a_sentence_start_is_not_flagged_either(harper: HarperBackend) -> None:
    assert found(harper, "Priya is back on Monday. I told Priya about it.") == []
    # A made-up word at a sentence start is still a misspelling.
    assert found(harper, "Zorblat is back.") == [("Zorblat", "spelling")]


@pytest.mark.parametrize("text", ["Hi Sam,", "Hi Sam, thanks for the call.", "Cheers,\nSam"])
def test_a_name_is_never_turned_into_an_acronym(harper: HarperBackend, text: str) -> None:
    # Harper 2.13 says "Sam" should be "SAM" (its dictionary knows the acronym).
    assert found(harper, text) == []


def test_business_words_from_the_shipped_list_are_known(harper: HarperBackend) -> None:
    assert found(harper, "Our crm signups doubled after the webinar.") == []


def test_plain_text_not_markdown(harper: HarperBackend) -> None:
    # As Markdown, "# " would make a heading and "*" a list; email text has neither.
    text = "* we has a plan\n# we has a plan"
    assert [word for word, _ in found(harper, text)].count("has") == 2


def test_spelling_findings_come_with_suggestions(harper: HarperBackend) -> None:
    text = "We are the bestt agency."
    (finding,) = harper.check(text)
    assert finding.category == "spelling" and "best" in finding.suggestions[:3]


def test_a_repeated_word_is_grammar_not_spelling(harper: HarperBackend) -> None:
    # "Add to dictionary" is offered for spelling findings, and only single words can be added.
    text = "I would like to to ask."
    assert found(harper, text) == [("to to", "grammar")]


def test_the_personal_dictionary_and_ignores_filter_harper(tmp_path) -> None:
    personal = PersonalDictionary(tmp_path / "words.txt")
    service = service_from_settings(Settings(), env={}, personal=personal)
    text = "The zorblax shipped, and the frobnix too."
    assert [text[f.start : f.end] for f in service.check(text).findings] == ["zorblax", "frobnix"]
    service.add_to_dictionary("zorblax")
    service.ignore_word("frobnix")
    assert service.check(text).findings == ()
    assert (tmp_path / "words.txt").read_text() == "zorblax\n"


def test_a_disabled_harper_rule_is_dropped() -> None:
    service = service_from_settings(
        Settings(disabled_rules=["harper:AnA"]), env={}, personal=PersonalDictionary()
    )
    text = "We has a idea."
    assert [text[f.start : f.end] for f in service.check(text).findings] == ["has"]
    service.disable_rule("harper:PronounVerbAgreement")
    assert service.check(text).findings == ()


def test_harper_is_not_used_for_other_languages() -> None:
    service = service_from_settings(Settings(language="fr"), env={})
    assert service.backend_name == "offline-spelling"
    assert service_from_settings(Settings(language="en-GB"), env={}).backend_name == BACKEND_HARPER


def test_the_status_says_loading_then_ready() -> None:
    backend = HarperBackend("en-CA")  # a dialect no other test built
    assert backend.status().state is BackendState.STARTING
    backend.load()
    assert backend.status().state is BackendState.READY
    assert "Harper" in backend.status().message


def test_the_linter_is_built_on_first_use_not_at_import() -> None:
    import subprocess

    script = (
        "import sys\n"
        "import rapport.grammar, rapport.grammar.harper_backend, rapport.grammar.service\n"
        "from rapport.grammar import HarperBackend\n"
        "HarperBackend('en')\n"
        "print('harper' in sys.modules)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert completed.stdout.strip() == "False"


def test_the_linter_is_built_without_holding_the_interpreter() -> None:
    """While Linter() builds (about a second) other Python threads keep running."""
    holder = shared_linter(4)  # Indian English: built by no other test
    gaps: list[float] = []
    done = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.002)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        holder.load()
    finally:
        done.set()
        ticker.join()
    assert holder.build_seconds is not None
    # Generous: a held GIL would show one gap as long as the whole build.
    assert max(gaps) < max(0.25, holder.build_seconds / 3)


def test_long_text_is_checked_a_paragraph_at_a_time() -> None:
    paragraph = "We has a idea about the plan. " * 20
    text = "\n\n".join([paragraph] * 5)
    pieces = list(chunks(text))
    assert [offset for offset, _ in pieces] == [index * (len(paragraph) + 2) for index in range(5)]
    one_line = "We has a idea. " * 1000
    cut = list(chunks(one_line, limit=4000))
    assert all(len(piece) <= 4000 for _, piece in cut)
    assert "".join(piece for _, piece in cut) == one_line
    assert all(piece.startswith("We has") for _, piece in cut)


def test_paragraphs_typed_one_key_at_a_time_are_checked_after_the_pause() -> None:
    service = service_from_settings(Settings(), env={}, personal=PersonalDictionary())
    scheduler = GrammarScheduler(service.check, pause=0.05)
    try:
        typed = ""
        for char in "Hi Sam,\nwe has a idea.":
            typed += char
            scheduler.set_paragraphs(typed.split("\n"))
            time.sleep(0.005)
        assert scheduler.wait_idle(30)
        results = {item.index: item for item in scheduler.take_results()}
        assert results[0].findings == ()  # "Hi Sam," is fine
        assert results[0].backend == BACKEND_HARPER
        line = "we has a idea."
        assert [line[f.start : f.end] for f in results[1].findings] == ["has", "a"]
    finally:
        scheduler.close()


def test_with_harper_working_the_word_list_is_never_loaded() -> None:
    """The word list costs ~44 MB and 0.3 s holding the interpreter; Harper makes it idle."""
    service = service_from_settings(Settings(), env={}, personal=PersonalDictionary())
    service.warm_up()
    text = "We has a idea about the zorblax."
    assert [text[f.start : f.end] for f in service.check(text).findings] == ["has", "a", "zorblax"]
    assert service.fallback is not None and service.fallback._checker is None
    # For French it is the checker, so it is loaded while the window opens.
    french = service_from_settings(Settings(language="fr"), env={})
    french.warm_up()
    assert french.fallback is not None and french.fallback._checker is not None
