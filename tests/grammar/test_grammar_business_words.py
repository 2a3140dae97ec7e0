"""Common business words are never flagged, by Harper or by the offline word list.

Before: the offline speller (the fallback when Harper is not there) flagged
"rollout" in an ordinary sentence. Whichever backend answers, a salesperson's
everyday vocabulary must not be underlined as a typo.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rapport.grammar import HarperBackend, OfflineSpeller

#: The words a new user tripped over, and their plurals where English has one.
BUSINESS_WORDS = ("rollout", "onboarding", "SaaS", "dashboard", "workflow", "webinar", "KPI")
PLURALS = ("rollouts", "dashboards", "workflows", "webinars", "KPIs")


@pytest.fixture(scope="module", params=["harper", "word list"])
def backend(request: pytest.FixtureRequest) -> Iterator[HarperBackend | OfflineSpeller]:
    checker = HarperBackend("en") if request.param == "harper" else OfflineSpeller("en")
    checker.load()
    yield checker
    checker.close()


def _sentences(word: str) -> list[str]:
    opening = word[:1].upper() + word[1:]
    return [
        f"We can talk about the {word} on Thursday.",
        f"{opening} comes up in every call with your team.",
    ]


@pytest.mark.parametrize("word", BUSINESS_WORDS + PLURALS)
def test_business_words_are_not_flagged(backend: HarperBackend | OfflineSpeller, word: str) -> None:
    for text in _sentences(word):
        flagged = [text[f.start : f.end] for f in backend.check(text)]
        assert flagged == [], f"{backend.name} flagged {flagged} in {text!r}"


def test_a_real_typo_next_to_them_is_still_flagged(
    backend: HarperBackend | OfflineSpeller,
) -> None:
    text = "The rollout of the new dashbaord starts after the webinar."
    assert [text[f.start : f.end] for f in backend.check(text)] == ["dashbaord"]
