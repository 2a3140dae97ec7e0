"""No text makes the checker quadratic: 100k characters cost about 10x what 10k cost.

Issue 16 found "." * 20000 + "x" taking 5 s to segment (and 5.5 s per keystroke
in the window), and "Best" + 20,000 tabs taking 0.9 s. These tests time the
segmenter, every pattern of the shipped rule packs (as the real rule pack loads
them) and the whole engine on adversarial texts of 10k and 100k characters: long
runs of punctuation, tabs and spaces, and the words of each pattern repeated or
followed by such runs. The assertion is on the ratio (see ratio_timing), which a
slow machine does not change.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from rapport.analysis import DocumentAnalyzer
from rapport.analysis.matcher import CompiledRules
from rapport.analysis.rules import RuleSet, load_rule_set
from rapport.analysis.segment import segment_paragraph
from ratio_timing import MAX_RATIO, measure, run_of

#: Runs that made or could make a pattern re-try every split of the run.
_UNITS = (
    ".", "!", "?", "…", "!?", "...", "\t", " ", " \t", ". ", "a. ", ".x", "x.", "'", ".'",
    ")", "#", "1", "1.", "1 ", "1,", "a", "a ", "U.S.", ",", "-", "—", "<", ":",
)  # fmt: skip
#: What may stand before a run: greetings, sign-offs and bullets change the path.
_PREFIXES = ("", "Hi", "Hi Laura", "Best", "Kind regards", "- ", "1. ", "a) ", "We ")
#: The runs tried on every rule pattern.
_PATTERN_UNITS = (
    ".", "!", "?", "…", "\t", " ", ". ", "'", ")", "#", "1", "1.", "1 ", "a", "a ", "U.S.",
    ",", "-", ":",
)  # fmt: skip
#: Runs that follow a greeting or sign-off word.
_AFTER_WORD = (" ", "\t", ".", ",")
#: Runs that follow a word of a rule pattern.
_AFTER_PATTERN_WORD = (" ", "\t", "1 ")
#: Words tried per pattern, spread over it: alternatives in one place ("gb|tb|mb")
#: take the same path, so trying them all would only make the test slow.
_WORDS_PER_PATTERN = 10


@pytest.fixture(scope="module")
def rule_set() -> RuleSet:
    rules = load_rule_set("en")
    assert rules.rules  # the real pack loaded (its own tests judge its errors)
    return rules


def _every_pattern(rule_set: RuleSet) -> list[tuple[str, str]]:
    found = [(rule.id, pattern) for rule in rule_set.rules for pattern in rule.patterns]
    for name, words in rule_set.lexicon.items():
        if name.endswith("_patterns"):
            found.extend((name, pattern) for pattern in words)
    return found


def _words_in(pattern: str) -> list[str]:
    """Literal words a pattern looks for ("sign", "today"), in order, to build inputs from."""
    words = list(dict.fromkeys(re.findall(r"(?<!\\)[a-z]{2,}", pattern)))
    step = max(1, len(words) // _WORDS_PER_PATTERN)
    return words[::step][:_WORDS_PER_PATTERN]


def _slow(
    action: Callable[[str], object],
    cases: dict[str, Callable[[int], str]],
    first_only: bool = False,
) -> list[str]:
    """The cases whose time grows faster than linearly, with their ratios."""
    slow = []
    for label, make in cases.items():
        ratio = measure(action, make)
        if ratio.value > MAX_RATIO:
            slow.append(f"{label}: {ratio}")
            if first_only:
                break  # one case shows the pattern is slow; the rest would take long
    return slow


def _scan(regex: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in regex.finditer(text))


def test_segmenter_time_grows_linearly_on_runs_of_punctuation_and_space(
    rule_set: RuleSet,
) -> None:
    segmentation = CompiledRules.build(rule_set).segmentation
    cases = {
        f"{prefix!r} + {unit!r} * n": run_of(prefix, unit)
        for prefix in _PREFIXES
        for unit in _UNITS
    }
    slow = _slow(lambda text: segment_paragraph(text, segmentation), cases)
    assert not slow, "segmentation is not linear:\n" + "\n".join(slow)


def test_greeting_and_signoff_words_followed_by_long_runs_stay_linear(
    rule_set: RuleSet,
) -> None:
    segmentation = CompiledRules.build(rule_set).segmentation
    words = {*rule_set.words("greeting_words"), *rule_set.words("signoffs")}
    cases = {
        f"{word.title()!r} + {run!r} * n": run_of(word.title(), run)
        for word in sorted(words)
        for run in _AFTER_WORD
    }
    slow = _slow(lambda text: segment_paragraph(text, segmentation), cases)
    assert not slow, "greeting or sign-off matching is not linear:\n" + "\n".join(slow)


def test_every_rule_pattern_stays_linear(rule_set: RuleSet) -> None:
    patterns = _every_pattern(rule_set)
    assert len(patterns) >= 10  # the pack's patterns were found
    slow: list[str] = []
    for owner, pattern in patterns:
        # Compiled as the matcher compiles them; finditer scans the whole text,
        # which is the cost of a search that finds nothing.
        regex = re.compile(pattern, re.IGNORECASE)
        cases = {f"{unit!r} * n": run_of("", unit) for unit in _PATTERN_UNITS}
        for word in _words_in(pattern):
            cases[f"{word!r} repeated"] = run_of("", word + " ")
            cases[f"{word!r} glued"] = run_of("", word)
            for run in _AFTER_PATTERN_WORD:
                cases[f"{word!r} + {run!r} * n"] = run_of(word, run)
        found = _slow(lambda text, regex=regex: _scan(regex, text), cases, first_only=True)
        slow.extend(f"{owner} {pattern[:60]!r}, {line}" for line in found)
    assert not slow, "rule patterns that are not linear:\n" + "\n".join(slow)


def test_merged_pattern_groups_stay_linear(rule_set: RuleSet) -> None:
    """The matcher joins each rule's patterns into one regex; that one too."""
    groups = CompiledRules.build(rule_set).pattern_groups
    assert groups
    cases = {f"{unit!r} * n": run_of("", unit) for unit in _UNITS}
    slow: list[str] = []
    for group in groups:
        found = _slow(lambda text, regex=group.regex: _scan(regex, text), cases, first_only=True)
        slow.extend(f"{group.tag}: {line}" for line in found)
    assert not slow, "merged pattern groups that are not linear:\n" + "\n".join(slow)


@pytest.mark.parametrize(
    "make",
    [
        run_of("", "."),
        run_of("Best", "\t"),
        run_of("", "Our product only 5 seats left, sign today... "),
        run_of("Hi Laura,\n", "We offer 24/7 support and 99.9% uptime.\n"),
        run_of("", "x" * 71 + "\n"),  # looks hard-wrapped, so lines are joined
    ],
    ids=["dots", "best-tabs", "pushy-sentences", "lines", "wrapped"],
)
def test_whole_engine_time_grows_linearly(rule_set: RuleSet, make: Callable[[int], str]) -> None:
    # A fresh analyzer each time: its paragraph cache would make repeats free.
    ratio = measure(lambda text: DocumentAnalyzer(rules=rule_set).analyze(text), make)
    assert ratio.value <= MAX_RATIO, f"the engine is not linear here: {ratio}"
