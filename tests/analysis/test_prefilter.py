"""The prefilter never skips a sentence a pattern matches.

``rapport.analysis.prefilter`` lets the engine skip a regular-expression search
where the sentence lacks text every match needs. Skipping a sentence that would
have matched would silently drop a finding, so these tests generate texts that
match each pattern of the shipped pack (and patterns written to exercise case
folding, choices, repeats and lookarounds), put them in random surroundings, and
check the prefilter lets every match through.
"""

from __future__ import annotations

import random
import re
import sys
from re import _constants as ops
from re import _parser

import pytest

from rapport.analysis.prefilter import (
    checkable,
    could_match,
    group_requirement,
    spaced,
    starts_with_digit,
)
from rapport.analysis.rules import load_rule_set

#: Patterns that exercise what the requirement is read from.
_TRICKY = (
    r"\b(?:i|we)(?:\s(?:would|really)){0,2}\s(?:love|like)\sto\s(?:chat|talk)\b",
    r"(?<![\w'’-])(?:just\s)?wanted\sto\s(?:share|offer)",
    r"\bkilo(?-i:[A-Z])+s?\b",
    r"\b(?:ask|sk|kit)s?\b",
    r"\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b",
    r"[\x27\u2019]d\s(?:love|like)",
    r"\b(?:é|e)t(?:é|e)\b",
    r"(?>ab|abc)c\b",
    r"x*+(?:yz){1,2}(?=q)",
    r"\b(?:on(?:ce)?|twice)\b",
)
_SPACE = (" ", "\t", "\u00a0", "\u2003")
#: Other characters that IGNORECASE matches to these letters.
_FOLDED = {"k": ("\u212a",), "s": ("ſ",), "i": ("İ", "ı")}
_SPECIAL = ("\u212a", "ſ", "İ", "ı", "’", "é", "É", "ß", "🙂", "\u00a0")


def _sample(items: object, rng: random.Random, depth: int = 0) -> str:
    """A string the parsed pattern ``items`` may match (lookarounds are ignored)."""
    out = []
    for op, av in items:  # type: ignore[attr-defined]
        if op is ops.LITERAL:
            character = chr(av)
            variants = [character, character.upper(), character.lower()]
            variants += _FOLDED.get(character.lower(), ())
            out.append(rng.choice(variants))
        elif op is ops.NOT_LITERAL or op is ops.ANY:
            out.append(rng.choice("abz1 .'"))
        elif op is ops.IN:
            out.append(_sample_in(av, rng))
        elif op is ops.BRANCH:
            out.append(_sample(rng.choice(av[1]), rng, depth + 1))
        elif op is ops.SUBPATTERN:
            out.append(_sample(av[3], rng, depth + 1))
        elif op is ops.ATOMIC_GROUP:
            out.append(_sample(av, rng, depth + 1))
        elif op in (ops.MAX_REPEAT, ops.MIN_REPEAT, ops.POSSESSIVE_REPEAT):
            low, high, body = av
            times = rng.randint(low, min(high, low + 2))
            out.extend(_sample(body, rng, depth + 1) for _ in range(times))
    return "".join(out)


def _sample_in(av: object, rng: random.Random) -> str:
    choices: list[str] = []
    for kind, value in av:  # type: ignore[attr-defined]
        if kind is ops.LITERAL:
            choices.append(chr(value))
        elif kind is ops.RANGE:
            choices.append(chr(rng.randint(value[0], min(value[1], value[0] + 30))))
        elif kind is ops.CATEGORY:
            choices.append(
                {
                    ops.CATEGORY_SPACE: rng.choice(_SPACE),
                    ops.CATEGORY_DIGIT: rng.choice("0123456789"),
                    ops.CATEGORY_WORD: rng.choice("aZ9_ékſ"),
                }.get(value, "x")
            )
        elif kind is ops.NEGATE:
            return rng.choice("abc 1")
    return rng.choice(choices) if choices else "x"


def _groups() -> list[tuple[str, list[str]]]:
    rules = load_rule_set("en")
    groups = [(rule.id, list(rule.patterns)) for rule in rules.rules if rule.patterns]
    groups += [(name, list(words)) for name, words in rules.lexicon.items() if "patterns" in name]
    groups += [(f"tricky {i}", [pattern]) for i, pattern in enumerate(_TRICKY)]
    groups.append(("tricky all", list(_TRICKY)))
    return groups


@pytest.mark.parametrize(("name", "patterns"), _groups(), ids=lambda value: str(value)[:40])
def test_a_sentence_the_patterns_match_is_never_skipped(name: str, patterns: list[str]) -> None:
    requirement = group_requirement(patterns, re.IGNORECASE)
    if requirement is None:
        return  # searched everywhere: nothing to check
    regex = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    rng = random.Random(name)
    parsed = [_parser.parse(p, re.IGNORECASE) for p in patterns]
    matched = 0
    for _ in range(600):
        core = _sample(rng.choice(parsed), rng)
        for _ in range(rng.choice((0, 0, 1, 2))):
            spot = rng.randint(0, len(core))
            core = core[:spot] + rng.choice(_SPECIAL) + core[spot:]
        before = rng.choice(["", "So ", "Well, ", "x", "'", "(", "Our team: ", "İ "])
        after = rng.choice(["", ".", " today.", "?", "s", " 🙂", "'s", "q"])
        text = before + core + after
        start = rng.randint(0, len(before))
        if regex.search(text, start, len(text)) is None:
            continue
        matched += 1
        if checkable(text):
            assert could_match(requirement, spaced(text.lower()[start:])), (name, text)
    assert matched >= 10, f"{name}: too few generated texts matched to test anything"


def test_the_characters_that_fold_to_ascii_letters_are_the_ones_excluded() -> None:
    # Under IGNORECASE these match an ASCII letter but do not lower() to it; the
    # prefilter relies on this list being complete (and on the Kelvin sign lowering).
    letters = re.compile("[a-z]", re.IGNORECASE)
    folding = [chr(c) for c in range(0x80, sys.maxunicode + 1) if letters.fullmatch(chr(c))]
    assert folding == ["İ", "ı", "ſ", "\u212a"]  # the last is the Kelvin sign
    assert "\u212a".lower() == "k"
    assert not checkable("İstanbul") and not checkable("ıi") and not checkable("ſ")
    assert checkable("\u212aelvin and café 🙂")


def test_text_that_lacks_a_needed_word_is_skipped() -> None:
    pattern = r"\bwhen\s(?:would|will)\syou\sbe\s(?:available|free)\b"
    requirement = group_requirement([pattern], re.IGNORECASE)
    assert requirement is not None
    assert not could_match(requirement, "how is the new controller settling in?")
    assert could_match(requirement, "when will you be free?")


def test_patterns_that_may_match_anywhere_have_no_requirement() -> None:
    assert group_requirement([r"\b\w+\s\d+"], re.IGNORECASE) is None
    assert group_requirement([r"\bcall\b", r"(?:x|y)?"], re.IGNORECASE) is None
    assert group_requirement([r"\bcafé\b"], re.IGNORECASE) is None  # "é" has another case


def test_words_are_joined_across_any_whitespace() -> None:
    # "\s+" reads as one space, so "can" and "you" far apart do not let it through,
    # while a tab, a no-break space or a run of spaces between them does.
    requirement = group_requirement([r"\b(?:would|can)\s+you\s+help\b"], re.IGNORECASE)
    assert requirement is not None
    assert not could_match(requirement, spaced("you can ask whether they help"))
    for gap in (" ", "\t", "\u00a0", "  \n "):
        text = f"so can{gap}you{gap}help?"
        assert re.search(r"\b(?:would|can)\s+you\s+help\b", text, re.IGNORECASE)
        assert could_match(requirement, spaced(text.lower()))


def test_patterns_whose_matches_start_with_a_digit() -> None:
    assert starts_with_digit([r"\b\d+\s?%", r"\b\d{1,2}(?::\d{2})?\s?(?:am|pm)"], re.IGNORECASE)
    assert starts_with_digit([r"(?<!\w)[0-9]+(?:st|nd|rd|th)"], re.IGNORECASE)
    for pattern in (r"\d*x", r"(?:\d|x)", r"(?:\d+|\s\d)", r"[0-9a]", r"x?\d", r"(?:)\d?"):
        assert not starts_with_digit([pattern], re.IGNORECASE), pattern
    assert not starts_with_digit([r"\b\d+", r"\bsave\s\d+"], re.IGNORECASE)
